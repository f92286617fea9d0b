#include "locks/pendinglocks.h"

int PendingLocks::keep(const QList<LockSnapshot> &page)
{
    // The pages of one upsert() are one list: kept once, however many of its keys are new.
    if (m_pages.empty() || m_pages.back().constData() != page.constData() ||
        m_waiting.back() == 0) {
        m_pages.push_back(page);
        m_waiting.push_back(0);
    }
    ++m_waiting.back();
    return int(m_pages.size()) - 1;
}

std::size_t PendingLocks::put(const QList<LockSnapshot> &page, qsizetype index, qint64 atMs,
                              bool startSeen)
{
    m_slots.push_back(Slot{keep(page), int(index), page[index].ttlMs, atMs, startSeen});
    return m_offset + m_slots.size() - 1;
}

void PendingLocks::replace(std::size_t slot, const QList<LockSnapshot> &page, qsizetype index,
                           qint64 atMs, bool startSeen)
{
    Slot &queued = m_slots[slot - m_offset];
    const int pageIndex = keep(page);
    release(queued.page);
    queued = Slot{pageIndex, int(index), page[index].ttlMs, atMs, startSeen};
}

void PendingLocks::sample(std::size_t slot, qint64 ttlMs, qint64 atMs)
{
    Slot &queued = m_slots[slot - m_offset];
    queued.ttlMs = ttlMs;
    queued.receivedMs = atMs;
}

void PendingLocks::drop(std::size_t slot)
{
    m_slots[slot - m_offset].ttlMs = -2; // skipped by take()
}

void PendingLocks::release(int page)
{
    if (--m_waiting[std::size_t(page)] == 0)
        m_pages[std::size_t(page)] = {};
}

void PendingLocks::clear()
{
    m_slots.clear();
    m_offset = 0;
    m_pages.clear();
    m_waiting.clear();
}
