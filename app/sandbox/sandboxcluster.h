#pragma once

#include "sandboxserver.h"

#include <redislock/error.h>

#include <expected>
#include <memory>
#include <string>
#include <vector>

// A private Redis Cluster for the sandbox: 3 masters with one replica each (by default), every
// node a SandboxServer on free loopback ports (client and bus), nothing kept on disk, keyspace
// notifications on, and every process dying with this one (stopped by the destructor, killed
// by the kernel if we die first). start() returns once the cluster serves every slot.
class SandboxCluster
{
public:
    struct Options
    {
        int masters = 3;
        int replicasPerMaster = 1;
        std::string program = "redis-server";
    };

    [[nodiscard]] static std::expected<std::unique_ptr<SandboxCluster>, redislock::Error>
    start(const Options &options);
    ~SandboxCluster();
    SandboxCluster(const SandboxCluster &) = delete;
    SandboxCluster &operator=(const SandboxCluster &) = delete;

    // "redis-cluster://127.0.0.1:P1,127.0.0.1:P2,..." with every node as a seed.
    [[nodiscard]] std::string url() const;
    [[nodiscard]] const std::vector<std::unique_ptr<SandboxServer>> &nodes() const noexcept
    {
        return nodes_;
    }

private:
    SandboxCluster() = default;
    std::vector<std::unique_ptr<SandboxServer>> nodes_;
};
