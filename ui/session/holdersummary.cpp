#include "session/holdersummary.h"

#include <QList>

namespace {

constexpr char16_t separator = u'\u0001';

} // namespace

HolderSummary::HolderSummary(const redislock::HolderLine &line)
{
    if (line.code == redislock::HolderLineCode::none)
        return;
    m_packed.append(QChar(char16_t(u'A' + char16_t(line.code))));
    for (const std::string &arg : line.args) {
        m_packed.append(separator);
        const qsizetype start = m_packed.size();
        m_packed.append(QString::fromUtf8(arg.data(), qsizetype(arg.size())));
        for (qsizetype i = start; i < m_packed.size(); ++i)
            if (m_packed.at(i).unicode() < 0x20)
                m_packed[i] = QChar::ReplacementCharacter;
    }
}

redislock::HolderLineCode HolderSummary::code() const
{
    if (m_packed.isEmpty())
        return redislock::HolderLineCode::none;
    return redislock::HolderLineCode(m_packed.front().unicode() - u'A');
}

QStringView HolderSummary::arg(qsizetype index) const
{
    qsizetype start = m_packed.indexOf(separator);
    for (; start >= 0 && index > 0; --index)
        start = m_packed.indexOf(separator, start + 1);
    if (start < 0)
        return {};
    const qsizetype end = m_packed.indexOf(separator, start + 1);
    return QStringView(m_packed).sliced(start + 1, (end < 0 ? m_packed.size() : end) - start - 1);
}

redislock::HolderLine HolderSummary::toLine() const
{
    redislock::HolderLine line{code(), {}};
    if (m_packed.isEmpty())
        return line;
    for (const QStringView arg : QStringView(m_packed).sliced(1).split(separator).mid(1))
        line.args.push_back(arg.toString().toStdString());
    return line;
}
