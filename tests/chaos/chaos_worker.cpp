// chaos_worker: one process of holders for chaosrun. Its threads contend on the given keys with
// fencing tokens, write to the fenced resource and report their holds there, until SIGTERM.
//
//   chaos_worker --url URL --socket PATH --threads N --keys K1,K2 --ttl-ms MS
//                --hold-ms MIN..MAX --seed S
//
// Plain C++ over the redislock core, no Qt. It dies with its parent (PR_SET_PDEATHSIG), so a
// crashed or killed chaosrun leaves no worker behind.
#include "holder.h"
#include "resource.h"

#include <redislock/client.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <sys/prctl.h>
#include <sys/types.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

std::atomic<bool> stopRequested{false};

void requestStop(int)
{
    stopRequested.store(true);
}

int usage(const std::string &what)
{
    std::fprintf(stderr, "chaos_worker: %s\n", what.c_str());
    return 2;
}

std::vector<std::string> split(const std::string &text, char separator)
{
    std::vector<std::string> parts;
    std::size_t begin = 0;
    for (;;) {
        const auto end = text.find(separator, begin);
        parts.push_back(text.substr(begin, end - begin));
        if (end == std::string::npos)
            return parts;
        begin = end + 1;
    }
}

} // namespace

int main(int argc, char **argv)
{
    const pid_t parent = ::getppid();
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        return 1; // the parent died before the line above
    // A process group of its own. When a process group is orphaned (the shell that started
    // chaosrun in the background exits) while one of its members is stopped, the kernel sends
    // SIGHUP to the group, and the holder chaosrun has SIGSTOPped dies of it. Alone in its group,
    // with chaosrun (in another group of the same session) as its parent, a worker's group is
    // never orphaned while chaosrun lives; when chaosrun dies, the death signal above ends it.
    ::setpgid(0, 0);

    std::map<std::string, std::string> arguments;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        if (!name.starts_with("--"))
            return usage("unexpected argument " + name);
        arguments[name.substr(2)] = argv[i + 1];
    }
    for (const char *required : {"url", "socket", "threads", "keys", "ttl-ms", "hold-ms", "seed"}) {
        if (!arguments.contains(required))
            return usage(std::string("--") + required + " is missing");
    }
    const auto holdRange = split(arguments["hold-ms"], '.');
    if (holdRange.size() != 3)
        return usage("--hold-ms wants MIN..MAX");

    struct sigaction action
    {};
    action.sa_handler = requestStop;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);

    auto client = redislock::Client::fromUrl(arguments["url"]);
    if (!client)
        return usage(client.error().message());

    const int threads = std::atoi(arguments["threads"].c_str());
    const auto seed = std::strtoull(arguments["seed"].c_str(), nullptr, 10);
    std::atomic<std::int64_t> acquisitions{0};
    std::atomic<int> broken{0};
    std::vector<std::thread> holders;
    for (int i = 0; i < threads; ++i) {
        chaos::HolderSettings settings;
        settings.holder = "p" + std::to_string(::getpid()) + ".t" + std::to_string(i);
        settings.keys = split(arguments["keys"], ',');
        settings.ttl = std::chrono::milliseconds(std::atoi(arguments["ttl-ms"].c_str()));
        settings.minHold = std::chrono::milliseconds(std::atoi(holdRange[0].c_str()));
        settings.maxHold = std::chrono::milliseconds(std::atoi(holdRange[2].c_str()));
        settings.seed = seed * 1000 + static_cast<std::uint64_t>(i);
        holders.emplace_back([&, settings] {
            chaos::ResourceClient resource;
            // A watchdog, where the holder has one, would be passed here instead.
            chaos::NoLeaseWatch watch;
            if (!resource.connect(arguments["socket"]) ||
                !chaos::runHolder(*client, settings, resource, watch, stopRequested,
                                  acquisitions)) {
                std::fprintf(stderr, "chaos_worker: %s stopped: the resource is gone\n",
                             settings.holder.c_str());
                ++broken;
            }
        });
    }
    for (std::thread &holder : holders)
        holder.join();
    return broken == 0 ? 0 : 1;
}
