#include "router.h"

#include <redislock/client.h>
#include <redislock/clustertopology.h>
#include <redislock/hashslot.h>
#include <redislock/keyscanner.h>

#include <algorithm>

namespace redislock {

namespace {

// The shard of the master that serves `key` now: matched by the master's address, which is
// what masterFor() names; by the key's slot when the names differ (a hostname against an IP).
const ClusterShard *shardOf(const ClusterTopology &topology, const std::string &master,
                            std::string_view key)
{
    const auto named = std::ranges::find_if(topology.shards, [&](const ClusterShard &shard) {
        return shard.master.address() == master;
    });
    if (named != topology.shards.end())
        return &*named;
    return topology.shardForSlot(hashSlot(key));
}

// GET + PTTL on one replica. On a cluster the replica answers reads of its master's slots
// only after READONLY (otherwise MOVED to the master), on the connection that sends them, so
// READONLY goes first in the same pipeline. A standalone or Sentinel master's replicas are
// not nodes of the client: they are asked with a client of their own, same credentials.
std::expected<std::vector<Reply>, Error> askReplica(const Client &client,
                                                    const ClusterNode &replica,
                                                    std::string_view key, const Context &context)
{
    const std::string name(key);
    if (client.deployment() == Deployment::cluster)
        return client.pipelineOn(replica.address(), {{"READONLY"}, {"GET", name}, {"PTTL", name}},
                                 context);
    ConnectionOptions options =
        detail::nodeOptions(client.connectionOptions(), {replica.host, replica.port});
    if (options.transport == ConnectionOptions::Transport::unixSocket)
        options.transport = ConnectionOptions::Transport::tcp; // replicas listen on TCP
    options.poolSize = 1;
    const Client direct(std::move(options));
    auto replies = direct.pipeline({{"GET", name}, {"PTTL", name}}, context);
    if (replies)
        replies->insert(replies->begin(), Reply{Reply::Type::status, "OK", 0, {}});
    return replies;
}

} // namespace

std::expected<std::vector<ReplicaCopy>, Error> checkReplicas(const Client &client,
                                                             std::string_view key,
                                                             std::string_view value,
                                                             const Context &context)
{
    auto master = client.masterFor(key, context);
    if (!master)
        return std::unexpected(master.error());
    auto topology = client.topology(context);
    if (!topology)
        return std::unexpected(topology.error());
    const ClusterShard *shard = shardOf(*topology, *master, key);
    std::vector<ReplicaCopy> copies;
    if (!shard)
        return copies;
    for (const ClusterNode &replica : shard->replicas) {
        ReplicaCopy &copy = copies.emplace_back();
        copy.node = replica.address();
        if (shard->master.replicationOffset && replica.replicationOffset)
            copy.lagBytes = std::max<std::int64_t>(0, *shard->master.replicationOffset -
                                                          *replica.replicationOffset);
        auto replies = askReplica(client, replica, key, context);
        if (!replies) {
            copy.error = replies.error();
            continue;
        }
        const Reply &readonly = (*replies)[0];
        const Reply &get = (*replies)[1];
        const Reply &ttl = (*replies)[2];
        if (readonly.isError() || (get.isError() && get.text.starts_with("MOVED"))) {
            copy.error =
                Error(Errc::serverError, "the replica refused the read: " +
                                             (readonly.isError() ? readonly.text : get.text));
            continue;
        }
        copy.ttlMs = ttl.type == Reply::Type::integer ? ttl.integer : -2;
        // WRONGTYPE: the key is there, holding something that is not a string.
        copy.exists = copy.ttlMs != -2 && (get.type == Reply::Type::string || get.isError());
        copy.sameValue = get.type == Reply::Type::string && get.text == value;
    }
    return copies;
}

} // namespace redislock
