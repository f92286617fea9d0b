#pragma once

#include <redislock/pages.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace redislock {

// Objects of one type made in large blocks, each object where it was made until it is destroyed,
// its place then reused by the next one.
//
// Why: a table of a hundred thousand rows made them one malloc each, and on a virtual machine
// nearly all of that was the first write to each fresh 4 KiB page (~10 µs a page). Here a new
// block's pages are mapped in one call (populatePages), and an object costs no allocation. Blocks
// grow from 64 KiB to 2 MiB, so a small table keeps little. The pool does not know which objects
// are alive: whoever made one destroys it (destroy()), and release() gives every block back once
// none is.
template <typename T>
class BlockPool
{
public:
    BlockPool() = default;
    BlockPool(const BlockPool &) = delete;
    BlockPool &operator=(const BlockPool &) = delete;
    ~BlockPool() { release(); }

    // A T made from args (braces: aggregates too), in a free place.
    template <typename... Args>
    [[nodiscard]] T *make(Args &&...args)
    {
        void *place = take();
        try {
            return ::new (place) T{std::forward<Args>(args)...};
        } catch (...) {
            give(place);
            throw;
        }
    }

    // Destroys one made by make(); its place goes to the next one made.
    void destroy(T *object) noexcept
    {
        if (!object)
            return;
        object->~T();
        give(object);
    }

    // Gives every block back. Every object made must have been destroyed.
    void release() noexcept
    {
        blocks_.clear();
        free_ = nullptr;
        next_ = nullptr;
        end_ = nullptr;
        blockBytes_ = firstBlockBytes;
        capacity_ = 0;
    }

    // How many objects the blocks given out so far hold (made, destroyed or not made yet).
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

private:
    // A free place keeps the next free one where the object was.
    union Place {
        Place *next;
        alignas(T) std::byte object[sizeof(T)];
    };
    static constexpr std::size_t firstBlockBytes = std::size_t(64) << 10;
    static constexpr std::size_t lastBlockBytes = std::size_t(2) << 20;
    static constexpr std::size_t pageAlignment = 4096;

    struct FreeBlock
    {
        void operator()(Place *block) const noexcept
        {
            ::operator delete(block, std::align_val_t(std::max(pageAlignment, alignof(Place))));
        }
    };

    void *take()
    {
        if (free_) {
            Place *place = free_;
            free_ = place->next;
            return place;
        }
        if (next_ == end_)
            grow();
        return next_++;
    }

    void give(void *object) noexcept
    {
        auto *place = static_cast<Place *>(object);
        place->next = free_;
        free_ = place;
    }

    void grow()
    {
        const std::size_t count = std::max<std::size_t>(1, blockBytes_ / sizeof(Place));
        const std::size_t bytes = count * sizeof(Place);
        // Page-aligned, so that every page of the block is mapped by the one call.
        std::unique_ptr<Place, FreeBlock> block(static_cast<Place *>(
            ::operator new(bytes, std::align_val_t(std::max(pageAlignment, alignof(Place))))));
        populatePages(block.get(), bytes);
        blocks_.push_back(std::move(block));
        next_ = blocks_.back().get();
        end_ = next_ + count;
        capacity_ += count;
        blockBytes_ = std::min(blockBytes_ * 2, lastBlockBytes);
    }

    std::vector<std::unique_ptr<Place, FreeBlock>> blocks_;
    Place *free_ = nullptr; // destroyed objects' places, the last destroyed first
    Place *next_ = nullptr; // the newest block's places not given out yet
    Place *end_ = nullptr;
    std::size_t blockBytes_ = firstBlockBytes;
    std::size_t capacity_ = 0;
};

} // namespace redislock
