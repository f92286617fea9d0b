#include "commands.h"
#include "sandbox/sandbox.h"

#include <cstdio>

int runSandbox(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"port", "cluster"}))
        return *rejected;
    if (!invocation.arguments().positionals().empty())
        return invocation.usage("sandbox takes no arguments");
    const auto port = invocation.integer("port", 0, 1);
    if (!port || *port > 65535)
        return invocation.usage("--port must be a number from 1 to 65535");
    const bool cluster = invocation.arguments().flag("cluster");
    if (cluster && *port != 0)
        return invocation.usage("--port is for a single server; a --cluster takes free ports");
    Sandbox::Options options;
    options.kind = cluster ? Sandbox::Kind::cluster : Sandbox::Kind::standalone;
    options.port = static_cast<std::uint16_t>(*port);
    if (cluster) {
        std::printf("sandbox: starting a cluster of 3 masters and 3 replicas...\n");
        std::fflush(stdout);
    }
    auto sandbox = Sandbox::start(options);
    if (!sandbox)
        return invocation.fail(sandbox.error());

    const std::string &url = (*sandbox)->url();
    std::printf("sandbox: %s\n", url.c_str());
    if (cluster)
        std::printf("A private Redis Cluster (3 masters, 3 replicas, 127.0.0.1 only) with demo "
                    "services locking keys under \"shop:\", spread over the slots.\n"
                    "See the nodes: lockctl --url %s topology\n",
                    url.c_str());
    else
        std::printf("A private redis-server with demo services locking keys under \"shop:\".\n");
    std::printf("Watch them: lockctl --url %s --prefix shop list --watch\n"
                "Ctrl-C stops the services and the server%s.\n",
                url.c_str(), cluster ? "s" : "");
    std::fflush(stdout);
    while (invocation.pause(std::chrono::hours(1))) {
    }
    (*sandbox)->stopWorkload();
    std::printf("sandbox: stopped after %llu acquisitions\n",
                static_cast<unsigned long long>((*sandbox)->acquisitions()));
    return exitSuccess;
}
