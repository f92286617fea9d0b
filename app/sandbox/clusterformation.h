#pragma once

#include <redislock/error.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

// The one home of turning running cluster-enabled redis-servers into a Redis Cluster, shared by
// `lockctl sandbox --cluster`, the inspector's cluster sandbox and the tests' cluster fixture.
// It does what `redis-cli --cluster create` does, without its interactive checks: distinct config
// epochs (otherwise the masters resolve their collision one bump at a time, which takes
// seconds), the 16384 slots split evenly over the first `masters` nodes, CLUSTER MEET of every
// node with its own bus port (never the default client port + 10000, which may be taken), and
// CLUSTER REPLICATE so that node masters + i replicates node i % masters.
struct ClusterNodePorts
{
    std::uint16_t port = 0;    // client port on 127.0.0.1
    std::uint16_t busPort = 0; // cluster bus port (cluster-port)
};

// Joins the nodes; returns once every node knows every other and the replicas were told whom
// to replicate. Waiting until the cluster serves every slot is waitUntilClusterServes().
[[nodiscard]] std::expected<void, redislock::Error>
formCluster(const std::vector<ClusterNodePorts> &nodes, int masters,
            std::chrono::milliseconds timeout);

// Waits until every node says cluster_state:ok with every slot served, and every replica's link
// to its master is up.
[[nodiscard]] std::expected<void, redislock::Error>
waitUntilClusterServes(const std::vector<ClusterNodePorts> &nodes,
                       std::chrono::milliseconds timeout);
