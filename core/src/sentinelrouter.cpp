#include "replyerror.h"
#include "router.h"
#include "sentinel.h"

#include <redislock/printable.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <stop_token>
#include <thread>
#include <utility>

namespace redislock::detail {

namespace {

// Commands that only read: sending one again after its connection broke mid-way cannot do
// anything twice.
bool onlyReads(const Command &command)
{
    static constexpr std::array<std::string_view, 37> reads = {
        "DBSIZE",  "DUMP",      "ECHO",        "EXISTS", "EXPIRETIME", "GET",    "GETRANGE",
        "HEXISTS", "HGET",      "HGETALL",     "HKEYS",  "HLEN",       "HMGET",  "HSCAN",
        "HVALS",   "INFO",      "KEYS",        "LINDEX", "LLEN",       "LRANGE", "MEMORY",
        "MGET",    "OBJECT",    "PEXPIRETIME", "PING",   "PTTL",       "ROLE",   "SCAN",
        "SCARD",   "SISMEMBER", "SMEMBERS",    "SSCAN",  "STRLEN",     "TIME",   "TTL",
        "TYPE",    "ZRANGE",
    };
    if (command.empty())
        return false;
    std::string name(command.front());
    std::ranges::transform(name, name.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    });
    return std::ranges::find(reads, name) != reads.end();
}

// A reply that says the server is no master (any more): READONLY from a demoted master,
// MASTERDOWN from a replica that lost its master. The server did not run the command.
bool refusedAsNoMaster(ServerError kind)
{
    return kind == ServerError::readOnly || kind == ServerError::masterDown;
}

bool refusedAsNoMaster(const Reply &reply)
{
    return reply.isError() && refusedAsNoMaster(classifyReplyError(reply.text).kind);
}

bool refusedAsNoMaster(const std::vector<Reply> &replies)
{
    return std::ranges::any_of(replies, [](const Reply &r) { return refusedAsNoMaster(r); });
}

// An error that says the master failed us: unreachable, the connection broke or timed out, or
// it is no master any more. Not a wrong password, a script error, a cancelled call.
bool masterFailed(const Error &error)
{
    return error == Errc::connectionFailed || error == Errc::connectionClosed ||
           error == Errc::timeout || refusedAsNoMaster(error.serverError());
}

// The master the Sentinels name: one pool to it, found again after it fails. A pool is kept per
// server the client has talked to (the master, replicas asked by name, a master before a
// failover), for the router's lifetime: a lease in flight points into its pool, and a failover
// back makes the old pool useful again.
class SentinelRouter final : public Router
{
public:
    SentinelRouter(const ConnectionOptions &options, TopologyNotifier notify)
        : options_(options), resolver_(options), notify_(std::move(notify))
    {}

    std::expected<Reply, Error> command(const Command &command, const Context &context) override
    {
        return routed<Reply>(context, onlyReads(command), [&](ConnectionPool::Lease &connection) {
            return connection->command(command, context);
        });
    }

    std::expected<std::vector<Reply>, Error> pipeline(std::span<const Command> commands,
                                                      const Context &context) override
    {
        return routed<std::vector<Reply>>(context, std::ranges::all_of(commands, onlyReads),
                                          [&](ConnectionPool::Lease &connection) {
                                              return connection->pipeline(commands, context);
                                          });
    }

    // The lock scripts are compare-and-set on the token: obtain sets a key that is absent or
    // already starts with the token, refresh and release touch it only while it holds the
    // token. Run twice (the first run's reply lost with its connection), each does what it did
    // once; at worst a release that did delete the key reports "not held" the second time.
    // So they are sent again on the new master, as go-redis retries them.
    std::expected<Reply, Error> run(const Script &script, std::span<const std::string> keys,
                                    std::span<const std::string_view> arguments,
                                    const Context &context) override
    {
        return routed<Reply>(context, true, [&](const ConnectionPool::Lease &connection) {
            return script.run(*connection, keys, arguments, context);
        });
    }

    std::expected<ConnectionPool::Lease, Error> lease(const Context &context) override
    {
        auto master = current(context);
        if (!master)
            return std::unexpected(master.error());
        auto lease = master->pool->acquire(context);
        if (lease || !retryable(lease.error(), context))
            return lease;
        auto next = reresolve(master->name, context);
        if (!next)
            return std::unexpected(next.error());
        return next->pool->acquire(context);
    }

    std::expected<ConnectionPool::Lease, Error> leaseOn(std::string_view node,
                                                        const Context &context) override
    {
        auto master = current(context);
        if (!master)
            return std::unexpected(master.error());
        if (node == master->name)
            return lease(context);
        if (auto known = pool(node))
            return known->acquire(context);
        // Not talked to yet: one of the master's replicas, as the map lists them?
        auto map = topology(context);
        if (!map)
            return std::unexpected(map.error());
        std::vector<std::string> names;
        for (const auto &replica : map->shards.front().replicas) {
            if (replica.address() == node)
                return poolFor({replica.host, replica.port}).acquire(context);
            names.push_back(replica.address());
        }
        std::string replicas;
        for (const auto &name : names)
            replicas += ", " + name;
        return std::unexpected(Error(
            Errc::invalidArgument,
            "unknown node \"" + printable(node) + "\": the master of \"" +
                printable(options_.masterName) + "\" is " + master->name +
                (names.empty() ? ", without replicas" : "; its replicas: " + replicas.substr(2))));
    }

    std::expected<std::vector<std::string>, Error> masters(const Context &context) override
    {
        auto master = current(context);
        if (!master)
            return std::unexpected(master.error());
        return std::vector<std::string>{master->name};
    }

    std::expected<std::string, Error> masterFor(std::string_view, const Context &context) override
    {
        auto master = current(context);
        if (!master)
            return std::unexpected(master.error());
        return master->name;
    }

    // One shard: the master with the replicas its INFO replication lists (with their offsets),
    // and any other replica the sentinels know and do not flag down.
    std::expected<ClusterTopology, Error> topology(const Context &context) override
    {
        std::string self;
        auto map = routed<ClusterTopology>(
            context, true, [&](const ConnectionPool::Lease &connection, const std::string &master) {
                self = master;
                return serverTopology(*connection, master, context);
            });
        if (!map)
            return map;
        if (auto known = resolver_.replicas(context)) {
            auto &replicas = map->shards.front().replicas;
            for (const auto &address : *known) {
                const bool listed = std::ranges::any_of(replicas, [&](const ClusterNode &node) {
                    return node.host == address.host && node.port == address.port;
                });
                if (!listed && address.text() != self) {
                    ClusterNode replica;
                    replica.host = address.host;
                    replica.port = address.port;
                    replica.health = "online";
                    replicas.push_back(std::move(replica));
                }
            }
        }
        return map;
    }

private:
    struct Master
    {
        std::string name; // "host:port"
        ConnectionPool *pool = nullptr;
    };

    // Worth asking the sentinels again: the master failed us, and the caller still waits.
    [[nodiscard]] static bool retryable(const Error &error, const Context &context)
    {
        return masterFailed(error) && !context.stopRequested() &&
               (!context.deadline() || Context::Clock::now() < *context.deadline());
    }

    // Runs `operation` on a connection to the master. When the master fails it (see
    // masterFailed), or answers that it is no master, the sentinels are asked again, and the
    // operation is sent once more, to the master they name now, when that is safe: always when
    // the first was not run (no connection, or refused with READONLY or MASTERDOWN), otherwise
    // only when `repeatable` (it reads, or is a lock script).
    template <class T, class Operation>
    std::expected<T, Error> routed(const Context &context, bool repeatable, Operation operation)
    {
        auto master = current(context);
        if (!master)
            return std::unexpected(master.error());
        for (int attempt = 0;; ++attempt) {
            bool sent = false;
            // Every branch below assigns it; T need not be default-constructible.
            std::expected<T, Error> result = std::unexpected(Error());
            if (auto connection = master->pool->acquire(context); !connection) {
                result = std::unexpected(connection.error());
            } else {
                sent = true;
                if constexpr (std::is_invocable_v<Operation, ConnectionPool::Lease &,
                                                  const std::string &>)
                    result = operation(*connection, master->name);
                else
                    result = operation(*connection);
            }
            bool refused = false;
            if (result) {
                if constexpr (std::is_same_v<T, Reply> || std::is_same_v<T, std::vector<Reply>>)
                    refused = refusedAsNoMaster(*result);
            } else {
                refused = refusedAsNoMaster(result.error().serverError());
            }
            const bool failed = refused || (!result && retryable(result.error(), context));
            if (!failed || attempt > 0)
                return result;
            auto next = reresolve(master->name, context);
            if (!next) {
                // A reply stays the answer; an error is better told by why no master was found.
                if (result)
                    return result;
                return std::unexpected(next.error());
            }
            if (sent && !refused && !repeatable)
                return result;
            master = std::move(next);
        }
    }

    // The master now: resolved on first use.
    std::expected<Master, Error> current(const Context &context)
    {
        {
            const std::scoped_lock lock(mutex_);
            if (!master_.empty())
                return Master{master_, pools_.at(master_).get()};
        }
        return reresolve({}, context);
    }

    // Asks the sentinels again, after `failed` failed (empty: on first use). One thread asks at
    // a time; the others that saw the same master fail take its answer.
    std::expected<Master, Error> reresolve(const std::string &failed, const Context &context)
    {
        const std::scoped_lock resolving(resolveMutex_);
        {
            const std::scoped_lock lock(mutex_);
            if (!master_.empty() && master_ != failed)
                return Master{master_, pools_.at(master_).get()};
        }
        auto address = resolver_.master(context);
        if (!address)
            return std::unexpected(address.error());
        if (!watcher_.joinable())
            watcher_ = std::jthread([this](std::stop_token stop) { watch(stop); });
        return adopt(*address);
    }

    // Routes to `address` from now on, and tells the observer when that is a change. The
    // caller holds resolveMutex_.
    Master adopt(const ServerAddress &address)
    {
        Master master{address.text(), &poolFor(address)};
        std::string previous;
        {
            const std::scoped_lock lock(mutex_);
            previous = std::exchange(master_, master.name);
        }
        if (!previous.empty() && previous != master.name && notify_) {
            notify_(TopologyEvent{
                .kind = TopologyEvent::Kind::masterChanged,
                .from = previous,
                .to = master.name,
                .description = "the sentinels name " + master.name + " as the master of \"" +
                               printable(options_.masterName) + "\" (was " + previous + ")",
            });
        }
        return master;
    }

    // Follows the sentinels' +switch-master announcements, on a thread of its own, as
    // go-redis's sentinelFailover does: after a failover the demoted master serves reads as a
    // replica without an error, so without them a client that only reads (a scan, an
    // inspector) would never learn that the master moved. A sentinel that goes away is
    // replaced by the next one, a second later. Failures found by commands still re-resolve
    // (a switch announced while no sentinel was listened to is not lost).
    void watch(const std::stop_token &stop)
    {
        const Context context(stop);
        for (std::size_t turn = 0; !stop.stop_requested(); ++turn) {
            const auto sentinels = resolver_.sentinels();
            const ServerAddress &sentinel = sentinels[turn % sentinels.size()];
            if (auto connection = resolver_.connect(sentinel, context)) {
                const std::string_view subscribe[] = {"SUBSCRIBE", "+switch-master"};
                auto subscribed = (*connection)->command(subscribe, context);
                while (subscribed && !subscribed->isError()) {
                    auto pushed = (*connection)->receivePushed(context);
                    if (!pushed)
                        break;
                    if (auto address = switchedTo(*pushed)) {
                        const std::scoped_lock resolving(resolveMutex_);
                        adopt(*address);
                    }
                }
            }
            if (!context.sleepFor(std::chrono::seconds(1)))
                return;
        }
    }

    // The new master of a "+switch-master" message about our master: its payload is
    // "NAME OLD-IP OLD-PORT NEW-IP NEW-PORT".
    std::optional<ServerAddress> switchedTo(const Reply &message) const
    {
        if (message.type != Reply::Type::array || message.elements.size() != 3 ||
            message.elements[0].text != "message")
            return std::nullopt;
        std::vector<std::string_view> words;
        std::string_view payload = message.elements[2].text;
        // The name comes first and may, in principle, hold spaces: the addresses are the
        // last four words.
        for (int i = 0; i < 4; ++i) {
            const auto space = payload.rfind(' ');
            if (space == std::string_view::npos)
                return std::nullopt;
            words.push_back(payload.substr(space + 1));
            payload = payload.substr(0, space);
        }
        if (payload != options_.masterName)
            return std::nullopt;
        std::uint16_t port = 0;
        const std::string_view portText = words[0];
        const auto [end, ec] =
            std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (ec != std::errc() || end != portText.data() + portText.size() || port == 0)
            return std::nullopt;
        return ServerAddress{std::string(words[1]), port};
    }

    ConnectionPool &poolFor(const ServerAddress &address)
    {
        const std::scoped_lock lock(mutex_);
        auto &pool = pools_[address.text()];
        if (!pool)
            pool = std::make_unique<ConnectionPool>(nodeOptions(options_, address));
        return *pool;
    }

    ConnectionPool *pool(std::string_view node)
    {
        const std::scoped_lock lock(mutex_);
        const auto found = pools_.find(node);
        return found == pools_.end() ? nullptr : found->second.get();
    }

    const ConnectionOptions options_;
    SentinelResolver resolver_;
    const TopologyNotifier notify_;
    std::mutex resolveMutex_; // one resolution at a time; taken before mutex_
    std::mutex mutex_;        // master_ and pools_
    std::string master_;      // empty until resolved
    std::map<std::string, std::unique_ptr<ConnectionPool>, std::less<>> pools_;
    // Last, so that it stops (and is joined) before anything it uses is destroyed. Started by
    // the first resolution, under resolveMutex_: a client that never connects has no thread.
    std::jthread watcher_;
};

} // namespace

std::unique_ptr<Router> makeSentinelRouter(const ConnectionOptions &options,
                                           TopologyNotifier notify)
{
    return std::make_unique<SentinelRouter>(options, std::move(notify));
}

} // namespace redislock::detail
