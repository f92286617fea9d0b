// The watchdog (Lock::keepAlive) against a real redis-server: a kept lock outlives its ttl, a
// dropped connection and a server restart within its validity; its loss is signalled (stop
// token and callback) when the key is deleted or taken, when the server stalls past the
// validity, and when the lease budget is spent; one thread per Client serves all kept locks,
// renews them in batches, and is gone once the last one is released.

#include "support/bytes.h"
#include "support/polling.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/watchdog.h>

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <vector>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using lockscope::test::bytes;
using lockscope::test::infoField;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;
using lockscope::test::uniqueKey;
using redislock::Client;
using redislock::KeepAliveOptions;
using redislock::KeptLock;
using redislock::LockLoss;
using redislock::LossReason;
using Clock = std::chrono::steady_clock;

Q_DECLARE_METATYPE(LossReason)

namespace {

// Threads of this process with the watchdog's name, as the kernel lists them.
int watchdogThreads()
{
    int count = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(task) + QStringLiteral("/comm"));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "redislock-keep")
            ++count;
    }
    return count;
}

// EVALSHA and EVAL calls the server has run, from INFO commandstats.
qint64 scriptCalls(RawRedis &raw)
{
    const QByteArray info = raw.command({"INFO", "commandstats"}).str;
    qint64 calls = 0;
    for (const QByteArray &name : {QByteArray("cmdstat_evalsha"), QByteArray("cmdstat_eval")}) {
        const QByteArray line = infoField(info, name); // calls=N,usec=...
        if (line.startsWith("calls="))
            calls += line.mid(6, line.indexOf(',') - 6).toLongLong();
    }
    return calls;
}

// The options of the tests: a ttl, perhaps a callback, the rest left at its default.
KeepAliveOptions keepFor(std::chrono::milliseconds ttl,
                         std::function<void(const LockLoss &)> onLost = {})
{
    KeepAliveOptions options;
    options.ttl = ttl;
    options.onLost = std::move(onLost);
    return options;
}

// What a loss callback saw, and when.
struct LossRecord
{
    std::mutex mutex;
    std::optional<LockLoss> loss;
    Clock::time_point at;
    int calls = 0;

    std::function<void(const LockLoss &)> callback()
    {
        return [this](const LockLoss &what) {
            const std::lock_guard guard(mutex);
            loss = what;
            at = Clock::now();
            ++calls;
        };
    }
    bool seen()
    {
        const std::lock_guard guard(mutex);
        return loss.has_value();
    }
};

} // namespace

class TestWatchdog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void keepsLockBeyondItsTtl();
    void releasesOnScopeExit();
    void keepsThroughClientKill();
    void keepsThroughServerRestart();
    void lossIsSignalled_data();
    void lossIsSignalled();
    void lossWhenServerPausedPastValidity();
    void adoptedLockIsRenewedFirst();
    void refusesBadTtl();
    void oneThreadServesAllAndGoesAfterLastRelease();
    void threadGoesWhenLastKeptLockIsLost();
    void callbackMayReleaseItsGuard();
    void renewsManyLocksInFewRoundTrips();

private:
    RedisServer server_;
    std::optional<Client> client_;
    std::optional<RawRedis> raw_;
};

void TestWatchdog::initTestCase()
{
    QVERIFY2(server_.start(), qPrintable(server_.errorString()));
    auto client = Client::fromUrl(server_.url().toStdString());
    QVERIFY(client);
    client_.emplace(std::move(*client));
    raw_.emplace(server_.rawClient());
    QVERIFY(raw_->ping());
}

void TestWatchdog::keepsLockBeyondItsTtl()
{
    const std::string key = uniqueKey("kept");
    auto lock = client_->obtain(key, 300ms);
    QVERIFY(lock);
    auto kept = lock->keepAlive(keepFor(300ms));
    QVERIFY2(kept, kept ? "" : kept.error().message().c_str());
    const auto start = Clock::now();
    // Four renewals take at least 400 ms: past the ttl the key would long be gone unkept.
    QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() >= 4, 10000);
    QVERIFY(Clock::now() - start >= 300ms);
    QCOMPARE(raw_->get(bytes(key)), std::optional(bytes(lock->value())));
    QVERIFY(raw_->pttl(bytes(key)) > 0);
    QVERIFY(!kept->lost());
    QVERIFY(!kept->lostToken().stop_requested());
    QVERIFY(kept->validUntil() > Clock::now());
    QVERIFY(kept->validUntil() <= Clock::now() + 300ms);
}

void TestWatchdog::releasesOnScopeExit()
{
    const std::string key = uniqueKey("scope");
    {
        auto lock = client_->obtain(key, 5s);
        QVERIFY(lock);
        auto kept = lock->keepAlive(keepFor(5s));
        QVERIFY(kept);
        QVERIFY(raw_->exists(bytes(key)));
    }
    QVERIFY(!raw_->exists(bytes(key)));

    // release() says what happened, and a second one says it was released before.
    auto lock = client_->obtain(key, 5s);
    QVERIFY(lock);
    auto kept = lock->keepAlive(keepFor(5s));
    QVERIFY(kept);
    QVERIFY(kept->release());
    QVERIFY(!raw_->exists(bytes(key)));
    QVERIFY(!kept->release());
    QVERIFY(!kept->lostToken().stop_requested());
}

void TestWatchdog::keepsThroughClientKill()
{
    const std::string key = uniqueKey("killed");
    auto lock = client_->obtain(key, 600ms);
    QVERIFY(lock);
    auto kept = lock->keepAlive(keepFor(600ms));
    QVERIFY(kept);
    QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() >= 1, 10000);
    for (int round = 0; round < 3; ++round) {
        const auto before = kept->renewals();
        QVERIFY(raw_->clientKillAll() >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() > before, 10000);
    }
    QVERIFY2(!kept->lost(), kept->lost() ? kept->loss()->message.c_str() : "");
    QCOMPARE(raw_->get(bytes(key)), std::optional(bytes(lock->value())));
}

void TestWatchdog::keepsThroughServerRestart()
{
    // A server that keeps its data across the restart (as a production one would): the lock
    // survives, and the watchdog reconnects and re-sends its script (NOSCRIPT) in time.
    RedisServerOptions options;
    options.extraArguments = {QStringLiteral("--appendonly"), QStringLiteral("yes"),
                              QStringLiteral("--appendfsync"), QStringLiteral("always")};
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto client = Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    const std::string key = uniqueKey("restart");
    auto lock = client->obtain(key, 4s);
    QVERIFY(lock);
    LossRecord record;
    auto kept = lock->keepAlive(keepFor(4s, record.callback()));
    QVERIFY(kept);
    QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() >= 1, 10000);

    const auto before = kept->renewals();
    server.stop();
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() >= before + 2 || kept->lost(), 15000);
    QVERIFY2(!kept->lost(), kept->lost() ? kept->loss()->message.c_str() : "");
    QVERIFY(!record.seen());
    RawRedis raw = server.rawClient();
    QCOMPARE(raw.get(bytes(key)), std::optional(bytes(lock->value())));
}

void TestWatchdog::lossIsSignalled_data()
{
    QTest::addColumn<QString>("cause");
    QTest::addColumn<LossReason>("reason");
    QTest::addColumn<bool>("stillOursAtLoss");

    QTest::newRow("key deleted") << u"delete"_s << LossReason::notHeld << false;
    QTest::newRow("taken by another token") << u"take"_s << LossReason::notHeld << false;
    QTest::newRow("renewals spent") << u"renewals"_s << LossReason::budget << true;
    QTest::newRow("hold time over") << u"hold"_s << LossReason::budget << true;
}

void TestWatchdog::lossIsSignalled()
{
    QFETCH(QString, cause);
    QFETCH(LossReason, reason);
    QFETCH(bool, stillOursAtLoss);

    constexpr auto ttl = 600ms;
    const std::string key = uniqueKey("loss");
    auto lock = client_->obtain(key, ttl);
    QVERIFY(lock);
    KeepAliveOptions options = keepFor(ttl);
    if (cause == u"renewals")
        options.maxRenewals = 2;
    if (cause == u"hold")
        options.maxHold = 900ms;
    LossRecord record;
    options.onLost = record.callback();
    auto kept = lock->keepAlive(options);
    QVERIFY(kept);
    QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() >= 1, 10000);

    const auto event = Clock::now();
    if (cause == u"delete")
        QCOMPARE(raw_->del(bytes(key)), 1);
    if (cause == u"take") {
        QCOMPARE(raw_->del(bytes(key)), 1);
        QVERIFY(raw_->set(bytes(key), "someone else's token", 10s));
    }
    QTRY_VERIFY_WITH_TIMEOUT(kept->lostToken().stop_requested(), 10000);
    QVERIFY(record.seen());
    const std::lock_guard guard(record.mutex);
    QCOMPARE(record.calls, 1);
    QCOMPARE(record.loss->reason, reason);
    QVERIFY2(record.loss->message.find(key) != std::string::npos, record.loss->message.c_str());
    QCOMPARE(kept->loss()->reason, reason);
    if (cause == u"delete" || cause == u"take") {
        // Noticed at the next renewal: within a ttl of the event, well before a holder that
        // trusted its ttl would have found out.
        QVERIFY2(record.at - event <= ttl, qPrintable(QString::number((record.at - event) / 1ms)));
    }
    if (cause == u"renewals")
        QCOMPARE(kept->renewals(), 2u);
    QCOMPARE(raw_->exists(bytes(key)), stillOursAtLoss || cause == u"take");
    if (stillOursAtLoss) {
        // The budget ends the renewals, not the lock: it is still ours, and release says so.
        QCOMPARE(raw_->get(bytes(key)), std::optional(bytes(lock->value())));
        QVERIFY(kept->release());
        QVERIFY(!raw_->exists(bytes(key)));
    } else {
        QVERIFY(!kept->release());
    }
    if (cause == u"take")
        QCOMPARE(raw_->get(bytes(key)), std::optional(QByteArray("someone else's token")));
}

void TestWatchdog::lossWhenServerPausedPastValidity()
{
    // A server of its own: the pause stalls every client of it.
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto client = Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    constexpr auto ttl = 500ms;
    const std::string key = uniqueKey("paused");
    auto lock = client->obtain(key, ttl);
    QVERIFY(lock);
    LossRecord record;
    auto kept = lock->keepAlive(keepFor(ttl, record.callback()));
    QVERIFY(kept);
    QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() >= 1, 10000);

    RawRedis raw = server.rawClient();
    const auto validBefore = kept->validUntil();
    QCOMPARE(raw.command({"CLIENT", "PAUSE", "2000", "ALL"}).str, QByteArray("OK"));
    QTRY_VERIFY_WITH_TIMEOUT(record.seen(), 10000);
    const std::lock_guard guard(record.mutex);
    QCOMPARE(record.loss->reason, LossReason::expired);
    QVERIFY(record.loss->cause.has_value());
    // Signalled no later than the validity the guard had promised before the pause (plus a
    // little scheduling on a loaded machine): the holder hears of it before the lock can have
    // expired on the server.
    const auto validAtPause = std::max(validBefore, kept->validUntil());
    Q_UNUSED(validAtPause);
    QVERIFY2(record.at <= validBefore + ttl / 3 + 100ms,
             qPrintable(QString::number((record.at - validBefore) / 1ms)));
    QVERIFY(kept->lostToken().stop_requested());
}

void TestWatchdog::adoptedLockIsRenewedFirst()
{
    const std::string key = uniqueKey("adopted");
    QVERIFY(raw_->set(bytes(key), "go-service-token", 200ms));
    auto adopted = client_->adopt({key}, "go-service-token");
    QVERIFY(adopted);
    auto kept = adopted->keepAlive(keepFor(2s));
    QVERIFY2(kept, kept ? "" : kept.error().message().c_str());
    // The first renewal happened at once, with the new ttl.
    QVERIFY(raw_->pttl(bytes(key)) > 1000);
    QVERIFY(kept->release());

    auto gone = client_->adopt({key}, "go-service-token");
    QVERIFY(gone);
    auto notKept = gone->keepAlive(keepFor(2s));
    QVERIFY(!notKept);
    QVERIFY(notKept.error() == redislock::ErrNotObtained);
    QCOMPARE(client_->watchdogStats().kept, 0u);
}

void TestWatchdog::refusesBadTtl()
{
    auto lock = client_->obtain(uniqueKey("badttl"), 1s);
    QVERIFY(lock);
    auto kept = lock->keepAlive(keepFor(0ms));
    QVERIFY(!kept);
    QCOMPARE(kept.error().code(), redislock::Errc::invalidArgument);
    QVERIFY(lock->release());
}

void TestWatchdog::oneThreadServesAllAndGoesAfterLastRelease()
{
    // A Client of its own, so that no other test's kept lock is in the count.
    auto client = Client::fromUrl(server_.url().toStdString());
    QVERIFY(client);
    const int before = watchdogThreads();
    std::vector<KeptLock> kept;
    for (int i = 0; i < 20; ++i) {
        auto lock = client->obtain(uniqueKey("thread"), 5s);
        QVERIFY(lock);
        auto guard = lock->keepAlive(keepFor(5s));
        QVERIFY(guard);
        kept.push_back(std::move(*guard));
    }
    QCOMPARE(watchdogThreads(), before + 1);
    QCOMPARE(client->watchdogStats().kept, 20u);
    QVERIFY(client->watchdogStats().threadRunning);
    while (kept.size() > 1)
        kept.pop_back();
    QCOMPARE(watchdogThreads(), before + 1);
    // Releasing the last one joins the thread before it returns.
    QVERIFY(kept.back().release());
    QCOMPARE(watchdogThreads(), before);
    QVERIFY(!client->watchdogStats().threadRunning);

    // Keeping again starts a new one.
    auto lock = client->obtain(uniqueKey("thread"), 5s);
    QVERIFY(lock);
    {
        auto guard = lock->keepAlive(keepFor(5s));
        QVERIFY(guard);
        QCOMPARE(watchdogThreads(), before + 1);
    }
    QCOMPARE(watchdogThreads(), before);
}

void TestWatchdog::threadGoesWhenLastKeptLockIsLost()
{
    auto client = Client::fromUrl(server_.url().toStdString());
    QVERIFY(client);
    const int before = watchdogThreads();
    const std::string key = uniqueKey("lostlast");
    auto lock = client->obtain(key, 300ms);
    QVERIFY(lock);
    auto kept = lock->keepAlive(keepFor(300ms));
    QVERIFY(kept);
    QCOMPARE(watchdogThreads(), before + 1);
    QCOMPARE(raw_->del(bytes(key)), 1);
    QTRY_VERIFY_WITH_TIMEOUT(kept->lost(), 10000);
    // Nothing left to renew: the thread ends by itself while the guard still exists.
    QTRY_COMPARE_WITH_TIMEOUT(watchdogThreads(), before, 10000);
    QCOMPARE(client->watchdogStats().kept, 0u);
}

void TestWatchdog::callbackMayReleaseItsGuard()
{
    auto client = Client::fromUrl(server_.url().toStdString());
    QVERIFY(client);
    const std::string key = uniqueKey("selfrelease");
    auto lock = client->obtain(key, 300ms);
    QVERIFY(lock);
    std::optional<KeptLock> guard;
    std::atomic<bool> released = false;
    KeepAliveOptions options = keepFor(300ms, [&](const LockLoss &) {
        // On the watchdog's thread: dropping the guard there must neither deadlock nor leave
        // the lock behind.
        released = guard->release().has_value();
    });
    options.maxRenewals = 1;
    auto kept = lock->keepAlive(options);
    QVERIFY(kept);
    guard.emplace(std::move(*kept));
    QTRY_VERIFY_WITH_TIMEOUT(released.load(), 10000);
    QVERIFY(!raw_->exists(bytes(key)));
    QTRY_COMPARE_WITH_TIMEOUT(client->watchdogStats().threadRunning, false, 10000);
}

void TestWatchdog::renewsManyLocksInFewRoundTrips()
{
    auto client = Client::fromUrl(server_.url().toStdString());
    QVERIFY(client);
    constexpr int count = 500;
    // Locks obtained within a quarter of the renewal period of each other are renewed together.
    // Obtaining them takes a while on a loaded machine (or under a sanitizer), so the period is
    // made long enough for that: what is checked is the batching, not the machine's speed.
    std::vector<redislock::Lock> locks;
    locks.reserve(count);
    const auto obtainStart = Clock::now();
    for (int i = 0; i < count; ++i) {
        auto lock = client->obtain(uniqueKey("many"), 60s);
        QVERIFY(lock);
        locks.push_back(std::move(*lock));
    }
    const auto spread =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - obtainStart);
    const auto ttl = std::clamp<std::chrono::milliseconds>(12 * spread, 900ms, 30s);
    std::vector<KeptLock> kept;
    kept.reserve(count);
    for (const auto &lock : locks) {
        auto guard = lock.keepAlive(keepFor(ttl));
        QVERIFY(guard);
        kept.push_back(std::move(*guard));
    }
    const qint64 scriptsBefore = scriptCalls(*raw_);
    const auto start = client->watchdogStats();
    QTRY_VERIFY_WITH_TIMEOUT(client->watchdogStats().renewals >= start.renewals + 3 * count,
                             static_cast<int>(5 * ttl.count()));
    const auto end = client->watchdogStats();
    const auto renewals = end.renewals - start.renewals;
    const auto roundTrips = end.roundTrips - start.roundTrips;
    qInfo("%llu renewals in %llu round trips", static_cast<unsigned long long>(renewals),
          static_cast<unsigned long long>(roundTrips));
    // At most one round trip per 100 locks renewed.
    QVERIFY2(roundTrips * 100 <= renewals, qPrintable(QString::number(roundTrips)));
    // Each renewal is one script call on the server, no more.
    const qint64 scripts = scriptCalls(*raw_) - scriptsBefore;
    QVERIFY2(scripts >= static_cast<qint64>(renewals) &&
                 scripts <= static_cast<qint64>(renewals + count),
             qPrintable(QString::number(scripts)));
    for (const auto &guard : kept)
        QVERIFY(!guard.lost());
}

QTEST_GUILESS_MAIN(TestWatchdog)
#include "tst_watchdog.moc"
