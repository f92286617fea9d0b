#include "redissentinelsetup.h"

#include "polling.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <functional>

namespace lockscope::test {

namespace {

// A field of a flat name/value array, as SENTINEL MASTER and SENTINEL REPLICAS answer in RESP2.
QByteArray pairField(const RawReply &reply, const QByteArray &name)
{
    for (qsizetype i = 0; i + 1 < reply.elements.size(); i += 2) {
        if (reply.elements.at(i).str == name)
            return reply.elements.at(i + 1).str;
    }
    return {};
}

quint16 masterPortFrom(RawRedis &sentinel, const QByteArray &name)
{
    const RawReply reply = sentinel.command({"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name});
    return reply.elements.size() == 2 ? static_cast<quint16>(reply.elements.at(1).str.toUInt()) : 0;
}

} // namespace

RedisSentinelSetup::RedisSentinelSetup() : RedisSentinelSetup(Options{})
{}

RedisSentinelSetup::RedisSentinelSetup(Options options) : options_(std::move(options))
{}

RedisSentinelSetup::~RedisSentinelSetup()
{
    stop();
}

bool RedisSentinelSetup::fail(const QString &what)
{
    error_ = what;
    const auto appendTail = [this](const char *kind, const RedisServer &process) {
        if (process.port() != 0) {
            error_ += QStringLiteral("\n--- last output of %1 127.0.0.1:%2:\n%3")
                          .arg(QLatin1String(kind))
                          .arg(process.port())
                          .arg(process.logTail(8));
        }
    };
    for (const auto &server : servers_)
        appendTail("server", *server);
    for (const auto &sentinel : sentinels_)
        appendTail("sentinel", *sentinel);
    return false;
}

bool RedisSentinelSetup::start()
{
    error_.clear();
    if (!servers_.empty())
        return waitForMaster(masterPort());

    servers_.push_back(std::make_unique<RedisServer>());
    if (!servers_.back()->start())
        return fail(
            QStringLiteral("the master did not start: %1").arg(servers_.back()->errorString()));
    RedisServerOptions replicaOptions;
    replicaOptions.extraArguments << QStringLiteral("--replicaof") << QStringLiteral("127.0.0.1")
                                  << QString::number(serverPort(0));
    servers_.push_back(std::make_unique<RedisServer>(replicaOptions));
    if (!servers_.back()->start())
        return fail(
            QStringLiteral("the replica did not start: %1").arg(servers_.back()->errorString()));

    const QByteArray name = options_.masterName.toUtf8();
    for (int i = 0; i < sentinelCount; ++i) {
        // A sentinel insists on a config file it can rewrite (it records what it learns
        // there), written before it starts: hence a directory of the setup's own per sentinel.
        auto directory = std::make_unique<QTemporaryDir>(
            QDir::tempPath() + QStringLiteral("/lockscope-sentinel-XXXXXX"));
        RedisServerOptions sentinelOptions;
        sentinelOptions.sentinel = true;
        sentinelOptions.configFile = directory->filePath(QStringLiteral("sentinel.conf"));
        QFile config(sentinelOptions.configFile);
        if (!directory->isValid() || !config.open(QIODevice::WriteOnly)) {
            return fail(QStringLiteral("cannot write %1: %2")
                            .arg(sentinelOptions.configFile, config.errorString()));
        }
        config.write("sentinel monitor " + name + " 127.0.0.1 " +
                     QByteArray::number(serverPort(0)) + ' ' + QByteArray::number(options_.quorum) +
                     '\n');
        config.write("sentinel down-after-milliseconds " + name + ' ' +
                     QByteArray::number(options_.downAfter.count()) + '\n');
        config.write("sentinel failover-timeout " + name + ' ' +
                     QByteArray::number(options_.failoverTimeout.count()) + '\n');
        config.close();
        sentinelDirs_.push_back(std::move(directory));
        sentinels_.push_back(std::make_unique<RedisServer>(sentinelOptions));
        if (!sentinels_.back()->start())
            return fail(QStringLiteral("sentinel %1 did not start: %2")
                            .arg(i)
                            .arg(sentinels_.back()->errorString()));
    }
    return waitForMaster(serverPort(0));
}

bool RedisSentinelSetup::waitForMaster(quint16 port, std::chrono::milliseconds timeout)
{
    const int master = port == serverPort(0) ? 0 : port == serverPort(1) ? 1 : -1;
    if (master < 0)
        return fail(QStringLiteral("no server of this setup listens on port %1").arg(port));
    const quint16 replicaPort = serverPort(1 - master);
    const QByteArray name = options_.masterName.toUtf8();
    QString why;
    const bool ready = waitFor(
        [&] {
            RawRedis masterServer = servers_.at(master)->rawClient();
            const QByteArray masterInfo = masterServer.command({"INFO", "replication"}).str;
            if (infoField(masterInfo, "role") != "master" ||
                infoField(masterInfo, "connected_slaves").toInt() < 1) {
                why = QStringLiteral("127.0.0.1:%1 is not a master with its replica attached")
                          .arg(port);
                return false;
            }
            RawRedis replicaServer = servers_.at(1 - master)->rawClient();
            const QByteArray replicaInfo = replicaServer.command({"INFO", "replication"}).str;
            if (infoField(replicaInfo, "master_port").toUInt() != port ||
                infoField(replicaInfo, "master_link_status") != "up") {
                why = QStringLiteral("127.0.0.1:%1 does not replicate 127.0.0.1:%2 yet")
                          .arg(replicaPort)
                          .arg(port);
                return false;
            }
            for (int i = 0; i < sentinelCount; ++i) {
                RawRedis sentinel = sentinels_.at(i)->rawClient();
                if (masterPortFrom(sentinel, name) != port) {
                    why = QStringLiteral("sentinel %1 does not name 127.0.0.1:%2 as the master")
                              .arg(i)
                              .arg(port);
                    return false;
                }
                const RawReply state = sentinel.command({"SENTINEL", "MASTER", name});
                if (pairField(state, "flags") != "master" ||
                    pairField(state, "num-other-sentinels").toInt() != sentinelCount - 1) {
                    why = QStringLiteral("sentinel %1 sees: %2").arg(i).arg(state.toString());
                    return false;
                }
                const RawReply replicas = sentinel.command({"SENTINEL", "REPLICAS", name});
                bool replicaKnown = false;
                // Known as a replica, neither down nor disconnected. Not its link status as the
                // sentinel has it: a sentinel asks a replica for INFO only every 10 s, and the
                // link itself is checked on the replica above.
                for (const RawReply &replica : replicas.elements) {
                    replicaKnown =
                        replicaKnown || (pairField(replica, "port").toUInt() == replicaPort &&
                                         pairField(replica, "flags") == "slave");
                }
                if (!replicaKnown) {
                    why = QStringLiteral("sentinel %1 does not know the replica 127.0.0.1:%2 yet")
                              .arg(i)
                              .arg(replicaPort);
                    return false;
                }
            }
            return true;
        },
        timeout);
    if (!ready)
        return fail(QStringLiteral("the sentinel setup is not ready after %1 ms: %2")
                        .arg(timeout.count())
                        .arg(why));
    return true;
}

void RedisSentinelSetup::stop()
{
    // Sentinels first: they would otherwise fail the master over while it stops.
    for (const auto &sentinel : sentinels_)
        sentinel->stop();
    for (auto it = servers_.rbegin(); it != servers_.rend(); ++it)
        (*it)->stop();
}

QList<qint64> RedisSentinelSetup::pids() const
{
    QList<qint64> result;
    for (const auto &server : servers_)
        result.append(server->pid());
    for (const auto &sentinel : sentinels_)
        result.append(sentinel->pid());
    return result;
}

quint16 RedisSentinelSetup::masterPort() const
{
    const QByteArray name = options_.masterName.toUtf8();
    for (const auto &process : sentinels_) {
        RawRedis sentinel = process->rawClient();
        if (const quint16 port = masterPortFrom(sentinel, name))
            return port;
    }
    return 0;
}

QString RedisSentinelSetup::url() const
{
    QStringList sentinels;
    for (const auto &sentinel : sentinels_)
        sentinels.append(QStringLiteral("127.0.0.1:%1").arg(sentinel->port()));
    return QStringLiteral("redis-sentinel://%1/%2")
        .arg(sentinels.join(QLatin1Char(',')), options_.masterName);
}

} // namespace lockscope::test
