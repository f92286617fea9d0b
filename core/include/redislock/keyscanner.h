#pragma once

#include <redislock/client.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/lockrecord.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace redislock {

// What to scan and how much to read.
struct ScanOptions
{
    std::string pattern = "*";         // SCAN MATCH glob
    std::size_t count = 1000;          // SCAN COUNT: keys the server looks at per page
    std::size_t customTokenLength = 0; // classify other tokens of this length too (0: off)
    std::size_t maxValueBytes = 4096;  // read at most this much of each value (0: all of it)
};

// Lists the keys under a pattern, page by page, with their values, ttls and formats. It uses
// SCAN only (never KEYS or a server-side loop, which would block the server) and reads each
// page with one pipelined round trip of GETRANGE + PTTL per key, so memory stays bounded per
// key and per page. Call next() until finished(); between calls the caller may stop, show
// progress or cancel through the context. Like SCAN, a key that exists for the whole scan is
// returned at least once; keys added or removed meanwhile may or may not be.
class KeyScanner
{
public:
    KeyScanner(Client client, ScanOptions options = {});
    ~KeyScanner();
    KeyScanner(KeyScanner &&) noexcept;
    KeyScanner &operator=(KeyScanner &&) noexcept;

    // The next page: the keys one SCAN call returned, read and classified. May be empty while
    // the scan is not finished (SCAN pages can be empty).
    [[nodiscard]] std::expected<std::vector<LockRecord>, Error> next(const Context &context = {});
    [[nodiscard]] bool finished() const noexcept;
    // Keys returned so far.
    [[nodiscard]] std::uint64_t scanned() const noexcept;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Reads and classifies the named keys as KeyScanner reads a page (one pipelined round trip of
// GETRANGE + PTTL per key, and a second only for keys that hold no string (TYPE, and the first
// HSCAN page of at most 128 fields, which is what a Redisson lock's hash needs), values longer
// than maxValueBytes, and keys named "lock:NAME" (the length of python-redis-lock's signal
// list)), for a reader that already knows which keys changed (a keyspace event).
// Keys that no longer exist are left out. options.pattern and options.count are not used.
[[nodiscard]] std::expected<std::vector<LockRecord>, Error>
readRecords(const Client &client, std::span<const std::string> keys, const ScanOptions &options,
            const Context &context = {});

} // namespace redislock
