#include "locks/locktext.h"

#include <QLocale>

#include <algorithm>

QString LockText::ttl(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 60'000)
        return tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return tr("%1 m %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
    if (seconds < 86400)
        return tr("%1 h %2 m").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QChar(u'0'));
    return tr("%1 d %2 h").arg(seconds / 86400).arg(seconds / 3600 % 24, 2, 10, QChar(u'0'));
}

QString LockText::age(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(ms, 0) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    return ttl(seconds * 1000);
}

QString LockText::formatName(redislock::LockFormat format)
{
    const std::string_view name = redislock::formatName(format);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString LockText::ttlCell(const LockTimeline &timeline, qint64 nowMs)
{
    using State = LockTimeline::State;
    switch (timeline.state()) {
    case State::live:
        return ttl(timeline.remainingMs(nowMs));
    case State::noExpiry:
        return tr("∞ no expiry");
    case State::fadingExpired:
        return tr("expired");
    case State::fadingDeleted:
        return tr("deleted");
    case State::fadingVanished:
        return tr("gone");
    }
    return {};
}

QString LockText::ttlToolTip(const LockTimeline &timeline, bool stuck, qint64 nowMs)
{
    using State = LockTimeline::State;
    if (timeline.state() == State::noExpiry) {
        return stuck ? tr("No expiry: nothing frees this lock unless it is deleted")
                     : tr("No expiry. Not a lock format this app recognises, so not "
                          "counted as stuck.");
    }
    if (timeline.state() != State::live)
        return {};
    if (timeline.leaseKnown())
        return tr("%1 left of a %2 lease")
            .arg(ttl(timeline.remainingMs(nowMs)), ttl(timeline.leaseMs()));
    return tr("%1 left. The lease is not known yet: the lock was already held when this app "
              "first saw it, so the bar compares with the longest TTL seen (%2), a lower bound.")
        .arg(ttl(timeline.remainingMs(nowMs)), ttl(timeline.leaseMs()));
}

QString LockText::lastReadNote(qint64 sinceReadMs, qint64 cycleMs)
{
    return tr("Last read from the server %1 ago; TTLs are re-read every ~%2, as the command "
              "budget allows, and count down in between")
        .arg(age(sinceReadMs), age(cycleMs));
}

QString LockText::seenForToolTip(const LockTimeline &timeline, qint64 nowMs)
{
    if (timeline.startSeen())
        return tr("Taken %1 ago: this app saw it happen").arg(age(timeline.seenForMs(nowMs)));
    return tr("Seen for %1. It was already held when this app first listed it, so it may be much "
              "older.")
        .arg(age(timeline.seenForMs(nowMs)));
}
