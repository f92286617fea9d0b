// Checks the cluster and sentinel fixtures: the cluster and sentinel suites trust them to build
// a working topology, to report the roles as they are after a failover, and to leave no
// process behind. One cluster and one sentinel setup serve the whole executable, as in every
// suite that uses them: they take seconds to start.

#include "support/rawredis.h"
#include "support/rediscluster.h"
#include "support/redissentinelsetup.h"
#include "support/uniquekey.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <memory>

using namespace lockscope::test;
using namespace std::chrono_literals;

namespace {

// The process is gone, or a zombie nobody reaped yet (in a container, PID 1 may never reap).
bool processGone(qint64 pid)
{
    if (::kill(static_cast<pid_t>(pid), 0) != 0)
        return errno == ESRCH;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype end = line.lastIndexOf(')');
    return end >= 0 && line.mid(end + 2, 1) == "Z";
}

QByteArray infoField(const QByteArray &info, const QByteArray &field)
{
    for (const QByteArray &line : info.split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed();
    }
    return {};
}

QByteArray role(RawRedis &redis)
{
    return infoField(redis.command({"INFO", "replication"}).str, "role");
}

} // namespace

class TestClusterFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void clusterIsHealthy();
    void keyLivesOnItsMasterAndReplicates();
    void replicaKilledAndRestarted();
    void clusterFailoverPromotesReplica();

    void sentinelsNameTheMaster();
    void sentinelFailoverMovesMaster();

    void destructorsStopEveryProcess();

private:
    std::unique_ptr<RedisCluster> cluster_;
    std::unique_ptr<RedisSentinelSetup> sentinel_;
};

void TestClusterFixture::initTestCase()
{
    QElapsedTimer timer;
    timer.start();
    cluster_ = std::make_unique<RedisCluster>();
    QVERIFY2(cluster_->start(), qPrintable(cluster_->errorString()));
    qInfo("cluster of %d nodes ready in %lld ms", cluster_->nodeCount(), timer.restart());
    sentinel_ = std::make_unique<RedisSentinelSetup>();
    QVERIFY2(sentinel_->start(), qPrintable(sentinel_->errorString()));
    qInfo("sentinel setup ready in %lld ms", timer.elapsed());
}

void TestClusterFixture::cleanupTestCase()
{
    sentinel_.reset();
    cluster_.reset();
}

void TestClusterFixture::clusterIsHealthy()
{
    QCOMPARE(cluster_->nodeCount(), 6);
    QCOMPARE(cluster_->masters(), (QList<int>{0, 1, 2}));
    QCOMPARE(cluster_->replicas(), (QList<int>{3, 4, 5}));
    for (int master = 0; master < 3; ++master)
        QCOMPARE(cluster_->replicasOf(master), QList<int>{master + 3});

    for (int i = 0; i < cluster_->nodeCount(); ++i) {
        RawRedis node = cluster_->raw(i);
        const QByteArray info = node.command({"CLUSTER", "INFO"}).str;
        QCOMPARE(infoField(info, "cluster_state"), QByteArray("ok"));
        QCOMPARE(infoField(info, "cluster_slots_assigned"), QByteArray("16384"));
        QCOMPARE(infoField(info, "cluster_slots_ok"), QByteArray("16384"));
        QCOMPARE(infoField(info, "cluster_known_nodes"), QByteArray("6"));
        QCOMPARE(infoField(info, "cluster_size"), QByteArray("3"));
        // The bus port is the fixture's own pick, announced as such.
        const QByteArray myself = node.command({"CLUSTER", "NODES"}).str;
        QVERIFY2(myself.contains(QStringLiteral("127.0.0.1:%1@%2")
                                     .arg(cluster_->port(i))
                                     .arg(cluster_->busPort(i))
                                     .toLatin1()),
                 myself.constData());
    }
    // Every slot is served, first to last, by one of the three masters.
    QCOMPARE(cluster_->masterOfSlot(0), 0);
    QCOMPARE(cluster_->masterOfSlot(8000), 1);
    QCOMPARE(cluster_->masterOfSlot(16383), 2);
    QVERIFY(cluster_->url().startsWith(QLatin1String("redis-cluster://127.0.0.1:")));
}

void TestClusterFixture::keyLivesOnItsMasterAndReplicates()
{
    const QByteArray key = QByteArray::fromStdString(uniqueKey("fixture"));
    const int slot = cluster_->keySlot(key);
    QVERIFY(slot >= 0);
    const int master = cluster_->masterOfSlot(slot);
    QVERIFY(cluster_->masters().contains(master));

    RawRedis owner = cluster_->raw(master);
    QVERIFY(owner.set(key, "value"));
    QCOMPARE(owner.get(key), std::optional<QByteArray>("value"));
    // The other masters redirect: the key is on its master only.
    const int other = cluster_->masters().at((cluster_->masters().indexOf(master) + 1) % 3);
    RawRedis stranger = cluster_->raw(other);
    const RawReply moved = stranger.command({"GET", key});
    QVERIFY2(moved.type == RawReply::Type::error &&
                 moved.str.startsWith("MOVED " + QByteArray::number(slot)),
             qPrintable(moved.toString()));

    // WAIT: the write reached the replica before it is read there.
    const RawReply acknowledged = owner.command({"WAIT", "1", "10000"});
    QCOMPARE(acknowledged.integer, 1);
    const QList<int> replicas = cluster_->replicasOf(master);
    QCOMPARE(replicas.size(), 1);
    RawRedis replica = cluster_->raw(replicas.first());
    QCOMPARE(replica.command({"READONLY"}).str, QByteArray("OK"));
    QCOMPARE(replica.get(key), std::optional<QByteArray>("value"));
    owner.del(key);
}

void TestClusterFixture::replicaKilledAndRestarted()
{
    // A replica, so that no failover is needed: the cluster stays ok throughout.
    const int replica = cluster_->replicas().first();
    const qint64 pid = cluster_->pid(replica);
    const quint16 port = cluster_->port(replica);
    cluster_->kill(replica);
    QVERIFY(processGone(pid));
    QVERIFY(!cluster_->node(replica).isRunning());

    QElapsedTimer timer;
    timer.start();
    QVERIFY2(cluster_->restart(replica), qPrintable(cluster_->errorString()));
    QCOMPARE(cluster_->port(replica), port);
    QVERIFY(cluster_->pid(replica) != pid);
    QVERIFY2(cluster_->waitUntilHealthy(), qPrintable(cluster_->errorString()));
    qInfo("replica restarted and resynchronised in %lld ms", timer.elapsed());
    // Same identity: still a replica, of the same master.
    QVERIFY(cluster_->replicas().contains(replica));
}

void TestClusterFixture::clusterFailoverPromotesReplica()
{
    const int master = cluster_->masterOfSlot(0);
    const QList<int> replicas = cluster_->replicasOf(master);
    QCOMPARE(replicas.size(), 1);
    const int replica = replicas.first();

    QElapsedTimer timer;
    timer.start();
    QVERIFY2(cluster_->failover(replica), qPrintable(cluster_->errorString()));
    qInfo("CLUSTER FAILOVER done and agreed on in %lld ms", timer.elapsed());
    RawRedis promoted = cluster_->raw(replica);
    QCOMPARE(role(promoted), QByteArray("master"));
    QCOMPARE(cluster_->masterOfSlot(0), replica);
    QVERIFY(cluster_->masters().contains(replica));
    QCOMPARE(cluster_->replicasOf(replica), QList<int>{master});
    RawRedis demoted = cluster_->raw(master);
    QCOMPARE(role(demoted), QByteArray("slave"));
}

void TestClusterFixture::sentinelsNameTheMaster()
{
    const QByteArray name = sentinel_->masterName().toUtf8();
    for (int i = 0; i < RedisSentinelSetup::sentinelCount; ++i) {
        RawRedis sentinel = sentinel_->sentinel(i).rawClient();
        const RawReply reply = sentinel.command({"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name});
        QCOMPARE(reply.elements.size(), 2);
        QCOMPARE(reply.elements.at(0).str, QByteArray("127.0.0.1"));
        QCOMPARE(reply.elements.at(1).str, QByteArray::number(sentinel_->serverPort(0)));
        // A name nobody monitors: nil, not an error.
        QVERIFY(sentinel.command({"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nosuchmaster"}).isNil());
    }
    RawRedis master = sentinel_->server(0).rawClient();
    QCOMPARE(role(master), QByteArray("master"));
    QVERIFY(sentinel_->url().endsWith(QLatin1String("/lockmaster")));
}

void TestClusterFixture::sentinelFailoverMovesMaster()
{
    const quint16 before = sentinel_->masterPort();
    QCOMPARE(before, sentinel_->serverPort(0));
    RawRedis master = sentinel_->server(0).rawClient();
    const QByteArray key = QByteArray::fromStdString(uniqueKey("sentinel"));
    QVERIFY(master.set(key, "kept"));
    QCOMPARE(master.command({"WAIT", "1", "10000"}).integer, 1);

    QElapsedTimer timer;
    timer.start();
    RawRedis sentinel = sentinel_->sentinel(0).rawClient();
    const RawReply reply =
        sentinel.command({"SENTINEL", "FAILOVER", sentinel_->masterName().toUtf8()});
    QVERIFY2(!reply.isError(), qPrintable(reply.toString()));
    QVERIFY2(sentinel_->waitForMaster(sentinel_->serverPort(1)),
             qPrintable(sentinel_->errorString()));
    qInfo("SENTINEL FAILOVER done and agreed on in %lld ms", timer.elapsed());
    QCOMPARE(sentinel_->masterPort(), sentinel_->serverPort(1));
    RawRedis promoted = sentinel_->server(1).rawClient();
    QCOMPARE(role(promoted), QByteArray("master"));
    QCOMPARE(promoted.get(key), std::optional<QByteArray>("kept"));
    // A fresh connection: the sentinels kill the clients of a server they reconfigure.
    RawRedis demoted = sentinel_->server(0).rawClient();
    QCOMPARE(role(demoted), QByteArray("slave"));
}

void TestClusterFixture::destructorsStopEveryProcess()
{
    QList<qint64> pids = sentinel_->pids();
    for (int i = 0; i < cluster_->nodeCount(); ++i)
        pids.append(cluster_->pid(i));
    QCOMPARE(pids.size(), 11);
    for (const qint64 pid : std::as_const(pids))
        QVERIFY(pid > 0 && !processGone(pid));

    QElapsedTimer timer;
    timer.start();
    cluster_.reset();
    qInfo("cluster stopped in %lld ms", timer.restart());
    sentinel_.reset();
    qInfo("sentinel setup stopped in %lld ms", timer.elapsed());
    for (const qint64 pid : std::as_const(pids))
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
}

QTEST_GUILESS_MAIN(TestClusterFixture)
#include "tst_clusterfixture.moc"
