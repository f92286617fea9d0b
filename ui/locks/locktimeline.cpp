#include "locks/locktimeline.h"

#include <algorithm>
#include <cstdlib>

void LockTimeline::start(qint64 ttlMs, qint64 atMs, bool startSeen)
{
    m_history.clear();
    m_firstSeenMs = atMs;
    m_lastReadMs = atMs;
    m_fadeStartMs = 0;
    m_refreshes = 0;
    m_startSeen = startSeen;
    m_leaseKnown = startSeen;
    if (ttlMs == -1) {
        m_state = State::noExpiry;
        m_deadlineMs = atMs;
        m_leaseMs = 0;
        return;
    }
    m_state = State::live;
    m_leaseMs = std::max<qint64>(ttlMs, 0);
    m_deadlineMs = atMs + m_leaseMs;
    record(ttlMs, atMs);
}

LockTimeline::Change LockTimeline::sample(qint64 ttlMs, qint64 atMs)
{
    m_lastReadMs = std::max(m_lastReadMs, atMs);
    if (ttlMs == -1) {
        if (m_state == State::noExpiry)
            return Change::none;
        m_state = State::noExpiry; // its expiry was removed (PERSIST, or SET without PX)
        return Change::state;
    }
    if (ttlMs < 0)
        return Change::none;
    record(ttlMs, atMs);
    if (m_state == State::noExpiry) {
        // Someone gave it an expiry just now: a new lease, and what is seen is (about) all of it.
        m_state = State::live;
        m_deadlineMs = atMs + ttlMs;
        m_leaseMs = ttlMs;
        m_leaseKnown = true;
        return Change::state;
    }
    m_leaseMs = std::max(m_leaseMs, ttlMs);
    const qint64 predicted = m_deadlineMs - atMs;
    const qint64 difference = ttlMs - predicted;
    if (difference > refreshToleranceMs) {
        // A refresh sets the whole lease again, at most one re-sync before this sample.
        ++m_refreshes;
        m_deadlineMs = atMs + ttlMs;
        m_leaseKnown = true;
        return Change::refresh;
    }
    if (std::abs(difference) <= jitterToleranceMs)
        return Change::none;
    m_deadlineMs = atMs + ttlMs;
    return Change::ttl;
}

bool LockTimeline::fadeOut(KeyRemoval reason, qint64 atMs)
{
    State state = State::fadingVanished;
    if (reason == KeyRemoval::expired)
        state = State::fadingExpired;
    else if (reason == KeyRemoval::deleted)
        state = State::fadingDeleted;
    if (fading()) {
        if (m_state != State::fadingVanished || state == State::fadingVanished)
            return false;
        m_state = state;
        return true;
    }
    m_state = state;
    m_fadeStartMs = atMs;
    return true;
}

void LockTimeline::revive(qint64 ttlMs, qint64 atMs)
{
    m_state = ttlMs == -1 ? State::noExpiry : State::live;
    m_lastReadMs = atMs;
    m_deadlineMs = atMs + std::max<qint64>(ttlMs, 0);
    m_leaseMs = std::max(m_leaseMs, ttlMs);
}

qint64 LockTimeline::remainingMs(qint64 nowMs) const
{
    if (m_state == State::noExpiry)
        return -1;
    if (m_state != State::live)
        return 0;
    return std::max<qint64>(m_deadlineMs - nowMs, 0);
}

double LockTimeline::fraction(qint64 nowMs) const
{
    if (m_state == State::noExpiry)
        return -1.0;
    if (m_state != State::live || m_leaseMs <= 0)
        return 0.0;
    return std::clamp(double(remainingMs(nowMs)) / double(m_leaseMs), 0.0, 1.0);
}

double LockTimeline::opacity(qint64 nowMs) const
{
    if (!fading())
        return 1.0;
    const double elapsed = double(nowMs - m_fadeStartMs) / double(fadeDurationMs);
    return std::clamp(1.0 - elapsed, 0.0, 1.0);
}

bool LockTimeline::faded(qint64 nowMs) const
{
    return fading() && nowMs - m_fadeStartMs >= fadeDurationMs;
}

void LockTimeline::record(qint64 ttlMs, qint64 atMs)
{
    const TtlPoint point{atMs, ttlMs};
    // Does b continue a's countdown?
    const auto onLine = [](const TtlPoint &a, const TtlPoint &b) {
        return std::abs(a.ttlMs - (b.atMs - a.atMs) - b.ttlMs) <= refreshToleranceMs;
    };
    const qsizetype size = m_history.size();
    if (size >= 2 && onLine(m_history[size - 2], m_history[size - 1]) &&
        onLine(m_history[size - 1], point)) {
        m_history.back() = point;
        return;
    }
    if (size >= historyCapacity)
        m_history.erase(m_history.begin());
    m_history.push_back(point);
}
