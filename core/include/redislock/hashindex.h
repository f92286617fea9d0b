#pragma once

#include <redislock/pages.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace redislock {

// Where keys are kept, by their hash: an open-addressing table (linear probing) of slots that
// hold a part of a key's hash and a reference to the key (an index into the caller's storage, or
// a pointer to a node); the keys themselves stay where the caller keeps them. Ref `none` marks an
// empty slot and is never stored.
//
// Why not a node- or span-based map: an insert allocates nothing (the table grows by doubling,
// once, or never after reserve()), a slot is small enough that a probe reads a cache line or
// two, and a lookup compares the stored hash before it asks the caller to compare keys, so a
// miss (a scan's new key) never reads another key's bytes. At most 70 % full.
template <typename Ref, Ref none>
class HashIndex
{
public:
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    // How many keys fit before the table grows.
    [[nodiscard]] std::size_t capacity() const noexcept { return slots_.size() * 7 / 10; }

    // Room for `keys` keys in all: a caller about to insert that many grows the table once.
    void reserve(std::size_t keys)
    {
        if (keys > capacity())
            rehash(slotsFor(keys));
    }

    // Forgets every key; keeps the table's memory.
    void clear() noexcept
    {
        std::fill(slots_.begin(), slots_.end(), Slot{});
        size_ = 0;
    }

    // The reference of the key whose hash is `hash` and for which isKey(ref) is true; none when
    // there is none.
    template <typename IsKey>
    [[nodiscard]] Ref find(std::size_t hash, IsKey &&isKey) const
    {
        if (slots_.empty())
            return none;
        const auto part = std::uint32_t(hash);
        for (std::size_t i = hash & mask();; i = (i + 1) & mask()) {
            const Slot &slot = slots_[i];
            if (slot.ref == none)
                return none;
            if (slot.hash == part && isKey(slot.ref))
                return slot.ref;
        }
    }

    // Starts reading the slot where a lookup of this hash starts: a caller with a batch of keys
    // asks for the next ones' while it reads this one's, so that their cache misses overlap.
    void prefetch(std::size_t hash) const noexcept
    {
#if defined(__GNUC__) || defined(__clang__)
        if (!slots_.empty())
            __builtin_prefetch(slots_.data() + (hash & mask()));
#else
        (void)hash;
#endif
    }

    // The reference in the slot where a lookup of this hash starts, when that slot's hash is
    // this one's: find()'s most likely answer, for a caller that prefetches the key it refers to
    // (after prefetch(hash), a little later). none otherwise; never the answer itself.
    [[nodiscard]] Ref likely(std::size_t hash) const noexcept
    {
        if (slots_.empty())
            return none;
        const Slot &slot = slots_[hash & mask()];
        return slot.hash == std::uint32_t(hash) ? slot.ref : none;
    }

    // A key not in the index yet (find() said none), with its hash.
    void insert(std::size_t hash, Ref ref)
    {
        if ((size_ + 1) * 10 > slots_.size() * 7)
            rehash(std::max<std::size_t>(slots_.size() * 2, minimumSlots));
        place(std::uint32_t(hash), ref);
        ++size_;
    }

    // Removes the key `ref` refers to (hash: its hash); false when the index does not hold it.
    bool erase(std::size_t hash, Ref ref) noexcept
    {
        if (slots_.empty())
            return false;
        std::size_t hole = hash & mask();
        for (; slots_[hole].ref != ref; hole = (hole + 1) & mask()) {
            if (slots_[hole].ref == none)
                return false;
        }
        // Backward shift: each slot after the hole that may move into it does, so that every
        // key stays reachable from its home slot without a gap (no tombstones to sweep).
        for (std::size_t next = (hole + 1) & mask(); slots_[next].ref != none;
             next = (next + 1) & mask()) {
            const std::size_t home = slots_[next].hash & mask();
            const bool staysPut =
                hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (staysPut)
                continue;
            slots_[hole] = slots_[next];
            hole = next;
        }
        slots_[hole] = Slot{};
        --size_;
        return true;
    }

    // The key `ref` refers to (hash: its hash) is now referred to by `to`, which must not be
    // none; false when the index does not hold it. Cheaper than erase() and insert(): the slot
    // stays where it is.
    bool replace(std::size_t hash, Ref ref, Ref to) noexcept
    {
        if (slots_.empty())
            return false;
        for (std::size_t i = hash & mask();; i = (i + 1) & mask()) {
            if (slots_[i].ref == ref) {
                slots_[i].ref = to;
                return true;
            }
            if (slots_[i].ref == none)
                return false;
        }
    }

    // Every reference ref becomes map(ref), which must not be none and must keep references
    // apart: for a caller whose references are positions, after positions shifted.
    template <typename Map>
    void remap(Map &&map)
    {
        for (Slot &slot : slots_)
            if (slot.ref != none)
                slot.ref = map(slot.ref);
    }

    // visit(ref) for every key, in no particular order.
    template <typename Visit>
    void forEach(Visit &&visit) const
    {
        for (const Slot &slot : slots_)
            if (slot.ref != none)
                visit(slot.ref);
    }

private:
    // The hash's low 32 bits: they place the key (tables stay well below 2^32 slots) and, beyond
    // the bits of the table's mask, tell the keys of one neighbourhood apart before their bytes
    // are compared. Eight bytes a slot with a 32-bit Ref.
    struct Slot
    {
        std::uint32_t hash = 0;
        Ref ref = none;
    };
    static constexpr std::size_t minimumSlots = 16;

    [[nodiscard]] static std::size_t slotsFor(std::size_t keys) noexcept
    {
        return std::max(minimumSlots, std::bit_ceil((keys * 10 + 6) / 7));
    }
    [[nodiscard]] std::size_t mask() const noexcept
    {
        return slots_.size() - 1;
    }

    void place(std::uint32_t hash, Ref ref) noexcept
    {
        std::size_t i = hash & mask();
        while (slots_[i].ref != none)
            i = (i + 1) & mask();
        slots_[i] = Slot{hash, ref};
    }

    void rehash(std::size_t count)
    {
        // A large table is fresh memory, every page of it written at once: mapped in one call
        // rather than a fault each.
        std::vector<Slot> old;
        old.reserve(count);
        populatePages(old.data(), count * sizeof(Slot));
        old.resize(count);
        old.swap(slots_);
        for (const Slot &slot : old)
            if (slot.ref != none)
                place(slot.hash, slot.ref);
    }

    std::vector<Slot> slots_; // a power of two in size, or empty
    std::size_t size_ = 0;
};

} // namespace redislock
