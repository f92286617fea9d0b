#pragma once

#include <redislock/context.h>
#include <redislock/retrystrategy.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace redislock {

// Why a retry loop ended without success.
enum class RetryStop
{
    strategy,  // the strategy asked for a wait below 1 ns
    deadline,  // the next attempt would start at or after the deadline
    cancelled, // the context's stop token fired
};

// A phrase for messages: "the retry strategy gave up", "the deadline passed", "it was cancelled".
[[nodiscard]] std::string_view describe(RetryStop stop) noexcept;

// The retry rule of obtain and refresh, kept in this one place and driven by its caller, which
// makes the attempts and does (or schedules) the waiting:
//
//   RetryLoop loop(options.retryStrategy, context, ttl);
//   for (;;) {
//       if (auto stop = loop.beforeAttempt()) return give up (*stop);
//       attempt; on success return it;
//       if (auto stop = loop.wait()) return give up (*stop);   // or next() to wait your own way
//   }
//
// After a failed attempt the strategy names the next wait; a wait below 1 ns ends the loop
// (RetryStop::strategy, "not obtained"). The deadline is the context's, or start + ttl without
// one, so that retrying never outlasts one lock lifetime (the Go library's rule). An attempt is
// made only if it would start before the deadline, and a stop token ends the loop at once. The
// schedule is drawn at the first failure: most calls succeed at once and need none.
class RetryLoop
{
public:
    using Clock = Context::Clock;

    // What to do after a failed attempt.
    struct Step
    {
        // The strategy's wait (0 when the strategy stopped).
        std::chrono::nanoseconds wait{0};
        // When to wake up: start of the wait + wait, never later than the deadline.
        Clock::time_point until;
        // Empty: attempt again at `until`. RetryStop::deadline: the next attempt would fall at or
        // after the deadline; obtain() sits out the wait until `until` (the deadline) before it
        // says so, as the Go library does, while refresh() gives up at once. strategy: stop now.
        std::optional<RetryStop> stop;
    };

    // `now` is when the loop starts: the default deadline is now + ttl (saturating).
    RetryLoop(RetryStrategy strategy, const Context &context, std::chrono::nanoseconds ttl,
              Clock::time_point now = Clock::now());
    // The same with a schedule of its own for one of several parallel users (see
    // RetryStrategy::schedule(stream)).
    RetryLoop(RetryStrategy strategy, std::uint64_t stream, const Context &context,
              std::chrono::nanoseconds ttl, Clock::time_point now = Clock::now());
    ~RetryLoop();
    RetryLoop(RetryLoop &&) noexcept;
    RetryLoop &operator=(RetryLoop &&) noexcept;

    // Whether an attempt may start now: empty if so, else cancelled (the stop token fired) or
    // deadline (it has passed).
    [[nodiscard]] std::optional<RetryStop>
    beforeAttempt(Clock::time_point now = Clock::now()) const;
    // After an attempt failed with an error: whether the caller's own stop token or deadline (not
    // the now + ttl default, which does not bound I/O) cut it short, so the outcome is
    // cancelled / deadlineExceeded with the error as its cause rather than the error itself.
    [[nodiscard]] std::optional<RetryStop> cutShort(Clock::time_point now = Clock::now()) const;
    // After a failed attempt: draws the strategy's next wait and says what follows.
    [[nodiscard]] Step next(Clock::time_point now = Clock::now());
    // next(), then sleeps until its `until` unless it stops at once; the sleep is cut short by
    // the stop token. Empty: attempt again; else why not (after the wait, for the deadline).
    [[nodiscard]] std::optional<RetryStop> wait();

    // The deadline in force: the context's, else start + ttl.
    [[nodiscard]] Clock::time_point deadline() const noexcept { return *context_.deadline(); }
    // The caller's context with that deadline: for sleeping and for the attempts' I/O when a
    // caller wants the loop's deadline to bound them too.
    [[nodiscard]] const Context &context() const noexcept { return context_; }
    // Waits drawn so far: failed attempts that were followed by next().
    [[nodiscard]] std::size_t failures() const noexcept { return failures_; }

    // `from` + `duration`, saturating at the clock's end instead of wrapping into the past.
    [[nodiscard]] static Clock::time_point after(Clock::time_point from,
                                                 std::chrono::nanoseconds duration) noexcept;

private:
    RetryStrategy strategy_;
    std::optional<std::uint64_t> stream_;
    std::unique_ptr<Backoff> schedule_; // drawn at the first failure
    Context context_;                   // the caller's, with the deadline in force
    bool callersDeadline_ = false;
    std::size_t failures_ = 0;
};

} // namespace redislock
