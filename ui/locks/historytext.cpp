#include "locks/historytext.h"

#include "common/bytetext.h"

#include <QDateTime>
#include <QLocale>
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

QString HistoryText::anomalyDetail(const redislock::Anomaly &anomaly)
{
    using Kind = redislock::AnomalyKind;
    const redislock::AnomalyFigures &figures = anomaly.figures;
    const QLocale locale;
    switch (anomaly.kind) {
    case Kind::noExpiry:
        return tr("the key has no expiry: nothing frees it unless it is deleted");
    case Kind::heldTooLong: {
        // No %n plural: a new numerus text would read "time(s)" in English until the English
        // plural forms are written, and the English line is the core's word for word.
        const QString refreshed = figures.refreshes == 1
                                      ? tr("refreshed 1 time")
                                      : tr("refreshed %1 times").arg(figures.refreshes);
        return (figures.atLeast ? tr("held for at least %1 by one holder (%2), over the %3 "
                                     "maximum")
                                : tr("held for %1 by one holder (%2), over the %3 maximum"))
            .arg(duration(figures.ms), refreshed, duration(figures.limitMs));
    }
    case Kind::lateRefresh:
        return tr("refreshed with %1 ms of %2 ms left")
            .arg(locale.toString(figures.ms), locale.toString(figures.limitMs));
    case Kind::zombieRefresh:
        return tr("the token that expired %1 ago is back: its holder still acts as the owner")
            .arg(duration(figures.ms));
    case Kind::fastHandover:
        return tr("a new holder %1 ms after the previous one expired")
            .arg(locale.toString(figures.ms));
    }
    return {};
}

QString HistoryText::duration(qint64 ms)
{
    const QLocale locale;
    if (ms < 10'000)
        return tr("%1 ms").arg(locale.toString(ms));
    const qint64 seconds = ms / 1000;
    if (seconds < 120)
        return tr("%1 s").arg(locale.toString(seconds));
    if (seconds % 60 == 0)
        return tr("%1 min").arg(locale.toString(seconds / 60));
    return tr("%1 min %2 s").arg(locale.toString(seconds / 60)).arg(seconds % 60);
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
