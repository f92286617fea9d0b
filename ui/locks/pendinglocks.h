#pragma once

#include "session/locksnapshot.h"

#include <QList>

#include <deque>
#include <vector>

// Keys the table has been told about and has not inserted yet, in arrival order. The session's
// scan sends pages faster than a sorted view can take them one by one, so LockTableModel queues
// new keys here and inserts them in large batches; what arrives for a key meanwhile (a later
// snapshot, a TTL sample, its removal) updates the queued entry, found by its slot, instead of
// being lost.
//
// The queue keeps the pages the snapshots came in (implicitly shared, so keeping one costs no
// copy) and per key only where its snapshot is: copying every snapshot into a queue of its own
// and then again into the table was a quarter of the GUI thread's work while listing. A page
// is let go as soon as none of its keys waits any more.
class PendingLocks
{
public:
    // A queued key as take() hands it over: its snapshot as last read, except for the TTL,
    // which a later sample may have changed. The snapshot is the consumer's to move from: the
    // page it sits in is let go once its keys are taken.
    struct Entry
    {
        LockSnapshot &lock;
        std::size_t slot = 0; // where it waited
        qint64 ttlMs = 0;
        qint64 receivedMs = 0;
        bool startSeen = false; // see LockTimeline::start()
    };

    [[nodiscard]] std::size_t size() const { return m_slots.size(); }
    [[nodiscard]] bool empty() const { return size() == 0; }

    // Queues page[index], a key not queued yet, and says where: the slot stays its key's until
    // take() hands it over. The table keeps the key's slot in its own index of keys, so that a new
    // key costs one lookup there rather than a second index here.
    [[nodiscard]] std::size_t put(const QList<LockSnapshot> &page, qsizetype index, qint64 atMs,
                                  bool startSeen);
    // The key waiting in slot; null when none does (taken, dropped, or never handed out).
    [[nodiscard]] const QByteArray *keyAt(std::size_t slot) const
    {
        if (slot < m_offset || slot - m_offset >= m_slots.size() ||
            m_slots[slot - m_offset].ttlMs == -2)
            return nullptr;
        const Slot &queued = m_slots[slot - m_offset];
        return &m_pages[std::size_t(queued.page)][queued.index].key;
    }
    // A later snapshot of the key queued in slot.
    void replace(std::size_t slot, const QList<LockSnapshot> &page, qsizetype index, qint64 atMs,
                 bool startSeen);
    // A TTL sample of the key queued in slot (not -2: a key found gone is dropped).
    void sample(std::size_t slot, qint64 ttlMs, qint64 atMs);
    // The key in slot left before it was shown: it never will be.
    void drop(std::size_t slot);
    // Hands up to maxCount queued keys to consume(Entry) in arrival order, without the dropped
    // ones; the entry's snapshot lives until consume returns, which may move it away.
    template <typename Consume>
    void take(std::size_t maxCount, Consume &&consume);
    void clear();

private:
    struct Slot
    {
        int page = 0;
        int index = 0;    // in the page: a page is a scan's page of keys, far below 2^31
        qint64 ttlMs = 0; // -2: dropped (a key found gone is never shown)
        qint64 receivedMs = 0;
        bool startSeen = false;
    };
    [[nodiscard]] int keep(const QList<LockSnapshot> &page);
    void release(int page);

    // The keys waiting, the oldest first: what take() hands over leaves the front, so the memory
    // a listing's keys wait in is reused by the ones that come after them (a vector kept every
    // slot until the queue was empty, which during a listing it never was: it grew and was copied
    // over fresh memory up to the whole listing's size).
    std::deque<Slot> m_slots;
    std::size_t m_offset = 0; // the slot of m_slots.front(): those before it were taken
    std::vector<QList<LockSnapshot>> m_pages;
    std::vector<int> m_waiting; // per page, the slots that point into it
};

template <typename Consume>
void PendingLocks::take(std::size_t maxCount, Consume &&consume)
{
    for (std::size_t taken = 0; taken < maxCount && !m_slots.empty(); ++taken) {
        const Slot slot = m_slots.front();
        const std::size_t i = m_offset;
        if (slot.ttlMs != -2) {
            // The page is usually no one else's by now, so this does not copy it; if it still
            // is, it is copied once and the sender's copy stays whole.
            LockSnapshot &lock = m_pages[std::size_t(slot.page)][slot.index];
            consume(Entry{lock, i, slot.ttlMs, slot.receivedMs, slot.startSeen});
        }
        release(slot.page);
        m_slots.pop_front();
        ++m_offset;
    }
    if (m_slots.empty())
        clear();
}
