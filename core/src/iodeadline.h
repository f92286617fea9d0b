#pragma once

#include <redislock/context.h>

#include <algorithm>
#include <chrono>
#include <stop_token>

namespace redislock::detail {

// When one I/O step must be done by, and the stop token that may cut it short.
struct IoDeadline
{
    Context::Clock::time_point at;
    std::stop_token stop;

    // now + timeout, or the context's own deadline when that comes first.
    static IoDeadline after(std::chrono::milliseconds timeout, const Context &context)
    {
        auto at = Context::Clock::now() + timeout;
        if (const auto deadline = context.deadline())
            at = std::min(at, *deadline);
        return {at, context.stopToken()};
    }
};

} // namespace redislock::detail
