#pragma once

#include <redislock/client.h>
#include <redislock/clustertopology.h>

namespace redislock::detail {

// The map of a deployment that is not a cluster: one shard serving every slot, whose master is
// the server the client talks to (or the master it replicates, when the client was pointed at
// a replica) and whose replicas are those INFO replication lists, with their offsets.
[[nodiscard]] std::expected<ClusterTopology, Error> readReplicationTopology(const Client &client,
                                                                            const Context &context);

} // namespace redislock::detail
