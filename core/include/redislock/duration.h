#pragma once

#include <redislock/error.h>

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace redislock {

// Parses a duration as Go's time.ParseDuration does: a sequence of decimal numbers with units
// ns, us (or µs), ms, s, m, h, such as "500ms", "1.5s" or "1m30s". A bare "0" is allowed.
// Negative durations are rejected: no lock setting can use one.
[[nodiscard]] std::expected<std::chrono::nanoseconds, Error> parseDuration(std::string_view text);

// The shortest exact text for a duration in the largest unit that divides it: "16ms", "1s",
// "1500us", "2m". Round-trips through parseDuration.
[[nodiscard]] std::string formatDuration(std::chrono::nanoseconds duration);

} // namespace redislock
