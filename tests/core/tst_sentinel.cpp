// The Sentinel client on a real Sentinel-managed primary (a master, a replica, three sentinels):
// locks on the master the sentinels name, the map and per-node commands, a SENTINEL FAILOVER
// while a lock is held, the Sentinels' own events, and the one clear line for a wrong master
// name, sentinels that are all down and a "sentinel" that is a plain server, with nothing
// written anywhere.

#include "support/closedport.h"
#include "support/commandstats.h"
#include "support/polling.h"
#include "support/rawredis.h"
#include "support/redissentinelsetup.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/subscription.h>

#include <QTest>

#include <memory>
#include <mutex>

using namespace lockscope::test;
using namespace std::chrono_literals;
using redislock::Client;
using redislock::Errc;

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

QByteArray b(const std::string &text)
{
    return QByteArray::fromStdString(text);
}

Client clientFor(const QString &url)
{
    auto client = Client::fromUrl(url.toStdString());
    if (!client)
        qFatal("bad url: %s", client.error().message().c_str());
    return *std::move(client);
}

std::string node(quint16 port)
{
    return "127.0.0.1:" + std::to_string(port);
}

// The topology events a client reported, from whichever thread noticed them.
struct EventLog
{
    std::mutex mutex;
    std::vector<redislock::TopologyEvent> events;

    void add(const redislock::TopologyEvent &event)
    {
        const std::scoped_lock lock(mutex);
        events.push_back(event);
    }
    std::vector<redislock::TopologyEvent> all()
    {
        const std::scoped_lock lock(mutex);
        return events;
    }
};

} // namespace

class TestSentinel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void obtainRefreshRelease();
    void topologyAndNodes();
    void subscriptionOnTheMaster();
    void firstSentinelDown();
    void badInput_data();
    void badInput();
    // Before the forced failover: the sentinels wait twice the failover timeout after one
    // failover before they start another on their own.
    void masterKilledDuringALock();
    void failoverKeepsTheLock();

private:
    RawRedis master() { return RawRedis(setup_.masterPort()); }
    quint16 replicaPort() const
    {
        return setup_.masterPort() == setup_.serverPort(0) ? setup_.serverPort(1)
                                                           : setup_.serverPort(0);
    }

    RedisSentinelSetup setup_;
    // A plain redis-server, for a Sentinel URL that points at one.
    RedisServer plain_;
};

void TestSentinel::initTestCase()
{
    QVERIFY2(setup_.start(), qPrintable(setup_.errorString()));
    QVERIFY2(plain_.start(), qPrintable(plain_.errorString()));
}

void TestSentinel::obtainRefreshRelease()
{
    const Client client = clientFor(setup_.url());
    QCOMPARE(client.deployment(), redislock::Deployment::sentinel);
    auto masters = client.masters();
    QVERIFY2(masters, masters ? "" : masters.error().message().c_str());
    QCOMPARE(*masters, std::vector<std::string>{node(setup_.masterPort())});
    const std::string key = uniqueKey("sentinel");
    auto masterFor = client.masterFor(key);
    QVERIFY(masterFor);
    QCOMPARE(*masterFor, node(setup_.masterPort()));

    auto lock = client.obtain(key, 10s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    RawRedis raw = master();
    QCOMPARE(raw.get(key), std::optional<QByteArray>(b(lock->value())));

    QVERIFY(lock->refresh(30s));
    QVERIFY2(raw.pttl(key) > 10000, qPrintable(QString::number(raw.pttl(key))));
    auto ttl = lock->ttl();
    QVERIFY(ttl && *ttl > 10s);

    QVERIFY(lock->release());
    QVERIFY(!raw.get(key));
    QVERIFY(!lock->release());
}

void TestSentinel::topologyAndNodes()
{
    const Client client = clientFor(setup_.url());
    auto topology = client.topology();
    QVERIFY2(topology, topology ? "" : topology.error().message().c_str());
    QCOMPARE(topology->shards.size(), std::size_t{1});
    const auto &shard = topology->shards.front();
    QVERIFY(topology->coversAllSlots());
    QCOMPARE(shard.master.address(), node(setup_.masterPort()));
    QCOMPARE(shard.replicas.size(), std::size_t{1});
    QCOMPARE(shard.replicas.front().address(), node(replicaPort()));

    // commandOn reaches the master and its replica by the names the map gives.
    auto masterRole = client.commandOn(shard.master.address(), {"ROLE"});
    QVERIFY2(masterRole, masterRole ? "" : masterRole.error().message().c_str());
    QCOMPARE(q(masterRole->elements.at(0).text), QStringLiteral("master"));
    auto replicaRole = client.commandOn(shard.replicas.front().address(), {"ROLE"});
    QVERIFY2(replicaRole, replicaRole ? "" : replicaRole.error().message().c_str());
    QCOMPARE(q(replicaRole->elements.at(0).text), QStringLiteral("slave"));

    // A sentinel is no node of the data: refused, naming the nodes there are.
    auto sentinel = client.commandOn(node(setup_.sentinelPort(0)), {"PING"});
    QVERIFY(!sentinel);
    QVERIFY2(sentinel.error() == Errc::invalidArgument, sentinel.error().message().c_str());
    QVERIFY2(q(sentinel.error().message()).contains(q(node(replicaPort()))),
             sentinel.error().message().c_str());
}

void TestSentinel::subscriptionOnTheMaster()
{
    const Client client = clientFor(setup_.url());
    const std::string channel = uniqueKey("channel");
    auto subscription = redislock::Subscription::open(client, {channel});
    QVERIFY2(subscription, subscription ? "" : subscription.error().message().c_str());
    // Published on the master, where a subscriber on a sentinel would hear nothing.
    RawRedis raw = master();
    QCOMPARE(raw.command({"PUBLISH", b(channel), "hello"}).integer, qint64{1});
    auto message = subscription->next(redislock::Context::withTimeout(10s));
    QVERIFY2(message, message ? "" : message.error().message().c_str());
    QVERIFY(message->has_value());
    QCOMPARE(q((*message)->channel), q(channel));
    QCOMPARE(q((*message)->payload), QStringLiteral("hello"));
}

void TestSentinel::firstSentinelDown()
{
    const quint16 closed = closedLoopbackPort();
    QVERIFY(closed != 0);
    const QString url = QStringLiteral("redis-sentinel://127.0.0.1:%1,127.0.0.1:%2/%3")
                            .arg(closed)
                            .arg(setup_.sentinelPort(1))
                            .arg(setup_.masterName());
    const Client client = clientFor(url);
    auto masters = client.masters();
    QVERIFY2(masters, masters ? "" : masters.error().message().c_str());
    QCOMPARE(*masters, std::vector<std::string>{node(setup_.masterPort())});
    QVERIFY(client.ping());
}

void TestSentinel::badInput_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message"); // part of the one line
    QTest::addColumn<int>("code");

    const QString sentinels = QStringLiteral("127.0.0.1:%1,127.0.0.1:%2,127.0.0.1:%3")
                                  .arg(setup_.sentinelPort(0))
                                  .arg(setup_.sentinelPort(1))
                                  .arg(setup_.sentinelPort(2));
    QTest::newRow("wrong master name")
        << QStringLiteral("redis-sentinel://%1/lockmastr").arg(sentinels)
        << QStringLiteral("sentinels at %1 know no master named \"lockmastr\"; SENTINEL MASTERS "
                          "lists: %2")
               .arg(QString(sentinels).replace(QLatin1Char(','), QStringLiteral(", ")),
                    setup_.masterName())
        << int(Errc::invalidArgument);

    const QString closed = QStringLiteral("127.0.0.1:%1,127.0.0.1:%2")
                               .arg(closedLoopbackPort())
                               .arg(closedLoopbackPort());
    QTest::newRow("all sentinels down")
        << QStringLiteral("redis-sentinel://%1/%2").arg(closed, setup_.masterName())
        << QStringLiteral("no sentinel named the master \"%1\": cannot reach %2 (")
               .arg(setup_.masterName(),
                    QString(closed).replace(QLatin1Char(','), QStringLiteral(", ")))
        << int(Errc::connectionFailed);

    QTest::newRow("a plain redis-server")
        << QStringLiteral("redis-sentinel://127.0.0.1:%1/%2")
               .arg(plain_.port())
               .arg(setup_.masterName())
        << QStringLiteral("127.0.0.1:%1 is not a Sentinel").arg(plain_.port())
        << int(Errc::invalidArgument);
}

void TestSentinel::badInput()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    QFETCH(int, code);

    RawRedis raw = master();
    RawRedis plain = plain_.rawClient();
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    QVERIFY(!plain.command({"CONFIG", "RESETSTAT"}).isError());

    const Client client = clientFor(url);
    const std::string key = uniqueKey("bad");
    auto lock = client.obtain(key, 10s);
    QVERIFY(!lock);
    const QString said = q(lock.error().message());
    QVERIFY2(lock.error() == static_cast<Errc>(code), qPrintable(said));
    QVERIFY2(said.contains(message), qPrintable(said));
    QVERIFY2(!said.contains(QLatin1Char('\n')), qPrintable(said));
    auto masters = client.masters();
    QVERIFY(!masters);
    QCOMPARE(q(masters.error().message()), said);

    QVERIFY(!raw.get(key));
    QCOMPARE(nonReadCommands(raw), QStringList());
    QCOMPARE(nonReadCommands(plain), QStringList());
}

void TestSentinel::failoverKeepsTheLock()
{
    const Client client = clientFor(setup_.url());
    auto events = std::make_shared<EventLog>();
    client.setTopologyObserver(
        [events](const redislock::TopologyEvent &event) { events->add(event); });
    auto switches = redislock::Subscription::openOnSentinel(client, {"+switch-master"});
    QVERIFY2(switches, switches ? "" : switches.error().message().c_str());

    const quint16 oldMaster = setup_.masterPort();
    const quint16 newMaster = replicaPort();
    const std::string key = uniqueKey("failover");
    auto lock = client.obtain(key, 60s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    // The replica has the key before the failover, or a failover would lose it.
    RawRedis old = master();
    QCOMPARE(old.command({"WAIT", "1", "2000"}).integer, qint64{1});
    // And holds it: a replica that the previous test restarted may still be loading its first
    // sync, which WAIT does not see.
    RawRedis replica(newMaster);
    QVERIFY2(
        waitFor([&] { return replica.get(key) == std::optional<QByteArray>(b(lock->value())); },
                30s),
        "the replica does not hold the lock before the failover");

    RawRedis sentinel(setup_.sentinelPort(0));
    const RawReply failover =
        sentinel.command({"SENTINEL", "FAILOVER", setup_.masterName().toUtf8()});
    QVERIFY2(!failover.isError(), qPrintable(failover.toString()));

    // The sentinels announce it: "+switch-master NAME OLDIP OLDPORT NEWIP NEWPORT".
    auto announced = switches->next(redislock::Context::withTimeout(60s));
    QVERIFY2(announced, announced ? "" : announced.error().message().c_str());
    QVERIFY2(announced->has_value(), "no +switch-master within 60 s");
    QCOMPARE(q((*announced)->channel), QStringLiteral("+switch-master"));
    QCOMPARE(q((*announced)->payload), QStringLiteral("%1 127.0.0.1 %2 127.0.0.1 %3")
                                           .arg(setup_.masterName())
                                           .arg(oldMaster)
                                           .arg(newMaster));
    QVERIFY2(setup_.waitForMaster(newMaster), qPrintable(setup_.errorString()));

    // The client heard the announcement too: masters() names the new master although no
    // command of it has failed (reads on the demoted master would not fail at all).
    QVERIFY2(waitFor(
                 [&] {
                     const auto masters = client.masters();
                     return masters && masters->front() == node(newMaster);
                 },
                 30s),
             "masters() still names the old master");

    // The lock survived, and refreshing and releasing it work on the new master.
    auto refreshed = lock->refresh(45s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    RawRedis now(newMaster);
    QCOMPARE(now.get(key), std::optional<QByteArray>(b(lock->value())));
    QVERIFY2(now.pttl(key) > 30000, qPrintable(QString::number(now.pttl(key))));
    const auto seen = events->all();
    QCOMPARE(seen.size(), std::size_t{1});
    QCOMPARE(seen.front().kind, redislock::TopologyEvent::Kind::masterChanged);
    QCOMPARE(q(seen.front().from), q(node(oldMaster)));
    QCOMPARE(q(seen.front().to), q(node(newMaster)));

    QVERIFY(lock->release());
    QVERIFY(!now.get(key));
    client.setTopologyObserver({});
}

// The master dies while a lock is held: the refresh that follows finds no master, asks the
// sentinels, who still name the dead one for a second or more (until they agree it is down
// and fail over), keeps asking, and lands on the master they promote.
void TestSentinel::masterKilledDuringALock()
{
    // connect_timeout bounds how long the client waits for the sentinels to name a master
    // that answers: their failover below must finish within it.
    const Client client = clientFor(setup_.url() + QStringLiteral("?connect_timeout=40s"));
    auto events = std::make_shared<EventLog>();
    client.setTopologyObserver(
        [events](const redislock::TopologyEvent &event) { events->add(event); });
    const quint16 oldMaster = setup_.masterPort();
    const quint16 newMaster = replicaPort();
    RedisServer &dying = oldMaster == setup_.serverPort(0) ? setup_.server(0) : setup_.server(1);
    const std::string key = uniqueKey("killed");
    auto lock = client.obtain(key, 60s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    QCOMPARE(RawRedis(oldMaster).command({"WAIT", "1", "2000"}).integer, qint64{1});

    dying.kill();
    auto refreshed = lock->refresh(45s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    RawRedis now(newMaster);
    QCOMPARE(now.get(key), std::optional<QByteArray>(b(lock->value())));
    QVERIFY2(now.pttl(key) > 30000, qPrintable(QString::number(now.pttl(key))));
    auto masters = client.masters();
    QVERIFY(masters);
    QCOMPARE(*masters, std::vector<std::string>{node(newMaster)});

    const auto seen = events->all();
    QCOMPARE(seen.size(), std::size_t{1});
    QCOMPARE(seen.front().kind, redislock::TopologyEvent::Kind::masterChanged);
    QCOMPARE(q(seen.front().from), q(node(oldMaster)));
    QCOMPARE(q(seen.front().to), q(node(newMaster)));

    QVERIFY(lock->release());
    QVERIFY(!now.get(key));
    client.setTopologyObserver({});

    // Back as the new master's replica, for whatever runs after.
    QVERIFY2(dying.start(), qPrintable(dying.errorString()));
    QVERIFY2(setup_.waitForMaster(newMaster), qPrintable(setup_.errorString()));
}

QTEST_GUILESS_MAIN(TestSentinel)

#include "tst_sentinel.moc"
