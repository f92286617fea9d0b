#pragma once

#include <redislock/context.h>
#include <redislock/retryloop.h>
#include <redislock/watchdog.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace redislock::detail {

class ClientCore;

// One kept lock as the watchdog sees it. The constant part is set before it is kept; the rest
// is guarded by `mutex`, as the guard reads it from its own thread.
struct KeptEntry
{
    using Clock = Context::Clock;

    std::shared_ptr<ClientCore> core; // keeps the pool alive while the lock is kept
    std::vector<std::string> keys;
    std::string value;
    std::string ttlText; // whole milliseconds, as the refresh script takes it
    std::chrono::nanoseconds ttl{0};
    std::chrono::nanoseconds period{0}; // ttl / 3
    std::chrono::nanoseconds drift{0};  // ttl / 100 + 2 ms
    RetryStrategy retryStrategy;
    std::optional<std::uint64_t> maxRenewals;
    std::optional<Clock::time_point> holdUntil;
    std::function<void(const LockLoss &)> onLost;
    std::stop_source lostSource;

    mutable std::mutex mutex;
    Clock::time_point due;        // the next renewal
    Clock::time_point validUntil; // the lock is ours until then
    std::uint64_t renewals = 0;
    std::optional<LockLoss> loss;
    std::optional<RetryLoop> retrying; // while renewals fail with transient errors
    std::optional<Error> lastError;    // of the failing renewals, the cause of an expiry
    bool kept = true;                  // false once the guard stopped keeping it

    // Validity of a renewal (or obtain) sent at `sent`.
    [[nodiscard]] Clock::time_point validityFrom(Clock::time_point sent) const
    {
        return RetryLoop::after(sent, ttl - drift);
    }
};

// The drift that validity allows for (clock rates, the server's expiry granularity): 1 % of
// the ttl + 2 ms, as redsync and node-redlock.
[[nodiscard]] std::chrono::nanoseconds validityDrift(std::chrono::nanoseconds ttl) noexcept;

// The renewing thread of one Client, shared by all its kept locks: started by the first keep(),
// ended and joined when the last one is forgotten, so that a Client with no kept lock has no
// thread. Renews every lock at a third of its ttl; the locks due within a quarter of their
// period are renewed early with them, so locks kept at about the same time travel together
// in one pipelined round trip.
class Watchdog
{
public:
    Watchdog();
    ~Watchdog();
    Watchdog(const Watchdog &) = delete;
    Watchdog &operator=(const Watchdog &) = delete;

    void keep(std::shared_ptr<KeptEntry> entry);
    // Stops renewing `entry`; joins the thread when it was the last (unless called from it, in
    // a loss callback: then the thread ends by itself).
    void forget(const std::shared_ptr<KeptEntry> &entry);
    [[nodiscard]] WatchdogStats stats() const;

    struct State;

private:
    std::shared_ptr<State> state_;
};

} // namespace redislock::detail
