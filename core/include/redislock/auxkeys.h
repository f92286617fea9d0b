#pragma once

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
                           // "lock:<name>"
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

} // namespace redislock
