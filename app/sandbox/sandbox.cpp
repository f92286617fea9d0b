#include "sandbox.h"

#include <redislock/client.h>

std::expected<std::unique_ptr<Sandbox>, redislock::Error> Sandbox::start(const Options &options)
{
    std::unique_ptr<Sandbox> sandbox(new Sandbox);
    sandbox->kind_ = options.kind;
    if (options.kind == Kind::cluster) {
        auto cluster = SandboxCluster::start({});
        if (!cluster)
            return std::unexpected(cluster.error());
        sandbox->cluster_ = std::move(*cluster);
        sandbox->url_ = sandbox->cluster_->url();
    } else {
        SandboxServer::Options server;
        server.port = options.port;
        auto started = SandboxServer::start(server);
        if (!started)
            return std::unexpected(started.error());
        sandbox->server_ = std::move(*started);
        sandbox->url_ = sandbox->server_->url();
    }
    auto client = redislock::Client::fromUrl(sandbox->url_);
    if (!client)
        return std::unexpected(client.error());
    sandbox->workload_ = std::make_unique<DemoWorkload>(*client, options.prefix);
    if (auto begun = sandbox->workload_->start(); !begun)
        return std::unexpected(begun.error());
    return sandbox;
}

void Sandbox::stopWorkload()
{
    if (workload_)
        workload_->stop();
}

Sandbox::~Sandbox()
{
    stopWorkload();
    workload_.reset();
}
