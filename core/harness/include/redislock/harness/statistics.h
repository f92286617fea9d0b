#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

namespace redislock::harness {

// The nearest-rank percentile (0 < p <= 100): the smallest value such that at least p% of
// the values are at or below it; always one of the values. 0 for no values.
[[nodiscard]] double percentile(std::vector<double> values, double p);

// Jain's fairness index (sum x)^2 / (n * sum x^2): 1 when every client got the same share,
// 1/n when one got everything. 0 when there is nothing to share (no clients or no
// acquisitions), so that an empty run never looks perfectly fair.
[[nodiscard]] double jainFairness(std::span<const std::uint64_t> shares);

// The time one client believed it held the lock, on the steady clock, relative to the run's
// start: from after its obtain returned to before its release was sent. Both ends are taken
// on the inside of the real holding time, so for a correct lock one holder's end is never
// after the next holder's start.
struct HoldInterval
{
    std::uint32_t client = 0;
    std::chrono::nanoseconds start{0};
    std::chrono::nanoseconds end{0};
};

struct Overlaps
{
    // Pairs of intervals that overlap by more than a point: a.start < b.end && b.start < a.end.
    // Touching intervals (one ends at the very tick the next starts) do not count, because
    // with a clock of finite resolution that is what a correct hand-over can look like.
    std::uint64_t pairs = 0;
    // The most intervals open at one instant (1 for a correct lock, 0 without holds).
    std::size_t maxHolders = 0;
};

[[nodiscard]] Overlaps countOverlaps(std::vector<HoldInterval> intervals);

} // namespace redislock::harness
