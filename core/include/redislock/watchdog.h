#pragma once

#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/lock.h>
#include <redislock/retrystrategy.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

namespace redislock {

namespace detail {
struct KeptEntry;
}

// Why a kept lock was lost. Every one of them means: stop acting as the holder now.
enum class LossReason
{
    notHeld, // a renewal found the key gone or holding another value (deleted, taken, expired)
    expired, // the validity ran out without a successful renewal (server unreachable, paused)
    budget,  // the lease budget (maximum hold time or renewals) is spent; no more renewals
    error,   // a renewal failed with an error that retrying cannot cure (ACL, wrong type)
};

// A phrase for messages: "the lock is held by someone else or gone", ...
[[nodiscard]] std::string_view describe(LossReason reason) noexcept;

// What the watchdog says when it gives a lock up.
struct LockLoss
{
    LossReason reason = LossReason::notHeld;
    // One line for a log: the key and what happened.
    std::string message;
    // The last renewal error, for expired and error.
    std::optional<Error> cause;
};

// What a Client's watchdog has done, for metrics and for checking its batching.
struct WatchdogStats
{
    std::size_t kept = 0;         // locks kept now
    std::uint64_t roundTrips = 0; // renewal batches sent (each one pipelined round trip)
    std::uint64_t renewals = 0;   // successful renewals
    bool threadRunning = false;   // whether the renewing thread exists now
};

// How Lock::keepAlive keeps a lock.
struct KeepAliveOptions
{
    // The ttl each renewal sets (at least 1 ms); renewals come every ttl/3.
    std::chrono::nanoseconds ttl{0};
    // The lease budget: a lock kept forever is a liveness bug waiting to happen (a holder that
    // hangs yet keeps renewing blocks everybody). Past either limit no more renewals are sent
    // and the loss (LossReason::budget) is signalled at the renewal that is not made, so the
    // holder still has the rest of the validity to wind down. Empty: no limit.
    std::optional<std::chrono::nanoseconds> maxHold;
    std::optional<std::uint64_t> maxRenewals;
    // How to retry a renewal that failed with a transient error (connection dropped, server
    // loading). Retries never go past the validity: then the lock counts as lost. Empty: a
    // wait of ttl/30 (at least 1 ms) between attempts.
    std::optional<RetryStrategy> retryStrategy;
    // Called once, on the watchdog's thread, when the lock is lost: keep it short and do not
    // wait on the Client's other kept locks from it. The stop token is requested before.
    std::function<void(const LockLoss &)> onLost;
};

// A lock kept alive by its Client's watchdog: one background thread per Client, started with the
// first kept lock and ended after the last is released, renews every kept lock at a third of its
// ttl, the locks falling due together in one pipelined round trip. The guard releases the lock
// when it goes out of scope (unless it was lost or released before).
//
//     auto kept = lock->keepAlive({.ttl = 10s});
//     while (!kept->lostToken().stop_requested()) work();
//
// Validity, as redsync and node-redlock compute it on the steady clock: the time the last
// successful renewal (or the obtain) was sent + ttl − drift, drift = ttl/100 + 2 ms. Past it,
// the lock may already be someone else's.
class KeptLock
{
public:
    KeptLock(KeptLock &&) noexcept;
    KeptLock &operator=(KeptLock &&) noexcept;
    KeptLock(const KeptLock &) = delete;
    KeptLock &operator=(const KeptLock &) = delete;
    // Stops keeping and releases the lock if it still counts as held.
    ~KeptLock();

    [[nodiscard]] const Lock &lock() const noexcept;
    // Requested when the lock is lost (never by release()): pass it to the work the lock guards.
    [[nodiscard]] std::stop_token lostToken() const noexcept;
    [[nodiscard]] bool lost() const;
    // Why it was lost, once it was.
    [[nodiscard]] std::optional<LockLoss> loss() const;
    // Until when the lock is certainly ours (see above); in the past once lost.
    [[nodiscard]] Context::Clock::time_point validUntil() const;
    // Successful renewals so far.
    [[nodiscard]] std::uint64_t renewals() const;

    // Stops keeping, then releases the lock (ErrLockNotHeld when it was lost meanwhile).
    // Afterwards the guard holds nothing; a second call says ErrLockNotHeld.
    [[nodiscard]] std::expected<void, Error> release(const Context &context = {});
    // Stops keeping without releasing: the lock runs out at its ttl unless refreshed.
    Lock detach();

private:
    friend class Lock;
    KeptLock(Lock lock, std::shared_ptr<detail::KeptEntry> entry);
    void stopKeeping();

    Lock lock_;
    std::shared_ptr<detail::KeptEntry> entry_;
};

} // namespace redislock
