#pragma once

#include "rawredis.h"
#include "redisserver.h"

#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <chrono>
#include <memory>
#include <vector>

namespace lockscope::test {

// A Sentinel-managed primary: a master, one replica and three sentinels (redis-server
// --sentinel) monitoring it under masterName() with quorum 2, every process a RedisServer on
// free loopback ports. down-after-milliseconds and failover-timeout are short, so that a
// failover in a test takes seconds.
//
// start() waits until the replica's link to the master is up and every sentinel knows the master,
// the replica and the two other sentinels: then SENTINEL FAILOVER, or killing the master, works at
// once.
//
// Starting takes seconds (see tst_clusterfixture): start ONE setup per test executable, in
// initTestCase(). A failover swaps the roles of serverPort(0) and serverPort(1) for the tests
// that follow: ask masterPort() rather than assuming. Every process is stopped by the
// destructor and dies with the thread that started it, as RedisServer's do.
class RedisSentinelSetup
{
public:
    struct Options
    {
        QString masterName = QStringLiteral("lockmaster");
        int quorum = 2;
        std::chrono::milliseconds downAfter{1000};
        std::chrono::milliseconds failoverTimeout{5000};
    };

    static constexpr std::chrono::milliseconds readyTimeout{60000};
    static constexpr int sentinelCount = 3;

    RedisSentinelSetup();
    explicit RedisSentinelSetup(Options options);
    ~RedisSentinelSetup();
    RedisSentinelSetup(const RedisSentinelSetup &) = delete;
    RedisSentinelSetup &operator=(const RedisSentinelSetup &) = delete;

    [[nodiscard]] bool start();
    void stop();
    [[nodiscard]] QString errorString() const { return error_; }

    [[nodiscard]] QString masterName() const { return options_.masterName; }
    // The data servers: 0 starts as the master, 1 as its replica.
    [[nodiscard]] RedisServer &server(int index) { return *servers_.at(index); }
    [[nodiscard]] quint16 serverPort(int index) const { return servers_.at(index)->port(); }
    [[nodiscard]] RedisServer &sentinel(int index) { return *sentinels_.at(index); }
    [[nodiscard]] quint16 sentinelPort(int index) const { return sentinels_.at(index)->port(); }
    // The pids of every process (servers, then sentinels), 0 for one not running.
    [[nodiscard]] QList<qint64> pids() const;

    // The master's port as the first answering sentinel says (SENTINEL
    // GET-MASTER-ADDR-BY-NAME), 0 when none answers.
    [[nodiscard]] quint16 masterPort() const;
    // "redis-sentinel://127.0.0.1:S1,127.0.0.1:S2,127.0.0.1:S3/NAME".
    [[nodiscard]] QString url() const;

    // Waits until every sentinel names `port` as the master and that server says role:master
    // with its replica attached: the end of a failover.
    [[nodiscard]] bool waitForMaster(quint16 port,
                                     std::chrono::milliseconds timeout = readyTimeout);

private:
    bool fail(const QString &what);

    Options options_;
    std::vector<std::unique_ptr<RedisServer>> servers_;
    std::vector<std::unique_ptr<QTemporaryDir>> sentinelDirs_; // their config files
    std::vector<std::unique_ptr<RedisServer>> sentinels_;
    QString error_;
};

} // namespace lockscope::test
