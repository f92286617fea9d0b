#include "session/rediscommandtext.h"

#include <QStringList>

namespace RedisCommandText {

namespace {

bool needsQuotes(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return true;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= ' ' || byte >= 0x7f || c == '"' || c == '\'' || c == '\\')
            return true;
    }
    return false;
}

} // namespace

QString argument(const QByteArray &bytes)
{
    if (!needsQuotes(bytes))
        return QString::fromLatin1(bytes);
    QString text;
    text.reserve(bytes.size() + 2);
    text += u'"';
    static constexpr char hex[] = "0123456789abcdef";
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '\\':
            text += u"\\\\";
            break;
        case '"':
            text += u"\\\"";
            break;
        case '\n':
            text += u"\\n";
            break;
        case '\r':
            text += u"\\r";
            break;
        case '\t':
            text += u"\\t";
            break;
        case '\a':
            text += u"\\a";
            break;
        case '\b':
            text += u"\\b";
            break;
        default:
            if (byte >= ' ' && byte < 0x7f) {
                text += QLatin1Char(c);
            } else {
                text += u"\\x";
                text += QLatin1Char(hex[byte >> 4]);
                text += QLatin1Char(hex[byte & 0x0f]);
            }
        }
    }
    text += u'"';
    return text;
}

QString command(const QList<QByteArray> &arguments)
{
    QStringList parts;
    parts.reserve(arguments.size());
    for (const QByteArray &bytes : arguments)
        parts << argument(bytes);
    return parts.join(u' ');
}

} // namespace RedisCommandText
