#pragma once

#include <redislock/hashindex.h>

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

// Which known keys the inspector re-reads (PTTL) next, and how many commands a second it may
// spend doing so. A plain class on an injected time (monotonic ms), no Qt event loop: the read
// worker asks it on every tick, and the tests move time by hand.
//
// Watching must not load the server it watches, so every key has a due time and the re-reads
// share one command budget (a token bucket of `budget` commands a second, at most a second of
// it saved up):
// - a key whose master publishes keyspace events ("notified") is told about by its events; it is
//   re-read only by a slow sweep (each key about once per sweepPeriodMs, its first round at a
//   random point of the period so that the sweep is a steady trickle, not a burst every period)
//   and shortly after its predicted expiry (expiryGraceMs), in case the `expired` event lags or
//   was lost (reading an expired key also makes Redis expire it, and publish the event);
// - a polled key is re-read every pollPeriodMs, or as often as the budget allows when there are
//   more keys than the budget reads in that time (cycleMs() says how often that is), and at its
//   predicted expiry, so that expiries show up before the rest of a long cycle comes round.
// Keys come due in the order of their due times, so keys about to expire go before a backlog.
class ResyncPlan
{
public:
    struct Policy
    {
        qint64 pollPeriodMs = 1000;
        qint64 sweepPeriodMs = 60000;
        qint64 expiryGraceMs = 1000;
        int budget = 5000; // commands a second, all re-reads together (at least 1)
        // A re-read whose deadline is within this of the last read's says nothing new. At most
        // the table's own jitter tolerance, so that what it is not told it would have ignored.
        qint64 agreementMs = 50;
    };

    static constexpr int defaultBudget = 5000;

    void setPolicy(const Policy &policy, qint64 nowMs);
    [[nodiscard]] const Policy &policy() const { return m_policy; }

    // The key was read at nowMs with ttlMs left (-1: no expiry); notified: its master's events
    // flow. Schedules its next re-read.
    // node: where it lives ("host:port"; may be empty), for renotify().
    void note(const QByteArray &key, const QString &node, qint64 ttlMs, bool notified,
              qint64 nowMs);
    // What a re-read says beside what the plan already knew of the key.
    struct Reading
    {
        bool known = false;       // the plan knows the key
        bool notified = false;    // its master's events flow
        bool asPredicted = false; // the same deadline as the last read (or still no expiry)
    };
    // A key takeDue() handed out, and where the plan keeps it, so that its re-read is noted
    // without looking the key up again: at a million keys that look-up missed the caches, and
    // was a fifth of an idle window's re-reading.
    struct Due
    {
        QByteArray key;
        std::uint32_t slot = 0;
        std::uint32_t stamp = 0; // the slot's stamp when taken: changed, the key is looked up
    };
    // A key the plan knows, read again (where it lives and whether it is notified stay).
    Reading noteRead(const QByteArray &key, qint64 ttlMs, qint64 nowMs);
    // The same for a key takeDue() handed out.
    Reading noteRead(const Due &due, qint64 ttlMs, qint64 nowMs);
    [[nodiscard]] bool contains(const QByteArray &key) const { return slotOf(key) != noSlot; }
    [[nodiscard]] bool isNotified(const QByteArray &key) const;
    // False when the plan did not know the key.
    bool remove(const QByteArray &key);
    void clear();
    // Everything is due now (events may have been lost: a resubscription, a reconnect); the
    // budget still paces the re-reads.
    void dueAll(qint64 nowMs);
    // Re-schedules the keys whose notified state changed (a listener subscribed or was lost).
    // notified(key, node) says whether that key's events flow now.
    template <typename Notified>
    void renotify(Notified &&notified)
    {
        for (std::uint32_t slot = 0; slot < m_slots.size(); ++slot) {
            Slot &s = m_slots[slot];
            if (s.key.isNull())
                continue;
            const bool now = notified(s.key, m_nodes[s.node]);
            if (now != s.notified) {
                s.notified = now;
                m_polled += now ? -1 : 1;
                schedule(slot, s.ttlAtReadMs, s.readMs);
            }
        }
    }

    // Up to the budget's allowance of the keys due at nowMs, earliest due first; each counts as
    // one command spent.
    [[nodiscard]] QList<Due> takeDue(qint64 nowMs, qsizetype maxKeys);
    // Other commands of the same budget (a paced rescan's pages): the bucket may go below 0, and
    // re-reads wait until it has refilled.
    void spend(qint64 commands, qint64 nowMs);
    // Commands the bucket holds now (negative while paying off a rescan).
    [[nodiscard]] double available(qint64 nowMs);

    // Room for this many keys in all: a listing about to note that many grows its tables once,
    // not step by step (each step copies them and touches fresh memory).
    void reserve(qsizetype keys);
    [[nodiscard]] qsizetype size() const { return qsizetype(m_slotOf.size()); }
    [[nodiscard]] qsizetype polledCount() const { return m_polled; }
    // How often each polled key is re-read, at this budget and this many polled keys (0 when
    // none is polled).
    [[nodiscard]] qint64 cycleMs() const;
    // How often the sweep comes round each notified key (0 when none is notified).
    [[nodiscard]] qint64 sweepCycleMs() const;

private:
    struct Slot
    {
        QByteArray key; // null: free
        qint64 readMs = 0;
        qint64 dueMs = 0;
        qint64 ttlAtReadMs = -1;
        std::uint32_t stamp = 0; // heap entries of older stamps are stale
        std::uint16_t node = 0;  // in m_nodes: keys share a handful of nodes
        bool notified = false;
        bool swept = false; // scheduled for the sweep before
    };
    struct Entry
    {
        qint64 dueMs;
        std::uint32_t slot;
        std::uint32_t stamp;
        bool operator>(const Entry &other) const { return dueMs > other.dueMs; }
    };

    static constexpr std::uint32_t noSlot = 0xffffffff;
    [[nodiscard]] static std::size_t hashOf(const QByteArray &key);
    // Where the key is kept; noSlot when the plan does not know it.
    [[nodiscard]] std::uint32_t slotOf(const QByteArray &key) const
    {
        return slotOf(key, hashOf(key));
    }
    [[nodiscard]] std::uint32_t slotOf(const QByteArray &key, std::size_t hash) const;
    void schedule(std::uint32_t slot, qint64 ttlMs, qint64 readMs);
    void push(std::uint32_t slot, qint64 dueMs);
    Reading noteRead(std::uint32_t slot, qint64 ttlMs, qint64 nowMs);
    // How much of a vector's reserved room is mapped (its memory pages present), from its start.
    struct Mapped
    {
        const char *base = nullptr; // the room this is of: another, and it is reset
        std::size_t bytes = 0;
    };
    // Before the vector's next element is written in its reserved room: maps the next stretch
    // of that room once the element would reach beyond what is mapped. The room is reserved for
    // a listing's keys (reserve()) and written one key at a time, and every first write to a
    // fresh memory page is a fault (~10 µs on a virtual machine): mapped a stretch at a time,
    // the pages cost about half that, and the room a narrow pattern leaves unused stays unmapped.
    template <typename T>
    static void mapAhead(const std::vector<T> &vector, Mapped &mapped);
    // Drops the stale entries once they outnumber the live ones.
    void compact();
    void refill(qint64 nowMs);
    // A number in [0, 1) for spreading the sweep, different for every call.
    double spread();

    Policy m_policy;
    std::vector<Slot> m_slots;
    Mapped m_slotsMapped;
    QList<QString> m_nodes;
    std::vector<std::uint32_t> m_free;
    // The known keys' slots by the keys' hashes (the keys are the slots'): a scan notes a hundred
    // thousand keys, and a map of its own allocated and grew a little for each.
    redislock::HashIndex<std::uint32_t, noSlot> m_slotOf;
    std::vector<Entry> m_heap; // a min-heap by due time, with stale entries skipped when popped
    Mapped m_heapMapped;
    qsizetype m_polled = 0;
    double m_tokens = 0;
    qint64 m_refilledMs = -1;
    std::uint64_t m_random = 0x9e3779b97f4a7c15ULL;
};
