// The names of the keys lock libraries keep beside their locks (see auxkeys.h for each), read
// from the same sources as the recognisers beside this file.

#include "recogniser.h"

#include <redislock/auxkeys.h>

namespace redislock {

namespace {

// Redisson's prefixName(prefix, name): "prefix:{name}", or "prefix:name" when the name has a
// hash tag of its own.
std::optional<std::string> redissonPrefixed(std::string_view key, std::string_view prefix)
{
    if (!key.starts_with(prefix) || key.size() <= prefix.size() + 1 || key[prefix.size()] != ':')
        return std::nullopt;
    std::string_view name = key.substr(prefix.size() + 1);
    if (name.size() > 2 && name.front() == '{' && name.back() == '}' &&
        name.substr(1, name.size() - 2).find_first_of("{}") == std::string_view::npos)
        name = name.substr(1, name.size() - 2);
    return std::string(name);
}

// "{<lock>}:<uuid>:<thread>:rwlock_timeout:<n>" (or "<lock>:..." for a lock with braces).
std::optional<std::string> readerLeaseLock(std::string_view key)
{
    const auto marker = key.rfind(":rwlock_timeout:");
    if (marker == std::string_view::npos || !detail::isDecimal(key.substr(marker + 16)))
        return std::nullopt;
    std::string_view rest = key.substr(0, marker); // "{lock}:<uuid>:<thread>"
    const auto threadColon = rest.rfind(':');
    if (threadColon == std::string_view::npos || !detail::isDecimal(rest.substr(threadColon + 1)) ||
        threadColon < 37)
        return std::nullopt;
    const std::string_view uuid = rest.substr(threadColon - 36, 36);
    if (!detail::isCanonicalUuid(uuid) || rest[threadColon - 37] != ':')
        return std::nullopt;
    std::string_view lock = rest.substr(0, threadColon - 37);
    if (lock.size() > 2 && lock.front() == '{' && lock.back() == '}')
        lock = lock.substr(1, lock.size() - 2);
    if (lock.empty())
        return std::nullopt;
    return std::string(lock);
}

} // namespace

std::string_view auxKindName(AuxKind kind) noexcept
{
    switch (kind) {
    case AuxKind::fenceCounter:
        return "fence-counter";
    case AuxKind::redissonFenceToken:
        return "redisson-fence-token";
    case AuxKind::redissonFairQueue:
        return "redisson-fair-queue";
    case AuxKind::redissonFairTimeouts:
        return "redisson-fair-timeouts";
    case AuxKind::redissonReaderLease:
        return "redisson-reader-lease";
    case AuxKind::pythonRedisLockSignal:
        return "python-redis-lock-signal";
    }
    return "fence-counter";
}

std::optional<AuxKey> auxKeyOf(std::string_view key)
{
    if (auto lock = redissonPrefixed(key, "redisson_lock_token"))
        return AuxKey{AuxKind::redissonFenceToken, std::move(*lock)};
    if (auto lock = redissonPrefixed(key, "redisson_lock_queue"))
        return AuxKey{AuxKind::redissonFairQueue, std::move(*lock)};
    if (auto lock = redissonPrefixed(key, "redisson_lock_timeout"))
        return AuxKey{AuxKind::redissonFairTimeouts, std::move(*lock)};
    if (key.starts_with("lock-signal:") && key.size() > 12)
        return AuxKey{AuxKind::pythonRedisLockSignal, "lock:" + std::string(key.substr(12))};
    if (auto lock = readerLeaseLock(key))
        return AuxKey{AuxKind::redissonReaderLease, std::move(*lock)};
    if (key.ends_with(":fence") && key.size() > 6)
        return AuxKey{AuxKind::fenceCounter, std::string(key.substr(0, key.size() - 6))};
    return std::nullopt;
}

std::vector<std::string> auxPatterns(std::string_view lockPattern)
{
    const std::string pattern(lockPattern);
    std::vector<std::string> patterns{
        "redisson_lock_token:{" + pattern,
        "redisson_lock_queue:{" + pattern,
        "redisson_lock_timeout:{" + pattern,
        "{" + pattern + ":rwlock_timeout:*",
    };
    if (pattern == "*")
        patterns = {"redisson_lock_token:*", "redisson_lock_queue:*", "redisson_lock_timeout:*",
                    "{*:rwlock_timeout:*"};
    if (lockPattern.starts_with("lock:"))
        patterns.push_back("lock-signal:" + pattern.substr(5));
    else if (pattern == "*")
        patterns.push_back("lock-signal:*");
    // Our fence counters ("<lock>:fence") match the lock pattern itself when it ends in "*".
    return patterns;
}

} // namespace redislock
