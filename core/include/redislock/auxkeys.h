#pragma once

#include <redislock/client.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/keyscanner.h>
#include <redislock/lockrecord.h>

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redislock {

// Keys that lock libraries keep beside a lock, and that outlive it when nobody cleans up:
enum class AuxKind
{
    fenceCounter,         // ours: "<lock>:fence", the fencing-token counter (never deleted)
    redissonFenceToken,   // Redisson RFencedLock: "redisson_lock_token:{<lock>}" (never deleted)
    redissonFairQueue,    // Redisson RFairLock's waiters: "redisson_lock_queue:{<lock>}"
    redissonFairTimeouts, // and their deadlines: "redisson_lock_timeout:{<lock>}"
    redissonReaderLease, // a Redisson reader's lease: "{<lock>}:<uuid>:<thread>:rwlock_timeout:<n>"
    pythonRedisLockSignal, // python-redis-lock's waiters' list: "lock-signal:<name>" of
                           // "lock:<name>" (both after a client's namespace, if any)
};

// "fence-counter", "redisson-fence-token", "redisson-fair-queue", "redisson-fair-timeouts",
// "redisson-reader-lease", "python-redis-lock-signal".
[[nodiscard]] std::string_view auxKindName(AuxKind kind) noexcept;

// An auxiliary key and the lock it belongs to.
struct AuxKey
{
    AuxKind kind;
    std::string lockKey;
};

// What `key` is beside which lock, when its name says so; nothing for any other key.
[[nodiscard]] std::optional<AuxKey> auxKeyOf(std::string_view key);

// The SCAN patterns under which the auxiliary keys of the locks matching `lockPattern` live
// (Redisson's and python-redis-lock's are named before the lock's name, so a listing of
// "shop:*" does not see them): "redisson_lock_token:{shop:*", "lock-signal:*" for "lock:*", ...
[[nodiscard]] std::vector<std::string> auxPatterns(std::string_view lockPattern);

// The names the auxiliary keys of `lock` have when they exist (each one auxKeyOf maps back to
// the lock): our fence counter, Redisson's fence token, fair-lock queue and timeouts, the
// lease keys of each Redisson reader (one per hold), python-redis-lock's signal list.
[[nodiscard]] std::vector<std::pair<std::string, AuxKind>> auxKeyNames(const LockRecord &lock);

// One auxiliary key as found on the server.
struct AuxEntry
{
    std::string key;
    AuxKey aux;
    std::int64_t ttlMs = 0; // as LockRecord::ttlMs
    std::string type;
    bool orphan = false;      // its lock is gone
    std::int64_t memory = -1; // MEMORY USAGE in bytes, -1 when not sampled
};

// The auxiliary keys beside the locks of a pattern, grouped by their locks, and the orphans.
struct AuxReport
{
    std::vector<AuxEntry> entries; // in key order
    // Every key read under the pattern and the auxiliary patterns, by key (locks among them).
    std::map<std::string, LockRecord> records;
    std::size_t orphans = 0;
    // The orphans' memory: measured (MEMORY USAGE) for up to `sampled` of them, and
    // extrapolated to all when there are more (estimated).
    std::int64_t orphanBytes = 0;
    std::size_t sampled = 0;
    bool estimated = false;
};

// At most this many orphans get a MEMORY USAGE each; the total of more is extrapolated.
inline constexpr std::size_t auxMemorySamples = 200;

// Reads every key under options.pattern and the auxiliary patterns beside it (auxPatterns),
// asks whether the locks of the auxiliary keys found exist (one pipelined EXISTS per distinct
// lock not listed) and samples the orphans' memory: reads only (SCAN, the scanner's reads,
// EXISTS, MEMORY USAGE), for lockctl list --aux and the inspector alike.
[[nodiscard]] std::expected<AuxReport, Error>
scanAuxKeys(const Client &client, const ScanOptions &options, const Context &context = {});

// The auxiliary keys of one lock that exist (auxKeyNames, one pipelined TYPE and PTTL each):
// reads only. None is an orphan, the lock being given.
[[nodiscard]] std::expected<std::vector<AuxEntry>, Error>
readAuxKeys(const Client &client, const LockRecord &lock, const Context &context = {});

} // namespace redislock
