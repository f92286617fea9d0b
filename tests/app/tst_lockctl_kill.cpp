// lockctl obtain --hold keeps its lock while the server drops every connection every 10 ms
// (CLIENT KILL TYPE normal): a connection killed during its handshake is a dropped connection
// the retry strategy rides out, not "not a Redis server" that ends the hold with exit code 3.

#include "lockctlrun.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace std::chrono_literals;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;

class TestLockctlKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void holdSurvivesClientKills();
};

void TestLockctlKill::holdSurvivesClientKills()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    const QString key = QString::fromStdString(lockscope::test::uniqueKey());

    LockctlRun run;
    std::thread lockctl([&] {
        run = runLockctl({QStringLiteral("--url"), server.url(), QStringLiteral("obtain"), key,
                          QStringLiteral("--ttl"), QStringLiteral("300ms"),
                          QStringLiteral("--hold"), QStringLiteral("3s"), QStringLiteral("--retry"),
                          QStringLiteral("linear(10ms)")},
                         60s);
    });
    // The storm starts once the lock is held (obtain itself does not retry connection errors,
    // as in Go) and ends before the release (which does not either), so what it hits is the
    // refreshing of a held lock.
    const bool held = QTest::qWaitFor([&] { return raw.exists(key.toUtf8()); }, 20000);
    int kills = 0;
    if (held) {
        RawRedis killer = server.rawClient(); // SKIPME yes (the default): it survives its kills
        const auto stormEnds = std::chrono::steady_clock::now() + 2s;
        while (std::chrono::steady_clock::now() < stormEnds) {
            killer.command({"CLIENT", "KILL", "TYPE", "normal"});
            ++kills;
            std::this_thread::sleep_for(10ms);
        }
    }
    lockctl.join();
    QVERIFY2(held, run.describe().constData());
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    QVERIFY(run.out.contains("released"));
    qInfo("the hold rode out %d CLIENT KILLs", kills);
    QVERIFY(kills > 50);
}

QTEST_GUILESS_MAIN(TestLockctlKill)
#include "tst_lockctl_kill.moc"
