#pragma once

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/error.h>
#include <redislock/options.h>
#include <redislock/retryloop.h>
#include <redislock/retrystrategy.h>

#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>

namespace redislock::harness {

// One harness client's lock: a single connection of its own and at most one lock held.
// The harness drives the retry loop itself, so that it can time every attempt; a contender
// only ever makes single attempts.
class Contender
{
public:
    virtual ~Contender() = default;

    // Exactly one obtain request to the server, no retrying: true when the lock was
    // acquired, false when another holder has it, an Error when the call failed.
    [[nodiscard]] virtual std::expected<bool, Error> tryObtain(const std::string &key,
                                                               std::chrono::nanoseconds ttl) = 0;
    // Releases what the last successful tryObtain() took: one request. Errc::lockNotHeld
    // when the lock was lost in the meantime (it expired and someone else took it).
    [[nodiscard]] virtual std::expected<void, Error> release() = 0;
    // Before an attempt: false when this client should not make it now but wait (another
    // waiter of the same lock client was handed the release).
    [[nodiscard]] virtual bool mayAttempt() { return true; }
    // After a failed attempt: the wait before the next one, as `strategy` (the loop's) says.
    // Empty: attempt now; else why the loop ends. A lock that can wait for the key's release
    // (notifyOnRelease strategies) cuts the wait short when the key is freed; the default
    // sleeps the strategy's wait.
    [[nodiscard]] virtual std::optional<RetryStop>
    waitToRetry(RetryLoop &loop, const RetryStrategy & /*strategy*/, const std::string & /*key*/)
    {
        return loop.wait();
    }
};

// Makes contenders: the lock under test. The harness asks for one per client, before the
// first run, and keeps them for every run. Pluggable so that a test can plug in a deliberately
// broken lock and see the harness's own violation check catch it.
class LockBackend
{
public:
    virtual ~LockBackend() = default;

    // A contender with its own connection, already checked (connected, authenticated), so
    // that connecting does not count as part of the first attempt.
    [[nodiscard]] virtual std::expected<std::unique_ptr<Contender>, Error>
    connect(const ConnectionOptions &connection) const = 0;
};

// The real thing: each contender is a redislock::Client of its own (so its own pool) that
// obtains with noRetry() and releases with Lock::release(); with a notifyOnRelease strategy it
// waits between attempts as obtain() would (a ReleaseWaiter), woken by the key's release.
class RedislockBackend final : public LockBackend
{
public:
    // `options` supplies metadata, token and fence key; its retry strategy is ignored
    // (the harness retries). Default: random tokens, no metadata, no fencing.
    explicit RedislockBackend(Options options = {});

    [[nodiscard]] std::expected<std::unique_ptr<Contender>, Error>
    connect(const ConnectionOptions &connection) const override;

private:
    Options options_;
};

} // namespace redislock::harness
