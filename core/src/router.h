#pragma once

#include "connection.h"
#include "connectionpool.h"
#include "script.h"

#include <redislock/client.h>
#include <redislock/clustertopology.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>

#include <expected>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace redislock::detail {

// Tells the client's observer that the router re-routed (ClientCore::notifyTopology).
using TopologyNotifier = std::function<void(const TopologyEvent &)>;

// Where a ClientCore sends each command: the one home of "which server serves this". One router
// per client, shared by its copies and used by many threads at once, so every implementation is
// thread-safe. Three of them:
//   - standalone (makeStandaloneRouter): one pool to the one server;
//   - cluster (clusterrouter.cpp): a pool per node, the slot map, MOVED/ASK/TRYAGAIN/CLUSTERDOWN
//     and refreshes of the map after a node fails;
//   - Sentinel: a pool to the master the Sentinels name, re-resolved after a failure.
// Whatever a router does to find the right server (redirects, re-resolving, refreshing a map)
// stays inside it: callers get the final answer, or one Error that says what failed.
//
// Nodes are named "host:port" (ServerAddress::text(); the unix socket's path for a standalone
// server on one), as the deployment announces them: the names masters() gives are the names
// leaseOn() takes.
class Router
{
public:
    virtual ~Router() = default;

    // One command to the server that serves it (on a cluster: the master of its first key's
    // slot, any master for a command without a key). Error replies are Replies; redirects are
    // followed, so a MOVED or ASK comes back only when following them gave up.
    [[nodiscard]] virtual std::expected<Reply, Error> command(const Command &command,
                                                              const Context &context) = 0;
    // Several commands, each routed as command() routes it, answered in their order. A server
    // gets its share in one round trip.
    [[nodiscard]] virtual std::expected<std::vector<Reply>, Error>
    pipeline(std::span<const Command> commands, const Context &context) = 0;
    // A lock script (EVALSHA, EVAL after NOSCRIPT) on the master that serves keys.front(). As
    // Script::run: an error reply is an Error (with the server's address in its detail).
    [[nodiscard]] virtual std::expected<Reply, Error>
    run(const Script &script, std::span<const std::string> keys,
        std::span<const std::string_view> arguments, const Context &context) = 0;

    // A connection to a master, kept by a caller across several steps: the server, the master
    // the Sentinels name, or a cluster's first master.
    [[nodiscard]] virtual std::expected<ConnectionPool::Lease, Error>
    lease(const Context &context) = 0;
    // A connection to one node by name: a master or a replica the deployment knows of.
    // Errc::invalidArgument for a name it does not know.
    [[nodiscard]] virtual std::expected<ConnectionPool::Lease, Error>
    leaseOn(std::string_view node, const Context &context) = 0;

    // Every master that holds keys now, by name (see Client::masters).
    [[nodiscard]] virtual std::expected<std::vector<std::string>, Error>
    masters(const Context &context) = 0;
    // The master that serves `key` now.
    [[nodiscard]] virtual std::expected<std::string, Error> masterFor(std::string_view key,
                                                                      const Context &context) = 0;
    // The map, read now (see Client::topology): a cluster's own; for a single master, one shard
    // serving every slot with the replicas INFO replication reports (serverTopology()).
    [[nodiscard]] virtual std::expected<ClusterTopology, Error>
    topology(const Context &context) = 0;
};

// The router for options.deployment. `notify` is called (on the thread that noticed) whenever
// the router re-routes; it may be empty.
[[nodiscard]] std::unique_ptr<Router> makeRouter(const ConnectionOptions &options,
                                                 TopologyNotifier notify);
[[nodiscard]] std::unique_ptr<Router> makeStandaloneRouter(const ConnectionOptions &options);
[[nodiscard]] std::unique_ptr<Router> makeClusterRouter(const ConnectionOptions &options,
                                                        TopologyNotifier notify);

// Helpers the routers share.

// `options` aimed at one node: its host and port, everything else (credentials, TLS, timeouts,
// pool size) as the client's, as a standalone connection.
[[nodiscard]] ConnectionOptions nodeOptions(const ConnectionOptions &options,
                                            const ServerAddress &node);
// "host:port" or "[v6]:port" as a ServerAddress; invalidArgument naming the text otherwise.
[[nodiscard]] std::expected<ServerAddress, Error> parseNode(std::string_view node);
// One server's map: one shard serving every slot, whose master is `self` and whose replicas
// are those INFO replication lists (with their offsets), asked on `connection`.
[[nodiscard]] std::expected<ClusterTopology, Error>
serverTopology(Connection &connection, const std::string &self, const Context &context);

} // namespace redislock::detail
