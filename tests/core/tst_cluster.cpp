// The cluster client of the core against a real 3-master, 3-replica Redis Cluster: locks on
// every master (checked on the node itself), commands and pipelines routed by slot, cross-slot
// locks refused before anything is sent, a lock held through a slot migration (ASK, then MOVED)
// and through a failover of its master, and the one clear line for a wrong deployment or seed
// list. One cluster for the whole suite (starting one takes seconds); the failover and the
// migration change it, so they run last and every test asks the cluster who serves what.

#include "support/closedport.h"
#include "support/commandstats.h"
#include "support/polling.h"
#include "support/rawredis.h"
#include "support/rediscluster.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/hashslot.h>

#include <QTest>

#include <memory>
#include <mutex>

using namespace lockscope::test;
using namespace std::chrono_literals;
using redislock::Client;
using redislock::ConnectionOptions;
using redislock::Deployment;
using redislock::Errc;
using redislock::ServerAddress;
using redislock::TopologyEvent;

namespace {

ConnectionOptions clusterOptions(const std::vector<quint16> &ports)
{
    ConnectionOptions options;
    options.deployment = Deployment::cluster;
    for (const quint16 port : ports)
        options.seeds.push_back(ServerAddress{"127.0.0.1", port});
    options.host = options.seeds.front().host;
    options.port = options.seeds.front().port;
    options.connectTimeout = 2000ms;
    return options;
}

QByteArray bytes(std::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

// The topology events a client reported, from whichever thread noticed.
struct Events
{
    std::mutex mutex;
    std::vector<TopologyEvent> seen;

    void watch(const Client &client)
    {
        client.setTopologyObserver([this](const TopologyEvent &event) {
            const std::scoped_lock lock(mutex);
            seen.push_back(event);
        });
    }
    [[nodiscard]] bool any(TopologyEvent::Kind kind)
    {
        const std::scoped_lock lock(mutex);
        return std::ranges::any_of(seen, [kind](const TopologyEvent &e) { return e.kind == kind; });
    }
    // Every description, for a failure message.
    [[nodiscard]] QString text()
    {
        const std::scoped_lock lock(mutex);
        QStringList lines;
        for (const TopologyEvent &event : seen)
            lines << QString::fromStdString(event.description);
        return lines.join(QStringLiteral("; "));
    }
};

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mastersAndTopology();
    void locksOnEveryMaster();
    void pipelineAnswersInOrder();
    void crossSlotRefusedWithNothingWritten_data();
    void crossSlotRefusedWithNothingWritten();
    void hashTaggedMultiKey();
    void clusterOptionsAtStandaloneServer();
    void standaloneTopology();
    void seedListWithBadEntry();
    void allSeedsBad();
    void lockSurvivesSlotMigration();
    void lockSurvivesFailover();

private:
    [[nodiscard]] Client client() const;
    // A fresh key whose slot the master `masterIndex` serves now.
    [[nodiscard]] std::string keyOn(int masterIndex, std::string_view label) const;
    // CONFIG RESETSTAT on every master, so that writtenOnMasters() sees only what follows.
    void resetStats();
    // The commands that are not reads nor the cluster's own housekeeping (replication acks,
    // the map reads) that any master ran since resetStats().
    [[nodiscard]] QStringList writtenOnMasters();

    std::unique_ptr<RedisCluster> cluster_;
    RedisServer standalone_;
};

Client TestCluster::client() const
{
    std::vector<quint16> ports;
    for (int i = 0; i < cluster_->nodeCount(); ++i)
        ports.push_back(cluster_->port(i));
    return Client(clusterOptions(ports));
}

std::string TestCluster::keyOn(int masterIndex, std::string_view label) const
{
    for (int attempt = 0; attempt < 1000; ++attempt) {
        std::string key = uniqueKey(label);
        if (cluster_->masterOfSlot(redislock::hashSlot(key)) == masterIndex)
            return key;
    }
    qFatal("no key found for master %d", masterIndex);
}

void TestCluster::resetStats()
{
    for (const int master : cluster_->masters())
        QVERIFY(!cluster_->raw(master).command({"CONFIG", "RESETSTAT"}).isError());
}

QStringList TestCluster::writtenOnMasters()
{
    static const QStringList housekeeping{QStringLiteral("replconf"), QStringLiteral("cluster"),
                                          QStringLiteral("psync"), QStringLiteral("wait")};
    QStringList written;
    for (const int master : cluster_->masters()) {
        RawRedis raw = cluster_->raw(master);
        for (const QString &command : nonReadCommands(raw))
            if (!housekeeping.contains(command))
                written << cluster_->address(master) + QLatin1Char(' ') + command;
    }
    return written;
}

void TestCluster::initTestCase()
{
    cluster_ = std::make_unique<RedisCluster>();
    QVERIFY2(cluster_->start(), qPrintable(cluster_->errorString()));
    QVERIFY2(standalone_.start(), qPrintable(standalone_.errorString()));
}

void TestCluster::mastersAndTopology()
{
    const Client cluster = client();
    QCOMPARE(cluster.deployment(), Deployment::cluster);
    const auto masters = cluster.masters();
    QVERIFY2(masters, masters ? "" : masters.error().message().c_str());
    QStringList expected;
    for (const int master : cluster_->masters())
        expected << cluster_->address(master);
    QStringList actual;
    for (const std::string &master : *masters)
        actual << QString::fromStdString(master);
    expected.sort();
    actual.sort();
    QCOMPARE(actual, expected);

    const auto topology = cluster.topology();
    QVERIFY2(topology, topology ? "" : topology.error().message().c_str());
    QCOMPARE(topology->shards.size(), std::size_t{3});
    QVERIFY(topology->coversAllSlots());
    for (const redislock::ClusterShard &shard : topology->shards)
        QCOMPARE(shard.replicas.size(), std::size_t{1});

    // PING goes to every master; a keyless command to one of them.
    const auto ping = cluster.ping();
    QVERIFY2(ping, ping ? "" : ping.error().message().c_str());
    const auto pong = cluster.command({"PING"});
    QVERIFY(pong);
    QCOMPARE(pong->text, "PONG");

    // masterFor names the master the cluster itself says serves the key's slot.
    for (const int master : cluster_->masters()) {
        const std::string key = keyOn(master, "masterFor");
        const auto named = cluster.masterFor(key);
        QVERIFY(named);
        QCOMPARE(QString::fromStdString(*named), cluster_->address(master));
    }
}

void TestCluster::locksOnEveryMaster()
{
    const Client cluster = client();
    const QList<int> masters = cluster_->masters();
    QCOMPARE(masters.size(), 3);
    for (const int master : masters) {
        const std::string key = keyOn(master, "every");
        auto lock = cluster.obtain(key, 10s);
        QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
        // The lock is on the master of its slot, and on no other master.
        for (const int other : masters) {
            const auto value = cluster_->raw(other).get(bytes(key));
            if (other == master) {
                QVERIFY(value);
                QCOMPARE(*value, bytes(lock->value()));
            } else {
                QVERIFY2(!value, qPrintable(cluster_->address(other)));
            }
        }
        auto refreshed = lock->refresh(60s);
        QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
        QVERIFY(cluster_->raw(master).pttl(bytes(key)) > 10000);
        const auto ttl = lock->ttl();
        QVERIFY(ttl && *ttl > 10s);
        auto released = lock->release();
        QVERIFY2(released, released ? "" : released.error().message().c_str());
        QVERIFY(!cluster_->raw(master).exists(bytes(key)));
    }
}

void TestCluster::pipelineAnswersInOrder()
{
    const Client cluster = client();
    const QList<int> masters = cluster_->masters();
    std::vector<std::string> keys;
    for (int round = 0; round < 2; ++round)
        for (const int master : masters)
            keys.push_back(keyOn(master, "pipeline"));
    std::vector<std::vector<std::string>> commands;
    for (std::size_t i = 0; i < keys.size(); ++i)
        commands.push_back({"SET", keys[i], "value" + std::to_string(i)});
    commands.push_back({"PING"});
    for (const std::string &key : keys)
        commands.push_back({"GET", key});
    const auto replies = cluster.pipeline(commands);
    QVERIFY2(replies, replies ? "" : replies.error().message().c_str());
    QCOMPARE(replies->size(), commands.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        QCOMPARE((*replies)[i].text, "OK");
        QCOMPARE((*replies)[keys.size() + 1 + i].text, "value" + std::to_string(i));
        const int master = masters[static_cast<int>(i % masters.size())];
        QCOMPARE(cluster_->raw(master).get(bytes(keys[i])),
                 std::optional(QByteArray::fromStdString("value" + std::to_string(i))));
    }
    QCOMPARE((*replies)[keys.size()].text, "PONG");
    QCOMPARE(*cluster.deleteKeys({keys.front()}), std::int64_t{1});
}

void TestCluster::crossSlotRefusedWithNothingWritten_data()
{
    QTest::addColumn<bool>("fence"); // the second key is the fence key, not a lock key
    QTest::newRow("two lock keys") << false;
    QTest::newRow("lock key and fence key") << true;
}

void TestCluster::crossSlotRefusedWithNothingWritten()
{
    QFETCH(bool, fence);
    const Client cluster = client();
    (void)cluster.masters(); // the map is read before the stats are reset
    const QList<int> masters = cluster_->masters();
    const std::string first = keyOn(masters[0], "cross");
    const std::string second = keyOn(masters[1], "cross");
    resetStats();

    redislock::Options options;
    std::vector<std::string> keys{first};
    if (fence)
        options.fenceKey = second;
    else
        keys.push_back(second);
    const auto lock = cluster.obtainMulti(keys, 10s, options);
    QVERIFY(!lock);
    QCOMPARE(lock.error(), Errc::invalidArgument);
    const QString message = QString::fromStdString(lock.error().message());
    QVERIFY2(message.contains(QStringLiteral("different hash slots")), qPrintable(message));
    QVERIFY2(message.contains(QString::number(redislock::hashSlot(first))), qPrintable(message));
    QVERIFY2(message.contains(QString::number(redislock::hashSlot(second))), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("hash tag")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    if (fence)
        QVERIFY2(message.contains(QStringLiteral("fence key")), qPrintable(message));
    const QStringList written = writtenOnMasters();
    QVERIFY2(written.isEmpty(), qPrintable(written.join(QStringLiteral(", "))));
    for (const int master : masters) {
        QVERIFY(!cluster_->raw(master).exists(bytes(first)));
        QVERIFY(!cluster_->raw(master).exists(bytes(second)));
    }
}

void TestCluster::hashTaggedMultiKey()
{
    const Client cluster = client();
    const std::string tag = "{" + uniqueKey("tag") + "}";
    const std::vector<std::string> keys{tag + ":a", tag + ":b"};
    redislock::Options options;
    options.fenceKey = tag + ":fence";
    auto lock = cluster.obtainMulti(keys, 10s, options);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    QCOMPARE(lock->fenceToken(), std::int64_t{1});
    const int master = cluster_->masterOfSlot(redislock::hashSlot(tag));
    for (const std::string &key : keys)
        QCOMPARE(cluster_->raw(master).get(bytes(key)), std::optional(bytes(lock->value())));
    QVERIFY(cluster_->raw(master).exists(bytes(options.fenceKey)));
    auto released = lock->release();
    QVERIFY2(released, released ? "" : released.error().message().c_str());
    for (const std::string &key : keys)
        QVERIFY(!cluster_->raw(master).exists(bytes(key)));
}

void TestCluster::clusterOptionsAtStandaloneServer()
{
    RawRedis raw = standalone_.rawClient();
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    const Client wrong(clusterOptions({standalone_.port()}));
    const std::string key = uniqueKey("standalone");
    const auto lock = wrong.obtain(key, 10s);
    QVERIFY(!lock);
    QCOMPARE(lock.error(), Errc::invalidArgument);
    const QString message = QString::fromStdString(lock.error().message());
    QVERIFY2(message.contains(QStringLiteral("is not a cluster")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(standalone_.port())),
             qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    const auto ping = wrong.ping();
    QVERIFY(!ping);
    QCOMPARE(QString::fromStdString(ping.error().message()), message);
    QCOMPARE(nonReadCommands(raw), QStringList{QStringLiteral("cluster")});
    QVERIFY(!raw.exists(bytes(key)));
}

void TestCluster::standaloneTopology()
{
    const auto client = Client::fromUrl(standalone_.url().toStdString());
    QVERIFY(client);
    const auto topology = client->topology();
    QVERIFY2(topology, topology ? "" : topology.error().message().c_str());
    QCOMPARE(topology->shards.size(), std::size_t{1});
    QVERIFY(topology->coversAllSlots());
    const redislock::ClusterShard &shard = topology->shards.front();
    QCOMPARE(shard.master.port, standalone_.port());
    QVERIFY(shard.master.master);
    QVERIFY(shard.replicas.empty());
    QVERIFY(shard.master.replicationOffset.has_value());
    const auto masters = client->masters();
    QVERIFY(masters);
    QCOMPARE(*masters, std::vector<std::string>{"127.0.0.1:" + std::to_string(standalone_.port())});
}

void TestCluster::seedListWithBadEntry()
{
    const quint16 closed = closedLoopbackPort();
    QVERIFY(closed != 0);
    const Client cluster(clusterOptions({closed, cluster_->port(cluster_->masters().front())}));
    const std::string key = uniqueKey("seed");
    auto lock = cluster.obtain(key, 10s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    const int master = cluster_->masterOfSlot(redislock::hashSlot(key));
    QVERIFY(cluster_->raw(master).exists(bytes(key)));
    auto released = lock->release();
    QVERIFY2(released, released ? "" : released.error().message().c_str());
}

void TestCluster::allSeedsBad()
{
    const quint16 first = closedLoopbackPort();
    const quint16 second = closedLoopbackPort();
    QVERIFY(first != 0 && second != 0);
    const Client cluster(clusterOptions({first, second}));
    const auto lock = cluster.obtain(uniqueKey("noseed"), 10s);
    QVERIFY(!lock);
    QCOMPARE(lock.error(), Errc::connectionFailed);
    const QString message = QString::fromStdString(lock.error().message());
    QVERIFY2(message.contains(QStringLiteral("no node of the cluster answered")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(first)), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(second)), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
}

void TestCluster::lockSurvivesSlotMigration()
{
    const Client cluster = client();
    Events events;
    events.watch(cluster);
    const QList<int> masters = cluster_->masters();
    const int source = masters[0];
    const int target = masters[1];
    const std::string key = keyOn(source, "migrate");
    const int slot = redislock::hashSlot(key);
    const QByteArray slotText = QByteArray::number(slot);
    QByteArray sourceId;
    QByteArray targetId;
    for (const RedisCluster::NodeInfo &node : cluster_->nodes()) {
        if (node.index == source)
            sourceId = node.id;
        if (node.index == target)
            targetId = node.id;
    }
    QVERIFY(!sourceId.isEmpty() && !targetId.isEmpty());

    auto lock = cluster.obtain(key, 30s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    const auto ok = [](const RawReply &reply) {
        return !reply.isError() ? QByteArray() : reply.str;
    };
    RawRedis sourceRaw = cluster_->raw(source);
    RawRedis targetRaw = cluster_->raw(target);

    // The slot starts migrating; the key is still on the source, which serves it as usual.
    QCOMPARE(ok(targetRaw.command({"CLUSTER", "SETSLOT", slotText, "IMPORTING", sourceId})),
             QByteArray());
    QCOMPARE(ok(sourceRaw.command({"CLUSTER", "SETSLOT", slotText, "MIGRATING", targetId})),
             QByteArray());
    auto refreshed = lock->refresh(30s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());

    // The key moves: the source answers ASK, and the refresh follows it to the target.
    const QByteArray targetPort = QByteArray::number(cluster_->port(target));
    QCOMPARE(ok(sourceRaw.command(
                 {"MIGRATE", "127.0.0.1", targetPort, "", "0", "5000", "KEYS", bytes(key)})),
             QByteArray());
    QVERIFY(!sourceRaw.exists(bytes(key)));
    // Without ASKING the target sends everyone back to the source.
    QVERIFY(targetRaw.command({"PTTL", bytes(key)}).str.startsWith("MOVED"));
    refreshed = lock->refresh(40s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    // ASKING holds for the next command of the same connection.
    QVERIFY(!targetRaw.command({"ASKING"}).isError());
    const auto pttl = targetRaw.command({"PTTL", bytes(key)});
    QVERIFY2(pttl.integer > 30000, qPrintable(pttl.toString()));
    // An ASK leaves the map alone: the slot is still the source's.
    QCOMPARE(QString::fromStdString(*cluster.masterFor(key)), cluster_->address(source));

    // The migration ends: every master learns the slot's new owner; the source answers MOVED.
    for (const int master : masters)
        QCOMPARE(
            ok(cluster_->raw(master).command({"CLUSTER", "SETSLOT", slotText, "NODE", targetId})),
            QByteArray());
    QVERIFY(waitFor([&] { return cluster_->masterOfSlot(slot) == target; }, 30s));
    refreshed = lock->refresh(50s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    QVERIFY(targetRaw.pttl(bytes(key)) > 40000);
    QCOMPARE(QString::fromStdString(*cluster.masterFor(key)), cluster_->address(target));
    QVERIFY2(events.any(TopologyEvent::Kind::slotMoved), qPrintable(events.text()));
    auto released = lock->release();
    QVERIFY2(released, released ? "" : released.error().message().c_str());
    QVERIFY(!targetRaw.exists(bytes(key)));
    QVERIFY(!sourceRaw.exists(bytes(key)));
}

void TestCluster::lockSurvivesFailover()
{
    const Client cluster = client();
    Events events;
    events.watch(cluster);
    const int master = cluster_->masters().front();
    const QList<int> replicas = cluster_->replicasOf(master);
    QVERIFY(!replicas.isEmpty());
    const int replica = replicas.front();
    const std::string key = keyOn(master, "failover");
    auto lock = cluster.obtain(key, 60s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    // The replica has the lock before it takes over (a manual failover loses nothing anyway).
    QVERIFY(waitFor(
        [&] {
            return cluster_->raw(master).command({"WAIT", "1", "1000"}).integer >= 1;
        },
        30s));
    QVERIFY(cluster_->raw(replica).command({"READONLY"}).type != RawReply::Type::error);

    QVERIFY2(cluster_->failover(replica), qPrintable(cluster_->errorString()));
    QVERIFY(cluster_->masters().contains(replica));

    auto refreshed = lock->refresh(60s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    QCOMPARE(QString::fromStdString(*cluster.masterFor(key)), cluster_->address(replica));
    QVERIFY2(events.any(TopologyEvent::Kind::masterChanged), qPrintable(events.text()));
    auto released = lock->release();
    QVERIFY2(released, released ? "" : released.error().message().c_str());
    QVERIFY(!cluster_->raw(replica).exists(bytes(key)));
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
