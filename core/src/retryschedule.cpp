#include <redislock/retryloop.h>
#include <redislock/retryschedule.h>

namespace redislock {

RetrySchedule computeSchedule(const RetryStrategy &strategy, std::size_t attempts,
                              std::chrono::nanoseconds deadline)
{
    using std::chrono::nanoseconds;
    RetrySchedule result;
    result.deadline = deadline;
    // The retry loop on a clock of its own: attempt 1 starts at its epoch, every attempt takes
    // no time, and the deadline is the epoch + `deadline`, as obtain's now + ttl.
    const RetryLoop::Clock::time_point start{};
    RetryLoop loop(strategy, Context(), deadline, start);
    nanoseconds total{0};
    for (std::size_t attempt = 2; attempt <= attempts; ++attempt) {
        const auto step = loop.next(start + total);
        if (step.stop == RetryStop::strategy) {
            result.strategyStopped = true;
            break;
        }
        // exponential(0,0) grows to 2^26 ms per wait; many of them must not wrap around.
        const nanoseconds room = nanoseconds::max() - total;
        total = step.wait >= room ? nanoseconds::max() : total + step.wait;
        result.waits.push_back(step.wait);
        result.startsAt.push_back(total);
        // Past the deadline the waits are still listed (a chart shows where it cuts them off),
        // but no attempt after the first one it stops counts.
        if (!step.stop && result.attemptsBeforeDeadline + 1 == attempt)
            result.attemptsBeforeDeadline = attempt;
    }
    return result;
}

} // namespace redislock
