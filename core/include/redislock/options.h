#pragma once

#include <redislock/retrystrategy.h>

#include <chrono>
#include <string>
#include <string_view>

namespace redislock {

// The longest ttl obtain and refresh take: a year. Redis itself would take a PX of millions of
// years, but a lock that outlives its holder by more than a year is a mistake in the units
// ("8760h" is a year; a duration can say 292 years), and the lock would then sit there as if
// held. Longer ttls are refused with Errc::invalidArgument.
inline constexpr std::chrono::hours maxTtl{24 * 365};

// When obtain takes a key that already holds a value.
enum class ReobtainRule
{
    // The Go library's rule, the default for compatibility with it: the key is re-obtained
    // (value and ttl overwritten, fence token kept) when its value starts with the token given.
    // With the default 22-character tokens that is exactly "the same holder". With custom
    // tokens of different lengths it is not: a token that is a prefix of the holder's
    // ("worker-1" of "worker-10"), or that ends where the holder's metadata begins ("svcA" over
    // token "svc" with metadata "A"), takes over someone else's lock.
    tokenPrefix,
    // Never: obtain only creates keys that do not exist (SET NX across all keys, atomically).
    never,
};

// The rule a tool (lockctl, the inspector) uses for an obtain with `token` (empty: a random
// default token) when the operator did not ask for a re-obtain: tokenPrefix only where the
// holder's token can be told apart from its metadata, so that a prefix match is an exact
// match: a 22-character base64url token (the default shape), or a token exactly as long as
// the custom token length the tool was told (`customTokenLength`, 0 when none); never otherwise.
[[nodiscard]] ReobtainRule toolReobtainRule(std::string_view token,
                                            std::size_t customTokenLength = 0) noexcept;

// Options of obtain and refresh, as redislock.Options in Go.
struct Options
{
    // How to retry when the lock is held by someone else (obtain) or when a transient
    // connection or server error occurs (refresh). Default: no retry.
    RetryStrategy retryStrategy;
    // Stored after the token in the key's value; Lock::metadata() returns it.
    std::string metadata;
    // A custom token; empty means 16 random bytes as unpadded base64url (22 characters).
    std::string token;
    // Opts in to fencing: the counter key from which obtain mints Lock::fenceToken().
    std::string fenceKey;
    // Whether obtain may take a key that already holds a value (see ReobtainRule).
    ReobtainRule reobtain = ReobtainRule::tokenPrefix;
};

} // namespace redislock
