#pragma once

#include "connectionpool.h"
#include "releasenotifier.h"
#include "router.h"
#include "script.h"
#include "watchdog.h"

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

namespace redislock::detail {

// What a Client and its Locks share: the options, the router (which server serves what, and
// the connection pools; see router.h) and the lock scripts.
class ClientCore
{
public:
    explicit ClientCore(ConnectionOptions options);
    ~ClientCore();

    [[nodiscard]] const ConnectionOptions &options() const noexcept { return options_; }

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
        return router_->lease(context);
    }

    // Per-node work (see Client::masters, Client::commandOn).
    [[nodiscard]] std::expected<std::vector<std::string>, Error> masters(const Context &context);
    [[nodiscard]] std::expected<std::string, Error> masterFor(std::string_view key,
                                                              const Context &context);
    [[nodiscard]] std::expected<ConnectionPool::Lease, Error> leaseOn(std::string_view node,
                                                                      const Context &context);
    [[nodiscard]] std::expected<ClusterTopology, Error> topology(const Context &context)
    {
        return router_->topology(context);
    }
    // This server's own name as masters() gives it: "host:port", or the socket's path.
    [[nodiscard]] std::string ownAddress() const;

    void setTopologyObserver(std::function<void(const TopologyEvent &)> observer);
    void notifyTopology(const TopologyEvent &event);

    static const Script &obtainScript();
    static const Script &refreshScript();
    static const Script &releaseScript();
    static const Script &handoverScript();
    static const Script &pttlScript();
    static const Script &forceReleaseScript();

    // The thread that keeps this Client's kept locks alive (Lock::keepAlive).
    [[nodiscard]] Watchdog &watchdog() noexcept { return watchdog_; }
    // The shared subscription that wakes notifyOnRelease waiters.
    [[nodiscard]] ReleaseNotifier &releaseNotifier() noexcept { return releaseNotifier_; }

private:
    const ConnectionOptions options_;
    std::mutex observerMutex_;
    std::function<void(const TopologyEvent &)> observer_;
    // Before the router, which tells it of topology changes until the router's own thread (the
    // Sentinel router's) and the watchdog's are joined; its threads use Clients of their own.
    ReleaseNotifier releaseNotifier_;
    std::unique_ptr<Router> router_;
    // After the router: its thread is gone before the router goes.
    Watchdog watchdog_;
};

// The ttl in whole milliseconds, or an invalidArgument error below 1 ms (where the Go library
// would silently delete the key with PEXPIRE 0).
[[nodiscard]] std::expected<std::chrono::milliseconds, Error>
validTtl(std::chrono::nanoseconds ttl);

} // namespace redislock::detail
