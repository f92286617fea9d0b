#include "locks/pendinglocks.h"

#include <algorithm>

void PendingLocks::put(const QList<LockSnapshot> &page, qsizetype index, qint64 atMs,
                       bool startSeen)
{
    const LockSnapshot &lock = page[index];
    const auto it = m_index.constFind(lock.key);
    if (it == m_index.constEnd() && lock.gone())
        return;
    // The pages of one upsert() are one list: kept once, however many of its keys are new.
    if (m_pages.empty() || m_pages.back().constData() != page.constData() ||
        m_waiting.back() == 0) {
        m_pages.push_back(page);
        m_waiting.push_back(0);
    }
    const int pageIndex = int(m_pages.size()) - 1;
    ++m_waiting.back();
    const Slot slot{pageIndex, index, lock.ttlMs, atMs, startSeen};
    if (it != m_index.constEnd()) {
        Slot &queued = m_slots[it.value()];
        release(queued.page);
        queued = slot;
    } else {
        m_index.insert(lock.key, m_slots.size());
        m_slots.push_back(slot);
    }
}

bool PendingLocks::sample(const QByteArray &key, qint64 ttlMs, qint64 atMs)
{
    const auto it = m_index.constFind(key);
    if (it == m_index.constEnd())
        return false;
    Slot &slot = m_slots[it.value()];
    slot.ttlMs = ttlMs;
    slot.receivedMs = atMs;
    return true;
}

void PendingLocks::drop(const QByteArray &key)
{
    const auto it = m_index.constFind(key);
    if (it != m_index.constEnd())
        m_slots[it.value()].ttlMs = -2; // skipped by take()
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
    m_index.clear();
    m_pages.clear();
    m_waiting.clear();
}
