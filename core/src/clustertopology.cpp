#include "replyerror.h"
#include "topologyreader.h"

#include <redislock/client.h>
#include <redislock/clustertopology.h>
#include <redislock/hashslot.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace redislock {

namespace {

using namespace std::string_view_literals;

Error malformed(std::string_view command, std::string_view what)
{
    return Error(Errc::protocolError,
                 std::string(command) + " answered something unexpected: " + std::string(what));
}

// An integer that RESP2 may send as an integer or as text, depending on the field and version.
std::optional<std::int64_t> integerOf(const Reply &reply)
{
    if (reply.type == Reply::Type::integer)
        return reply.integer;
    if (reply.type != Reply::Type::string && reply.type != Reply::Type::status)
        return std::nullopt;
    std::int64_t value = 0;
    const auto *end = reply.text.data() + reply.text.size();
    const auto [ptr, ec] = std::from_chars(reply.text.data(), end, value);
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    return value;
}

std::optional<std::uint16_t> portOf(const Reply &reply)
{
    const auto value = integerOf(reply);
    if (!value || *value <= 0 || *value > 65535)
        return std::nullopt;
    return static_cast<std::uint16_t>(*value);
}

std::optional<SlotRange> rangeOf(const Reply &first, const Reply &last)
{
    const auto from = integerOf(first);
    const auto to = integerOf(last);
    if (!from || !to || *from < 0 || *from > *to || *to >= clusterSlotCount)
        return std::nullopt;
    return SlotRange{static_cast<std::uint16_t>(*from), static_cast<std::uint16_t>(*to)};
}

// The host to connect to, from an announced endpoint: NULL means "the address you reached me
// by", "?" means the node does not know its endpoint (cluster-preferred-endpoint-type
// hostname without a hostname): then the caller's fallback, possibly empty.
std::string endpointHost(const Reply &endpoint, const std::string &connectedHost,
                         const std::string &fallback)
{
    if (endpoint.isNil())
        return connectedHost;
    if (endpoint.text == "?" || endpoint.text.empty())
        return fallback;
    return endpoint.text;
}

// A field of a flat name/value array, as CLUSTER SHARDS answers in RESP2; null when absent.
const Reply *field(const Reply &map, std::string_view name)
{
    for (std::size_t i = 0; i + 1 < map.elements.size(); i += 2) {
        if (map.elements[i].text == name)
            return &map.elements[i + 1];
    }
    return nullptr;
}

// Sorts each shard's ranges and the shards by their first slot, slotless masters last: the
// same order whichever command the map came from, so that callers and tests can compare.
void normalise(ClusterTopology &topology)
{
    for (ClusterShard &shard : topology.shards)
        std::ranges::sort(shard.slots, {}, &SlotRange::first);
    std::ranges::sort(topology.shards, [](const ClusterShard &a, const ClusterShard &b) {
        if (a.slots.empty() != b.slots.empty())
            return b.slots.empty();
        if (a.slots.empty())
            return a.master.id < b.master.id;
        return a.slots.front().first < b.slots.front().first;
    });
}

// CLUSTER SHARDS: [["slots", [first, last, ...], "nodes", [{id, port, ip, endpoint, role,
// replication-offset, health, ...}, ...]], ...], every map flat in RESP2.
std::expected<ClusterTopology, Error> parseShards(const Reply &reply, const std::string &host)
{
    constexpr auto command = "CLUSTER SHARDS"sv;
    if (reply.type != Reply::Type::array)
        return std::unexpected(malformed(command, "not an array"));
    ClusterTopology topology;
    topology.source = ClusterTopology::Source::shards;
    for (const Reply &entry : reply.elements) {
        const Reply *slots = field(entry, "slots");
        const Reply *nodes = field(entry, "nodes");
        if (!slots || !nodes || slots->elements.size() % 2 != 0)
            return std::unexpected(malformed(command, "a shard without slots or nodes"));
        ClusterShard shard;
        for (std::size_t i = 0; i < slots->elements.size(); i += 2) {
            const auto range = rangeOf(slots->elements[i], slots->elements[i + 1]);
            if (!range)
                return std::unexpected(malformed(command, "a slot range out of bounds"));
            shard.slots.push_back(*range);
        }
        std::optional<ClusterNode> master;
        for (const Reply &map : nodes->elements) {
            const Reply *id = field(map, "id");
            const Reply *port = field(map, "port");
            const Reply *role = field(map, "role");
            if (!id || !port || !role || !portOf(*port))
                return std::unexpected(malformed(command, "a node without id, port or role"));
            ClusterNode node;
            node.id = id->text;
            node.port = *portOf(*port);
            const Reply *ip = field(map, "ip");
            const Reply *endpoint = field(map, "endpoint");
            const std::string ipText = ip ? ip->text : std::string();
            node.host = endpoint ? endpointHost(*endpoint, host, ipText) : ipText;
            node.master = role->text == "master";
            if (const Reply *health = field(map, "health"))
                node.health = health->text;
            if (const Reply *offset = field(map, "replication-offset"))
                node.replicationOffset = integerOf(*offset);
            // A failed master stays listed with its former replicas until it comes back as a
            // replica: the serving master is the one that is online.
            if (node.master &&
                (!master || (master->health != "online" && node.health == "online"))) {
                if (master)
                    shard.replicas.push_back(std::move(*master));
                master = std::move(node);
            } else {
                shard.replicas.push_back(std::move(node));
            }
        }
        if (!master)
            continue; // every node of the shard is a replica of a master gone from the map
        shard.master = std::move(*master);
        topology.shards.push_back(std::move(shard));
    }
    normalise(topology);
    return topology;
}

// CLUSTER SLOTS: [[first, last, [host, port, id, {metadata}], [replica...], ...], ...], one
// entry per contiguous range: ranges of one master are gathered into one shard by node id.
std::expected<ClusterTopology, Error> parseSlots(const Reply &reply, const std::string &host)
{
    constexpr auto command = "CLUSTER SLOTS"sv;
    if (reply.type != Reply::Type::array)
        return std::unexpected(malformed(command, "not an array"));
    const auto nodeOf = [&](const Reply &entry, bool master) -> std::optional<ClusterNode> {
        if (entry.elements.size() < 3 || !portOf(entry.elements[1]))
            return std::nullopt;
        ClusterNode node;
        node.host = endpointHost(entry.elements[0], host, {});
        node.port = *portOf(entry.elements[1]);
        node.id = entry.elements[2].text;
        node.master = master;
        return node;
    };
    ClusterTopology topology;
    topology.source = ClusterTopology::Source::slots;
    for (const Reply &entry : reply.elements) {
        if (entry.elements.size() < 3)
            return std::unexpected(malformed(command, "a range without a master"));
        const auto range = rangeOf(entry.elements[0], entry.elements[1]);
        const auto master = nodeOf(entry.elements[2], true);
        if (!range || !master)
            return std::unexpected(malformed(command, "a bad slot range or master"));
        auto shard = std::ranges::find(topology.shards, master->id,
                                       [](const ClusterShard &s) { return s.master.id; });
        if (shard == topology.shards.end()) {
            ClusterShard fresh;
            fresh.master = *master;
            for (std::size_t i = 3; i < entry.elements.size(); ++i) {
                auto replica = nodeOf(entry.elements[i], false);
                if (!replica)
                    return std::unexpected(malformed(command, "a bad replica"));
                fresh.replicas.push_back(std::move(*replica));
            }
            topology.shards.push_back(std::move(fresh));
            shard = std::prev(topology.shards.end());
        }
        shard->slots.push_back(*range);
    }
    normalise(topology);
    return topology;
}

std::string serverAddress(const Client &client)
{
    const ConnectionOptions &options = client.connectionOptions();
    if (options.transport == ConnectionOptions::Transport::unixSocket)
        return options.path;
    return options.host + ':' + std::to_string(options.port);
}

} // namespace

std::string ClusterNode::address() const
{
    return host + ':' + std::to_string(port);
}

bool ClusterShard::serves(std::uint16_t slot) const noexcept
{
    return std::ranges::any_of(slots, [slot](const SlotRange &range) {
        return range.first <= slot && slot <= range.last;
    });
}

const ClusterShard *ClusterTopology::shardForSlot(std::uint16_t slot) const noexcept
{
    const auto shard =
        std::ranges::find_if(shards, [slot](const ClusterShard &s) { return s.serves(slot); });
    return shard == shards.end() ? nullptr : &*shard;
}

bool ClusterTopology::coversAllSlots() const noexcept
{
    std::vector<SlotRange> ranges;
    for (const ClusterShard &shard : shards)
        ranges.insert(ranges.end(), shard.slots.begin(), shard.slots.end());
    std::ranges::sort(ranges, {}, &SlotRange::first);
    std::uint32_t next = 0; // the first slot not covered yet
    for (const SlotRange &range : ranges) {
        if (range.first > next)
            return false;
        next = std::max<std::uint32_t>(next, std::uint32_t{range.last} + 1);
    }
    return next == clusterSlotCount;
}

namespace detail {

std::expected<ClusterTopology, Error> readClusterTopology(const TopologySender &send,
                                                          const std::string &host,
                                                          const std::string &address,
                                                          TopologyCommand command)
{
    const bool shards = command != TopologyCommand::slots;
    auto reply = send({"CLUSTER", shards ? "SHARDS" : "SLOTS"});
    if (!reply)
        return std::unexpected(reply.error());
    // Before Redis 7 CLUSTER SHARDS does not exist; the error text changed over the versions.
    if (reply->isError() && shards && command == TopologyCommand::automatic &&
        (reply->text.find("nknown subcommand") != std::string::npos ||
         reply->text.find("nknown command") != std::string::npos)) {
        return readClusterTopology(send, host, address, TopologyCommand::slots);
    }
    if (reply->isError()) {
        // "ERR This instance has cluster support disabled": the one mistake worth its own line.
        if (reply->text.find("cluster support disabled") != std::string::npos) {
            return std::unexpected(
                Error(Errc::invalidArgument, address + " is not a cluster (cluster_enabled:0): use "
                                                       "redis:// for a standalone server"));
        }
        return std::unexpected(detail::replyError(
            reply->text,
            std::string(shards ? "CLUSTER SHARDS" : "CLUSTER SLOTS") + ": " + reply->text));
    }
    return shards ? parseShards(*reply, host) : parseSlots(*reply, host);
}

} // namespace detail

std::expected<ClusterTopology, Error>
readClusterTopology(const Client &client, TopologyCommand command, const Context &context)
{
    const auto send = [&](std::initializer_list<std::string_view> arguments) {
        return client.command(std::vector<std::string>(arguments.begin(), arguments.end()),
                              context);
    };
    return detail::readClusterTopology(send, client.connectionOptions().host, serverAddress(client),
                                       command);
}

} // namespace redislock
