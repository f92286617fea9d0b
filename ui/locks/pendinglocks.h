#pragma once

#include "session/locksnapshot.h"

#include <QHash>

#include <vector>

// Keys the table has been told about and has not inserted yet, in arrival order. The session's
// scan sends pages faster than a sorted view can take them one by one, so LockTableModel queues
// new keys here and inserts them in large batches; what arrives for a key meanwhile (a later
// snapshot, a TTL sample, its removal) updates the queued entry instead of being lost.
class PendingLocks
{
public:
    struct Entry
    {
        LockSnapshot lock;
        qint64 receivedMs = 0;
        bool startSeen = false; // see LockTimeline::start()
    };

    [[nodiscard]] std::size_t size() const { return m_entries.size() - m_offset; }
    [[nodiscard]] bool empty() const { return size() == 0; }

    // Queues the lock, or replaces the queued snapshot of its key. A key found gone is not
    // queued (but replaces, and so drops, a queued one).
    void put(const LockSnapshot &lock, qint64 atMs, bool startSeen);
    // A TTL sample of a queued key; false when the key is not queued.
    bool sample(const QByteArray &key, qint64 ttlMs, qint64 atMs);
    // The key left before it was shown: it never will be.
    void drop(const QByteArray &key);
    // Up to maxCount entries in arrival order, without the dropped ones.
    [[nodiscard]] std::vector<Entry> take(std::size_t maxCount);
    void clear();

private:
    std::vector<Entry> m_entries;
    std::size_t m_offset = 0; // entries before it were taken already
    QHash<QByteArray, std::size_t> m_index;
};
