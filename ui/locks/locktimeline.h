#pragma once

#include "session/locksnapshot.h"

#include <QVarLengthArray>
#include <QtGlobal>

#include <span>

// What the inspector has seen of one lock over time, apart from its bytes: the TTL countdown,
// observed refreshes, the TTL history and the fade-out after the key left. A plain value with
// no clock of its own: every call takes the monotonic time in milliseconds, so a test moves time
// by hand. LockTableModel keeps one per row and only turns it into roles.
//
// Observed refreshes and new holders (a documented guess, since Redis does not say):
// - the same value whose TTL comes back more than refreshToleranceMs above the countdown's
//   prediction was refreshed (PEXPIRE by its holder). Several refreshes between two samples
//   count as one; a lease refreshed faster than the tolerance is not seen.
// - a different value under the same key is a new holder, and starts a new timeline.
// Samples within jitterToleranceMs of the prediction leave the deadline alone, so a re-sync of
// steady locks changes nothing.
//
// What is known and what is not: a lock that was already held when the inspector first listed
// it was taken at some unknown time with some unknown lease. Its "seen for" time is then a lower
// bound of its age, and its lease the largest TTL seen so far, also a lower bound, until a
// refresh shows the full lease (leaseKnown()). A lock whose start the inspector saw (it appeared
// or changed holder while watched) knows both from the start.
class LockTimeline
{
public:
    enum class State
    {
        live,     // counts down
        noExpiry, // the key has no TTL: nothing frees it unless it is deleted
        fadingExpired,
        fadingDeleted,
        fadingVanished,
    };

    // What a sample changed, so that the caller signals no more than that.
    enum class Change
    {
        none,    // within jitter of the countdown
        ttl,     // the deadline was re-anchored
        refresh, // refreshed: the deadline and the refresh count
        state,   // no expiry, or counting down again
    };

    // One point of the TTL history: when (monotonic ms) and what the server said.
    struct TtlPoint
    {
        qint64 atMs = 0;
        qint64 ttlMs = 0;
    };

    static constexpr qint64 refreshToleranceMs = 250;
    static constexpr qint64 jitterToleranceMs = 50;
    static constexpr qint64 fadeDurationMs = 1500;
    static constexpr int historyCapacity = 128;

    // A new holder, first seen at atMs with ttlMs left (-1: no expiry). startSeen: the inspector
    // saw it being taken (so its age and lease are known), rather than finding it already held.
    void start(qint64 ttlMs, qint64 atMs, bool startSeen);
    // A server sample of the TTL (-1: no expiry; other negatives are ignored).
    Change sample(qint64 ttlMs, qint64 atMs);
    // The key left. False when it was already fading and the state did not change (a later,
    // more precise reason, such as a notification after a re-sync, replaces "vanished").
    bool fadeOut(KeyRemoval reason, qint64 atMs);
    // The same value was found again after all while fading: it keeps its history.
    void revive(qint64 ttlMs, qint64 atMs);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool fading() const
    {
        return m_state != State::live && m_state != State::noExpiry;
    }
    // Milliseconds left at nowMs: 0 when overdue or fading, -1 with no expiry.
    [[nodiscard]] qint64 remainingMs(qint64 nowMs) const;
    // Remaining / lease, 0..1; -1 with no expiry, 0 when fading. Measured against the largest
    // TTL seen while the lease is not known.
    [[nodiscard]] double fraction(qint64 nowMs) const;
    // Opacity: 1, then from 1 to 0 over fadeDurationMs once fading.
    [[nodiscard]] double opacity(qint64 nowMs) const;
    // Fading, and done with it: time to leave the table.
    [[nodiscard]] bool faded(qint64 nowMs) const;
    // How long the inspector has seen this holder (its age when startSeen()).
    [[nodiscard]] qint64 seenForMs(qint64 nowMs) const { return nowMs - m_firstSeenMs; }

    [[nodiscard]] qint64 firstSeenMs() const { return m_firstSeenMs; }
    // When the server was last asked about it (a sample, the first read, a revival).
    [[nodiscard]] qint64 lastReadMs() const { return m_lastReadMs; }
    // When the countdown reaches 0 (meaningful while live).
    [[nodiscard]] qint64 deadlineMs() const { return m_deadlineMs; }
    // The lease: the largest TTL seen; the real one when leaseKnown().
    [[nodiscard]] qint64 leaseMs() const { return m_leaseMs; }
    [[nodiscard]] bool leaseKnown() const { return m_leaseKnown; }
    [[nodiscard]] bool startSeen() const { return m_startSeen; }
    [[nodiscard]] int refreshes() const { return m_refreshes; }
    // A steady countdown is kept as its first and latest sample, so the history holds
    // historyCapacity changes rather than historyCapacity samples.
    [[nodiscard]] std::span<const TtlPoint> history() const
    {
        return {m_history.constData(), std::size_t(m_history.size())};
    }

private:
    void record(qint64 ttlMs, qint64 atMs);

    // Two points inline: most locks never change their countdown, and a heap block for each row
    // was one more allocation per listed key.
    QVarLengthArray<TtlPoint, 2> m_history;
    qint64 m_firstSeenMs = 0;
    qint64 m_deadlineMs = 0;
    qint64 m_leaseMs = 0;
    qint64 m_fadeStartMs = 0;
    qint64 m_lastReadMs = 0;
    int m_refreshes = 0;
    State m_state = State::live;
    bool m_leaseKnown = false;
    bool m_startSeen = false;
};
