#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace redislock {

// One operation's sequence of waits, drawn from a RetryStrategy. Stateful, not thread-safe:
// each operation gets its own.
class Backoff
{
public:
    virtual ~Backoff() = default;
    // The wait before the next attempt. Below one nanosecond means: stop retrying.
    [[nodiscard]] virtual std::chrono::nanoseconds next() = 0;
};

// An immutable description of how to retry. Unlike the Go library, where a strategy value
// carries its counter, every operation draws a fresh schedule(), so one Options value can be
// shared by many calls and threads without them sharing a retry count.
class RetryStrategy
{
public:
    class Description;

    // noRetry().
    RetryStrategy();
    explicit RetryStrategy(std::shared_ptr<const Description> description);

    [[nodiscard]] std::unique_ptr<Backoff> schedule() const;
    // A schedule of its own for one of several parallel users (the harness's clients): a
    // seeded jitter strategy mixes `stream` into its seed, so that clients sharing one seeded
    // strategy do not draw the same waits in lockstep, and each stream is still reproducible.
    // Strategies without randomness ignore it.
    [[nodiscard]] std::unique_ptr<Backoff> schedule(std::uint64_t stream) const;
    // The strategy in lockctl's SPEC grammar, for example "limit(exponential(16ms,1s),5)".
    [[nodiscard]] std::string describe() const;
    // Whether obtain() also wakes up when the key is released (notifyOnRelease), rather than
    // only when a wait of the schedule is over.
    [[nodiscard]] bool waitsForRelease() const;

    // What a strategy is: it makes schedules and can name itself.
    class Description
    {
    public:
        virtual ~Description() = default;
        [[nodiscard]] virtual std::unique_ptr<Backoff> makeSchedule() const = 0;
        [[nodiscard]] virtual std::unique_ptr<Backoff> makeSchedule(std::uint64_t /*stream*/) const
        {
            return makeSchedule();
        }
        [[nodiscard]] virtual std::string describe() const = 0;
        [[nodiscard]] virtual bool waitsForRelease() const { return false; }
    };

private:
    std::shared_ptr<const Description> description_;
};

// Never retry: a single attempt (linearBackoff(0)).
[[nodiscard]] RetryStrategy noRetry();
// Wait `interval` before every retry.
[[nodiscard]] RetryStrategy linearBackoff(std::chrono::nanoseconds interval);
// The Go library's exponential backoff: the n-th wait (n = 1, 2, ...) is 2^(n+1) ms, that is
// 4, 8, 16 ms..., capped at 2^26 ms from n = 25 on; then raised to `min` when below it and
// lowered to `max` when `max` is not zero and the wait is above it. (The Cosy documentation's
// "2^n ms" is off by one; these are the library's real numbers.)
[[nodiscard]] RetryStrategy exponentialBackoff(std::chrono::nanoseconds min,
                                               std::chrono::nanoseconds max);
// At most `maxRetries` retries of `strategy`, so at most maxRetries + 1 attempts.
[[nodiscard]] RetryStrategy limitRetry(RetryStrategy strategy, int maxRetries);

// Waits for the key's release as well: obtain() listens for the key's keyspace notifications
// (del, expired, evicted) through the Client's subscription on the key's server (one per master
// on a cluster, opened on demand and again after a failover) and tries again as soon as the
// key is freed, whoever freed it (a Go service's DEL included); every wait is still bounded by
// `strategy`'s, in case an event is lost, and the strategy still says when to give up. One
// release wakes one waiter of a Client (the longest waiting), not all of them. The server must
// publish the events (notify-keyspace-events with E and g, x for expiries: "Egx"); it is never
// reconfigured: without them this is `strategy` alone, and the Client says so once (see
// Client::setDiagnosticHandler). Its schedule is `strategy`'s.
[[nodiscard]] RetryStrategy notifyOnRelease(RetryStrategy strategy);

// Jitter strategies from the AWS Architecture Blog's "Exponential Backoff and Jitter", for the
// harness; n counts retries from 0 and waits are at least 1 ns (a zero draw would stop the loop).
// Full jitter:   wait = random(0, min(cap, base * 2^n))
// Equal jitter:  t = min(cap, base * 2^n); wait = t/2 + random(0, t/2)
// Decorrelated:  wait = min(cap, random(base, previous * 3)), previous starting at base
// With a seed every schedule draws the same sequence; without one each draws its own.
[[nodiscard]] RetryStrategy fullJitter(std::chrono::nanoseconds base, std::chrono::nanoseconds cap,
                                       std::optional<std::uint64_t> seed = {});
[[nodiscard]] RetryStrategy equalJitter(std::chrono::nanoseconds base, std::chrono::nanoseconds cap,
                                        std::optional<std::uint64_t> seed = {});
[[nodiscard]] RetryStrategy decorrelatedJitter(std::chrono::nanoseconds base,
                                               std::chrono::nanoseconds cap,
                                               std::optional<std::uint64_t> seed = {});

} // namespace redislock
