#pragma once

#include "demoworkload.h"
#include "sandboxcluster.h"
#include "sandboxserver.h"

#include <redislock/error.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <string>

// A running sandbox, as `lockctl sandbox` and `lockscope --sandbox` start it: a private
// redis-server, or a private 3-master 3-replica Redis Cluster, on free loopback ports, with
// the demo services locking keys under the prefix (on a cluster the keys spread over the
// slots, so every master holds some). Destroying it stops the services (each releases what it
// holds), then the servers; the servers also die with the thread that started them.
class Sandbox
{
public:
    enum class Kind
    {
        standalone,
        cluster,
    };
    struct Options
    {
        Kind kind = Kind::standalone;
        std::uint16_t port = 0; // standalone only; 0: a free port
        std::string prefix = "shop";
    };

    [[nodiscard]] static std::expected<std::unique_ptr<Sandbox>, redislock::Error>
    start(const Options &options);
    ~Sandbox();
    Sandbox(const Sandbox &) = delete;
    Sandbox &operator=(const Sandbox &) = delete;

    // redis://127.0.0.1:PORT, or redis-cluster://127.0.0.1:P1,... with every node a seed.
    [[nodiscard]] const std::string &url() const noexcept { return url_; }
    [[nodiscard]] Kind kind() const noexcept { return kind_; }
    [[nodiscard]] std::uint64_t acquisitions() const noexcept
    {
        return workload_ ? workload_->acquisitions() : 0;
    }
    // Stops the services; they release what they hold. The servers stay up until destroyed.
    void stopWorkload();

private:
    Sandbox() = default;

    Kind kind_ = Kind::standalone;
    std::string url_;
    std::unique_ptr<SandboxServer> server_;
    std::unique_ptr<SandboxCluster> cluster_;
    std::unique_ptr<DemoWorkload> workload_; // last: stopped before the servers go
};
