#include "session/resyncplan.h"

#include <redislock/pages.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>

namespace {

// A key handed out by takeDue() whose reply never came (a failed round trip) comes round again
// after this long rather than never.
constexpr qint64 retryMs = 5000;

// Stale heap entries beyond the live keys' count that compact() leaves be.
constexpr std::size_t compactSlack = 1024;

// How much of a vector's reserved room mapAhead() maps at once.
constexpr std::size_t mapStretch = 256 * 1024;

} // namespace

template <typename T>
void ResyncPlan::mapAhead(const std::vector<T> &vector, Mapped &mapped)
{
    const auto *base = reinterpret_cast<const char *>(vector.data());
    if (base != mapped.base) // new room: what it holds was written, and is mapped
        mapped = {base, vector.size() * sizeof(T)};
    const std::size_t next = (vector.size() + 1) * sizeof(T);
    const std::size_t room = vector.capacity() * sizeof(T);
    if (next <= mapped.bytes || next > room)
        return; // mapped already, or about to grow: the new room is written as it is copied
    // From the memory page where the last stretch ended (populatePages maps whole pages only).
    const std::size_t from = mapped.bytes - std::min<std::size_t>(mapped.bytes, 4096);
    const std::size_t to = std::min(room, mapped.bytes + mapStretch);
    redislock::populatePages(const_cast<char *>(base) + from, to - from);
    mapped.bytes = to;
}

void ResyncPlan::setPolicy(const Policy &policy, qint64 nowMs)
{
    refill(nowMs);
    m_policy = policy;
    m_policy.budget = std::max(policy.budget, 1);
    m_policy.pollPeriodMs = std::max<qint64>(policy.pollPeriodMs, 1);
    m_policy.sweepPeriodMs = std::max<qint64>(policy.sweepPeriodMs, 1);
    m_policy.expiryGraceMs = std::max<qint64>(policy.expiryGraceMs, 0);
    m_tokens = std::min(m_tokens, double(m_policy.budget));
    // The due times follow the new periods.
    for (std::uint32_t slot = 0; slot < m_slots.size(); ++slot) {
        const Slot &s = m_slots[slot];
        if (!s.key.isNull())
            schedule(slot, s.ttlAtReadMs, s.readMs);
    }
}

void ResyncPlan::note(const QByteArray &key, const QString &node, qint64 ttlMs, bool notified,
                      qint64 nowMs)
{
    // One hash, whether the key is new (a scan's keys mostly are) or known.
    const std::size_t hash = hashOf(key);
    std::uint32_t slot = slotOf(key, hash);
    if (slot != noSlot) {
        if (m_slots[slot].notified != notified)
            m_polled += notified ? -1 : 1;
        // The latest read's bytes, as the table keeps them: a page's keys share blocks
        // (LockSnapshot::fromRecords), and an older read's key kept here would keep its block.
        m_slots[slot].key = key;
    } else {
        if (!m_free.empty()) {
            slot = m_free.back();
            m_free.pop_back();
        } else {
            slot = std::uint32_t(m_slots.size());
            mapAhead(m_slots, m_slotsMapped);
            m_slots.emplace_back();
        }
        m_slots[slot].key = key;
        m_slotOf.insert(hash, slot);
        if (!notified)
            ++m_polled;
    }
    Slot &s = m_slots[slot];
    s.notified = notified;
    qsizetype nodeIndex = m_nodes.indexOf(node);
    if (nodeIndex < 0) {
        nodeIndex = m_nodes.size();
        m_nodes.append(node);
    }
    s.node = std::uint16_t(std::min<qsizetype>(nodeIndex, 0xffff));
    schedule(slot, ttlMs, nowMs);
}

ResyncPlan::Reading ResyncPlan::noteRead(const QByteArray &key, qint64 ttlMs, qint64 nowMs)
{
    const std::uint32_t slot = slotOf(key);
    if (slot == noSlot)
        return {};
    return noteRead(slot, ttlMs, nowMs);
}

ResyncPlan::Reading ResyncPlan::noteRead(const Due &due, qint64 ttlMs, qint64 nowMs)
{
    // Removed or noted again since it was taken: the slot may hold another key by now.
    if (due.slot >= m_slots.size() || m_slots[due.slot].stamp != due.stamp)
        return noteRead(due.key, ttlMs, nowMs);
    return noteRead(due.slot, ttlMs, nowMs);
}

ResyncPlan::Reading ResyncPlan::noteRead(std::uint32_t slot, qint64 ttlMs, qint64 nowMs)
{
    const Slot &s = m_slots[slot];
    Reading reading{true, s.notified, false};
    if (ttlMs < 0 || s.ttlAtReadMs < 0)
        reading.asPredicted = ttlMs == -1 && s.ttlAtReadMs == -1;
    else
        reading.asPredicted =
            std::abs(nowMs + ttlMs - (s.readMs + s.ttlAtReadMs)) <= m_policy.agreementMs;
    schedule(slot, ttlMs, nowMs);
    return reading;
}

bool ResyncPlan::isNotified(const QByteArray &key) const
{
    const std::uint32_t slot = slotOf(key);
    return slot != noSlot && m_slots[slot].notified;
}

std::size_t ResyncPlan::hashOf(const QByteArray &key)
{
    return std::hash<std::string_view>{}(
        std::string_view(key.constData(), std::size_t(key.size())));
}

std::uint32_t ResyncPlan::slotOf(const QByteArray &key, std::size_t hash) const
{
    return m_slotOf.find(hash, [&](std::uint32_t slot) { return m_slots[slot].key == key; });
}

bool ResyncPlan::remove(const QByteArray &key)
{
    const std::size_t hash = hashOf(key);
    const std::uint32_t slot = slotOf(key, hash);
    if (slot == noSlot)
        return false;
    m_slotOf.erase(hash, slot);
    Slot &s = m_slots[slot];
    if (!s.notified)
        --m_polled;
    const std::uint32_t stamp = s.stamp + 1; // its heap entries are stale from now on
    s = Slot{};
    s.stamp = stamp;
    m_free.push_back(slot);
    compact();
    return true;
}

void ResyncPlan::reserve(qsizetype keys)
{
    if (std::size_t(keys) <= m_slotOf.capacity())
        return;
    m_slots.reserve(std::size_t(keys));
    m_slotOf.reserve(std::size_t(keys));
    // Up to the stale entries compact() lets it keep (re-reads and re-schedules push anew while
    // the first entry waits): growing, it copied itself into fresh memory mid-listing. The room
    // beyond what it holds is mapped only as it fills (mapAhead).
    m_heap.reserve(2 * std::size_t(keys) + compactSlack);
}

void ResyncPlan::clear()
{
    m_slots.clear();
    m_free.clear();
    m_slotOf.clear();
    m_heap.clear();
    m_nodes.clear();
    m_polled = 0;
}

void ResyncPlan::dueAll(qint64 nowMs)
{
    m_heap.clear();
    for (std::uint32_t slot = 0; slot < m_slots.size(); ++slot) {
        if (!m_slots[slot].key.isNull())
            push(slot, nowMs);
    }
}

QList<ResyncPlan::Due> ResyncPlan::takeDue(qint64 nowMs, qsizetype maxKeys)
{
    refill(nowMs);
    const qsizetype allowed = std::min<qsizetype>(maxKeys, qsizetype(std::floor(m_tokens)));
    QList<Due> keys;
    while (keys.size() < allowed && !m_heap.empty() && m_heap.front().dueMs <= nowMs) {
        std::pop_heap(m_heap.begin(), m_heap.end(), std::greater<>());
        const Entry entry = m_heap.back();
        m_heap.pop_back();
        Slot &s = m_slots[entry.slot];
        if (s.key.isNull() || entry.stamp != s.stamp)
            continue;
        push(entry.slot, nowMs + retryMs); // until note() says when, after the reply
        keys.append(Due{s.key, entry.slot, s.stamp});
    }
    m_tokens -= double(keys.size());
    return keys;
}

void ResyncPlan::spend(qint64 commands, qint64 nowMs)
{
    refill(nowMs);
    m_tokens -= double(commands);
}

double ResyncPlan::available(qint64 nowMs)
{
    refill(nowMs);
    return m_tokens;
}

qint64 ResyncPlan::cycleMs() const
{
    if (m_polled == 0)
        return 0;
    const double notified = double(size() - m_polled);
    // Keys a millisecond the periods ask for, against what the budget gives: beyond it, every
    // cycle stretches alike, since keys come due in the order of their due times.
    const double wanted = double(m_polled) / double(m_policy.pollPeriodMs) +
                          notified / double(m_policy.sweepPeriodMs);
    const double stretch = std::max(1.0, wanted / (double(m_policy.budget) / 1000.0));
    return qint64(std::llround(double(m_policy.pollPeriodMs) * stretch));
}

qint64 ResyncPlan::sweepCycleMs() const
{
    const qsizetype notified = size() - m_polled;
    if (notified == 0)
        return 0;
    const double wanted = double(m_polled) / double(m_policy.pollPeriodMs) +
                          double(notified) / double(m_policy.sweepPeriodMs);
    const double stretch = std::max(1.0, wanted / (double(m_policy.budget) / 1000.0));
    return qint64(std::llround(double(m_policy.sweepPeriodMs) * stretch));
}

void ResyncPlan::schedule(std::uint32_t slot, qint64 ttlMs, qint64 readMs)
{
    Slot &s = m_slots[slot];
    s.readMs = readMs;
    s.ttlAtReadMs = ttlMs;
    qint64 due = 0;
    if (s.notified) {
        // After a scan every key was read within a second or two: the first round comes
        // anywhere within a period, so that the sweep is a steady trickle from the start; later
        // rounds keep their place, give or take a tenth.
        const double share = s.swept ? 0.9 + 0.2 * spread() : spread();
        s.swept = true;
        due = readMs + qint64(double(m_policy.sweepPeriodMs) * share);
        if (ttlMs >= 0)
            due = std::min(due, readMs + ttlMs + m_policy.expiryGraceMs);
    } else {
        due = readMs + m_policy.pollPeriodMs;
        if (ttlMs >= 0)
            due = std::min(due, readMs + ttlMs);
    }
    push(slot, due);
}

void ResyncPlan::push(std::uint32_t slot, qint64 dueMs)
{
    Slot &s = m_slots[slot];
    s.dueMs = dueMs;
    ++s.stamp;
    mapAhead(m_heap, m_heapMapped);
    m_heap.push_back({dueMs, slot, s.stamp});
    std::push_heap(m_heap.begin(), m_heap.end(), std::greater<>());
    compact();
}

void ResyncPlan::compact()
{
    const std::size_t live = m_slotOf.size();
    if (m_heap.size() <= 2 * live + compactSlack)
        return;
    m_heap.clear();
    m_heap.reserve(live);
    for (std::uint32_t slot = 0; slot < m_slots.size(); ++slot) {
        const Slot &s = m_slots[slot];
        if (!s.key.isNull())
            m_heap.push_back({s.dueMs, slot, s.stamp});
    }
    std::make_heap(m_heap.begin(), m_heap.end(), std::greater<>());
}

void ResyncPlan::refill(qint64 nowMs)
{
    const double capacity = double(m_policy.budget); // a second's worth at most
    if (m_refilledMs < 0) {
        m_tokens = capacity;
    } else if (nowMs > m_refilledMs) {
        m_tokens = std::min(capacity, m_tokens + double(nowMs - m_refilledMs) *
                                                     double(m_policy.budget) / 1000.0);
    }
    m_refilledMs = std::max(m_refilledMs, nowMs);
}

double ResyncPlan::spread()
{
    // xorshift64*: a cheap, deterministic spread; nothing here needs real randomness.
    m_random ^= m_random >> 12;
    m_random ^= m_random << 25;
    m_random ^= m_random >> 27;
    return double((m_random * 0x2545F4914F6CDD1DULL) >> 11) / double(1ULL << 53);
}
