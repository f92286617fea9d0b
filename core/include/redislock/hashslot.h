#pragma once

#include <cstdint>
#include <string_view>

namespace redislock {

// The number of hash slots of a Redis Cluster: every key lives in exactly one of them.
inline constexpr std::uint16_t clusterSlotCount = 16384;

// The cluster hash slot of a key, as Redis Cluster computes it: CRC16 (the XMODEM variant,
// polynomial 0x1021, initial value 0) of the key modulo 16384. When the key contains a hash tag
// only the tag is hashed: the bytes between the first '{' and the first '}' after it, provided
// there is at least one byte between them. So "{user1000}.following" and "{user1000}.followers"
// share a slot, "foo{}{bar}" hashes whole (the first tag is empty), and "foo{{bar}}" hashes
// "{bar". Binary-safe: the key may hold any bytes.
[[nodiscard]] std::uint16_t hashSlot(std::string_view key) noexcept;

} // namespace redislock
