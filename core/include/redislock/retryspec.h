#pragma once

#include <redislock/error.h>
#include <redislock/retrystrategy.h>

#include <expected>
#include <string_view>

namespace redislock {

// Parses a retry strategy written as lockctl and the inspector take it, the grammar that
// RetryStrategy::describe() prints:
//   none | linear(D) | exponential(MIN,MAX) | limit(SPEC,N)
//   | fulljitter(BASE,CAP[,SEED]) | equaljitter(BASE,CAP[,SEED]) | decorrelated(BASE,CAP[,SEED])
//   | notify(SPEC)   (SPEC, also woken when the key is released: notifyOnRelease)
// where D, MIN, MAX, BASE and CAP are durations ("16ms", "1s"; see parseDuration), N a retry
// count and SEED an unsigned integer. Blanks between tokens are allowed.
[[nodiscard]] std::expected<RetryStrategy, Error> parseRetryStrategy(std::string_view spec);

} // namespace redislock
