#pragma once

// A translator for tests of "every user-visible text goes through tr()": it marks each text of
// one translation context with «…», so a text built without tr() shows unmarked. Plurals are
// chosen by n as an English translation would ("%n" filled in, "(s)" resolved), so a marked
// text reads like the English one.

#include <QByteArray>
#include <QString>
#include <QTranslator>

#include <utility>

namespace lockscope::test {

class MarkingTranslator : public QTranslator
{
public:
    explicit MarkingTranslator(QByteArray context) : context_(std::move(context)) {}

    [[nodiscard]] bool isEmpty() const override { return false; }
    [[nodiscard]] QString translate(const char *context, const char *source, const char *,
                                    int n) const override
    {
        if (context_ != context)
            return {};
        QString text = QString::fromUtf8(source);
        if (n >= 0)
            text.replace(QStringLiteral("%n"), QString::number(n))
                .replace(QStringLiteral("(s)"), n == 1 ? QString() : QStringLiteral("s"));
        return QStringLiteral("«") + text + QStringLiteral("»");
    }

private:
    QByteArray context_;
};

} // namespace lockscope::test
