#include "sandboxcluster.h"

#include "clusterformation.h"

using namespace std::chrono_literals;

std::expected<std::unique_ptr<SandboxCluster>, redislock::Error>
SandboxCluster::start(const Options &options)
{
    std::unique_ptr<SandboxCluster> cluster(new SandboxCluster);
    const int total = options.masters * (1 + options.replicasPerMaster);
    std::vector<ClusterNodePorts> ports;
    for (int i = 0; i < total; ++i) {
        SandboxServer::Options node;
        node.program = options.program;
        node.clusterNode = true;
        auto server = SandboxServer::start(node);
        if (!server)
            return std::unexpected(server.error());
        ports.push_back({(*server)->port(), (*server)->busPort()});
        cluster->nodes_.push_back(std::move(*server));
    }
    // Generous: six servers starting at once on a loaded machine gossip slowly.
    if (auto formed = formCluster(ports, options.masters, 60s); !formed)
        return std::unexpected(formed.error());
    if (auto serving = waitUntilClusterServes(ports, 60s); !serving)
        return std::unexpected(serving.error());
    return cluster;
}

SandboxCluster::~SandboxCluster()
{
    // Replicas first: a master stopping first would make them log reconnection attempts.
    while (!nodes_.empty())
        nodes_.pop_back();
}

std::string SandboxCluster::url() const
{
    std::string url = "redis-cluster://";
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        url += (i ? ",127.0.0.1:" : "127.0.0.1:") + std::to_string(nodes_[i]->port());
    return url;
}
