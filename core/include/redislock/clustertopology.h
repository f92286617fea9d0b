#pragma once

#include <redislock/context.h>
#include <redislock/error.h>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace redislock {

class Client;

// One node of a Redis Cluster, as the cluster announces it: the address to connect to for its
// slots, which may differ from the address a seed was reached by.
struct ClusterNode
{
    std::string id;   // the 40-character node id
    std::string host; // the announced endpoint (IP or hostname); empty when unknown ("?")
    std::uint16_t port = 0;
    bool master = false;
    // "online", "failed" or "loading" (CLUSTER SHARDS); empty when the command does not say
    // (CLUSTER SLOTS lists only nodes it considers usable).
    std::string health;
    // The replication offset (CLUSTER SHARDS), nullopt when unknown.
    std::optional<std::int64_t> replicationOffset;

    // "host:port", the form MOVED and ASK redirects use.
    [[nodiscard]] std::string address() const;
};

// A contiguous range of hash slots, both ends included.
struct SlotRange
{
    std::uint16_t first = 0;
    std::uint16_t last = 0;

    friend bool operator==(const SlotRange &, const SlotRange &) = default;
};

// A master, the slots it serves and its replicas.
struct ClusterShard
{
    std::vector<SlotRange> slots; // sorted; empty for a master that serves none yet
    ClusterNode master;
    std::vector<ClusterNode> replicas;

    [[nodiscard]] bool serves(std::uint16_t slot) const noexcept;
};

// The whole map of a cluster, as one node sees it at one moment.
struct ClusterTopology
{
    enum class Source
    {
        shards, // CLUSTER SHARDS (Redis 7 and later)
        slots,  // CLUSTER SLOTS (deprecated in Redis 7, the only one before)
    };

    std::vector<ClusterShard> shards; // by first slot; slotless masters last
    Source source = Source::shards;

    // The shard whose master serves the slot, or null when no one does (a hole in coverage).
    [[nodiscard]] const ClusterShard *shardForSlot(std::uint16_t slot) const noexcept;
    // Every one of the 16384 slots is served by some master.
    [[nodiscard]] bool coversAllSlots() const noexcept;
};

// Which command readClusterTopology asks.
enum class TopologyCommand
{
    automatic, // CLUSTER SHARDS, and CLUSTER SLOTS when the server does not know it
    shards,
    slots,
};

// Reads the topology through a client connected to any one node of a cluster. A server that
// is not a cluster node gives Errc::invalidArgument ("127.0.0.1:6379 is not a cluster
// (cluster_enabled:0): use redis:// for a standalone server"); an I/O failure or an
// unexpected reply comes back as the client's error or Errc::protocolError.
[[nodiscard]] std::expected<ClusterTopology, Error>
readClusterTopology(const Client &client, TopologyCommand command = TopologyCommand::automatic,
                    const Context &context = {});

} // namespace redislock
