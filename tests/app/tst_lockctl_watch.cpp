// lockctl watch as a user runs it: the real binary, a real redis-server, real locks obtained,
// refreshed, released and expiring through the core's Client, and the JSON lines it prints
// judged one by one; without notifications it polls; it never writes (INFO commandstats); it
// stops on --count, --duration, SIGINT and SIGTERM.

#include "lockctlrun.h"
#include "lockctlwatch.h"
#include "support/closedport.h"
#include "support/commandstats.h"
#include "support/rawredis.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <functional>
#include <optional>
#include <thread>

using namespace lockscope::test;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

// "2026-12-04T17:52:23.123Z"
const QRegularExpression isoMs(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s);

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

class TestLockctlWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventsOfRealLocks();
    void zombieAndFastHandover();
    void pollsWithoutNotifications();
    void pollsWhenItCannotSubscribe();
    void zeroWrites_data();
    void zeroWrites();
    void stopsOnSignal_data();
    void stopsOnSignal();
    void stopsAfterCountAndDuration();
    void badInput_data();
    void badInput();
    void unreachableServer();

private:
    static RedisServerOptions notifying()
    {
        RedisServerOptions options;
        options.notifyKeyspaceEvents = u"KEA"_s;
        return options;
    }
};

void TestLockctlWatch::eventsOfRealLocks()
{
    RedisServer server(notifying());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    auto client = redislock::Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    const QString prefix = qs(uniqueKey("watch"));
    const QString marker = prefix + u":marker"_s;
    QVERIFY(raw.set(marker.toUtf8(), "Ab3_x-9ZqLmN0pQrStUvWx{\"by\":\"test\"}", 60s));
    QVERIFY(raw.set("outside", "not under the pattern", 60s));

    Watch watch(
        {u"--url"_s, server.url(), u"--json"_s, u"watch"_s, u"--pattern"_s, prefix + u":*"_s});
    // The first scan finds what was held before: seen, with its format, token and TTL.
    NEXT(seen, watch, marker, u"seen"_s);
    QCOMPARE(seen->value("format"_L1).toString(), u"redislock"_s);
    QCOMPARE(seen->value("token"_L1).toString(), u"Ab3_x-9ZqLmN0pQrStUvWx"_s);
    QVERIFY(seen->value("ttl_ms"_L1).toInteger() > 50'000);
    QVERIFY2(isoMs.match(seen->value("ts"_L1).toString()).hasMatch(),
             qPrintable(seen->value("ts"_L1).toString()));
    QCOMPARE(seen->keys(),
             (QStringList{u"event"_s, u"format"_s, u"key"_s, u"token"_s, u"ts"_s, u"ttl_ms"_s}));

    const std::string key = (prefix + u":orders"_s).toStdString();
    auto lock = client->obtain(key, 2s);
    QVERIFY(lock);
    const QString token = qs(std::string(lock->token()));
    NEXT(obtained, watch, qs(key), u"obtained"_s);
    QCOMPARE(obtained->value("format"_L1).toString(), u"redislock"_s);
    QCOMPARE(obtained->value("token"_L1).toString(), token);
    QVERIFY(obtained->value("ttl_ms"_L1).toInteger() > 0);
    QVERIFY(obtained->value("ttl_ms"_L1).toInteger() <= 2000);

    QVERIFY(lock->refresh(10s));
    NEXT(refreshed, watch, qs(key), u"refreshed"_s);
    QCOMPARE(refreshed->value("token"_L1).toString(), token);
    QVERIFY(refreshed->value("ttl_ms"_L1).toInteger() > 9000);

    QVERIFY(lock->release());
    NEXT(released, watch, qs(key), u"released"_s);
    QCOMPARE(released->value("previous_token"_L1).toString(), token);
    QCOMPARE(released->value("format"_L1).toString(), u"redislock"_s);
    QVERIFY(released->value("ttl_ms"_L1).isNull());

    const std::string brief = (prefix + u":brief"_s).toStdString();
    auto briefLock = client->obtain(brief, 300ms);
    QVERIFY(briefLock);
    NEXT(briefObtained, watch, qs(brief), u"obtained"_s);
    NEXT(expired, watch, qs(brief), u"expired"_s);
    QCOMPARE(expired->value("previous_token"_L1).toString(), qs(std::string(briefLock->token())));

    // A hash lock (Redisson's layout): its holder is the field.
    const QByteArray redisson = (prefix + u":redisson"_s).toUtf8();
    const QByteArray holder = "2f3a0c6f-6a38-4f36-9c4c-3c1f7c2d6f11:57";
    // As Redisson's lock script takes it: the hold count and the lease in one script.
    QVERIFY(!raw.command({"EVAL",
                          "redis.call('hincrby', KEYS[1], ARGV[1], 1); "
                          "redis.call('pexpire', KEYS[1], ARGV[2])",
                          "1", redisson, holder, "30000"})
                 .isError());
    NEXT(hashObtained, watch, QString::fromUtf8(redisson), u"obtained"_s);
    QCOMPARE(hashObtained->value("format"_L1).toString(), u"redisson"_s);
    QCOMPARE(hashObtained->value("token"_L1).toString(), QString::fromUtf8(holder));
    QVERIFY(hashObtained->value("ttl_ms"_L1).toInteger() > 0);

    // Nothing about keys outside the pattern, and every line one JSON object.
    QVERIFY(watch.about(u"outside"_s).isEmpty());
    QVERIFY(watch.malformed().isEmpty());
    // With notifications on, nothing is said on stderr.
    QCOMPARE(watch.err(), QByteArray());
}

void TestLockctlWatch::zombieAndFastHandover()
{
    RedisServer server(notifying());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    auto client = redislock::Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    const QString prefix = qs(uniqueKey("anomaly"));
    const QString marker = prefix + u":marker"_s;
    QVERIFY(raw.set(marker.toUtf8(), "x", 60s));
    // A long sweep interval: no PTTL of the watch's touches the lapsed key of the handover
    // below before the new holder does.
    Watch watch({u"--url"_s, server.url(), u"--json"_s, u"watch"_s, u"--pattern"_s,
                 prefix + u":*"_s, u"--interval"_s, u"30s"_s});
    NEXT(seen, watch, marker, u"seen"_s);

    // Zombie: the lock expires, then its holder writes its token again as if it still held it.
    const std::string zombie = (prefix + u":zombie"_s).toStdString();
    auto lost = client->obtain(zombie, 200ms);
    QVERIFY(lost);
    const QByteArray token(lost->value().data(), qsizetype(lost->value().size()));
    NEXT(first, watch, qs(zombie), u"obtained"_s);
    NEXT(expired, watch, qs(zombie), u"expired"_s);
    QVERIFY(raw.set(QByteArray::fromStdString(zombie), token, 5s));
    NEXT(back, watch, qs(zombie), u"obtained"_s);
    QCOMPARE(back->value("token"_L1).toString(), qs(std::string(lost->token())));
    NEXT(flag, watch, qs(zombie), u"anomaly"_s, u"zombie-refresh"_s);
    QCOMPARE(flag->value("token"_L1).toString(), qs(std::string(lost->token())));
    // The detail stays the core's English line, whatever language a UI words it in.
    static const QRegularExpression zombieLine(
        u"^the token that expired \\d+ (ms|s) ago is back: its holder still acts as the owner$"_s);
    QVERIFY2(zombieLine.match(flag->value("detail"_L1).toString()).hasMatch(),
             qPrintable(flag->value("detail"_L1).toString()));
    QCOMPARE(flag->keys(),
             (QStringList{u"anomaly"_s, u"detail"_s, u"event"_s, u"key"_s, u"token"_s, u"ts"_s}));

    // Fast handover: with active expiry off, a lapsed key is expired by the next command that
    // touches it, which here is the new holder's obtain: the expired and set events come
    // back to back, as when a waiter takes a lock the moment it runs out.
    QVERIFY(!raw.command({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}).isError());
    const std::string handed = (prefix + u":handover"_s).toStdString();
    QElapsedTimer lease;
    lease.start();
    auto old = client->obtain(handed, 1s);
    QVERIFY(old);
    // Read by the watch while it is still held (a read after the lapse would expire it).
    NEXT(oldObtained, watch, qs(handed), u"obtained"_s);
    QVERIFY2(lease.elapsed() < 1000, "the watch read the lock only after its lease lapsed");
    // Let the lease lapse; nothing touches the key meanwhile.
    std::this_thread::sleep_for(std::chrono::milliseconds(1300 - lease.elapsed()));
    auto fresh = client->obtain(handed, 5s);
    QVERIFY2(fresh, fresh ? "" : fresh.error().message().c_str());
    NEXT(oldExpired, watch, qs(handed), u"expired"_s);
    NEXT(freshObtained, watch, qs(handed), u"obtained"_s);
    QCOMPARE(freshObtained->value("token"_L1).toString(), qs(std::string(fresh->token())));
    NEXT(fast, watch, qs(handed), u"anomaly"_s, u"fast-handover"_s);
    QCOMPARE(fast->value("token"_L1).toString(), qs(std::string(fresh->token())));
    static const QRegularExpression fastLine(
        u"^a new holder \\d+ ms after the previous one expired$"_s);
    QVERIFY2(fastLine.match(fast->value("detail"_L1).toString()).hasMatch(),
             qPrintable(fast->value("detail"_L1).toString()));
    QVERIFY(!raw.command({"DEBUG", "SET-ACTIVE-EXPIRE", "1"}).isError());
}

void TestLockctlWatch::pollsWithoutNotifications()
{
    RedisServer server; // notify-keyspace-events off
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto client = redislock::Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    const QString prefix = qs(uniqueKey("polled"));
    Watch watch({u"--url"_s, server.url(), u"--json"_s, u"watch"_s, u"--pattern"_s,
                 prefix + u":*"_s, u"--interval"_s, u"200ms"_s});
    // Said once, on stderr, in one line.
    QElapsedTimer timer;
    timer.start();
    while (!watch.err().contains('\n') && timer.elapsed() < 10000)
        watch.process().waitForReadyRead(50);
    const QByteArray err = watch.err();
    QVERIFY2(err.startsWith("lockctl: keyspace notifications are off on "), err.constData());
    QCOMPARE(err.count('\n'), 1);
    QVERIFY2(err.contains("polling by scanning every 200ms"), err.constData());

    const std::string key = (prefix + u":job"_s).toStdString();
    auto lock = client->obtain(key, 3s);
    QVERIFY(lock);
    const QString token = qs(std::string(lock->token()));
    NEXT(obtained, watch, qs(key), u"obtained"_s);
    QCOMPARE(obtained->value("token"_L1).toString(), token);
    QCOMPARE(obtained->value("format"_L1).toString(), u"redislock"_s);
    QVERIFY(lock->refresh(20s));
    NEXT(refreshed, watch, qs(key), u"refreshed"_s);
    QVERIFY(lock->release());
    // Found gone long before its expiry: released.
    NEXT(released, watch, qs(key), u"released"_s);
    QCOMPARE(released->value("previous_token"_L1).toString(), token);

    const std::string brief = (prefix + u":brief"_s).toStdString();
    auto briefLock = client->obtain(brief, 600ms);
    QVERIFY(briefLock);
    NEXT(briefObtained, watch, qs(brief), u"obtained"_s);
    // Found gone at its predicted expiry: expired.
    NEXT(expired, watch, qs(brief), u"expired"_s);
    QCOMPARE(expired->value("previous_token"_L1).toString(), qs(std::string(briefLock->token())));
    QCOMPARE(watch.err(), err); // still the one line
}

void TestLockctlWatch::pollsWhenItCannotSubscribe()
{
    // Notifications are on, but this user may not subscribe to any channel.
    RedisServerOptions options = notifying();
    options.aclUsers << u"mute on >secret ~* +@all resetchannels"_s;
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto client = redislock::Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    Watch watch({u"--url"_s, server.url(u"mute"_s, u"secret"_s), u"--json"_s, u"watch"_s,
                 u"--interval"_s, u"200ms"_s});
    // Said once it has scanned: from then on a new lock is obtained, not seen.
    QElapsedTimer timer;
    timer.start();
    while (!watch.err().contains('\n') && timer.elapsed() < 10000)
        watch.process().waitForReadyRead(50);
    const std::string key = uniqueKey("muted");
    auto lock = client->obtain(key, 3s);
    QVERIFY(lock);
    NEXT(obtained, watch, qs(key), u"obtained"_s);
    QCOMPARE(obtained->value("token"_L1).toString(), qs(std::string(lock->token())));
    QVERIFY(lock->release());
    NEXT(released, watch, qs(key), u"released"_s);
    const QByteArray err = watch.err();
    QVERIFY2(err.startsWith("lockctl: no keyspace events from 127.0.0.1:"), err.constData());
    QCOMPARE(err.count('\n'), 1); // said once, though it keeps trying
    QVERIFY2(!err.contains("secret"), err.constData());
}

void TestLockctlWatch::zeroWrites_data()
{
    QTest::addColumn<bool>("notifications");
    QTest::newRow("keyspace events") << true;
    QTest::newRow("polling") << false;
}

void TestLockctlWatch::zeroWrites()
{
    QFETCH(bool, notifications);
    RedisServer server(notifications ? notifying() : RedisServerOptions{});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    // Locks of every kind of change the watch reads: held, no expiry, a hash, and one that
    // expires while watched (the server deletes it: no command).
    QVERIFY(raw.set("w:held", "Ab3_x-9ZqLmN0pQrStUvWx", 60s));
    QVERIFY(raw.set("w:forever", "Ab3_x-9ZqLmN0pQrStUvWy"));
    QVERIFY(
        !raw.command({"HSET", "w:hash", "2f3a0c6f-6a38-4f36-9c4c-3c1f7c2d6f11:1", "1"}).isError());
    QVERIFY(raw.set("w:brief", "Ab3_x-9ZqLmN0pQrStUvWz", 700ms));
    QVERIFY(!raw.command({"CONFIG", "RESETSTAT"}).isError());

    Watch watch({u"--url"_s, server.url(), u"--json"_s, u"watch"_s, u"--pattern"_s, u"w:*"_s,
                 u"--interval"_s, u"100ms"_s});
    NEXT(expired, watch, u"w:brief"_s, u"expired"_s);
    // A few more sweeps of re-reads after the expiry.
    QVERIFY(!watch.next([](const QJsonObject &) { return false; }, 500ms));
    QCOMPARE(::kill(static_cast<pid_t>(watch.process().processId()), SIGTERM), 0);
    QVERIFY(watch.process().waitForFinished(10000));
    QCOMPARE(watch.process().exitCode(), 0);

    const QStringList writes = nonReadCommands(raw);
    QVERIFY2(writes.isEmpty(), qPrintable(writes.join(u", "_s)));
    // "config" counts as a read there; it must be GET only.
    const QByteArray stats = raw.command({"INFO", "commandstats"}).str;
    QVERIFY2(!stats.contains("cmdstat_config|set"), stats.constData());
    // The paths that read did run.
    QVERIFY2(stats.contains(notifications ? "cmdstat_subscribe" : "cmdstat_scan"),
             stats.constData());
    QVERIFY2(stats.contains(notifications ? "cmdstat_pttl" : "cmdstat_getrange"),
             stats.constData());
    QCOMPARE(raw.get("w:held").value_or(QByteArray()), QByteArray("Ab3_x-9ZqLmN0pQrStUvWx"));
}

void TestLockctlWatch::stopsOnSignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

void TestLockctlWatch::stopsOnSignal()
{
    QFETCH(int, signal);
    RedisServer server(notifying());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    QVERIFY(raw.set("s:held", "Ab3_x-9ZqLmN0pQrStUvWx", 60s));
    Watch watch({u"--url"_s, server.url(), u"watch"_s});
    // The readable line of a seen lock.
    QElapsedTimer timer;
    timer.start();
    while (!watch.process().canReadLine() && timer.elapsed() < 10000)
        watch.process().waitForReadyRead(50);
    const QString line = QString::fromUtf8(watch.process().readLine());
    QVERIFY2(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\S+Z  seen +s:held  redislock  token "
                                u"Ab3_x-9ZqLmN0pQrStUvWx  ttl \\d+ms\\n$"_s)
                 .match(line)
                 .hasMatch(),
             qPrintable(line));
    QElapsedTimer stopping;
    stopping.start();
    QCOMPARE(::kill(static_cast<pid_t>(watch.process().processId()), signal), 0);
    QVERIFY(watch.process().waitForFinished(5000));
    QVERIFY2(stopping.elapsed() < 3000, qPrintable(QString::number(stopping.elapsed())));
    QCOMPARE(watch.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.process().exitCode(), 0);
    QCOMPARE(watch.err(), QByteArray());
}

void TestLockctlWatch::stopsAfterCountAndDuration()
{
    RedisServer server(notifying());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    QVERIFY(raw.set("c:one", "Ab3_x-9ZqLmN0pQrStUvWx", 60s));
    QVERIFY(raw.set("c:two", "Ab3_x-9ZqLmN0pQrStUvWy", 60s));
    QVERIFY(raw.set("c:three", "Ab3_x-9ZqLmN0pQrStUvWz", 60s));

    const LockctlRun counted =
        runLockctl({u"--url"_s, server.url(), u"--json"_s, u"watch"_s, u"--count"_s, u"2"_s}, 15s);
    QVERIFY2(counted.finished && counted.exitCode == 0, counted.describe().constData());
    QCOMPARE(counted.out.count('\n'), 2);
    QVERIFY(counted.out.contains("\"event\":\"seen\""));

    // --no-initial: the keys already held are not reported; nothing happens; --duration ends it.
    QElapsedTimer timer;
    timer.start();
    const LockctlRun quiet = runLockctl({u"--url"_s, server.url(), u"--json"_s, u"watch"_s,
                                         u"--no-initial"_s, u"--duration"_s, u"1s"_s},
                                        15s);
    QVERIFY2(quiet.finished && quiet.exitCode == 0, quiet.describe().constData());
    QVERIFY(timer.elapsed() >= 1000);
    QCOMPARE(quiet.out, QByteArray());
    QCOMPARE(quiet.err, QByteArray());
}

void TestLockctlWatch::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("interval too short")
        << QStringList{u"watch"_s, u"--interval"_s, u"10ms"_s} << u"at least 100ms"_s;
    QTest::newRow("a positional") << QStringList{u"watch"_s, u"somekey"_s}
                                  << u"watch takes no arguments"_s;
    QTest::newRow("count 0") << QStringList{u"watch"_s, u"--count"_s, u"0"_s} << u"--count"_s;
    QTest::newRow("bad duration") << QStringList{u"watch"_s, u"--duration"_s, u"soon"_s}
                                  << u"--duration"_s;
    QTest::newRow("unknown option") << QStringList{u"watch"_s, u"--aux"_s} << u"--aux"_s;
}

void TestLockctlWatch::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    // Refused before any connection: the URL points nowhere.
    const LockctlRun run =
        runLockctl(QStringList{u"--url"_s, u"redis://127.0.0.1:1"_s} + arguments, 15s);
    QVERIFY2(run.finished, run.describe().constData());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(isOneErrorLine(run.err), run.describe().constData());
    QVERIFY2(run.err.contains(message.toUtf8()), run.describe().constData());
    QCOMPARE(run.out, QByteArray());
}

void TestLockctlWatch::unreachableServer()
{
    const LockctlRun run = runLockctl(
        {u"--url"_s, u"redis://127.0.0.1:%1"_s.arg(closedLoopbackPort()), u"watch"_s}, 15s);
    QVERIFY2(run.finished, run.describe().constData());
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(isOneErrorLine(run.err), run.describe().constData());
    QCOMPARE(run.out, QByteArray());
}

QTEST_GUILESS_MAIN(TestLockctlWatch)
#include "tst_lockctl_watch.moc"
