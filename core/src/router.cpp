#include "router.h"

#include "replyerror.h"
#include "sentinel.h"

#include <redislock/hashslot.h>
#include <redislock/printable.h>

#include <charconv>

namespace redislock::detail {

namespace {

// The server itself: every command goes to its one pool.
class StandaloneRouter final : public Router
{
public:
    explicit StandaloneRouter(const ConnectionOptions &options) : pool_(options) {}

    std::expected<Reply, Error> command(const Command &command, const Context &context) override
    {
        auto connection = pool_.acquire(context);
        if (!connection)
            return std::unexpected(connection.error());
        return (*connection)->command(command, context);
    }

    std::expected<std::vector<Reply>, Error> pipeline(std::span<const Command> commands,
                                                      const Context &context) override
    {
        auto connection = pool_.acquire(context);
        if (!connection)
            return std::unexpected(connection.error());
        return (*connection)->pipeline(commands, context);
    }

    std::expected<Reply, Error> run(const Script &script, std::span<const std::string> keys,
                                    std::span<const std::string_view> arguments,
                                    const Context &context) override
    {
        auto connection = pool_.acquire(context);
        if (!connection)
            return std::unexpected(connection.error());
        return script.run(**connection, keys, arguments, context);
    }

    std::expected<ConnectionPool::Lease, Error> lease(const Context &context) override
    {
        return pool_.acquire(context);
    }

    std::expected<ConnectionPool::Lease, Error> leaseOn(std::string_view node,
                                                        const Context &context) override
    {
        if (node != self())
            return std::unexpected(
                Error(Errc::invalidArgument, "unknown node \"" + printable(node) +
                                                 "\": this client talks to " + self() + " only"));
        return pool_.acquire(context);
    }

    std::expected<std::vector<std::string>, Error> masters(const Context &) override
    {
        return std::vector<std::string>{self()};
    }

    std::expected<std::string, Error> masterFor(std::string_view, const Context &) override
    {
        return self();
    }

    std::expected<ClusterTopology, Error> topology(const Context &context) override
    {
        auto connection = pool_.acquire(context);
        if (!connection)
            return std::unexpected(connection.error());
        return serverTopology(**connection, self(), context);
    }

private:
    [[nodiscard]] std::string self() const
    {
        const ConnectionOptions &options = pool_.options();
        if (options.transport == ConnectionOptions::Transport::unixSocket)
            return options.path;
        return ServerAddress{options.host, options.port}.text();
    }

    ConnectionPool pool_;
};

// The value of "name=value" in a comma-separated INFO value ("ip=127.0.0.1,port=6380,...").
std::string_view item(std::string_view list, std::string_view name)
{
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view entry = list.substr(0, comma);
        if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=')
            return entry.substr(name.size() + 1);
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return {};
}

std::optional<std::int64_t> integer(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace

std::unique_ptr<Router> makeStandaloneRouter(const ConnectionOptions &options)
{
    return std::make_unique<StandaloneRouter>(options);
}

std::unique_ptr<Router> makeRouter(const ConnectionOptions &options, TopologyNotifier notify)
{
    switch (options.deployment) {
    case Deployment::cluster:
        return makeClusterRouter(options, std::move(notify));
    case Deployment::sentinel:
        return makeSentinelRouter(options, std::move(notify));
    case Deployment::standalone:
        break;
    }
    return makeStandaloneRouter(options);
}

ConnectionOptions nodeOptions(const ConnectionOptions &options, const ServerAddress &node)
{
    ConnectionOptions own = options;
    own.host = node.host;
    own.port = node.port;
    own.deployment = Deployment::standalone;
    own.seeds.clear();
    return own;
}

std::expected<ServerAddress, Error> parseNode(std::string_view node)
{
    const auto invalid = [&] {
        return Error(Errc::invalidArgument,
                     "invalid node \"" + printable(node) + "\": expected host:port");
    };
    const auto colon = node.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return std::unexpected(invalid());
    const std::string_view portText = node.substr(colon + 1);
    std::uint16_t port = 0;
    const auto [end, ec] =
        std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (ec != std::errc() || end != portText.data() + portText.size() || port == 0)
        return std::unexpected(invalid());
    std::string_view host = node.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    return ServerAddress{std::string(host), port};
}

std::expected<ClusterTopology, Error>
serverTopology(Connection &connection, const std::string &self, const Context &context)
{
    const std::string_view info[] = {"INFO", "replication"};
    auto reply = connection.command(info, context);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->isError())
        return std::unexpected(replyError(reply->text, "INFO replication: " + reply->text));
    ClusterShard shard;
    shard.slots.push_back({0, clusterSlotCount - 1});
    shard.master.master = true;
    shard.master.health = "online";
    if (const auto address = parseNode(self)) {
        shard.master.host = address->host;
        shard.master.port = address->port;
    } else {
        shard.master.host = self; // a unix socket
    }
    std::string_view text = reply->text;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = line.substr(colon + 1);
        if (name == "master_repl_offset") {
            shard.master.replicationOffset = integer(value);
        } else if (name.starts_with("slave") && integer(name.substr(5))) {
            ClusterNode replica;
            replica.host = item(value, "ip");
            const auto port = integer(item(value, "port"));
            if (!port || *port <= 0 || *port > 65535)
                continue;
            replica.port = static_cast<std::uint16_t>(*port);
            replica.health = item(value, "state") == "online" ? "online" : "loading";
            replica.replicationOffset = integer(item(value, "offset"));
            shard.replicas.push_back(std::move(replica));
        }
    }
    ClusterTopology topology;
    topology.shards.push_back(std::move(shard));
    return topology;
}

} // namespace redislock::detail
