#include "clusterformation.h"

#include <redislock/client.h>
#include <redislock/hashslot.h>

#include <algorithm>
#include <functional>
#include <thread>

using redislock::Errc;
using redislock::Error;
using namespace std::chrono_literals;

namespace {

std::expected<redislock::Client, Error> nodeClient(std::uint16_t port)
{
    return redislock::Client::fromUrl("redis://127.0.0.1:" + std::to_string(port) +
                                      "?connect_timeout=500ms&read_timeout=2s&pool_size=1");
}

// A command whose error reply is an Error too, naming the node.
std::expected<redislock::Reply, Error> ask(const redislock::Client &client, std::uint16_t port,
                                           const std::vector<std::string> &arguments)
{
    auto reply = client.command(arguments);
    if (!reply)
        return reply;
    if (reply->isError())
        return std::unexpected(Error(
            Errc::serverError, arguments[0] + " " + arguments[1] +
                                   " on 127.0.0.1:" + std::to_string(port) + ": " + reply->text));
    return reply;
}

// "name:value" of an INFO-like text; empty when absent.
std::string field(const std::string &text, const std::string &name)
{
    const auto at = text.find(name + ":");
    if (at == std::string::npos || (at > 0 && text[at - 1] != '\n'))
        return {};
    const auto start = at + name.size() + 1;
    const auto end = text.find_first_of("\r\n", start);
    return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Polls until `done` or the deadline; the last reason it gave is the error.
std::expected<void, Error> waitUntil(const std::function<std::string()> &whyNot,
                                     std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const std::string why = whyNot();
        if (why.empty())
            return {};
        if (std::chrono::steady_clock::now() > deadline)
            return std::unexpected(Error(Errc::timeout, "the cluster did not form within " +
                                                            std::to_string(timeout.count()) +
                                                            "ms: " + why));
        std::this_thread::sleep_for(50ms);
    }
}

} // namespace

std::expected<void, Error> formCluster(const std::vector<ClusterNodePorts> &nodes, int masters,
                                       std::chrono::milliseconds timeout)
{
    const auto total = static_cast<int>(nodes.size());
    if (masters < 1 || masters > total)
        return std::unexpected(Error(Errc::invalidArgument,
                                     "a cluster needs 1 to " + std::to_string(total) + " masters"));
    std::vector<redislock::Client> clients;
    std::vector<std::string> ids;
    for (int i = 0; i < total; ++i) {
        auto client = nodeClient(nodes[i].port);
        if (!client)
            return std::unexpected(client.error());
        clients.push_back(*client);
        const std::uint16_t port = nodes[i].port;
        if (auto epoch = ask(*client, port, {"CLUSTER", "SET-CONFIG-EPOCH", std::to_string(i + 1)});
            !epoch)
            return std::unexpected(epoch.error());
        auto id = ask(*client, port, {"CLUSTER", "MYID"});
        if (!id)
            return std::unexpected(id.error());
        ids.push_back(id->text);
        if (i < masters) {
            const long first = long{redislock::clusterSlotCount} * i / masters;
            const long last = long{redislock::clusterSlotCount} * (i + 1) / masters - 1;
            if (auto slots =
                    ask(*client, port,
                        {"CLUSTER", "ADDSLOTSRANGE", std::to_string(first), std::to_string(last)});
                !slots)
                return std::unexpected(slots.error());
        }
    }
    for (int i = 1; i < total; ++i) {
        if (auto met = ask(clients[0], nodes[0].port,
                           {"CLUSTER", "MEET", "127.0.0.1", std::to_string(nodes[i].port),
                            std::to_string(nodes[i].busPort)});
            !met)
            return std::unexpected(met.error());
    }
    // A replica can only REPLICATE a master it knows; MEET spreads by gossip, node by node.
    auto known = waitUntil(
        [&]() -> std::string {
            for (int i = 0; i < total; ++i) {
                auto reply = clients[i].command({"CLUSTER", "NODES"});
                if (!reply || reply->isError())
                    return "node 127.0.0.1:" + std::to_string(nodes[i].port) + " does not answer";
                const std::string &text = reply->text;
                if (std::ranges::count(text, '\n') < total ||
                    text.find("handshake") != std::string::npos ||
                    text.find("noaddr") != std::string::npos)
                    return "the nodes have not all met";
            }
            return {};
        },
        timeout);
    if (!known)
        return known;
    for (int i = masters; i < total; ++i) {
        if (auto replicated = ask(clients[i], nodes[i].port,
                                  {"CLUSTER", "REPLICATE", ids[(i - masters) % masters]});
            !replicated)
            return std::unexpected(replicated.error());
    }
    return {};
}

std::expected<void, Error> waitUntilClusterServes(const std::vector<ClusterNodePorts> &nodes,
                                                  std::chrono::milliseconds timeout)
{
    std::vector<redislock::Client> clients;
    for (const auto &node : nodes) {
        auto client = nodeClient(node.port);
        if (!client)
            return std::unexpected(client.error());
        clients.push_back(*client);
    }
    return waitUntil(
        [&]() -> std::string {
            std::size_t replicas = 0;
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                const std::string name = "127.0.0.1:" + std::to_string(nodes[i].port);
                auto info = clients[i].command({"CLUSTER", "INFO"});
                if (!info || info->isError())
                    return name + " does not answer";
                if (field(info->text, "cluster_state") != "ok" ||
                    field(info->text, "cluster_slots_ok") !=
                        std::to_string(redislock::clusterSlotCount))
                    return name + " does not serve every slot yet";
                auto replication = clients[i].command({"INFO", "replication"});
                if (!replication || replication->isError())
                    return name + " does not answer";
                if (field(replication->text, "role") == "slave") {
                    if (field(replication->text, "master_link_status") != "up")
                        return "replica " + name + "'s link to its master is not up";
                    ++replicas;
                }
            }
            // Every node must also see every replica as one: until gossip has spread the news,
            // a node's map (CLUSTER SHARDS, which clients read) lists a replica as a master.
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                auto map = clients[i].command({"CLUSTER", "NODES"});
                if (!map || map->isError())
                    return "127.0.0.1:" + std::to_string(nodes[i].port) + " does not answer";
                std::size_t seen = 0;
                for (std::size_t at = map->text.find("slave"); at != std::string::npos;
                     at = map->text.find("slave", at + 1))
                    ++seen;
                if (seen != replicas)
                    return "127.0.0.1:" + std::to_string(nodes[i].port) +
                           " does not see every replica as one yet";
            }
            return {};
        },
        timeout);
}
