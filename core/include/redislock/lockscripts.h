#pragma once

#include <string_view>

namespace redislock {

// The Lua scripts a Client runs, for tools that show an operator the exact command before it
// is sent (EVALSHA <sha1> ...). Each script opens with its argument contract.
enum class LockScript
{
    obtain,       // KEYS: lock keys [+ fence key]; ARGV: value, token length, ttl ms, key count
                  // [, re-obtain rule: "prefix" (default) or "never"]
    refresh,      // KEYS: lock keys; ARGV: value, ttl ms
    release,      // KEYS: lock keys; ARGV: value. Compare-and-delete of every key
    pttl,         // KEYS: lock keys; ARGV: value
    forceRelease, // an operator's compare-and-delete in any lock format (see forcerelease.h)
};

// The script's source, as embedded in the library.
[[nodiscard]] std::string_view scriptSource(LockScript script) noexcept;
// Its SHA1 in lowercase hex: what SCRIPT LOAD answers and EVALSHA takes.
[[nodiscard]] std::string_view scriptSha1(LockScript script) noexcept;

} // namespace redislock
