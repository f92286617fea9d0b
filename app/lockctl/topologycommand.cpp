#include "commands.h"
#include "jsonwriter.h"
#include "lockoutput.h"

#include <redislock/clustertopology.h>

#include <cstdio>

namespace {

using redislock::ClusterNode;
using redislock::ClusterShard;
using redislock::Error;

struct NodeRow
{
    const ClusterNode *node = nullptr;
    const ClusterShard *shard = nullptr;
    std::expected<std::int64_t, Error> keys = 0;
};

std::string deploymentName(redislock::Deployment deployment)
{
    switch (deployment) {
    case redislock::Deployment::cluster:
        return "cluster";
    case redislock::Deployment::sentinel:
        return "sentinel";
    case redislock::Deployment::standalone:
        break;
    }
    return "standalone";
}

// "0-5460,10923" from the shard's ranges.
std::string slotText(const ClusterShard &shard)
{
    std::string text;
    for (const auto &range : shard.slots) {
        if (!text.empty())
            text += ',';
        text += std::to_string(range.first);
        if (range.last != range.first)
            text += '-' + std::to_string(range.last);
    }
    return text;
}

// DBSIZE on one node. A cluster's nodes, replicas too, are the client's own; a standalone or
// Sentinel master's replicas are asked with a client of their own, same credentials.
std::expected<std::int64_t, Error> keyCount(const redislock::Client &client,
                                            const ClusterNode &node, bool master,
                                            const redislock::Context &context)
{
    std::expected<redislock::Reply, Error> reply;
    if (client.deployment() == redislock::Deployment::cluster || master) {
        reply = master && client.deployment() != redislock::Deployment::cluster
                    ? client.command({"DBSIZE"}, context)
                    : client.commandOn(node.address(), {"DBSIZE"}, context);
    } else {
        redislock::ConnectionOptions options = client.connectionOptions();
        options.deployment = redislock::Deployment::standalone;
        if (options.transport == redislock::ConnectionOptions::Transport::unixSocket)
            options.transport = redislock::ConnectionOptions::Transport::tcp;
        options.host = node.host;
        options.port = node.port;
        options.seeds.clear();
        options.poolSize = 1;
        const redislock::Client direct(std::move(options));
        reply = direct.command({"DBSIZE"}, context);
    }
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->type != redislock::Reply::Type::integer)
        return std::unexpected(Error(redislock::Errc::serverError, "DBSIZE: " + reply->text));
    return reply->integer;
}

void writeNodeJson(JsonWriter &json, const NodeRow &row)
{
    const ClusterNode &node = *row.node;
    json.beginObject();
    json.key("node").bytes(node.address());
    if (!node.id.empty())
        json.key("id").bytes(node.id);
    json.key("role").bytes(node.master ? "master" : "replica");
    if (node.master) {
        json.key("slots").beginArray();
        for (const auto &range : row.shard->slots)
            json.beginArray()
                .number(std::int64_t{range.first})
                .number(std::int64_t{range.last})
                .endArray();
        json.endArray();
    } else {
        json.key("master").bytes(row.shard->master.address());
    }
    if (row.keys)
        json.key("keys").number(*row.keys);
    else
        json.key("keys").null().key("error").bytes(row.keys.error().message());
    json.key("replication_offset");
    if (node.replicationOffset)
        json.number(*node.replicationOffset);
    else
        json.null();
    json.key("health").bytes(node.health.empty() ? "unknown" : node.health);
    json.endObject();
}

} // namespace

int runTopology(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({}))
        return *rejected;
    if (!invocation.arguments().positionals().empty())
        return invocation.usage("topology takes no arguments");
    auto client = invocation.connect();
    if (!client)
        return invocation.fail(client.error());
    const redislock::Context context(invocation.stopToken());
    auto topology = client->topology(context);
    if (!topology)
        return invocation.fail(topology.error());

    std::vector<NodeRow> rows;
    for (const ClusterShard &shard : topology->shards) {
        rows.push_back({&shard.master, &shard, keyCount(*client, shard.master, true, context)});
        for (const ClusterNode &replica : shard.replicas)
            rows.push_back({&replica, &shard, keyCount(*client, replica, false, context)});
    }

    const bool cluster = client->deployment() == redislock::Deployment::cluster;
    if (invocation.json()) {
        JsonWriter json(stdout);
        json.beginObject().key("deployment").bytes(deploymentName(client->deployment()));
        json.key("covers_all_slots").boolean(!cluster || topology->coversAllSlots());
        json.key("nodes").beginArray();
        for (const NodeRow &row : rows)
            writeNodeJson(json, row);
        json.endArray().endObject().finish();
        return exitSuccess;
    }
    std::printf("%-24s %-8s %-24s %10s %14s %s\n", "NODE", "ROLE", cluster ? "SLOTS" : "MASTER",
                "KEYS", "OFFSET", "HEALTH");
    for (const NodeRow &row : rows) {
        const ClusterNode &node = *row.node;
        const std::string where = node.master ? (cluster ? slotText(*row.shard) : std::string("-"))
                                              : "of " + row.shard->master.address();
        const std::string keys = row.keys ? std::to_string(*row.keys) : std::string("?");
        const std::string offset =
            node.replicationOffset ? std::to_string(*node.replicationOffset) : std::string("-");
        std::printf("%-24s %-8s %-24s %10s %14s %s\n", printable(node.address(), 24).c_str(),
                    node.master ? "master" : "replica", printable(where, 40).c_str(), keys.c_str(),
                    offset.c_str(),
                    printable(node.health.empty() ? "unknown" : node.health).c_str());
        if (!row.keys)
            std::printf("  (%s)\n", printable(row.keys.error().message()).c_str());
    }
    if (cluster && !topology->coversAllSlots())
        std::printf("(some slots are served by no master: the cluster is down for their keys)\n");
    return exitSuccess;
}
