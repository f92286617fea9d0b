#include "locks/historytext.h"

#include "common/bytetext.h"

#include <QDateTime>
#include <QTimeZone>

QString HistoryText::eventName(redislock::LockEventKind kind)
{
    using Kind = redislock::LockEventKind;
    switch (kind) {
    case Kind::seen:
        return tr("first seen");
    case Kind::obtained:
        return tr("obtained");
    case Kind::refreshed:
        return tr("refreshed");
    case Kind::handedOver:
        return tr("handed over");
    case Kind::released:
        return tr("released");
    case Kind::expired:
        return tr("expired");
    case Kind::evicted:
        return tr("evicted");
    case Kind::deleted:
        return tr("deleted by this app");
    }
    return {};
}

QString HistoryText::anomalyName(redislock::AnomalyKind kind)
{
    using Kind = redislock::AnomalyKind;
    switch (kind) {
    case Kind::noExpiry:
        return tr("No expiry");
    case Kind::heldTooLong:
        return tr("Held too long");
    case Kind::lateRefresh:
        return tr("Late refresh");
    case Kind::zombieRefresh:
        return tr("Refreshed after expiry");
    case Kind::fastHandover:
        return tr("Handed over at expiry");
    }
    return {};
}

QString HistoryText::anomalyMeaning(redislock::AnomalyKind kind)
{
    using Kind = redislock::AnomalyKind;
    switch (kind) {
    case Kind::noExpiry:
        return tr("Nothing frees this lock unless it is deleted.");
    case Kind::heldTooLong:
        return tr("One holder kept renewing it past the maximum hold.");
    case Kind::lateRefresh:
        return tr("Refreshed with less than a fifth of its lease left: a pause longer than that "
                  "loses the lock.");
    case Kind::zombieRefresh:
        return tr("Its holder's token came back after the lock expired: a holder that lost the "
                  "lock without noticing and still acts as its owner.");
    case Kind::fastHandover:
        return tr("A new holder took it right as the previous one expired: the old holder may "
                  "still have been working.");
    }
    return {};
}

QString HistoryText::anomalyId(redislock::AnomalyKind kind)
{
    const std::string_view name = redislock::anomalyName(kind);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString HistoryText::clock(const redislock::HistoryTime &at)
{
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(at.wall.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString HistoryText::isoTime(const redislock::HistoryTime &at)
{
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(at.wall.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

QString HistoryText::holder(const std::string &token, int maxChars)
{
    if (token.empty())
        return tr("(none)");
    const QString text = displayBytes(QByteArray(token.data(), qsizetype(token.size())));
    return text.size() > maxChars ? text.left(maxChars - 1) + u'…' : text;
}
