#pragma once

#include <redislock/clustertopology.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/lock.h>
#include <redislock/options.h>
#include <redislock/releasewaiter.h>
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

// The client changed where it sends commands: a cluster's map changed (a MOVED redirect, a
// refresh after a node failed), or the Sentinels named a new master.
struct TopologyEvent
{
    enum class Kind
    {
        slotMoved,     // a MOVED redirect moved a slot to another master
        mapRefreshed,  // the cluster's map was read again (a node failed or was unreachable)
        masterChanged, // a cluster failover or the Sentinels name another master
    };
    Kind kind = Kind::mapRefreshed;
    std::string from;        // the node that served before ("host:port"), when known
    std::string to;          // the node that serves now, when known
    std::string description; // one line in English, for a log or a status bar
};

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

    // The same over several keys, atomically: all of them or none. On a cluster the keys and
    // options.fenceKey must share one hash slot ("{order}:a" and "{order}:b" do): otherwise
    // Errc::invalidArgument, naming the slots, before anything is sent.
    [[nodiscard]] std::expected<Lock, Error> obtainMulti(std::vector<std::string> keys,
                                                         std::chrono::nanoseconds ttl,
                                                         const Options &options = {},
                                                         const Context &context = {}) const;

    // A handle on a lock that another process obtained, from its keys, token and metadata,
    // so that it can be refreshed, released or asked for its ttl. Nothing is sent. On a cluster
    // the keys must share one hash slot, as for obtainMulti.
    [[nodiscard]] std::expected<Lock, Error> adopt(std::vector<std::string> keys, std::string token,
                                                   std::string_view metadata = {}) const;

    // Checks that the server is reachable and accepts our credentials; on a cluster, every
    // master (the map is read first).
    [[nodiscard]] std::expected<void, Error> ping(const Context &context = {}) const;

    [[nodiscard]] const ConnectionOptions &connectionOptions() const noexcept;
    [[nodiscard]] Deployment deployment() const noexcept;

    // Every server that holds keys now, by "host:port" as the deployment announces it: the
    // server itself (standalone), the master the Sentinels name, or every master of a cluster
    // (from its map, read on first use and after a failure).
    [[nodiscard]] std::expected<std::vector<std::string>, Error>
    masters(const Context &context = {}) const;
    // The master that serves `key` now: on a cluster, the master of the key's hash slot.
    [[nodiscard]] std::expected<std::string, Error> masterFor(std::string_view key,
                                                              const Context &context = {}) const;
    // The map: a cluster's shards as CLUSTER SHARDS (or SLOTS) tells; for a standalone server
    // or a Sentinel master, one shard that serves every slot with the replicas it reports.
    [[nodiscard]] std::expected<ClusterTopology, Error> topology(const Context &context = {}) const;

    // Sends to one node named as masters() or topology() names it (a replica too), without
    // routing or following redirects: for work that is per node (SCAN, INFO, a replica's
    // READONLY + GET). Error replies are Replies.
    [[nodiscard]] std::expected<Reply, Error> commandOn(std::string_view node,
                                                        const std::vector<std::string> &arguments,
                                                        const Context &context = {}) const;
    [[nodiscard]] std::expected<std::vector<Reply>, Error>
    pipelineOn(std::string_view node, const std::vector<std::vector<std::string>> &commands,
               const Context &context = {}) const;

    // Called, on whichever thread noticed, each time the client re-routes (see TopologyEvent).
    // One observer per client and its copies; an empty function removes it. It must not call
    // back into this client.
    void setTopologyObserver(std::function<void(const TopologyEvent &)> observer) const;

    // Sends any command, binary-safe, as go-redis would for a Go service: for tools that need
    // more than locks (seeding a sandbox, INFO for a status bar). Error replies are Replies.
    // On a cluster a command goes to the master of its first key's slot (for EVAL and EVALSHA
    // the first key after numkeys), following MOVED and ASK; one without a key goes to any
    // master. pipeline() sends each node its share in one round trip and answers in order.
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
    // A place among this Client's waiters for the release of `keys` (all in one hash slot on
    // a cluster), for a caller that runs its own retry loop: see ReleaseWaiter.
    [[nodiscard]] ReleaseWaiter releaseWaiter(std::vector<std::string> keys,
                                              const Context &context = {}) const;

    // What the watchdog of this Client (and its copies) is doing: see Lock::keepAlive.
    [[nodiscard]] WatchdogStats watchdogStats() const;

private:
    friend class KeyScanner;
    std::shared_ptr<detail::ClientCore> core_;
};

} // namespace redislock
