#include "locks/pendinglocks.h"

#include <algorithm>

void PendingLocks::put(const LockSnapshot &lock, qint64 atMs, bool startSeen)
{
    const auto it = m_index.constFind(lock.key);
    if (it != m_index.constEnd()) {
        m_entries[it.value()] = {lock, atMs, startSeen};
    } else if (!lock.gone()) {
        m_index.insert(lock.key, m_entries.size());
        m_entries.push_back({lock, atMs, startSeen});
    }
}

bool PendingLocks::sample(const QByteArray &key, qint64 ttlMs, qint64 atMs)
{
    const auto it = m_index.constFind(key);
    if (it == m_index.constEnd())
        return false;
    Entry &entry = m_entries[it.value()];
    entry.lock.ttlMs = ttlMs;
    entry.receivedMs = atMs;
    return true;
}

void PendingLocks::drop(const QByteArray &key)
{
    const auto it = m_index.constFind(key);
    if (it != m_index.constEnd())
        m_entries[it.value()].lock.ttlMs = -2; // skipped by take()
}

std::vector<PendingLocks::Entry> PendingLocks::take(std::size_t maxCount)
{
    const std::size_t end = std::min(m_entries.size(), m_offset + maxCount);
    std::vector<Entry> batch;
    batch.reserve(end - m_offset);
    for (std::size_t i = m_offset; i < end; ++i) {
        m_index.remove(m_entries[i].lock.key);
        if (!m_entries[i].lock.gone())
            batch.push_back(std::move(m_entries[i]));
    }
    if (end == m_entries.size())
        clear();
    else
        m_offset = end;
    return batch;
}

void PendingLocks::clear()
{
    m_entries.clear();
    m_offset = 0;
    m_index.clear();
}
