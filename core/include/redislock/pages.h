#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace redislock {

// Maps the whole memory pages within [data, data + bytes) before they are first written.
//
// Why: storage that grows by a hundred thousand entries at once (a listing's rows, snapshots,
// history) is fresh memory, and on a virtual machine the first write to each 4 KiB page is a
// fault of ~10 µs; one madvise(MADV_POPULATE_WRITE) over a large block maps all its pages at about
// half of that, without a trap per page. The contents are unchanged (the pages are still zero, or
// keep what they hold). Where the call is missing (Linux before 5.14, other systems) or refused,
// the pages fault in on first write as before. Worth it for blocks of many pages that are about
// to be filled, not for a few bytes.
inline void populatePages(void *data, std::size_t bytes) noexcept
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    static const auto page = std::uintptr_t(::sysconf(_SC_PAGESIZE));
    const auto first = (reinterpret_cast<std::uintptr_t>(data) + page - 1) & ~(page - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(page - 1);
    if (end > first)
        (void)::madvise(reinterpret_cast<void *>(first), end - first, MADV_POPULATE_WRITE);
#else
    (void)data;
    (void)bytes;
#endif
}

} // namespace redislock
