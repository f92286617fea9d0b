#include "rediscluster.h"

#include "polling.h"
#include "sandbox/clusterformation.h"

#include <QDeadlineTimer>
#include <QThread>

#include <algorithm>
#include <functional>

namespace lockscope::test {

namespace {

constexpr int slotCount = 16384;

QByteArray info(RawRedis &redis, const QList<QByteArray> &argv)
{
    const RawReply reply = redis.command(argv);
    return reply.type == RawReply::Type::string ? reply.str : QByteArray();
}

// Which master port serves which slot range, as one node sees it: (first slot, master port),
// sorted. Empty when the node does not answer.
QList<QPair<qint64, qint64>> slotOwners(RawRedis &redis)
{
    QList<QPair<qint64, qint64>> owners;
    const RawReply reply = redis.command({"CLUSTER", "SLOTS"});
    for (const RawReply &range : reply.elements) {
        if (range.elements.size() >= 3 && range.elements.at(2).elements.size() >= 2)
            owners.append(
                {range.elements.at(0).integer, range.elements.at(2).elements.at(1).integer});
    }
    std::ranges::sort(owners);
    return owners;
}

// A field of a flat name/value array, as CLUSTER SHARDS answers in RESP2.
const RawReply *pairField(const RawReply &map, const QByteArray &name)
{
    for (qsizetype i = 0; i + 1 < map.elements.size(); i += 2) {
        if (map.elements.at(i).str == name)
            return &map.elements.at(i + 1);
    }
    return nullptr;
}

// The ports of the nodes that one node does not consider online (CLUSTER SHARDS health:
// "fail", or "loading" for a replica whose replication offset it has not yet heard of).
QList<quint16> notOnline(RawRedis &redis)
{
    QList<quint16> ports;
    const RawReply reply = redis.command({"CLUSTER", "SHARDS"});
    for (const RawReply &shard : reply.elements) {
        const RawReply *nodes = pairField(shard, "nodes");
        for (const RawReply &node : nodes ? nodes->elements : QList<RawReply>()) {
            const RawReply *port = pairField(node, "port");
            const RawReply *health = pairField(node, "health");
            if (port && health && health->str != "online")
                ports.append(static_cast<quint16>(port->integer));
        }
    }
    return ports;
}

} // namespace

RedisCluster::RedisCluster() : RedisCluster(Options{})
{}

RedisCluster::RedisCluster(Options options) : options_(std::move(options))
{}

RedisCluster::~RedisCluster()
{
    stop();
}

bool RedisCluster::fail(const QString &what)
{
    error_ = what;
    for (const auto &node : nodes_) {
        if (node->port() != 0) {
            error_ += QStringLiteral("\n--- last output of node 127.0.0.1:%1:\n%2")
                          .arg(node->port())
                          .arg(node->logTail(8));
        }
    }
    return false;
}

bool RedisCluster::start()
{
    error_.clear();
    if (!nodes_.empty())
        return waitUntilHealthy();
    const int masterCount = options_.masters;
    const int total = masterCount * (1 + options_.replicasPerMaster);
    RedisServerOptions nodeOptions;
    nodeOptions.clusterNode = true;
    nodeOptions.extraArguments << QStringLiteral("--cluster-node-timeout")
                               << QString::number(options_.nodeTimeout.count())
                               // A master pings its replicas every second instead of every ten, so
                               // that the replication offset of an idle cluster moves and replicas
                               // count as online (see waitUntilHealthy) seconds sooner.
                               << QStringLiteral("--repl-ping-replica-period")
                               << QStringLiteral("1") << options_.extraArguments;
    for (int i = 0; i < total; ++i) {
        nodes_.push_back(std::make_unique<RedisServer>(nodeOptions));
        if (!nodes_.back()->start())
            return fail(QStringLiteral("node %1 did not start: %2")
                            .arg(i)
                            .arg(nodes_.back()->errorString()));
    }

    // Joining them is the sandbox's (one home for forming a cluster); waiting until it is
    // healthy stays here, with the stricter checks that failover and restart tests need.
    std::vector<ClusterNodePorts> ports;
    for (int i = 0; i < total; ++i)
        ports.push_back({port(i), busPort(i)});
    if (auto formed = formCluster(ports, masterCount, readyTimeout); !formed)
        return fail(QString::fromStdString(formed.error().message()));
    return waitUntilHealthy();
}

bool RedisCluster::waitUntilHealthy(std::chrono::milliseconds timeout)
{
    QString why;
    const bool healthy = waitFor(
        [&] {
            QList<QPair<qint64, qint64>> agreed;
            for (int i = 0; i < nodeCount(); ++i) {
                if (!nodes_.at(i)->isRunning())
                    continue;
                RawRedis redis = raw(i);
                const QByteArray clusterInfo = info(redis, {"CLUSTER", "INFO"});
                if (infoField(clusterInfo, "cluster_state") != "ok" ||
                    infoField(clusterInfo, "cluster_slots_ok").toInt() != slotCount) {
                    why = QStringLiteral("node %1 says: %2")
                              .arg(i)
                              .arg(QString::fromLatin1(clusterInfo.left(120)));
                    return false;
                }
                // The node's own view of its role ("myself" in CLUSTER NODES), not INFO's:
                // a replica that just restarted reads it from nodes.conf at once but says
                // role:master in INFO until its first cron tick points it at its master.
                const QByteArray nodes = info(redis, {"CLUSTER", "NODES"});
                const bool replica =
                    std::ranges::any_of(nodes.split('\n'), [](const QByteArray &line) {
                        const QList<QByteArray> fields = line.split(' ');
                        return fields.size() > 2 && fields.at(2).split(',').contains("myself") &&
                               fields.at(2).split(',').contains("slave");
                    });
                const QByteArray replication = info(redis, {"INFO", "replication"});
                if (replica && (infoField(replication, "role") != "slave" ||
                                infoField(replication, "master_link_status") != "up")) {
                    why = QStringLiteral("replica %1's link to its master is not up").arg(i);
                    return false;
                }
                // Every running node is online for every other: a replica's replication
                // offset reaches the others by gossip, and until then CLUSTER SLOTS leaves
                // it out and CLUSTER SHARDS says "loading".
                for (const quint16 port : notOnline(redis)) {
                    const int other = indexOfPort(port);
                    if (other >= 0 && nodes_.at(other)->isRunning()) {
                        why = QStringLiteral("node %1 does not see node %2 online yet")
                                  .arg(i)
                                  .arg(other);
                        return false;
                    }
                }
                // Every node routes every slot to the same master: the failover or the join
                // has spread through gossip.
                const auto owners = slotOwners(redis);
                if (agreed.isEmpty())
                    agreed = owners;
                if (owners != agreed) {
                    why = QStringLiteral("node %1 routes the slots differently").arg(i);
                    return false;
                }
            }
            return !agreed.isEmpty();
        },
        timeout);
    if (!healthy)
        return fail(QStringLiteral("the cluster is not healthy after %1 ms: %2")
                        .arg(timeout.count())
                        .arg(why));
    return true;
}

void RedisCluster::stop()
{
    // Replicas first: a master stopping first would make them log reconnection attempts.
    for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it)
        (*it)->stop();
}

QString RedisCluster::address(int index) const
{
    return QStringLiteral("127.0.0.1:%1").arg(port(index));
}

int RedisCluster::indexOfPort(quint16 port) const
{
    for (int i = 0; i < nodeCount(); ++i) {
        if (nodes_.at(i)->port() == port)
            return i;
    }
    return -1;
}

QString RedisCluster::url() const
{
    QStringList seeds;
    for (int i = 0; i < nodeCount(); ++i)
        seeds.append(address(i));
    return QStringLiteral("redis-cluster://") + seeds.join(QLatin1Char(','));
}

int RedisCluster::anyRunningNode() const
{
    for (int i = 0; i < nodeCount(); ++i) {
        if (nodes_.at(i)->isRunning())
            return i;
    }
    return -1;
}

QList<RedisCluster::NodeInfo> RedisCluster::nodes() const
{
    QList<NodeInfo> result;
    const int asked = anyRunningNode();
    if (asked < 0)
        return result;
    RawRedis redis = raw(asked);
    const QByteArray text = info(redis, {"CLUSTER", "NODES"});
    // <id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slots...>
    for (const QByteArray &line : text.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 8)
            continue;
        const QByteArray address = fields.at(1).split('@').first();
        NodeInfo node;
        node.id = fields.at(0);
        node.port = static_cast<quint16>(address.mid(address.lastIndexOf(':') + 1).toUInt());
        node.index = indexOfPort(node.port);
        node.master = fields.at(2).split(',').contains("master");
        if (!node.master && fields.at(3) != "-")
            node.masterId = fields.at(3);
        result.append(node);
    }
    std::ranges::sort(result, {}, &NodeInfo::index);
    return result;
}

QList<int> RedisCluster::masters() const
{
    QList<int> result;
    for (const NodeInfo &node : nodes()) {
        if (node.master)
            result.append(node.index);
    }
    return result;
}

QList<int> RedisCluster::replicas() const
{
    QList<int> result;
    for (const NodeInfo &node : nodes()) {
        if (!node.master)
            result.append(node.index);
    }
    return result;
}

QList<int> RedisCluster::replicasOf(int master) const
{
    const QList<NodeInfo> all = nodes();
    QByteArray masterId;
    for (const NodeInfo &node : all) {
        if (node.index == master)
            masterId = node.id;
    }
    QList<int> result;
    for (const NodeInfo &node : all) {
        if (!masterId.isEmpty() && node.masterId == masterId)
            result.append(node.index);
    }
    return result;
}

int RedisCluster::masterOfSlot(int slot) const
{
    const int asked = anyRunningNode();
    if (asked < 0)
        return -1;
    RawRedis redis = raw(asked);
    const RawReply reply = redis.command({"CLUSTER", "SLOTS"});
    for (const RawReply &range : reply.elements) {
        if (range.elements.size() >= 3 && range.elements.at(0).integer <= slot &&
            slot <= range.elements.at(1).integer && range.elements.at(2).elements.size() >= 2)
            return indexOfPort(static_cast<quint16>(range.elements.at(2).elements.at(1).integer));
    }
    return -1;
}

int RedisCluster::keySlot(const QByteArray &key) const
{
    const int asked = anyRunningNode();
    if (asked < 0)
        return -1;
    RawRedis redis = raw(asked);
    const RawReply reply = redis.command({"CLUSTER", "KEYSLOT", key});
    return reply.type == RawReply::Type::integer ? static_cast<int>(reply.integer) : -1;
}

bool RedisCluster::failover(int replica, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    RawRedis redis = raw(replica);
    // A manual failover that does not complete within 5 s (the replica could not catch up
    // with its paused master, or the vote was slow on a loaded machine) is abandoned by the
    // server without a word: ask again until the deadline.
    while (!deadline.hasExpired()) {
        const RawReply reply = redis.command({"CLUSTER", "FAILOVER"});
        if (reply.isError())
            return fail(QStringLiteral("CLUSTER FAILOVER on node %1: %2")
                            .arg(replica)
                            .arg(reply.toString()));
        const bool promoted = waitFor(
            [&] {
                return infoField(info(redis, {"INFO", "replication"}), "role") == "master";
            },
            std::min<std::chrono::milliseconds>(
                std::chrono::milliseconds(10000),
                std::chrono::milliseconds(std::max<qint64>(deadline.remainingTime(), 0))));
        if (promoted) {
            return waitUntilHealthy(
                std::chrono::milliseconds(std::max<qint64>(deadline.remainingTime(), 1)));
        }
    }
    return fail(
        QStringLiteral("node %1 was not promoted within %2 ms").arg(replica).arg(timeout.count()));
}

void RedisCluster::kill(int index)
{
    nodes_.at(index)->kill();
}

bool RedisCluster::restart(int index)
{
    if (!nodes_.at(index)->start())
        return fail(QStringLiteral("node %1 did not restart: %2")
                        .arg(index)
                        .arg(nodes_.at(index)->errorString()));
    return true;
}

} // namespace lockscope::test
