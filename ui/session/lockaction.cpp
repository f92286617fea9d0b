#include "session/lockaction.h"

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
    }
    return {};
}
