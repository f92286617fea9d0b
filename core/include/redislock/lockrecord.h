#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redislock {

// How a key's value reads as a lock. Redis has no lock type: this is a guess from the value's
// shape, made only when the bytes fit it; anything else is still listed, as raw.
enum class LockFormat
{
    redislock,   // bsm/redislock or Cosy: 22 base64url characters of token, then metadata
    customToken, // redislock with a token of a configured length
    raw,         // any other string, or a key of another type
};

[[nodiscard]] std::string_view formatName(LockFormat format) noexcept;

// One key as an inspection found it.
struct LockRecord
{
    std::string key;
    // The value as read: at most the scan's maxValueBytes bytes of it (see valueSize).
    std::string value;
    // The full length of the value in bytes; larger than value.size() when it was cut short.
    std::size_t valueSize = 0;
    // Remaining time to live in milliseconds; -1 when the key has no expiry, -2 when it
    // vanished between discovery and reading.
    std::int64_t ttlMs = 0;
    LockFormat format = LockFormat::raw;
    std::size_t tokenLength = 0; // 0 for raw
    // The Redis type: "string", "hash", ...
    std::string type = "string";
    // Where it was read: the server's "host:port" (on a cluster, the master as the cluster
    // announces it), and on a cluster the key's hash slot.
    std::string node;
    std::optional<std::uint16_t> slot;

    [[nodiscard]] bool truncated() const noexcept { return valueSize > value.size(); }
    [[nodiscard]] std::string_view token() const noexcept
    {
        return std::string_view(value).substr(0, tokenLength);
    }
    [[nodiscard]] std::string_view metadata() const noexcept
    {
        return std::string_view(value).substr(tokenLength);
    }
    // Sets format and tokenLength from the value, by classifyValue: what every reader of keys
    // (lockctl list, the inspector's scans and re-reads) calls, so that all classify alike.
    void classify(std::size_t customTokenLength) noexcept;
};

// Classifies a string value, claiming a lock format only when the bytes fit it:
// - redislock: 22 base64url characters (the default token), not all lower-case hex digits
//   (redis-py's tokens and UUIDs are), followed by plausible metadata;
// - customToken (when customTokenLength is set): exactly that many token characters
//   ([A-Za-z0-9] and - _ . : ~ + / =), followed by plausible metadata;
// - raw otherwise.
// Plausible metadata is empty, or UTF-8 text without control characters (tabs and line breaks
// aside) that does not start with '='. That last rule keeps out the 16 random bytes in padded
// standard base64 (24 characters ending "==") that redsync and python-redis-lock store, whose
// first 22 characters often happen to be base64url; and binary values are not split into a
// "token" and "metadata" they never had.
[[nodiscard]] LockFormat classifyValue(std::string_view value,
                                       std::size_t customTokenLength = 0) noexcept;

} // namespace redislock
