#pragma once

#include <redislock/clustertopology.h>
#include <redislock/reply.h>

#include <expected>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace redislock::detail {

// Sends one command to the node whose map is read.
using TopologySender =
    std::function<std::expected<Reply, Error>(std::initializer_list<std::string_view>)>;

// readClusterTopology over any way of reaching one node: a Client (the public function) or one
// connection of the cluster router. `host` is the host the node was reached by (what an
// announced NULL endpoint means), `address` its name for messages.
[[nodiscard]] std::expected<ClusterTopology, Error>
readClusterTopology(const TopologySender &send, const std::string &host, const std::string &address,
                    TopologyCommand command = TopologyCommand::automatic);

} // namespace redislock::detail
