#include <redislock/retryschedule.h>

namespace redislock {

RetrySchedule computeSchedule(const RetryStrategy &strategy, std::size_t attempts,
                              std::chrono::nanoseconds deadline)
{
    using std::chrono::nanoseconds;
    RetrySchedule result;
    result.deadline = deadline;
    const auto schedule = strategy.schedule();
    nanoseconds total{0};
    for (std::size_t attempt = 2; attempt <= attempts; ++attempt) {
        const nanoseconds wait = schedule->next();
        // The retry loop's own test: a wait below one nanosecond ends it with "not obtained".
        if (wait < nanoseconds(1)) {
            result.strategyStopped = true;
            break;
        }
        // exponential(0,0) grows to 2^26 ms per wait; many of them must not wrap around.
        const nanoseconds room = nanoseconds::max() - total;
        total = wait >= room ? nanoseconds::max() : total + wait;
        result.waits.push_back(wait);
        result.startsAt.push_back(total);
        // Client::obtain gives up when the wake-up time is at or past the deadline.
        if (total < deadline && result.attemptsBeforeDeadline + 1 == attempt)
            result.attemptsBeforeDeadline = attempt;
    }
    return result;
}

} // namespace redislock
