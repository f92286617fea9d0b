#pragma once

#include <chrono>
#include <optional>
#include <stop_token>

namespace redislock {

// The C++ counterpart of Go's context.Context for lock calls: an optional deadline and a
// stop token. A default Context has neither; the retry loop then uses now + ttl.
class Context
{
public:
    using Clock = std::chrono::steady_clock;

    Context() = default;
    explicit Context(std::stop_token stop) : stop_(std::move(stop)) {}

    [[nodiscard]] static Context withDeadline(Clock::time_point deadline, std::stop_token stop = {})
    {
        Context context(std::move(stop));
        context.deadline_ = deadline;
        return context;
    }
    [[nodiscard]] static Context withTimeout(Clock::duration timeout, std::stop_token stop = {})
    {
        return withDeadline(Clock::now() + timeout, std::move(stop));
    }

    [[nodiscard]] std::optional<Clock::time_point> deadline() const noexcept { return deadline_; }
    [[nodiscard]] const std::stop_token &stopToken() const noexcept { return stop_; }
    [[nodiscard]] bool stopRequested() const noexcept { return stop_.stop_requested(); }

    // Sleeps until `until` unless the stop token fires first; false when it did. (A retry
    // loop's wait, also handy for callers that hold or poll between lock calls.)
    [[nodiscard]] bool sleepUntil(Clock::time_point until) const;
    [[nodiscard]] bool sleepFor(Clock::duration duration) const
    {
        return sleepUntil(Clock::now() + duration);
    }

    // This context, with `deadline` when it has none of its own.
    [[nodiscard]] Context orDeadline(Clock::time_point deadline) const
    {
        Context context = *this;
        if (!context.deadline_)
            context.deadline_ = deadline;
        return context;
    }

private:
    std::optional<Clock::time_point> deadline_;
    std::stop_token stop_;
};

} // namespace redislock
