#pragma once

#include "connection.h"
#include "router.h"
#include "tlscontext.h"

#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/error.h>

#include <expected>
#include <memory>
#include <mutex>
#include <vector>

namespace redislock::detail {

// The sentinels of a redis-sentinel:// client, and what they say about its master, as
// go-redis's sentinelFailover asks them. Each question opens a connection of its own to a
// sentinel (with the sentinels' credentials, and TLS when the URL is rediss-sentinel://): a
// client asks only when it starts and after its master failed, so nothing is kept open.
// Thread-safe.
class SentinelResolver
{
public:
    explicit SentinelResolver(const ConnectionOptions &options);

    // The master's address: SENTINEL GET-MASTER-ADDR-BY-NAME asked of the sentinels in order,
    // the first that names one answers (and is asked first from then on, as go-redis swaps it
    // to the front). The address is then checked with ROLE, with the master's credentials:
    // during a failover a sentinel can still name the old master, demoted to a replica since,
    // so the sentinels are asked again, a little later each time, until the one they name says
    // "master" or the connect timeout (or the context) runs out.
    [[nodiscard]] std::expected<ServerAddress, Error> master(const Context &context);

    // The master's replicas as SENTINEL REPLICAS lists them, without those the sentinels
    // flag s_down, o_down or disconnected.
    [[nodiscard]] std::expected<std::vector<ServerAddress>, Error> replicas(const Context &context);

    // The sentinels, in the order they are asked now.
    [[nodiscard]] std::vector<ServerAddress> sentinels() const;

    // A connection to one sentinel, with the sentinels' credentials.
    [[nodiscard]] std::expected<std::unique_ptr<Connection>, Error>
    connect(const ServerAddress &sentinel, const Context &context);

private:
    // Asks the master's address once; no ROLE check.
    [[nodiscard]] std::expected<ServerAddress, Error> askMaster(const Context &context);
    // What `sentinel` answers to `command`, on a fresh connection.
    [[nodiscard]] std::expected<Reply, Error> ask(const ServerAddress &sentinel,
                                                  const std::vector<std::string> &command,
                                                  const Context &context);
    // The role `address` reports: "master", "slave", ... (with the master's credentials).
    [[nodiscard]] std::expected<std::string, Error> role(const ServerAddress &address,
                                                         const Context &context);
    [[nodiscard]] std::expected<const TlsContext *, Error> tls();

    const ConnectionOptions options_;
    mutable std::mutex mutex_;
    std::vector<ServerAddress> sentinels_; // the one that answered last first
    std::shared_ptr<TlsContext> tls_;
};

// The router of a redis-sentinel:// client (see router.h).
[[nodiscard]] std::unique_ptr<Router> makeSentinelRouter(const ConnectionOptions &options,
                                                         TopologyNotifier notify);

} // namespace redislock::detail
