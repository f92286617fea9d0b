#pragma once

#include "rawredis.h"
#include "redisserver.h"

#include <QList>
#include <QString>

#include <chrono>
#include <memory>
#include <vector>

namespace lockscope::test {

// A real Redis Cluster of 3 masters with one replica each (6 RedisServer processes with
// options.clusterNode), on free loopback ports: every node has a free client port AND a free
// cluster bus port of its own (cluster-port), so the default "client port + 10000" never
// collides with anything.
//
// start() joins the nodes as the sandbox does (formCluster, app/sandbox/clusterformation.h:
// distinct config epochs, one slot range per master, CLUSTER MEET of every node, CLUSTER
// REPLICATE so that node masterCount + i replicates node i); then it waits until every node
// says cluster_state:ok, agrees that all slots are covered, and every replica's link to its
// master is up.
//
// Starting takes seconds (see tst_clusterfixture), so start ONE cluster per test executable,
// in initTestCase(), and keep it for every test function: use fresh keys per test, not fresh
// clusters. Tests that fail a node over change the roles for the tests that follow: ask
// masters()/replicas() afresh rather than assuming node 0 is a master.
//
// Nodes are named by their index 0..nodeCount()-1, fixed for the life of the object (a node
// keeps its ports and its cluster identity through kill() and restart(), since nodes.conf
// stays in its directory). Every process is stopped by the destructor, and dies with the
// thread that started it, as RedisServer's do.
class RedisCluster
{
public:
    struct Options
    {
        int masters = 3;
        int replicasPerMaster = 1;
        // cluster-node-timeout: how long a node may be unreachable before it counts as
        // failing and its replica takes over. Short, so that failover tests take seconds; not
        // shorter, so that a loaded machine does not fail nodes over on its own.
        std::chrono::milliseconds nodeTimeout{3000};
        // Passed to every node as it is: {"--notify-keyspace-events", "KEA"}.
        QStringList extraArguments;
    };
    // What one node is now, as CLUSTER NODES says.
    struct NodeInfo
    {
        int index = -1; // into this fixture's nodes
        QByteArray id;  // the 40-character node id
        quint16 port = 0;
        bool master = false;
        QByteArray masterId; // a replica's master
    };

    static constexpr std::chrono::milliseconds readyTimeout{60000};

    RedisCluster();
    explicit RedisCluster(Options options);
    ~RedisCluster();
    RedisCluster(const RedisCluster &) = delete;
    RedisCluster &operator=(const RedisCluster &) = delete;

    // Starts every node, joins them into a cluster and waits until it serves every slot.
    // False with errorString() otherwise.
    [[nodiscard]] bool start();
    // Stops every node (SIGTERM, then SIGKILL).
    void stop();
    [[nodiscard]] QString errorString() const { return error_; }

    [[nodiscard]] int nodeCount() const { return static_cast<int>(nodes_.size()); }
    [[nodiscard]] RedisServer &node(int index) { return *nodes_.at(index); }
    [[nodiscard]] quint16 port(int index) const { return nodes_.at(index)->port(); }
    [[nodiscard]] quint16 busPort(int index) const { return nodes_.at(index)->clusterBusPort(); }
    [[nodiscard]] qint64 pid(int index) const { return nodes_.at(index)->pid(); }
    // "127.0.0.1:PORT", as the cluster announces the node.
    [[nodiscard]] QString address(int index) const;
    // The index of the node on that client port, -1 when none.
    [[nodiscard]] int indexOfPort(quint16 port) const;
    // A checker connected to the node (no redirects followed: it is a plain connection).
    [[nodiscard]] RawRedis raw(int index) const { return nodes_.at(index)->rawClient(); }
    // "redis-cluster://127.0.0.1:P1,127.0.0.1:P2,..." with every node as a seed.
    [[nodiscard]] QString url() const;

    // The roles as the cluster sees them now (CLUSTER NODES of a running node); empty when no
    // node answers. Failovers change them.
    [[nodiscard]] QList<NodeInfo> nodes() const;
    [[nodiscard]] QList<int> masters() const;
    [[nodiscard]] QList<int> replicas() const;
    // The replicas of one master, by index.
    [[nodiscard]] QList<int> replicasOf(int master) const;
    // The master serving the slot now (CLUSTER SLOTS), -1 when unknown.
    [[nodiscard]] int masterOfSlot(int slot) const;
    // CLUSTER KEYSLOT, computed by the server: -1 on error.
    [[nodiscard]] int keySlot(const QByteArray &key) const;

    // CLUSTER FAILOVER on a replica (a manual failover, coordinated with its master: no write
    // is lost), asked again should the server abandon it; then waits until the cluster is
    // healthy. False with errorString() when the replica is not a master by the timeout.
    [[nodiscard]] bool failover(int replica, std::chrono::milliseconds timeout = readyTimeout);
    // SIGKILL of one node: its master link and bus vanish at once; after nodeTimeout the
    // cluster marks it failed and, for a master, promotes its replica.
    void kill(int index);
    // Brings a killed or stopped node back on the same ports with the same identity (its data
    // is gone: nothing is persisted), and waits until it answers. A former master comes back
    // as a replica of whoever took its slots.
    [[nodiscard]] bool restart(int index);
    // Waits until every running node says cluster_state:ok and every running replica's link
    // to its master is up: after a failover or a restart.
    [[nodiscard]] bool waitUntilHealthy(std::chrono::milliseconds timeout = readyTimeout);

private:
    bool fail(const QString &what);
    [[nodiscard]] int anyRunningNode() const;

    Options options_;
    std::vector<std::unique_ptr<RedisServer>> nodes_;
    QString error_;
};

} // namespace lockscope::test
