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
#include <redislock/retrystrategy.h>
#include <redislock/subscription.h>

#include <QScopeGuard>
#include <QTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

using namespace lockscope::test;
using namespace std::chrono_literals;
using redislock::Client;
using redislock::Deployment;
using redislock::Errc;
using redislock::TopologyEvent;

namespace {

// A client from a redis-cluster:// URL with these seeds, as an operator would type it.
Client clusterClient(const std::vector<quint16> &ports)
{
    std::string url = "redis-cluster://";
    for (const quint16 port : ports)
        url += (url.ends_with('/') ? "" : ",") + std::string("127.0.0.1:") + std::to_string(port);
    url += "?connect_timeout=2s";
    auto client = Client::fromUrl(url);
    if (!client)
        qFatal("bad url %s: %s", url.c_str(), client.error().message().c_str());
    return *std::move(client);
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
    void concurrentLocksShareTheMap();
    void crossSlotRefusedWithNothingWritten_data();
    void crossSlotRefusedWithNothingWritten();
    void hashTaggedMultiKey();
    void subscriptionOnAMaster();
    void waiterWokenByDelOnItsMaster();
    void clusterUrlAtStandaloneServer();
    void standaloneTopology();
    void seedListWithBadEntry();
    void allSeedsBad();
    void redirectLoopGivesUp();
    void multiKeyLockDuringMigration();
    void lockSurvivesSlotMigration();
    void lockSurvivesFailover();
    void waitingFollowsFailover();
    void lockSurvivesKilledMaster();

private:
    [[nodiscard]] Client client() const;
    // A fresh key whose slot the master `masterIndex` serves now.
    [[nodiscard]] std::string keyOn(int masterIndex, std::string_view label) const;
    // CONFIG RESETSTAT on every master, so that writtenOnMasters() sees only what follows.
    void resetStats();
    // The commands that are not reads nor the cluster's own housekeeping (replication acks,
    // the map reads) that any master ran since resetStats().
    [[nodiscard]] QStringList writtenOnMasters();
    // A slot migration in its three steps, as redis-cli --cluster reshard does them; each
    // answers the first error reply, empty when all went well.
    [[nodiscard]] QByteArray beginMigration(int slot, int source, int target);
    [[nodiscard]] QByteArray migrateKeys(int source, int target, const QList<QByteArray> &keys);
    [[nodiscard]] QByteArray endMigration(int slot, int target);
    [[nodiscard]] QByteArray nodeId(int index) const;
    // Subscribers to this database's "del" keyspace events on one node (PUBSUB NUMSUB: a
    // cluster node counts its own).
    [[nodiscard]] qint64 delSubscribers(int index) const;
    // Obtains `key` (held by another token) with a notify(linear(30s)) strategy on a thread of
    // its own, waits until it waits and listens on `master`, deletes the key there and answers
    // how many ms the waiter took to get it; -1 (with a failed check) when it did not.
    qint64 wakeUpAfterDel(const Client &cluster, const std::string &key, int master);

    std::unique_ptr<RedisCluster> cluster_;
    RedisServer standalone_;
};

Client TestCluster::client() const
{
    auto client = Client::fromUrl(cluster_->url().toStdString());
    if (!client)
        qFatal("bad url: %s", client.error().message().c_str());
    return *std::move(client);
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
            if (!housekeeping.contains(command.section(QLatin1Char('|'), 0, 0)))
                written << cluster_->address(master) + QLatin1Char(' ') + command;
    }
    return written;
}

QByteArray TestCluster::nodeId(int index) const
{
    for (const RedisCluster::NodeInfo &node : cluster_->nodes())
        if (node.index == index)
            return node.id;
    return {};
}

QByteArray TestCluster::beginMigration(int slot, int source, int target)
{
    const QByteArray slotText = QByteArray::number(slot);
    RawReply reply = cluster_->raw(target).command(
        {"CLUSTER", "SETSLOT", slotText, "IMPORTING", nodeId(source)});
    if (reply.isError())
        return reply.str;
    reply = cluster_->raw(source).command(
        {"CLUSTER", "SETSLOT", slotText, "MIGRATING", nodeId(target)});
    return reply.isError() ? reply.str : QByteArray();
}

QByteArray TestCluster::migrateKeys(int source, int target, const QList<QByteArray> &keys)
{
    QList<QByteArray> migrate{"MIGRATE", "127.0.0.1", QByteArray::number(cluster_->port(target)),
                              "",        "0",         "5000",
                              "KEYS"};
    migrate.append(keys);
    const RawReply reply = cluster_->raw(source).command(migrate);
    return reply.isError() ? reply.str : QByteArray();
}

QByteArray TestCluster::endMigration(int slot, int target)
{
    // Every master learns the new owner (the target first, as redis-cli does).
    QList<int> masters = cluster_->masters();
    masters.removeOne(target);
    masters.prepend(target);
    for (const int master : masters) {
        const RawReply reply = cluster_->raw(master).command(
            {"CLUSTER", "SETSLOT", QByteArray::number(slot), "NODE", nodeId(target)});
        if (reply.isError())
            return reply.str;
    }
    if (!waitFor([&] { return cluster_->masterOfSlot(slot) == target; }, 30s))
        return "the cluster does not agree on the slot's new owner";
    return {};
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
    // Sent straight to the right master: a wrong guess would show as a MOVED (slotMoved).
    const Client cluster = client();
    Events events;
    events.watch(cluster);
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
    // EVAL goes by its first key, after numkeys.
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto value =
            cluster.command({"EVAL", "return redis.call('GET', KEYS[1])", "1", keys[i]});
        QVERIFY(value);
        QCOMPARE(value->text, "value" + std::to_string(i));
    }
    QVERIFY2(events.text().isEmpty(), qPrintable(events.text()));
    QCOMPARE(*cluster.deleteKeys({keys.front()}), std::int64_t{1});
}

void TestCluster::concurrentLocksShareTheMap()
{
    // One client from several threads, while another reads the map again and again (each read
    // replaces the map the others route by): every lock lands and goes.
    const Client cluster = client();
    constexpr int threads = 4;
    constexpr int rounds = 25;
    std::atomic<int> failures{0};
    std::atomic<bool> done{false};
    std::string firstError;
    std::mutex errorMutex;
    const std::string prefix = uniqueKey("concurrent");
    {
        std::vector<std::jthread> workers;
        workers.emplace_back([&] {
            while (!done.load()) {
                if (!cluster.topology())
                    ++failures;
            }
        });
        std::vector<std::jthread> lockers;
        for (int t = 0; t < threads; ++t) {
            lockers.emplace_back([&, t] {
                for (int round = 0; round < rounds; ++round) {
                    const std::string key =
                        prefix + ":" + std::to_string(t) + ":" + std::to_string(round);
                    auto lock = cluster.obtain(key, 10s);
                    auto released = lock ? lock->release() : std::unexpected(lock.error());
                    if (!released) {
                        ++failures;
                        const std::scoped_lock lockGuard(errorMutex);
                        if (firstError.empty())
                            firstError = released.error().message();
                    }
                }
            });
        }
        lockers.clear(); // joins them
        done.store(true);
    }
    QVERIFY2(failures.load() == 0, firstError.c_str());
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
    // A lock adopted over keys of two slots could never be released either.
    if (!fence) {
        const auto adopted = cluster.adopt(keys, "token");
        QVERIFY(!adopted);
        QCOMPARE(adopted.error(), Errc::invalidArgument);
    }
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

void TestCluster::subscriptionOnAMaster()
{
    const Client cluster = client();
    const std::string channel = uniqueKey("channel");
    auto subscription = redislock::Subscription::open(cluster, {channel});
    QVERIFY2(subscription, subscription ? "" : subscription.error().message().c_str());
    const auto published = cluster.command({"PUBLISH", channel, "hello"});
    QVERIFY(published && !published->isError());
    const auto message = subscription->next(redislock::Context::withTimeout(30s));
    QVERIFY2(message, message ? "" : message.error().message().c_str());
    QVERIFY(message->has_value());
    QCOMPARE((*message)->channel, channel);
    QCOMPARE((*message)->payload, "hello");
}

qint64 TestCluster::delSubscribers(int index) const
{
    const RawReply reply = cluster_->raw(index).command({"PUBSUB", "NUMSUB", "__keyevent@0__:del"});
    return reply.elements.size() == 2 ? reply.elements[1].integer : -1;
}

qint64 TestCluster::wakeUpAfterDel(const Client &cluster, const std::string &key, int master)
{
    RawRedis raw = cluster_->raw(master);
    if (!raw.set(bytes(key), "a Go service's token", 60s)) {
        qWarning("cannot set %s", key.c_str());
        return -1;
    }
    const qint64 subscribersBefore = delSubscribers(master);
    const auto evalsha = [&] {
        return infoField(raw.command({"INFO", "commandstats"}).str, "cmdstat_evalsha");
    };
    const QByteArray callsBefore = evalsha();
    std::atomic<bool> done = false;
    std::atomic<std::chrono::steady_clock::time_point::rep> obtainedAt = 0;
    std::optional<std::expected<redislock::Lock, redislock::Error>> result;
    std::jthread waiter([&] {
        redislock::Options options;
        // The strategy alone would wait 30 s: a quick wake-up can only come from the event.
        options.retryStrategy = redislock::notifyOnRelease(redislock::linearBackoff(30s));
        result = cluster.obtain(key, 10s, options, redislock::Context::withTimeout(90s));
        obtainedAt = std::chrono::steady_clock::now().time_since_epoch().count();
        done = true;
    });
    // It tried once and listens on the key's master (a subscription of its own there).
    const bool waiting = waitFor(
        [&] {
            return evalsha() != callsBefore && delSubscribers(master) > subscribersBefore &&
                   cluster.releaseNotifications() == redislock::ReleaseNotifications::listening;
        },
        30s);
    if (!waiting || done) {
        qWarning("the waiter did not wait on %s", qPrintable(cluster_->address(master)));
        return -1;
    }
    const auto deleted = std::chrono::steady_clock::now();
    if (raw.del(bytes(key)) != 1)
        return -1;
    waiter.join();
    if (!result || !*result) {
        qWarning("not obtained: %s", result ? (*result).error().message().c_str() : "-");
        return -1;
    }
    (void)(*result)->release();
    const auto woken = std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(obtainedAt.load()));
    return std::chrono::duration_cast<std::chrono::milliseconds>(woken - deleted).count();
}

void TestCluster::waiterWokenByDelOnItsMaster()
{
    // The operator turns the events on (every node, for the replicas that take over later);
    // the library only reads the setting.
    for (int node = 0; node < cluster_->nodeCount(); ++node)
        QCOMPARE(
            cluster_->raw(node).command({"CONFIG", "SET", "notify-keyspace-events", "Egx"}).str,
            QByteArray("OK"));
    const Client cluster = client();
    std::vector<std::string> diagnostics;
    cluster.setDiagnosticHandler([&](const std::string &text) { diagnostics.push_back(text); });
    // One waiter per master in turn: each opens the subscription on its own master, which a
    // DEL there wakes long before the strategy's 30 s.
    QList<int> masters = cluster_->masters();
    for (const int master : masters) {
        const std::string key = keyOn(master, "woken");
        const qint64 ms = wakeUpAfterDel(cluster, key, master);
        qInfo("waiter on %s woken %lld ms after the DEL", qPrintable(cluster_->address(master)),
              static_cast<long long>(ms));
        QVERIFY(ms >= 0);
        QVERIFY2(ms < 3000, qPrintable(QString::number(ms)));
    }
    // One subscription per master, kept for the next waits.
    for (const int master : masters)
        QCOMPARE(delSubscribers(master), 1);
    QVERIFY2(diagnostics.empty(), diagnostics.empty() ? "" : diagnostics.front().c_str());
}

void TestCluster::clusterUrlAtStandaloneServer()
{
    RawRedis raw = standalone_.rawClient();
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());
    const Client wrong = clusterClient({standalone_.port()});
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
    // It asked for the cluster map (CLUSTER SHARDS, refused), which is a read: nothing else.
    QCOMPARE(nonReadCommands(raw), QStringList());
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
    const Client cluster = clusterClient({closed, cluster_->port(cluster_->masters().front())});
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
    const Client cluster = clusterClient({first, second});
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

void TestCluster::redirectLoopGivesUp()
{
    // A half-configured migration: the source says MIGRATING but the target was never told it
    // is IMPORTING, so the source sends a missing key to the target (ASK) and the target sends
    // it back (MOVED), for ever. The client stops after a few redirects with one clear line.
    const Client cluster = client();
    const QList<int> masters = cluster_->masters();
    const int source = masters[1];
    const int target = masters[2];
    const std::string key = keyOn(source, "loop");
    const QByteArray slot = QByteArray::number(redislock::hashSlot(key));
    RawRedis sourceRaw = cluster_->raw(source);
    QVERIFY(
        !sourceRaw.command({"CLUSTER", "SETSLOT", slot, "MIGRATING", nodeId(target)}).isError());
    const auto stable = qScopeGuard([&] {
        sourceRaw.command({"CLUSTER", "SETSLOT", slot, "STABLE"});
    });

    const auto lock = cluster.obtain(key, 10s);
    QVERIFY(!lock);
    QCOMPARE(lock.error(), Errc::serverError);
    const QString message = QString::fromStdString(lock.error().message());
    QVERIFY2(message.contains(QStringLiteral("gave up after 3 cluster redirects")),
             qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    for (const int master : masters)
        QVERIFY(!cluster_->raw(master).exists(bytes(key)));
}

void TestCluster::multiKeyLockDuringMigration()
{
    // A lock over two keys of one slot, while only one of them has moved: the source answers
    // TRYAGAIN, which the client retries briefly and then reports as a transient error; once
    // both keys have moved the lock is refreshed through ASK, then MOVED.
    const Client cluster = client();
    const QList<int> masters = cluster_->masters();
    const int source = masters[0];
    const int target = masters[2];
    std::string tag;
    do
        tag = "{" + uniqueKey("split") + "}";
    while (cluster_->masterOfSlot(redislock::hashSlot(tag)) != source);
    const int slot = redislock::hashSlot(tag);
    const std::vector<std::string> keys{tag + ":a", tag + ":b"};
    auto lock = cluster.obtainMulti(keys, 30s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());

    QCOMPARE(beginMigration(slot, source, target), QByteArray());
    // Should a check fail half-way, the slot is not left open for the tests that follow.
    bool ended = false;
    const auto finish = qScopeGuard([&] {
        if (!ended) {
            (void)migrateKeys(source, target, {bytes(keys[0]), bytes(keys[1])});
            (void)endMigration(slot, target);
        }
    });
    QCOMPARE(migrateKeys(source, target, {bytes(keys[0])}), QByteArray());
    const auto started = std::chrono::steady_clock::now();
    auto refreshed = lock->refresh(30s);
    QVERIFY(!refreshed);
    // Lock::refresh says why it stopped and keeps the server's error as the cause.
    const redislock::Error &error =
        refreshed.error().cause() ? *refreshed.error().cause() : refreshed.error();
    QVERIFY2(error.serverError() == redislock::ServerError::tryAgain,
             refreshed.error().message().c_str());
    QVERIFY(error.isTransient());
    QVERIFY2(std::chrono::steady_clock::now() - started < 10s, "TRYAGAIN retried for too long");

    QCOMPARE(migrateKeys(source, target, {bytes(keys[1])}), QByteArray());
    refreshed = lock->refresh(40s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    ended = true;
    QCOMPARE(endMigration(slot, target), QByteArray());
    refreshed = lock->refresh(50s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    for (const std::string &key : keys)
        QVERIFY(cluster_->raw(target).pttl(bytes(key)) > 40000);
    auto released = lock->release();
    QVERIFY2(released, released ? "" : released.error().message().c_str());
    for (const std::string &key : keys)
        QVERIFY(!cluster_->raw(target).exists(bytes(key)));
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
    auto lock = cluster.obtain(key, 30s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    RawRedis sourceRaw = cluster_->raw(source);
    RawRedis targetRaw = cluster_->raw(target);

    // The slot starts migrating; the key is still on the source, which serves it as usual.
    QCOMPARE(beginMigration(slot, source, target), QByteArray());
    bool ended = false;
    const auto finish = qScopeGuard([&] {
        if (!ended) {
            (void)migrateKeys(source, target, {bytes(key)});
            (void)endMigration(slot, target);
        }
    });
    auto refreshed = lock->refresh(30s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());

    // The key moves: the source answers ASK, and the refresh follows it to the target.
    QCOMPARE(migrateKeys(source, target, {bytes(key)}), QByteArray());
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

    // The migration ends: the source answers MOVED, and the map follows.
    ended = true;
    QCOMPARE(endMigration(slot, target), QByteArray());
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

void TestCluster::waitingFollowsFailover()
{
    const Client cluster = client();
    const int master = cluster_->masters().front();
    const QList<int> replicas = cluster_->replicasOf(master);
    QVERIFY(!replicas.isEmpty());
    const int replica = replicas.front();
    const std::string key = keyOn(master, "followed");
    // The Client listens on the key's master...
    qint64 ms = wakeUpAfterDel(cluster, key, master);
    QVERIFY(ms >= 0);
    QCOMPARE(delSubscribers(master), 1);

    // ...which fails over to its replica: the next wait subscribes there, and the old
    // subscription (a replica's now) is closed.
    QVERIFY2(cluster_->failover(replica), qPrintable(cluster_->errorString()));
    QVERIFY(cluster_->masters().contains(replica));
    ms = wakeUpAfterDel(cluster, key, replica);
    qInfo("waiter woken %lld ms after the DEL on the new master", static_cast<long long>(ms));
    QVERIFY(ms >= 0);
    QVERIFY2(ms < 3000, qPrintable(QString::number(ms)));
    QCOMPARE(QString::fromStdString(*cluster.masterFor(key)), cluster_->address(replica));
    QVERIFY(waitFor([&] { return delSubscribers(master) == 0; }, 10s));
    QCOMPARE(delSubscribers(replica), 1);
    // The old master serves on as the new one's replica, for the tests that follow.
    QVERIFY(waitFor([&] { return cluster_->replicasOf(replica).contains(master); }, 60s));
}

void TestCluster::lockSurvivesKilledMaster()
{
    const Client cluster = client();
    Events events;
    events.watch(cluster);
    const int master = cluster_->masters().front();
    const QList<int> replicas = cluster_->replicasOf(master);
    QVERIFY(!replicas.isEmpty());
    const int replica = replicas.front();
    const std::string key = keyOn(master, "killed");
    const int slot = redislock::hashSlot(key);
    auto lock = cluster.obtain(key, 60s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    QVERIFY(waitFor(
        [&] {
            return cluster_->raw(master).command({"WAIT", "1", "1000"}).integer >= 1;
        },
        30s));

    // The master vanishes; after cluster-node-timeout its replica takes over its slots.
    cluster_->kill(master);
    QVERIFY(waitFor([&] { return cluster_->masterOfSlot(slot) == replica; }, 60s));

    // The refused connection makes the client read the map again and go to the new master.
    auto refreshed = lock->refresh(60s);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    QVERIFY2(events.any(TopologyEvent::Kind::masterChanged), qPrintable(events.text()));
    QCOMPARE(QString::fromStdString(*cluster.masterFor(key)), cluster_->address(replica));
    QVERIFY(cluster_->raw(replica).pttl(bytes(key)) > 50000);
    auto released = lock->release();
    QVERIFY2(released, released ? "" : released.error().message().c_str());
    QVERIFY(!cluster_->raw(replica).exists(bytes(key)));
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
