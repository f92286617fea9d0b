#include <redislock/context.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace redislock {

bool Context::sleepUntil(Clock::time_point until) const
{
    if (!stop_.stop_possible()) {
        std::this_thread::sleep_until(until);
        return true;
    }
    // Nothing else notifies: the local mutex and condition variable only serve the
    // stop-token-aware wait.
    std::mutex mutex;
    std::condition_variable_any wakeUp;
    std::unique_lock lock(mutex); // cppcheck-suppress localMutex
    wakeUp.wait_until(lock, stop_, until, [] { return false; });
    return !stop_.stop_requested();
}

} // namespace redislock
