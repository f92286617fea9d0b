#pragma once

#include <redislock/client.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/lockrecord.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

// Whether `key` matches a SCAN MATCH glob exactly as the server matches it (stringmatchlen):
// `*`, `?`, `[abc]`, `[^a-z]`, `\` quoting the next byte; byte-wise and case-sensitive, with the
// server's results on malformed patterns. For readers that learn of keys from keyspace events,
// so that they keep exactly the keys a scan with the same pattern lists.
[[nodiscard]] bool globMatches(std::string_view pattern, std::string_view key) noexcept;

// A node whose part of a scan failed; the scan went on with the others.
struct NodeFailure
{
    std::string node; // "host:port"
    Error error;
};

// Lists the keys under a pattern, page by page, with their values, ttls and formats. It uses
// SCAN only (never KEYS or a server-side loop, which would block the server) and reads each
// page with one pipelined round trip of GETRANGE + PTTL per key, so memory stays bounded per
// key and per page. Call next() until finished(); between calls the caller may stop, show
// progress or cancel through the context. Pages are read ahead of the caller, each server's on a
// thread of its own and at most two pages ahead (a client with a pool of one connection is read
// on the caller's thread instead, so that the connection is free between pages); destroying the
// scanner stops and joins those threads. Like SCAN, a key that exists for the whole scan is
// returned at least once; keys added or removed meanwhile may or may not be.
class KeyScanner
{
public:
    explicit KeyScanner(Client client, ScanOptions options = {});
    ~KeyScanner();
    KeyScanner(KeyScanner &&) noexcept;
    KeyScanner &operator=(KeyScanner &&) noexcept;

    // The next page: the keys one SCAN call returned, read and classified. May be empty while
    // the scan is not finished (SCAN pages can be empty).
    [[nodiscard]] std::expected<std::vector<LockRecord>, Error> next(const Context &context = {});
    // Hands back a page the caller is done with (its records may have been moved from): the
    // scanner fills the next pages into it, on the thread that reads them, instead of freeing it
    // here and allocating again there. Optional; a listing of many keys spends less per key.
    void recycle(std::vector<LockRecord> page);
    [[nodiscard]] bool finished() const noexcept;
    // Keys returned so far.
    [[nodiscard]] std::uint64_t scanned() const noexcept;
    // On a cluster every master is scanned, in parallel, each with its own cursor. A node that
    // fails does not stop the others: the scan finishes without it, complete() is false and
    // failedNodes() names it with its error. Always complete on a single server, where a
    // failure is next()'s error (after the pages read before it) and the next call resumes.
    [[nodiscard]] bool complete() const noexcept;
    [[nodiscard]] const std::vector<NodeFailure> &failedNodes() const noexcept;

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

namespace redislock {

// What one replica of a key's master holds for the key.
struct ReplicaCopy
{
    std::string node;                     // the replica's "host:port"
    std::optional<Error> error;           // it could not be asked (then the rest is unknown)
    bool exists = false;                  // the key exists there
    bool sameValue = false;               // with exactly the value the master has
    std::int64_t ttlMs = -2;              // its PTTL there
    std::optional<std::int64_t> lagBytes; // the master's offset minus the replica's, when known
};

// Asks every replica of the master that serves `key` (READONLY, then GET and PTTL) whether it
// holds `value`, the value the master was seen holding: a lock that no replica holds yet would
// be lost by a failover now. Empty when the master has no replicas.
[[nodiscard]] std::expected<std::vector<ReplicaCopy>, Error>
checkReplicas(const Client &client, std::string_view key, std::string_view value,
              const Context &context = {});

} // namespace redislock
