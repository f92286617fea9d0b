#pragma once

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/error.h>
#include <redislock/options.h>

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
// obtains with noRetry() and releases with Lock::release().
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
