#pragma once

#include <redislock/retrystrategy.h>

#include <chrono>
#include <cstddef>
#include <vector>

namespace redislock {

// The waits one obtain() would make with a strategy, and where the deadline cuts them off.
// Attempt 1 starts at 0; attempt k + 1 starts after the k-th wait, at startsAt[k - 1]. The time
// each attempt itself takes is left out: this is the strategy's schedule, not a measurement.
struct RetrySchedule
{
    // waits[i] is the wait before attempt i + 2; startsAt[i] is the sum of waits[0..i], the time
    // attempt i + 2 would start. Both stop early when the strategy says stop.
    std::vector<std::chrono::nanoseconds> waits;
    std::vector<std::chrono::nanoseconds> startsAt;
    std::chrono::nanoseconds deadline{0};
    // Attempts that start before the deadline, the first included (it always runs).
    std::size_t attemptsBeforeDeadline = 1;
    // The strategy said stop (a wait below 1 ns) within the attempts looked at.
    bool strategyStopped = false;

    // Attempts the strategy allows within the attempts looked at.
    [[nodiscard]] std::size_t attemptsAllowed() const { return waits.size() + 1; }
    // The deadline ends retrying before the strategy would.
    [[nodiscard]] bool cutByDeadline() const { return attemptsBeforeDeadline < attemptsAllowed(); }
    // Attempt `attempt` (from 1) starts before the deadline.
    [[nodiscard]] bool beforeDeadline(std::size_t attempt) const
    {
        return attempt >= 1 && attempt <= attemptsBeforeDeadline;
    }
};

// Draws a fresh schedule of `strategy` for at most `attempts` attempts (so attempts - 1 waits)
// and applies the retry loop's deadline rule: attempt k + 1 is made only if it starts before
// `deadline`, measured from the first attempt. obtain() takes now + ttl as the deadline when
// the caller gives none, so pass the ttl for that case. Sums saturate instead of overflowing.
[[nodiscard]] RetrySchedule computeSchedule(const RetryStrategy &strategy, std::size_t attempts,
                                            std::chrono::nanoseconds deadline);

} // namespace redislock
