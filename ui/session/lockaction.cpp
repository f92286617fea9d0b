#include "session/lockaction.h"

#include <QCoreApplication>

namespace {

// %1…%9 replaced in one pass, so that an argument holding "%2" (a key may) is left as it is;
// QString::arg() one argument at a time would substitute into it.
QString substitute(const QString &text, const QStringList &args)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'%' && i + 1 < text.size() && text[i + 1] >= u'1' && text[i + 1] <= u'9') {
            const qsizetype index = text[i + 1].unicode() - u'1';
            if (index < args.size()) {
                out += args[index];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

QString ActionMessage::english() const
{
    QString text = QString::fromUtf8(source);
    if (n >= 0)
        text.replace(QStringLiteral("%n"), QString::number(n));
    return substitute(text, args);
}

QString ActionMessage::translated() const
{
    return substitute(
        QCoreApplication::translate(context.constData(), source.constData(), nullptr, n), args);
}

void ActionResult::setMessage(ActionMessage source)
{
    text = std::move(source);
    message = text.english();
}

QString ActionResult::displayMessage() const
{
    return text.isEmpty() ? message : text.translated();
}

QString actionName(LockAction action)
{
    switch (action) {
    case LockAction::obtain:
        return QStringLiteral("obtain");
    case LockAction::refresh:
        return QStringLiteral("refresh");
    case LockAction::release:
        return QStringLiteral("release");
    case LockAction::forceRelease:
        return QStringLiteral("force-release");
    case LockAction::deleteRegardless:
        return QStringLiteral("delete-regardless");
    case LockAction::setExpiry:
        return QStringLiteral("set-expiry");
    case LockAction::harnessRun:
        return QStringLiteral("harness-run");
    case LockAction::failover:
        return QStringLiteral("failover");
    }
    return {};
}

QString outcomeName(ActionResult::Outcome outcome)
{
    using Outcome = ActionResult::Outcome;
    switch (outcome) {
    case Outcome::done:
        return QStringLiteral("done");
    case Outcome::notObtained:
        return QStringLiteral("not-obtained");
    case Outcome::notHeld:
        return QStringLiteral("not-held");
    case Outcome::changedHands:
        return QStringLiteral("changed-hands");
    case Outcome::refused:
        return QStringLiteral("refused");
    case Outcome::failed:
        return QStringLiteral("failed");
    case Outcome::started:
        return QStringLiteral("started");
    case Outcome::cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}
