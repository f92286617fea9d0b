// readClusterTopology: the map of masters, slots and replicas that the cluster client routes by,
// read with both commands from a real 3-master, 3-replica cluster and compared with what the
// nodes say of themselves; and the one clear line for a server that is not a cluster.

#include "support/closedport.h"
#include "support/rawredis.h"
#include "support/rediscluster.h"
#include "support/redisserver.h"

#include <redislock/client.h>
#include <redislock/clustertopology.h>
#include <redislock/hashslot.h>

#include <QTest>

#include <memory>

using namespace lockscope::test;
using redislock::ClusterTopology;
using redislock::TopologyCommand;

Q_DECLARE_METATYPE(redislock::TopologyCommand)
Q_DECLARE_METATYPE(redislock::ClusterTopology::Source)

namespace {

redislock::Client clientOn(quint16 port)
{
    auto client = redislock::Client::fromUrl("redis://127.0.0.1:" + std::to_string(port));
    if (!client)
        qFatal("bad url: %s", client.error().message().c_str());
    return *std::move(client);
}

// The part of a topology that both commands report: slot ranges, master port, replica ports.
QString summary(const ClusterTopology &topology)
{
    QStringList shards;
    for (const redislock::ClusterShard &shard : topology.shards) {
        QStringList ranges;
        for (const redislock::SlotRange &range : shard.slots)
            ranges << QStringLiteral("%1-%2").arg(range.first).arg(range.last);
        QStringList replicas;
        for (const redislock::ClusterNode &replica : shard.replicas)
            replicas << QString::fromStdString(replica.address());
        shards << QStringLiteral("[%1] %2 (%3) <- %4")
                      .arg(ranges.join(QLatin1Char(',')),
                           QString::fromStdString(shard.master.address()),
                           QString::fromStdString(shard.master.id),
                           replicas.join(QLatin1Char(',')));
    }
    return shards.join(QLatin1Char('\n'));
}

} // namespace

class TestClusterTopology : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsTopology_data();
    void readsTopology();
    void sameMapFromEveryNode();
    void slotsRouteToTheirMaster();
    void standaloneServerIsNotACluster_data();
    void standaloneServerIsNotACluster();
    void unreachableNode();

private:
    std::unique_ptr<RedisCluster> cluster_; // one cluster for the whole suite: it takes seconds
    RedisServer standalone_;
};

void TestClusterTopology::initTestCase()
{
    cluster_ = std::make_unique<RedisCluster>();
    QVERIFY2(cluster_->start(), qPrintable(cluster_->errorString()));
    QVERIFY2(standalone_.start(), qPrintable(standalone_.errorString()));
}

void TestClusterTopology::readsTopology_data()
{
    QTest::addColumn<TopologyCommand>("command");
    QTest::addColumn<ClusterTopology::Source>("source");
    QTest::newRow("automatic: CLUSTER SHARDS on Redis 7")
        << TopologyCommand::automatic << ClusterTopology::Source::shards;
    QTest::newRow("CLUSTER SHARDS") << TopologyCommand::shards << ClusterTopology::Source::shards;
    QTest::newRow("CLUSTER SLOTS") << TopologyCommand::slots << ClusterTopology::Source::slots;
}

void TestClusterTopology::readsTopology()
{
    QFETCH(TopologyCommand, command);
    QFETCH(ClusterTopology::Source, source);
    const auto topology = redislock::readClusterTopology(clientOn(cluster_->port(0)), command);
    QVERIFY2(topology, topology ? "" : topology.error().message().c_str());
    QCOMPARE(topology->source, source);
    QCOMPARE(topology->shards.size(), 3u);
    QVERIFY(topology->coversAllSlots());

    for (const redislock::ClusterShard &shard : topology->shards) {
        // The fixture gives each master one contiguous range.
        QCOMPARE(shard.slots.size(), 1u);
        const int master = cluster_->masterOfSlot(shard.slots.front().first);
        QCOMPARE(cluster_->masterOfSlot(shard.slots.front().last), master);
        QVERIFY(shard.master.master);
        QCOMPARE(QString::fromStdString(shard.master.address()), cluster_->address(master));
        RawRedis node = cluster_->raw(master);
        QCOMPARE(QByteArray::fromStdString(shard.master.id), node.command({"CLUSTER", "MYID"}).str);

        QCOMPARE(shard.replicas.size(), 1u);
        const redislock::ClusterNode &replica = shard.replicas.front();
        QVERIFY(!replica.master);
        QCOMPARE(cluster_->replicasOf(master), QList<int>{cluster_->indexOfPort(replica.port)});
        QCOMPARE(replica.host, std::string("127.0.0.1"));
        RawRedis replicaNode = cluster_->raw(cluster_->indexOfPort(replica.port));
        QCOMPARE(QByteArray::fromStdString(replica.id),
                 replicaNode.command({"CLUSTER", "MYID"}).str);

        if (source == ClusterTopology::Source::shards) {
            QCOMPARE(shard.master.health, std::string("online"));
            QCOMPARE(replica.health, std::string("online"));
            QVERIFY(shard.master.replicationOffset.has_value());
            QVERIFY(replica.replicationOffset.has_value());
        } else {
            QVERIFY(shard.master.health.empty());
            QVERIFY(!shard.master.replicationOffset);
        }
    }
    // Ordered by slot.
    QCOMPARE(topology->shards.front().slots.front().first, 0);
    QCOMPARE(topology->shards.back().slots.back().last, redislock::clusterSlotCount - 1);
}

void TestClusterTopology::sameMapFromEveryNode()
{
    const auto reference = redislock::readClusterTopology(clientOn(cluster_->port(0)));
    QVERIFY(reference);
    for (int i = 0; i < cluster_->nodeCount(); ++i) {
        for (const TopologyCommand command : {TopologyCommand::shards, TopologyCommand::slots}) {
            const auto topology =
                redislock::readClusterTopology(clientOn(cluster_->port(i)), command);
            QVERIFY2(topology, topology ? "" : topology.error().message().c_str());
            QCOMPARE(summary(*topology), summary(*reference));
        }
    }
}

void TestClusterTopology::slotsRouteToTheirMaster()
{
    const auto topology = redislock::readClusterTopology(clientOn(cluster_->port(0)));
    QVERIFY(topology);
    for (int i = 0; i < 200; ++i) {
        const std::string key = "lock:" + std::to_string(i);
        const auto slot = redislock::hashSlot(key);
        const redislock::ClusterShard *shard = topology->shardForSlot(slot);
        QVERIFY(shard);
        // A write there succeeds: the map sends the key where the cluster wants it.
        RawRedis master = cluster_->raw(cluster_->indexOfPort(shard->master.port));
        const QByteArray bytes = QByteArray::fromStdString(key);
        QVERIFY2(master.set(bytes, "v"), qPrintable(master.errorString()));
        QCOMPARE(master.del(bytes), 1);
    }
}

void TestClusterTopology::standaloneServerIsNotACluster_data()
{
    QTest::addColumn<TopologyCommand>("command");
    QTest::newRow("automatic") << TopologyCommand::automatic;
    QTest::newRow("CLUSTER SHARDS") << TopologyCommand::shards;
    QTest::newRow("CLUSTER SLOTS") << TopologyCommand::slots;
}

void TestClusterTopology::standaloneServerIsNotACluster()
{
    QFETCH(TopologyCommand, command);
    const auto topology = redislock::readClusterTopology(clientOn(standalone_.port()), command);
    QVERIFY(!topology);
    QVERIFY(topology.error() == redislock::Errc::invalidArgument);
    QCOMPARE(QString::fromStdString(topology.error().message()),
             QStringLiteral("127.0.0.1:%1 is not a cluster (cluster_enabled:0): use redis:// "
                            "for a standalone server")
                 .arg(standalone_.port()));
}

void TestClusterTopology::unreachableNode()
{
    const quint16 port = closedLoopbackPort();
    QVERIFY(port != 0);
    const auto topology = redislock::readClusterTopology(clientOn(port));
    QVERIFY(!topology);
    QVERIFY2(topology.error() == redislock::Errc::connectionFailed,
             topology.error().message().c_str());
}

QTEST_GUILESS_MAIN(TestClusterTopology)
#include "tst_clustertopology.moc"
