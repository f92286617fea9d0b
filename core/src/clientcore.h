#pragma once

#include "connectionpool.h"
#include "releasenotifier.h"
#include "script.h"
#include "watchdog.h"

#include <redislock/connectionoptions.h>
#include <redislock/context.h>

#include <span>
#include <string>
#include <string_view>

namespace redislock::detail {

// What a Client and its Locks share: the connection pool and the lock scripts.
class ClientCore
{
public:
    explicit ClientCore(ConnectionOptions options)
        : pool_(std::move(options)), releaseNotifier_(pool_.options())
    {}

    [[nodiscard]] const ConnectionOptions &options() const noexcept { return pool_.options(); }

    [[nodiscard]] std::expected<Reply, Error> run(const Script &script,
                                                  std::span<const std::string> keys,
                                                  std::span<const std::string_view> arguments,
                                                  const Context &context);
    [[nodiscard]] std::expected<Reply, Error> command(const Command &command,
                                                      const Context &context);
    [[nodiscard]] std::expected<std::vector<Reply>, Error>
    pipeline(std::span<const Command> commands, const Context &context);

    // A connection of the pool on loan, for a caller that keeps it across several steps.
    [[nodiscard]] std::expected<ConnectionPool::Lease, Error> lease(const Context &context)
    {
        return pool_.acquire(context);
    }

    static const Script &obtainScript();
    static const Script &refreshScript();
    static const Script &releaseScript();
    static const Script &pttlScript();

    // The thread that keeps this Client's kept locks alive (Lock::keepAlive).
    [[nodiscard]] Watchdog &watchdog() noexcept { return watchdog_; }
    // The shared subscription that wakes notifyOnRelease waiters.
    [[nodiscard]] ReleaseNotifier &releaseNotifier() noexcept { return releaseNotifier_; }

private:
    ConnectionPool pool_;
    Watchdog watchdog_; // after the pool: its thread is gone before the pool goes
    ReleaseNotifier releaseNotifier_;
};

// The ttl in whole milliseconds, or an invalidArgument error below 1 ms (where the Go library
// would silently delete the key with PEXPIRE 0).
[[nodiscard]] std::expected<std::chrono::milliseconds, Error>
validTtl(std::chrono::nanoseconds ttl);

} // namespace redislock::detail
