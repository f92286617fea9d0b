#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace redislock {

// How a key's value reads as a lock. Redis has no lock type: this is a guess from
// the value's shape, and anything that is not recognised is still listed, as raw.
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

    [[nodiscard]] bool truncated() const noexcept { return valueSize > value.size(); }
    [[nodiscard]] std::string_view token() const noexcept
    {
        return std::string_view(value).substr(0, tokenLength);
    }
    [[nodiscard]] std::string_view metadata() const noexcept
    {
        return std::string_view(value).substr(tokenLength);
    }
};

// Classifies a string value: the redislock format when it starts with 22 base64url characters
// (the default token) that are not all hex digits (redis-py's tokens and UUIDs are), else
// customToken when customTokenLength is set and the value is at least that long, else raw.
[[nodiscard]] LockFormat classifyValue(std::string_view value,
                                       std::size_t customTokenLength = 0) noexcept;

} // namespace redislock
