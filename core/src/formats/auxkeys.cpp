// The names of the keys lock libraries keep beside their locks (see auxkeys.h for each), read
// from the same sources as the recognisers beside this file.

#include "recogniser.h"

#include <redislock/auxkeys.h>
#include <redislock/forcerelease.h>

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

namespace detail {

std::string redissonPrefixName(std::string_view prefix, std::string_view name)
{
    std::string text = std::string(prefix) + ":";
    if (name.find('{') == std::string_view::npos)
        return text + "{" + std::string(name) + "}";
    return text + std::string(name);
}

std::string redissonReaderLeasePrefix(std::string_view lockKey, std::string_view field)
{
    // Redisson's suffixName(name, suffix): "{name}:suffix", or "name:suffix" with braces.
    std::string prefix = lockKey.find('{') == std::string_view::npos
                             ? "{" + std::string(lockKey) + "}"
                             : std::string(lockKey);
    return prefix + ":" + std::string(field) + ":rwlock_timeout:";
}

} // namespace detail

std::vector<std::pair<std::string, AuxKind>> auxKeyNames(const LockRecord &lock)
{
    const std::string &key = lock.key;
    std::vector<std::pair<std::string, AuxKind>> names{
        {key + ":fence", AuxKind::fenceCounter},
        {detail::redissonPrefixName("redisson_lock_token", key), AuxKind::redissonFenceToken},
        {detail::redissonPrefixName("redisson_lock_queue", key), AuxKind::redissonFairQueue},
        {detail::redissonPrefixName("redisson_lock_timeout", key), AuxKind::redissonFairTimeouts},
    };
    if (auto signal = detail::pythonRedisLockSignalKey(key); !signal.empty())
        names.emplace_back(std::move(signal), AuxKind::pythonRedisLockSignal);
    // A reader's lease keys, one per hold: bounded, as a hold count is only what the hash says.
    constexpr long maxLeases = 100;
    for (const auto &holder : lock.holders) {
        std::string field;
        std::string_view mode;
        long count = 0;
        for (const auto &[name, value] : holder) {
            if (name == "lock")
                mode = value;
            else if (name == "hold_count" && detail::isDecimal(value) && value.size() < 6)
                count = std::stol(value);
        }
        if (mode != "read")
            continue;
        field = redissonField(holder);
        const std::string prefix = detail::redissonReaderLeasePrefix(key, field);
        for (long i = 1; i <= count && i <= maxLeases; ++i)
            names.emplace_back(prefix + std::to_string(i), AuxKind::redissonReaderLease);
    }
    return names;
}

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
    if (auto lock = detail::pythonRedisLockKeyOfSignal(key); !lock.empty())
        return AuxKey{AuxKind::pythonRedisLockSignal, std::move(lock)};
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
