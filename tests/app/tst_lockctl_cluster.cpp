// lockctl on a real Redis Cluster (3 masters, 3 replicas, started once): its read commands write
// nothing on any node, list names every lock's
// node and slot across the masters, topology prints the nodes, inspect asks the replicas, a
// master killed in the middle of a list leaves a partial listing that says whose keys are
// missing, and bad cluster input gets one clear line with nothing written.

#include "lockctlrun.h"
#include "support/commandstats.h"
#include "support/rediscluster.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/hashslot.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <map>
#include <optional>
#include <sys/wait.h>
#include <thread>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using lockscope::test::RawRedis;
using lockscope::test::RedisCluster;
using lockscope::test::RedisServer;

namespace {

std::optional<QJsonObject> jsonObject(const QByteArray &out)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// The commands that are not reads (nonReadCommands), where the cluster map's reads (CLUSTER
// SHARDS, SLOTS, NODES, INFO), which a cluster client asks first, count as reads too, and a
// replica's REPLCONF ACK is left out.
QStringList writesOn(RawRedis &raw)
{
    QStringList writes = lockscope::test::nonReadCommands(raw);
    static const QRegularExpression otherClusterCommand(
        u"^cmdstat_cluster\\|(?!shards:|slots:|nodes:|info:)"_s,
        QRegularExpression::MultilineOption);
    const QString info = QString::fromUtf8(raw.command({"INFO", "commandstats"}).str);
    if (!otherClusterCommand.match(info).hasMatch())
        writes.removeAll(u"cluster"_s);
    // A master's replica acknowledges its offset every second: replication, not a client.
    writes.removeAll(u"replconf"_s);
    // READONLY changes nothing on the server: it lets this one connection read keys of the
    // replica's master on the replica (which otherwise answers MOVED), as the replica check
    // must; the data stays as it was.
    writes.removeAll(u"readonly"_s);
    return writes;
}

// Every command the server ran since CONFIG RESETSTAT, as INFO commandstats names them.
QStringList commandsOn(RawRedis &raw)
{
    static const QRegularExpression stat(u"^cmdstat_([a-z_|-]+):"_s,
                                         QRegularExpression::MultilineOption);
    QStringList names;
    const QString info = QString::fromUtf8(raw.command({"INFO", "commandstats"}).str);
    for (auto match = stat.globalMatch(info); match.hasNext();)
        names << match.next().captured(1);
    return names;
}

// Whether every replica has acknowledged all that its master had sent when asked first
// (`sent`, filled on the first call): then nothing of the writes before is still on its way to
// be counted on a replica. `lag` says which one was behind. At least, not equal: the master's
// own PINGs to its replicas move its offset on meanwhile.
bool replicasCaughtUp(const RedisCluster &cluster, std::map<int, qint64> &sent, QString &lag)
{
    static const QRegularExpression masterOffset(u"^master_repl_offset:(\\d+)"_s,
                                                 QRegularExpression::MultilineOption);
    static const QRegularExpression replicaOffset(u"^slave\\d+:.*offset=(\\d+)"_s,
                                                  QRegularExpression::MultilineOption);
    for (const int master : cluster.masters()) {
        RawRedis raw = cluster.raw(master);
        const QString info = QString::fromUtf8(raw.command({"INFO", "replication"}).str);
        const auto offset = masterOffset.match(info);
        const auto acknowledged = replicaOffset.match(info);
        if (offset.hasMatch())
            sent.try_emplace(master, offset.captured(1).toLongLong());
        if (!sent.contains(master) || !acknowledged.hasMatch() ||
            acknowledged.captured(1).toLongLong() < sent.at(master)) {
            lag = cluster.address(master) + u": "_s + info;
            return false;
        }
    }
    return true;
}

} // namespace

class TestLockctlCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    // First: no key of another test may expire meanwhile (an expiry reaches the replicas as a
    // DEL, which their statistics would count).
    void readCommandsWriteNothing();
    void listNamesNodeAndSlotOnEveryMaster();
    void listTableHasANodeColumn();
    void topologyPrintsEveryNode();
    void inspectAsksTheReplicas();
    void sandboxClusterStartsAndStops();
    void badClusterInput_data();
    void badClusterInput();
    // Last: it kills a master, and the cluster fails over.
    void masterKilledDuringList();

private:
    [[nodiscard]] QStringList on(const QStringList &arguments) const
    {
        return QStringList{u"--url"_s, cluster_->url()} + arguments;
    }

    std::optional<RedisCluster> cluster_;
    std::optional<redislock::Client> client_;
};

void TestLockctlCluster::initTestCase()
{
    cluster_.emplace();
    QVERIFY2(cluster_->start(), qPrintable(cluster_->errorString()));
    auto client = redislock::Client::fromUrl(cluster_->url().toStdString());
    QVERIFY2(client, client ? "" : client.error().message().c_str());
    client_.emplace(std::move(*client));
}

// list, list --aux, inspect with its replica check (on a lock of every master) and topology,
// proved read-only at the servers: INFO commandstats of all six nodes, reset before, show
// reads only, and show that each node was asked.
void TestLockctlCluster::readCommandsWriteNothing()
{
    const std::string prefix = lockscope::test::uniqueKey();
    // A lock on every master, a few more, and an orphaned Redisson fence token for --aux.
    std::map<int, std::string> lockOfMaster;
    std::vector<redislock::Lock> locks;
    for (int i = 0; i < 12 || lockOfMaster.size() < 3; ++i) {
        const std::string key = prefix + ":" + std::to_string(i);
        auto lock = client_->obtain(key, 300s);
        QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
        locks.push_back(std::move(*lock));
        lockOfMaster.try_emplace(
            cluster_->masterOfSlot(cluster_->keySlot(QByteArray::fromStdString(key))), key);
    }
    auto token = client_->command({"SET", "redisson_lock_token:{" + prefix + ":gone}", "7"});
    QVERIFY(token && !token->isError());
    std::map<int, qint64> sent;
    QString lag;
    QVERIFY2(QTest::qWaitFor([&] { return replicasCaughtUp(*cluster_, sent, lag); }, 30000),
             qPrintable(lag));
    for (int node = 0; node < cluster_->nodeCount(); ++node)
        QVERIFY(!cluster_->raw(node).command({"CONFIG", "RESETSTAT"}).isError());

    const QString pattern = QString::fromStdString(prefix) + u":*"_s;
    QList<QStringList> commands{
        {u"--json"_s, u"list"_s, u"--pattern"_s, pattern},
        {u"--json"_s, u"list"_s, u"--aux"_s, u"--pattern"_s, pattern},
        {u"--json"_s, u"topology"_s},
    };
    for (const auto &[master, key] : lockOfMaster)
        commands.append({u"--json"_s, u"inspect"_s, QString::fromStdString(key)});
    for (const QStringList &command : std::as_const(commands)) {
        const LockctlRun run = runLockctl(on(command), 60s);
        QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
        QVERIFY2(jsonObject(run.out), run.describe().constData());
    }
    // What they read, to be sure that they ran against these servers.
    const LockctlRun aux = runLockctl(on(commands[1]), 60s);
    const QJsonArray entries =
        jsonObject(aux.out).value_or(QJsonObject{}).value("aux"_L1).toArray();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().toObject().value("lock_exists"_L1).toBool(true), false);

    for (int node = 0; node < cluster_->nodeCount(); ++node) {
        RawRedis raw = cluster_->raw(node);
        const QString name = cluster_->address(node);
        QCOMPARE(writesOn(raw), QStringList());
        // Every master was scanned; every replica was asked for its master's lock.
        const QStringList ran = commandsOn(raw);
        const bool master = cluster_->masters().contains(node);
        QVERIFY2(ran.contains(master ? u"scan"_s : u"get"_s),
                 qPrintable(name + u": "_s + ran.join(u", "_s)));
    }
}

void TestLockctlCluster::listNamesNodeAndSlotOnEveryMaster()
{
    const std::string prefix = lockscope::test::uniqueKey();
    std::map<QByteArray, int> expectedSlot;
    for (int i = 0; i < 30; ++i) {
        const std::string key = prefix + ":" + std::to_string(i);
        auto lock = client_->obtain(key, 60s);
        QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
        expectedSlot[QByteArray::fromStdString(key)] =
            cluster_->keySlot(QByteArray::fromStdString(key));
    }
    const LockctlRun run = runLockctl(
        on({u"--json"_s, u"list"_s, u"--pattern"_s, QString::fromStdString(prefix) + u":*"_s}),
        60s);
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const auto listing = jsonObject(run.out);
    QVERIFY2(listing, run.describe().constData());
    QVERIFY(listing->value("complete"_L1).toBool());
    QVERIFY(!listing->contains("failed_nodes"_L1));
    const QJsonArray locks = listing->value("locks"_L1).toArray();
    QCOMPARE(locks.size(), 30);
    QSet<QString> nodes;
    for (const auto &value : locks) {
        const QJsonObject lock = value.toObject();
        const QByteArray key = lock.value("key"_L1).toString().toUtf8();
        QVERIFY2(expectedSlot.contains(key), key.constData());
        const int slot = expectedSlot.at(key);
        QCOMPARE(lock.value("slot"_L1).toInt(-1), slot);
        // The master that serves the slot, as the cluster announces it.
        QCOMPARE(lock.value("node"_L1).toString(), cluster_->address(cluster_->masterOfSlot(slot)));
        nodes.insert(lock.value("node"_L1).toString());
    }
    QCOMPARE(nodes.size(), 3); // 30 keys over 3 masters: every master holds some
}

void TestLockctlCluster::listTableHasANodeColumn()
{
    const std::string key = lockscope::test::uniqueKey();
    auto lock = client_->obtain(key, 60s);
    QVERIFY(lock);
    const LockctlRun run =
        runLockctl(on({u"list"_s, u"--pattern"_s, QString::fromStdString(key)}), 60s);
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].startsWith("NODE (SLOT)"), lines[0].constData());
    const int slot = cluster_->keySlot(QByteArray::fromStdString(key));
    const QByteArray where = cluster_->address(cluster_->masterOfSlot(slot)).toUtf8() + " (" +
                             QByteArray::number(slot) + ")";
    QVERIFY2(lines[1].startsWith(where), lines[1].constData());
    QVERIFY2(lines[1].contains(QByteArray::fromStdString(key)), lines[1].constData());
}

void TestLockctlCluster::topologyPrintsEveryNode()
{
    const LockctlRun run = runLockctl(on({u"--json"_s, u"topology"_s}), 60s);
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const auto topology = jsonObject(run.out);
    QVERIFY2(topology, run.describe().constData());
    QCOMPARE(topology->value("deployment"_L1).toString(), u"cluster"_s);
    QVERIFY(topology->value("covers_all_slots"_L1).toBool());
    const QJsonArray nodes = topology->value("nodes"_L1).toArray();
    QCOMPARE(nodes.size(), 6);
    QSet<QString> masters;
    qint64 slots = 0;
    for (const auto &value : nodes) {
        const QJsonObject node = value.toObject();
        if (node.value("role"_L1).toString() != "master"_L1)
            continue;
        masters.insert(node.value("node"_L1).toString());
        for (const auto &range : node.value("slots"_L1).toArray())
            slots += range.toArray().at(1).toInteger() - range.toArray().at(0).toInteger() + 1;
    }
    QCOMPARE(masters.size(), 3);
    QCOMPARE(slots, qint64{16384});
    for (const auto &value : nodes) {
        const QJsonObject node = value.toObject();
        const QString name = node.value("node"_L1).toString();
        QVERIFY2(cluster_->indexOfPort(name.section(u':', -1).toUShort()) >= 0, qPrintable(name));
        QVERIFY2(node.value("keys"_L1).isDouble(), qPrintable(name));
        QCOMPARE(node.value("health"_L1).toString(), u"online"_s);
        if (node.value("role"_L1).toString() == "replica"_L1)
            QVERIFY2(masters.contains(node.value("master"_L1).toString()), qPrintable(name));
    }

    const LockctlRun table = runLockctl(on({u"topology"_s}), 60s);
    QVERIFY2(table.finished && table.exitCode == 0, table.describe().constData());
    QCOMPARE(table.out.count('\n'), 7); // the header and six nodes
    QVERIFY(table.out.startsWith("NODE"));
}

void TestLockctlCluster::inspectAsksTheReplicas()
{
    const std::string key = lockscope::test::uniqueKey();
    auto lock = client_->obtain(key, 60s);
    QVERIFY(lock);
    // The replica catches up within moments: then it holds the very same value.
    LockctlRun run;
    const bool caughtUp = QTest::qWaitFor(
        [&] {
            run = runLockctl(on({u"--json"_s, u"inspect"_s, QString::fromStdString(key)}), 60s);
            const auto inspected = jsonObject(run.out);
            if (!inspected || run.exitCode != 0)
                return false;
            const QJsonArray replicas = inspected->value("replicas"_L1).toArray();
            return replicas.size() == 1 &&
                   replicas.first().toObject().value("same_value"_L1).toBool();
        },
        30000);
    QVERIFY2(caughtUp, run.describe().constData());
    const QJsonObject inspected = *jsonObject(run.out);
    const int master = cluster_->masterOfSlot(cluster_->keySlot(QByteArray::fromStdString(key)));
    QCOMPARE(inspected.value("lock"_L1).toObject().value("node"_L1).toString(),
             cluster_->address(master));
    const QJsonObject replica = inspected.value("replicas"_L1).toArray().first().toObject();
    const QList<int> replicas = cluster_->replicasOf(master);
    QCOMPARE(replicas.size(), 1);
    QCOMPARE(replica.value("node"_L1).toString(), cluster_->address(replicas.first()));
    QVERIFY(replica.value("exists"_L1).toBool());
    QVERIFY(replica.value("ttl_ms"_L1).toInteger() > 0);

    const LockctlRun text = runLockctl(on({u"inspect"_s, QString::fromStdString(key)}), 60s);
    QVERIFY2(text.finished && text.exitCode == 0, text.describe().constData());
    QVERIFY2(text.out.contains("replica   " + cluster_->address(replicas.first()).toUtf8() +
                               ": same value"),
             text.describe().constData());
}

void TestLockctlCluster::sandboxClusterStartsAndStops()
{
    QProcess sandbox;
    sandbox.start(lockctlPath, {u"sandbox"_s, u"--cluster"_s});
    QVERIFY(sandbox.waitForStarted());
    QByteArray out;
    QString url;
    const bool started = QTest::qWaitFor(
        [&] {
            sandbox.waitForReadyRead(100);
            out += sandbox.readAllStandardOutput();
            const auto at = out.indexOf("sandbox: redis-cluster://");
            if (at < 0 || out.indexOf('\n', at) < 0)
                return false;
            url = QString::fromUtf8(out.mid(at + 9, out.indexOf('\n', at) - at - 9));
            return true;
        },
        120000);
    QVERIFY2(started, (out + sandbox.readAllStandardError()).constData());

    auto client = redislock::Client::fromUrl(url.toStdString());
    QVERIFY2(client, qPrintable(url));
    const auto topology = client->topology();
    QVERIFY2(topology, topology ? "" : topology.error().message().c_str());
    QCOMPARE(topology->shards.size(), 3u);
    QVERIFY(topology->coversAllSlots());
    std::vector<quint16> ports;
    for (const auto &shard : topology->shards) {
        QCOMPARE(shard.replicas.size(), 1u);
        ports.push_back(shard.master.port);
        ports.push_back(shard.replicas.front().port);
    }
    for (const quint16 port : ports) {
        // Loopback only, client and bus port alike (bind applies to both), and a bus port of
        // its own rather than the default port + 10000.
        RawRedis raw(port);
        const auto bind = raw.command({"CONFIG", "GET", "bind"});
        QCOMPARE(bind.elements.value(1).str, QByteArray("127.0.0.1"));
        const auto bus = raw.command({"CONFIG", "GET", "cluster-port"});
        QVERIFY(bus.elements.value(1).str.toUInt() != 0);
    }
    // The demo services lock keys on more than one master.
    QSet<QString> nodes;
    LockctlRun run;
    const bool spread = QTest::qWaitFor(
        [&] {
            run = runLockctl({u"--url"_s, url, u"--prefix"_s, u"shop"_s, u"--json"_s, u"list"_s},
                             60s);
            if (const auto listing = jsonObject(run.out)) {
                for (const auto &lock : listing->value("locks"_L1).toArray())
                    nodes.insert(lock.toObject().value("node"_L1).toString());
            }
            return nodes.size() >= 2;
        },
        60000);
    QVERIFY2(spread, run.describe().constData());

    // Stopped with the app: every node goes.
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(60000));
    QCOMPARE(sandbox.exitCode(), 0);
    for (const quint16 port : ports) {
        RawRedis raw(port, {}, {}, std::chrono::milliseconds(500));
        QVERIFY2(raw.command({"PING"}).type != lockscope::test::RawReply::Type::status,
                 qPrintable(QString::number(port)));
    }
}

void TestLockctlCluster::badClusterInput_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected"); // in the one error line
    QTest::addColumn<int>("exitCode");
    // Filled in badClusterInput: the standalone server's port is known only there.
    QTest::newRow("cluster URL at a standalone server")
        << u"redis-cluster://127.0.0.1:STANDALONE"_s << u"not a cluster"_s << 2;
    QTest::newRow("seed list with a bad entry")
        << u"redis-cluster://127.0.0.1:SEED,127.0.0.1:notaport"_s << u"notaport"_s << 2;
}

void TestLockctlCluster::badClusterInput()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QFETCH(int, exitCode);
    RedisServer standalone;
    QVERIFY2(standalone.start(), qPrintable(standalone.errorString()));
    RawRedis standaloneRaw = standalone.rawClient();
    RawRedis seedRaw = cluster_->raw(cluster_->masters().first());
    url.replace(u"STANDALONE"_s, QString::number(standalone.port()));
    url.replace(u"SEED"_s, QString::number(cluster_->port(cluster_->masters().first())));
    standaloneRaw.command({"CONFIG", "RESETSTAT"});
    seedRaw.command({"CONFIG", "RESETSTAT"});

    for (const QStringList &command :
         {QStringList{u"list"_s}, QStringList{u"obtain"_s, u"some-key"_s, u"--ttl"_s, u"10s"_s},
          QStringList{u"topology"_s}}) {
        const LockctlRun run = runLockctl(QStringList{u"--url"_s, url} + command, 60s);
        QVERIFY2(run.finished && run.exitCode == exitCode, run.describe().constData());
        QVERIFY2(isOneErrorLine(run.err), run.describe().constData());
        QVERIFY2(run.err.contains(expected.toUtf8()), run.describe().constData());
        QVERIFY2(run.out.isEmpty(), run.describe().constData());
    }
    QCOMPARE(writesOn(standaloneRaw), QStringList());
    QCOMPARE(writesOn(seedRaw), QStringList());
    QVERIFY(!standaloneRaw.exists("some-key"));
}

void TestLockctlCluster::masterKilledDuringList()
{
    // Many keys on every master, so that the listing is far from done when a master dies.
    const std::string prefix = lockscope::test::uniqueKey();
    constexpr int keyCount = 60000;
    std::vector<std::vector<std::string>> batch;
    for (int i = 0; i < keyCount; ++i) {
        batch.push_back({"SET", prefix + ":" + std::to_string(i), "value-" + std::to_string(i)});
        if (batch.size() == 5000 || i + 1 == keyCount) {
            auto written = client_->pipeline(batch);
            QVERIFY2(written, written ? "" : written.error().message().c_str());
            batch.clear();
        }
    }
    // Which master holds how many of them, from the cluster's map.
    const auto topology = client_->topology();
    QVERIFY(topology);
    std::map<QString, int> perMaster;
    for (int i = 0; i < keyCount; ++i) {
        const auto *shard =
            topology->shardForSlot(redislock::hashSlot(prefix + ":" + std::to_string(i)));
        QVERIFY(shard);
        ++perMaster[QString::fromStdString(shard->master.address())];
    }
    QCOMPARE(perMaster.size(), std::size_t{3});
    const int victim = cluster_->masters().first();
    const QString victimName = cluster_->address(victim);

    // lockctl writes into a pipe nobody reads for a while: once the pipe and its own buffer
    // are full it waits, with a few pages queued per master, far from the end of any.
    QTemporaryDir dir;
    const QString errFile = dir.filePath(u"err"_s);
    const QByteArray command = "exec '" + lockctlPath.toUtf8() + "' --url '" +
                               cluster_->url().toUtf8() + "' --json list --pattern '" +
                               QByteArray::fromStdString(prefix) + ":*' 2>'" + errFile.toUtf8() +
                               "'";
    FILE *out = ::popen(command.constData(), "r");
    QVERIFY(out);
    QByteArray text;
    char chunk[4096];
    const auto got = std::fread(chunk, 1, 1, out); // it has started listing
    text.append(chunk, static_cast<qsizetype>(got));
    std::this_thread::sleep_for(1s); // lets it fill the pipe and stop
    cluster_->kill(victim);
    std::size_t read = 0;
    while ((read = std::fread(chunk, 1, sizeof chunk, out)) > 0)
        text.append(chunk, static_cast<qsizetype>(read));
    const int status = ::pclose(out);
    QFile errors(errFile);
    QVERIFY(errors.open(QIODevice::ReadOnly));
    const QByteArray err = errors.readAll();
    const QByteArray describe = "stdout: " + text.left(300) + "...\nstderr: " + err;

    QVERIFY2(WIFEXITED(status) && WEXITSTATUS(status) == 3, describe.constData());
    QVERIFY2(isOneErrorLine(err), describe.constData());
    QVERIFY2(err.contains("incomplete") && err.contains(victimName.toUtf8()), describe.constData());
    const auto listing = jsonObject(text);
    QVERIFY2(listing, describe.constData());
    QVERIFY(!listing->value("complete"_L1).toBool());
    const QJsonArray failed = listing->value("failed_nodes"_L1).toArray();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().toObject().value("node"_L1).toString(), victimName);
    QVERIFY(!failed.first().toObject().value("error"_L1).toString().isEmpty());
    // Every key of the other masters is listed; the victim's only in part.
    std::map<QString, int> listed;
    for (const auto &lock : listing->value("locks"_L1).toArray())
        ++listed[lock.toObject().value("node"_L1).toString()];
    for (const auto &[node, keys] : perMaster) {
        if (node == victimName)
            QVERIFY2(listed[node] < keys, qPrintable(node));
        else
            QCOMPARE(listed[node], keys);
    }

    // The cluster heals for whatever runs after: the replica took over, the victim comes back
    // as its replica.
    QVERIFY2(cluster_->restart(victim), qPrintable(cluster_->errorString()));
    QVERIFY2(cluster_->waitUntilHealthy(), qPrintable(cluster_->errorString()));
}

QTEST_GUILESS_MAIN(TestLockctlCluster)
#include "tst_lockctl_cluster.moc"
