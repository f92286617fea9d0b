#include "replyerror.h"
#include "router.h"
#include "topologyreader.h"

#include <redislock/hashslot.h>
#include <redislock/printable.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace redislock::detail {

namespace {

using namespace std::chrono_literals;
using Clock = Context::Clock;

// As go-redis's ClusterClient: at most this many MOVED or ASK redirects per command, then the
// command fails rather than chasing a map that keeps changing.
constexpr int maxRedirects = 3;
// TRYAGAIN (a multi-key command while its keys are split by a migration) and CLUSTERDOWN (a
// failover in progress) pass within moments: a few tries, the waits doubling from this, never
// past the caller's deadline.
constexpr int maxTransientRetries = 5;
constexpr auto firstBackoff = 25ms;
constexpr auto maxBackoff = 400ms;
// A failing node makes every caller that uses it ask for a new map: one read per this long is
// enough, the others use the map it gave.
constexpr auto refreshInterval = 500ms;

std::string upper(std::string_view text)
{
    std::string result(text);
    for (char &c : result)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return result;
}

std::optional<std::size_t> count(std::string_view text)
{
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// The key whose slot decides where a command goes, as Redis's key specs place it for the
// commands a lock tool sends: null for a command without one (PING, INFO, SCAN, CLUSTER ...),
// which any master can serve.
std::optional<std::string_view> routingKey(const Command &command)
{
    if (command.size() < 2)
        return std::nullopt;
    static const std::unordered_set<std::string_view> keyless{
        "ACL",       "ASKING",       "AUTH",     "BGREWRITEAOF", "BGSAVE",     "CLIENT",
        "CLUSTER",   "COMMAND",      "CONFIG",   "DBSIZE",       "DEBUG",      "DISCARD",
        "ECHO",      "EXEC",         "FLUSHALL", "FLUSHDB",      "FUNCTION",   "HELLO",
        "INFO",      "KEYS",         "LASTSAVE", "LATENCY",      "LOLWUT",     "MEMORY",
        "MODULE",    "MONITOR",      "MULTI",    "PING",         "PSUBSCRIBE", "PUBLISH",
        "PUBSUB",    "PUNSUBSCRIBE", "QUIT",     "RANDOMKEY",    "READONLY",   "READWRITE",
        "REPLICAOF", "RESET",        "ROLE",     "SAVE",         "SCAN",       "SCRIPT",
        "SELECT",    "SHUTDOWN",     "SLAVEOF",  "SLOWLOG",      "SUBSCRIBE",  "SWAPDB",
        "TIME",      "UNSUBSCRIBE",  "UNWATCH",  "WAIT",         "WAITAOF",
    };
    const std::string name = upper(command[0]);
    if (name == "EVAL" || name == "EVALSHA" || name == "EVAL_RO" || name == "EVALSHA_RO" ||
        name == "FCALL" || name == "FCALL_RO") {
        const auto keys = command.size() > 2 ? count(command[2]) : std::nullopt;
        if (!keys || *keys == 0 || command.size() < 4)
            return std::nullopt;
        return command[3];
    }
    if (name == "MEMORY" && command.size() > 2 && upper(command[1]) == "USAGE")
        return command[2];
    if (keyless.contains(name))
        return std::nullopt;
    if (name == "XREAD" || name == "XREADGROUP") {
        const auto streams = std::ranges::find_if(
            command, [](std::string_view argument) { return upper(argument) == "STREAMS"; });
        if (streams == command.end() || std::next(streams) == command.end())
            return std::nullopt;
        return *std::next(streams);
    }
    if (name == "OBJECT" || name == "XINFO" || name == "XGROUP" || name == "BITOP")
        return command.size() > 2 ? std::optional(command[2]) : std::nullopt;
    if (name == "ZUNION" || name == "ZINTER" || name == "ZDIFF" || name == "SINTERCARD" ||
        name == "ZINTERCARD" || name == "LMPOP" || name == "ZMPOP")
        return command.size() > 2 ? std::optional(command[2]) : std::nullopt;
    if (name == "BLMPOP" || name == "BZMPOP")
        return command.size() > 3 ? std::optional(command[3]) : std::nullopt;
    if (name == "MIGRATE")
        return command.size() > 3 && !command[3].empty() ? std::optional(command[3]) : std::nullopt;
    return command[1];
}

// The error of a node that could not be reached or broke off: the node may have failed, so
// the map may be stale.
bool nodeFailed(const Error &error)
{
    return error == Errc::connectionFailed || error == Errc::connectionClosed ||
           error == Errc::timeout;
}

std::string nodeName(const ClusterNode &node)
{
    return ServerAddress{node.host, node.port}.text();
}

// The map commands are routed by: an immutable snapshot, replaced whole (copy on write), so
// that a reader keeps a consistent one for as long as it needs it without holding a lock.
struct SlotMap
{
    ClusterTopology topology;
    std::vector<std::string> masters;                   // those with slots, by first slot
    std::vector<std::string> nodes;                     // every node, masters first
    std::array<std::int16_t, clusterSlotCount> owner{}; // into masters; -1: nobody

    explicit SlotMap(ClusterTopology map) : topology(std::move(map))
    {
        owner.fill(-1);
        for (const ClusterShard &shard : topology.shards) {
            const std::string master = nodeName(shard.master);
            nodes.push_back(master);
            if (shard.slots.empty())
                continue;
            const auto index = static_cast<std::int16_t>(masters.size());
            masters.push_back(master);
            for (const SlotRange &range : shard.slots)
                std::fill(owner.begin() + range.first, owner.begin() + range.last + 1, index);
        }
        for (const ClusterShard &shard : topology.shards)
            for (const ClusterNode &replica : shard.replicas)
                nodes.push_back(nodeName(replica));
    }

    [[nodiscard]] const std::string *masterOf(std::uint16_t slot) const
    {
        const auto index = owner[slot];
        return index < 0 ? nullptr : &masters[static_cast<std::size_t>(index)];
    }
    [[nodiscard]] bool knows(std::string_view node) const
    {
        return std::ranges::find(nodes, node) != nodes.end();
    }
};

class ClusterRouter final : public Router
{
public:
    ClusterRouter(const ConnectionOptions &options, TopologyNotifier notify)
        : options_(options), notify_(std::move(notify)),
          seeds_(options.seeds.empty() ? std::vector<ServerAddress>{{options.host, options.port}}
                                       : options.seeds)
    {}

    std::expected<Reply, Error> command(const Command &command, const Context &context) override
    {
        std::string peer;
        return execute(command, context, peer);
    }

    std::expected<std::vector<Reply>, Error> pipeline(std::span<const Command> commands,
                                                      const Context &context) override;

    std::expected<Reply, Error> run(const Script &script, std::span<const std::string> keys,
                                    std::span<const std::string_view> arguments,
                                    const Context &context) override
    {
        return script.run(
            [&](std::span<const std::string_view> command, std::string &peer) {
                return execute(Command(command.begin(), command.end()), context, peer);
            },
            keys, arguments);
    }

    std::expected<ConnectionPool::Lease, Error> lease(const Context &context) override
    {
        auto map = current(context);
        if (!map)
            return std::unexpected(map.error());
        return pool((*map)->masters.front()).acquire(context);
    }

    std::expected<ConnectionPool::Lease, Error> leaseOn(std::string_view node,
                                                        const Context &context) override;

    std::expected<std::vector<std::string>, Error> masters(const Context &context) override
    {
        auto map = current(context);
        if (!map)
            return std::unexpected(map.error());
        return (*map)->masters;
    }

    std::expected<std::string, Error> masterFor(std::string_view key,
                                                const Context &context) override
    {
        auto map = current(context);
        if (!map)
            return std::unexpected(map.error());
        const std::uint16_t slot = hashSlot(key);
        if (const std::string *master = (*map)->masterOf(slot))
            return *master;
        return std::unexpected(unserved(slot));
    }

    std::expected<ClusterTopology, Error> topology(const Context &context) override
    {
        auto map = refresh(context, nullptr, Why::asked);
        if (!map)
            return std::unexpected(map.error());
        return (*map)->topology;
    }

private:
    enum class Why
    {
        firstUse, // nothing is known yet
        asked,    // topology(): read now, whatever the last read
        failure,  // a node failed or the map sent a command nowhere
        moved,    // a MOVED named a master the map does not know
    };
    using Map = std::shared_ptr<const SlotMap>;

    // The map, read on first use.
    std::expected<Map, Error> current(const Context &context)
    {
        {
            const std::scoped_lock lock(mapMutex_);
            if (map_)
                return map_;
        }
        return refresh(context, nullptr, Why::firstUse);
    }

    void publish(Map map)
    {
        const std::scoped_lock lock(mapMutex_);
        map_ = std::move(map);
    }

    // Reads the map again through the first node that answers; `failed`, when given, is asked
    // last (it just failed: it may hang until a timeout).
    std::expected<Map, Error> refresh(const Context &context, const SlotMap *seen, Why why,
                                      std::string_view failed = {});
    // Who serves a command now: the master of its key's slot, or the first master for a
    // command without a key (slot -1).
    std::expected<std::string, Error> route(int slot, const Context &context);
    std::expected<Reply, Error> execute(const Command &command, const Context &context,
                                        std::string &peer);
    // One command on one node, after ASKING when `asking`.
    std::expected<Reply, Error> sendTo(const std::string &node, const Command &command, bool asking,
                                       const Context &context);
    // A MOVED: the slot is the target's for good.
    void moveSlot(std::uint16_t slot, const std::string &target, const Context &context);
    // A node failed: read the map again (at most once per refreshInterval).
    void nodeFailedAt(const std::string &node, const Context &context);

    ConnectionPool &pool(const std::string &node);
    [[nodiscard]] Error unserved(std::uint16_t slot) const
    {
        return Error(Errc::serverError,
                     "hash slot " + std::to_string(slot) +
                         " is served by no master of the cluster: it is down or being set up "
                         "(CLUSTER INFO says why)",
                     ServerError::clusterDown);
    }
    void notify(TopologyEvent event)
    {
        if (notify_)
            notify_(event);
    }

    const ConnectionOptions options_;
    const TopologyNotifier notify_;
    std::vector<ServerAddress> seeds_;

    std::mutex mapMutex_;
    Map map_;

    // Pools are created on first use and kept for the client's life (a cluster has few nodes),
    // so that a lease never outlives its pool.
    std::mutex poolsMutex_;
    std::map<std::string, std::unique_ptr<ConnectionPool>, std::less<>> pools_;

    // One map read at a time; the others wait for it and use what it read.
    std::mutex refreshMutex_;
    Clock::time_point lastRefresh_{};
};

ConnectionPool &ClusterRouter::pool(const std::string &node)
{
    const std::scoped_lock lock(poolsMutex_);
    auto found = pools_.find(node);
    if (found == pools_.end()) {
        ServerAddress address{options_.host, options_.port};
        if (auto parsed = parseNode(node))
            address = std::move(*parsed);
        found =
            pools_.emplace(node, std::make_unique<ConnectionPool>(nodeOptions(options_, address)))
                .first;
    }
    return *found->second;
}

std::expected<ClusterRouter::Map, Error> ClusterRouter::refresh(const Context &context,
                                                                const SlotMap *seen, Why why,
                                                                std::string_view failed)
{
    std::unique_lock lock(refreshMutex_);
    Map old;
    {
        const std::scoped_lock mapLock(mapMutex_);
        old = map_;
    }
    // Another caller read the map while this one waited, or (after a failure, which every
    // caller of a failed node notices) did so a moment ago. A MOVED to a master the map does not
    // know is read at once: it happens once per new master, as the map then knows it.
    if (old && why != Why::asked &&
        (old.get() != seen ||
         (why == Why::failure && Clock::now() - lastRefresh_ < refreshInterval)))
        return old;

    // Where to ask: the nodes the map knows (a seed may be gone for good, and the nodes
    // announce their own addresses), then the seeds.
    std::vector<std::string> candidates;
    if (old)
        candidates = old->nodes;
    for (const ServerAddress &seed : seeds_) {
        std::string name = seed.text();
        if (std::ranges::find(candidates, name) == candidates.end())
            candidates.push_back(std::move(name));
    }
    if (const auto last = std::ranges::find(candidates, failed); last != candidates.end())
        std::rotate(last, std::next(last), candidates.end());
    std::optional<Error> notCluster;
    std::string failures;
    Error last;
    std::optional<ClusterTopology> read;
    lastRefresh_ = Clock::now();
    for (const std::string &candidate : candidates) {
        ConnectionPool &nodePool = pool(candidate);
        auto connection = nodePool.acquire(context);
        std::expected<ClusterTopology, Error> topology = std::unexpected(Error());
        if (connection) {
            const auto send = [&](std::initializer_list<std::string_view> arguments) {
                return (*connection)
                    ->command(std::span(arguments.begin(), arguments.size()), context);
            };
            topology = readClusterTopology(send, nodePool.options().host, candidate);
        } else {
            topology = std::unexpected(connection.error());
        }
        if (topology && std::ranges::none_of(topology->shards, [](const ClusterShard &shard) {
                return !shard.slots.empty();
            })) {
            topology = std::unexpected(
                Error(Errc::invalidArgument,
                      candidate + " is a cluster node that knows of no slots: the cluster is not "
                                  "set up yet (redis-cli --cluster create)"));
        }
        if (topology) {
            read = std::move(*topology);
            break;
        }
        if (topology.error() == Errc::invalidArgument && !notCluster)
            notCluster = topology.error();
        if (!failures.empty())
            failures += "; ";
        failures += candidate + ": " + topology.error().message();
        last = topology.error();
        if (context.stopRequested() || (context.deadline() && Clock::now() >= *context.deadline()))
            break;
    }
    if (!read) {
        if (notCluster)
            return std::unexpected(*notCluster);
        return std::unexpected(Error(last.code(), "no node of the cluster answered (" + failures +
                                                      "): check the seed addresses"));
    }
    auto fresh = std::make_shared<const SlotMap>(std::move(*read));
    publish(fresh);

    // What changed, for the observer: masters that came or went (a failover), or slots that
    // moved between the same masters. Told outside the lock, so that a slow observer holds up
    // no other caller.
    lock.unlock();
    if (old && why != Why::firstUse) {
        std::vector<std::string> gone;
        std::vector<std::string> came;
        for (const std::string &master : old->masters)
            if (std::ranges::find(fresh->masters, master) == fresh->masters.end())
                gone.push_back(master);
        for (const std::string &master : fresh->masters)
            if (std::ranges::find(old->masters, master) == old->masters.end())
                came.push_back(master);
        const auto join = [](const std::vector<std::string> &names) {
            std::string text;
            for (const std::string &name : names)
                text += (text.empty() ? "" : ", ") + name;
            return text;
        };
        TopologyEvent event;
        if (!gone.empty() || !came.empty()) {
            event.kind = TopologyEvent::Kind::masterChanged;
            event.from = join(gone);
            event.to = join(came);
            event.description =
                "cluster masters changed: " + (gone.empty() ? std::string("none") : event.from) +
                " → " + (came.empty() ? std::string("none") : event.to);
            notify(std::move(event));
        } else if (old->owner != fresh->owner || why == Why::failure) {
            event.kind = TopologyEvent::Kind::mapRefreshed;
            event.description = "cluster map read again: " + std::to_string(fresh->masters.size()) +
                                " masters" +
                                (old->owner != fresh->owner ? ", slots moved" : ", unchanged");
            notify(std::move(event));
        }
    }
    return fresh;
}

void ClusterRouter::nodeFailedAt(const std::string &node, const Context &context)
{
    Map seen;
    {
        const std::scoped_lock lock(mapMutex_);
        seen = map_;
    }
    // Best effort: the caller reports its own error; the next command uses the new map.
    (void)refresh(context, seen.get(), Why::failure, node);
}

void ClusterRouter::moveSlot(std::uint16_t slot, const std::string &target, const Context &context)
{
    std::string from;
    bool known = false;
    {
        const std::scoped_lock lock(mapMutex_);
        if (!map_)
            return;
        if (const std::string *owner = map_->masterOf(slot))
            from = *owner;
        if (from == target)
            return; // another caller followed the same MOVED first
        known = std::ranges::find(map_->masters, target) != map_->masters.end();
        auto moved = std::make_shared<SlotMap>(*map_);
        if (!known) {
            moved->masters.push_back(target);
            if (!moved->knows(target))
                moved->nodes.push_back(target);
        }
        moved->owner[slot] = static_cast<std::int16_t>(std::ranges::find(moved->masters, target) -
                                                       moved->masters.begin());
        map_ = std::move(moved);
    }
    TopologyEvent event;
    event.kind = TopologyEvent::Kind::slotMoved;
    event.from = from;
    event.to = target;
    event.description = "hash slot " + std::to_string(slot) + " moved from " +
                        (from.empty() ? std::string("nowhere") : from) + " to " + target;
    notify(std::move(event));
    // A master the map did not know: a replica promoted, or a node added. Read the whole map
    // for the rest of what changed.
    if (!known) {
        Map seen;
        {
            const std::scoped_lock lock(mapMutex_);
            seen = map_;
        }
        (void)refresh(context, seen.get(), Why::moved);
    }
}

std::expected<std::string, Error> ClusterRouter::route(int slot, const Context &context)
{
    auto map = current(context);
    if (!map)
        return std::unexpected(map.error());
    if (slot < 0)
        return (*map)->masters.front();
    const auto served = static_cast<std::uint16_t>(slot);
    if (const std::string *master = (*map)->masterOf(served))
        return *master;
    // A hole in the map: perhaps a failover the map predates.
    auto fresh = refresh(context, map->get(), Why::failure);
    if (!fresh)
        return std::unexpected(fresh.error());
    if (const std::string *master = (*fresh)->masterOf(served))
        return *master;
    return std::unexpected(unserved(served));
}

std::expected<Reply, Error> ClusterRouter::sendTo(const std::string &node, const Command &command,
                                                  bool asking, const Context &context)
{
    auto connection = pool(node).acquire(context);
    if (!connection)
        return std::unexpected(connection.error());
    if (!asking)
        return (*connection)->command(command, context);
    // ASKING holds for the next command of this connection only: both go in one write.
    const Command askingCommand{"ASKING"};
    const Command both[] = {askingCommand, command};
    auto replies = (*connection)->pipeline(both, context);
    if (!replies)
        return std::unexpected(replies.error());
    // The element is moved out of the batch, which is dropped (cppcheck takes it for the
    // local itself, whose return std::move would pessimise).
    // cppcheck-suppress returnStdMoveLocal
    return std::move(replies->back());
}

std::expected<Reply, Error> ClusterRouter::execute(const Command &command, const Context &context,
                                                   std::string &peer)
{
    const auto key = routingKey(command);
    const int slot = key ? int{hashSlot(*key)} : -1;
    auto node = route(slot, context);
    if (!node)
        return std::unexpected(node.error());
    peer = *node;
    bool asking = false;
    int redirects = 0;
    int transient = 0;
    bool retriedFailure = false;
    auto backoff = std::chrono::duration_cast<Clock::duration>(firstBackoff);
    for (;;) {
        auto reply = sendTo(peer, command, asking, context);
        asking = false;
        if (!reply) {
            if (!nodeFailed(reply.error()))
                return reply;
            nodeFailedAt(peer, context);
            // Nothing was sent to a node that refused the connection: safe to send again
            // wherever the new map says, once.
            if (reply.error() == Errc::connectionFailed && !retriedFailure) {
                retriedFailure = true;
                auto next = route(slot, context);
                if (next && *next != peer) {
                    peer = std::move(*next);
                    continue;
                }
            }
            return reply;
        }
        if (!reply->isError())
            return reply;
        const ReplyError error = classifyReplyError(reply->text);
        switch (error.kind) {
        case ServerError::moved:
        case ServerError::ask: {
            if (!error.redirect)
                return reply;
            if (++redirects > maxRedirects)
                return std::unexpected(
                    Error(Errc::serverError,
                          "gave up after " + std::to_string(maxRedirects) +
                              " cluster redirects (the last: " + reply->text +
                              "): the cluster's slots keep moving; try again when it is stable",
                          error.kind));
            std::string target = ServerAddress{error.redirect->host, error.redirect->port}.text();
            if (error.kind == ServerError::moved)
                moveSlot(static_cast<std::uint16_t>(error.redirect->slot), target, context);
            else
                asking = true; // the migration is in progress: ask there this once
            peer = std::move(target);
            continue;
        }
        case ServerError::tryAgain:
        case ServerError::clusterDown: {
            if (++transient > maxTransientRetries)
                return reply;
            const auto until = Clock::now() + backoff;
            if (context.deadline() && until >= *context.deadline())
                return reply;
            if (!context.sleepUntil(until))
                return reply;
            backoff = std::min<Clock::duration>(backoff * 2, maxBackoff);
            if (error.kind == ServerError::clusterDown) {
                nodeFailedAt(peer, context);
                auto next = route(slot, context);
                if (next)
                    peer = std::move(*next);
            }
            continue;
        }
        default:
            return reply;
        }
    }
}

std::expected<std::vector<Reply>, Error> ClusterRouter::pipeline(std::span<const Command> commands,
                                                                 const Context &context)
{
    // Each node's share, in order, as indices into commands.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> shares;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const auto key = routingKey(commands[i]);
        auto node = route(key ? int{hashSlot(*key)} : -1, context);
        if (!node)
            return std::unexpected(node.error());
        auto share = std::ranges::find(shares, *node, &decltype(shares)::value_type::first);
        if (share == shares.end()) {
            shares.emplace_back(std::move(*node), std::vector<std::size_t>{});
            share = std::prev(shares.end());
        }
        share->second.push_back(i);
    }
    std::vector<Reply> replies(commands.size());
    std::vector<std::size_t> again; // redirected or refused: sent once more, one by one
    for (const auto &[node, indices] : shares) {
        std::vector<Command> batch;
        batch.reserve(indices.size());
        for (const std::size_t i : indices)
            batch.push_back(commands[i]);
        auto connection = pool(node).acquire(context);
        std::expected<std::vector<Reply>, Error> answers =
            connection ? (*connection)->pipeline(batch, context)
                       : std::unexpected(connection.error());
        if (!answers) {
            if (!nodeFailed(answers.error()))
                return std::unexpected(answers.error());
            nodeFailedAt(node, context);
            if (answers.error() != Errc::connectionFailed)
                return std::unexpected(answers.error());
            again.insert(again.end(), indices.begin(), indices.end());
            continue;
        }
        for (std::size_t j = 0; j < indices.size(); ++j) {
            Reply &answer = (*answers)[j];
            if (answer.isError()) {
                const ReplyError error = classifyReplyError(answer.text);
                if (error.kind == ServerError::moved || error.kind == ServerError::ask ||
                    error.kind == ServerError::tryAgain || error.kind == ServerError::clusterDown) {
                    if (error.kind == ServerError::moved && error.redirect)
                        moveSlot(static_cast<std::uint16_t>(error.redirect->slot),
                                 ServerAddress{error.redirect->host, error.redirect->port}.text(),
                                 context);
                    again.push_back(indices[j]);
                    continue;
                }
            }
            replies[indices[j]] = std::move(answer);
        }
    }
    for (const std::size_t i : again) {
        std::string peer;
        auto reply = execute(commands[i], context, peer);
        if (!reply)
            return std::unexpected(reply.error());
        replies[i] = std::move(*reply);
    }
    return replies;
}

std::expected<ConnectionPool::Lease, Error> ClusterRouter::leaseOn(std::string_view node,
                                                                   const Context &context)
{
    auto map = current(context);
    if (!map)
        return std::unexpected(map.error());
    if (!(*map)->knows(node)) {
        // A node added or promoted since the map was read.
        auto fresh = refresh(context, map->get(), Why::failure);
        if (!fresh)
            return std::unexpected(fresh.error());
        map = std::move(fresh);
    }
    if (!(*map)->knows(node)) {
        std::string known;
        for (const std::string &name : (*map)->nodes)
            known += (known.empty() ? "" : ", ") + name;
        return std::unexpected(
            Error(Errc::invalidArgument,
                  "unknown node \"" + printable(node) + "\": the cluster's nodes are " + known));
    }
    return pool(std::string(node)).acquire(context);
}

} // namespace

std::unique_ptr<Router> makeClusterRouter(const ConnectionOptions &options, TopologyNotifier notify)
{
    return std::make_unique<ClusterRouter>(options, std::move(notify));
}

} // namespace redislock::detail
