#pragma once

#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/lock.h>
#include <redislock/options.h>
#include <redislock/reply.h>
#include <redislock/watchdog.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace redislock {

// Whether a Client wakes its waiters of notifyOnRelease strategies on keyspace events.
enum class ReleaseNotifications
{
    notStarted,  // no such obtain has waited yet
    listening,   // subscribed to the events that free a key
    unavailable, // off on the server (or refused): those waits are the strategy's alone
};

// Obtains locks on one Redis server, like redislock.Client in Go. Safe to use from many
// threads at once: it keeps a small pool of connections. Copies share the pool.
class Client
{
public:
    // Connects lazily: nothing is sent before the first call.
    explicit Client(ConnectionOptions options);
    [[nodiscard]] static std::expected<Client, Error> fromUrl(std::string_view url);

    // Obtains a lock on `key` for `ttl` (at least 1 ms; it is rounded down to whole ms).
    // Not obtained while another token holds the key: then options.retryStrategy says how
    // long to wait before trying again, until the strategy stops (ErrNotObtained), the deadline
    // passes (Errc::deadlineExceeded, which also equals ErrNotObtained) or the context's stop
    // token is triggered (Errc::cancelled, likewise). Without a deadline in `context` the
    // deadline is now + ttl, so retrying never outlasts one lock lifetime (the rule is
    // RetryLoop's). A connection or server error ends the loop at once and is returned as it
    // is, unless the caller's own deadline or stop token cut that round trip short: then the
    // outcome is deadlineExceeded or cancelled, with the error as its cause().
    [[nodiscard]] std::expected<Lock, Error> obtain(std::string key, std::chrono::nanoseconds ttl,
                                                    const Options &options = {},
                                                    const Context &context = {}) const;

    // The same over several keys, atomically: all of them or none.
    [[nodiscard]] std::expected<Lock, Error> obtainMulti(std::vector<std::string> keys,
                                                         std::chrono::nanoseconds ttl,
                                                         const Options &options = {},
                                                         const Context &context = {}) const;

    // A handle on a lock that another process obtained, from its keys, token and metadata,
    // so that it can be refreshed, released or asked for its ttl. Nothing is sent.
    [[nodiscard]] std::expected<Lock, Error> adopt(std::vector<std::string> keys, std::string token,
                                                   std::string_view metadata = {}) const;

    // Checks that the server is reachable and accepts our credentials.
    [[nodiscard]] std::expected<void, Error> ping(const Context &context = {}) const;

    [[nodiscard]] const ConnectionOptions &connectionOptions() const noexcept;

    // Sends any command, binary-safe, as go-redis would for a Go service: for tools that need
    // more than locks (seeding a sandbox, INFO for a status bar). Error replies are Replies.
    [[nodiscard]] std::expected<Reply, Error> command(const std::vector<std::string> &arguments,
                                                      const Context &context = {}) const;
    // Sends several commands in one write and reads their replies in order: one round trip
    // for a batch of reads (PTTL of many keys). Error replies are Replies, as with command().
    [[nodiscard]] std::expected<std::vector<Reply>, Error>
    pipeline(const std::vector<std::vector<std::string>> &commands,
             const Context &context = {}) const;

    // Deletes keys whatever they hold (DEL): the explicit "delete regardless" of an operator.
    // Returns how many existed. For a compare-and-delete, adopt() the lock and release() it.
    [[nodiscard]] std::expected<std::int64_t, Error>
    deleteKeys(const std::vector<std::string> &keys, const Context &context = {}) const;

    // Where the Client says, once each, what a caller may want to know but is no error: that
    // keyspace notifications are off, so notifyOnRelease waits fall back to their strategy.
    // Called on the thread that found out; without a handler nothing is said.
    void setDiagnosticHandler(std::function<void(const std::string &)> handler) const;
    [[nodiscard]] ReleaseNotifications releaseNotifications() const;

    // What the watchdog of this Client (and its copies) is doing: see Lock::keepAlive.
    [[nodiscard]] WatchdogStats watchdogStats() const;

private:
    friend class KeyScanner;
    std::shared_ptr<detail::ClientCore> core_;
};

} // namespace redislock
