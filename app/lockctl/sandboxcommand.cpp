#include "commands.h"
#include "sandbox/demoworkload.h"
#include "sandbox/sandboxserver.h"

#include <cstdio>

int runSandbox(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"port"}))
        return *rejected;
    if (!invocation.arguments().positionals().empty())
        return invocation.usage("sandbox takes no arguments");
    const auto port = invocation.integer("port", 0, 1);
    if (!port || *port > 65535)
        return invocation.usage("--port must be a number from 1 to 65535");
    SandboxServer::Options options;
    options.port = static_cast<std::uint16_t>(*port);
    auto server = SandboxServer::start(options);
    if (!server)
        return invocation.fail(server.error());
    auto client = redislock::Client::fromUrl((*server)->url());
    if (!client)
        return invocation.fail(client.error());
    DemoWorkload workload(*client, "shop");
    if (auto started = workload.start(); !started)
        return invocation.fail(started.error());

    std::printf("sandbox: %s\n", (*server)->url().c_str());
    std::printf("A private redis-server with demo services locking keys under \"shop:\".\n"
                "Watch them: lockctl --url %s --prefix shop list --watch\n"
                "Ctrl-C stops the services and the server.\n",
                (*server)->url().c_str());
    std::fflush(stdout);
    while (invocation.pause(std::chrono::hours(1))) {
    }
    workload.stop();
    std::printf("sandbox: stopped after %llu acquisitions\n",
                static_cast<unsigned long long>(workload.acquisitions()));
    return exitSuccess;
}
