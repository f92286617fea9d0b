#pragma once

#include <redislock/error.h>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>

// A private redis-server on a loopback port, for the sandbox. It keeps nothing on disk, has
// keyspace notifications on (the inspector listens to them), and dies with this process: it
// is stopped by the destructor, and the kernel kills it if we die first (parent-death signal).
class SandboxServer
{
public:
    struct Options
    {
        std::uint16_t port = 0; // 0: a free port
        std::string program = "redis-server";
        // A Redis Cluster node: cluster-enabled, its nodes.conf in the server's directory, and
        // a free cluster bus port of its own (cluster-port), bound to loopback like the client
        // port, rather than the default client port + 10000, which may be taken.
        bool clusterNode = false;
    };

    [[nodiscard]] static std::expected<std::unique_ptr<SandboxServer>, redislock::Error>
    start(const Options &options);
    ~SandboxServer();
    SandboxServer(const SandboxServer &) = delete;
    SandboxServer &operator=(const SandboxServer &) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    [[nodiscard]] std::uint16_t busPort() const noexcept { return busPort_; }
    [[nodiscard]] std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] pid_t pid() const noexcept { return pid_; }

private:
    SandboxServer() = default;
    [[nodiscard]] std::expected<void, redislock::Error> launch(const Options &options);
    void stop();

    std::filesystem::path dir_;
    std::uint16_t port_ = 0;
    std::uint16_t busPort_ = 0;
    pid_t pid_ = -1;
};
