#include <redislock/retryloop.h>

#include <algorithm>

namespace redislock {

std::string_view describe(RetryStop stop) noexcept
{
    switch (stop) {
    case RetryStop::strategy:
        return "the retry strategy gave up";
    case RetryStop::deadline:
        return "the deadline passed";
    case RetryStop::cancelled:
        return "it was cancelled";
    }
    return "it stopped";
}

RetryLoop::Clock::time_point RetryLoop::after(Clock::time_point from,
                                              std::chrono::nanoseconds duration) noexcept
{
    if (duration <= std::chrono::nanoseconds(0))
        return from;
    if (duration >= Clock::time_point::max() - from)
        return Clock::time_point::max();
    return from + std::chrono::duration_cast<Clock::duration>(duration);
}

RetryLoop::RetryLoop(RetryStrategy strategy, const Context &context, std::chrono::nanoseconds ttl,
                     Clock::time_point now)
    : strategy_(std::move(strategy)), context_(context.orDeadline(after(now, ttl))),
      callersDeadline_(context.deadline().has_value())
{}

RetryLoop::RetryLoop(RetryStrategy strategy, std::uint64_t stream, const Context &context,
                     std::chrono::nanoseconds ttl, Clock::time_point now)
    : RetryLoop(std::move(strategy), context, ttl, now)
{
    stream_ = stream;
}

RetryLoop::~RetryLoop() = default;
RetryLoop::RetryLoop(RetryLoop &&) noexcept = default;
RetryLoop &RetryLoop::operator=(RetryLoop &&) noexcept = default;

std::optional<RetryStop> RetryLoop::beforeAttempt(Clock::time_point now) const
{
    if (context_.stopRequested())
        return RetryStop::cancelled;
    if (now >= deadline())
        return RetryStop::deadline;
    return std::nullopt;
}

std::optional<RetryStop> RetryLoop::cutShort(Clock::time_point now) const
{
    if (context_.stopRequested())
        return RetryStop::cancelled;
    if (callersDeadline_ && now >= deadline())
        return RetryStop::deadline;
    return std::nullopt;
}

RetryLoop::Step RetryLoop::next(Clock::time_point now)
{
    if (!schedule_)
        schedule_ = stream_ ? strategy_.schedule(*stream_) : strategy_.schedule();
    ++failures_;
    Step step;
    step.wait = schedule_->next();
    if (step.wait < std::chrono::nanoseconds(1)) {
        step.wait = std::chrono::nanoseconds(0);
        step.until = now;
        step.stop = RetryStop::strategy;
        return step;
    }
    const auto wakeUp = after(now, step.wait);
    step.until = std::min(wakeUp, deadline());
    if (wakeUp >= deadline())
        step.stop = RetryStop::deadline;
    return step;
}

std::optional<RetryStop> RetryLoop::wait()
{
    const Step step = next();
    if (step.stop == RetryStop::strategy)
        return step.stop;
    if (!context_.sleepUntil(step.until))
        return RetryStop::cancelled;
    return step.stop;
}

} // namespace redislock
