// Waiting for a release (notifyOnRelease) against a real redis-server: a waiter is woken by a
// DEL from another connection, and by an expiry, long before its strategy's wait is over; one
// release wakes one of many waiters, not all of them; without notifications on the server it
// waits on its strategy alone, says so once and changes nothing on the server.

#include "support/bytes.h"
#include "support/polling.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/retrystrategy.h>

#include <QTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using lockscope::test::bytes;
using lockscope::test::infoField;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;
using lockscope::test::uniqueKey;
using lockscope::test::waitFor;
using redislock::Client;
using redislock::Context;
using redislock::Options;
using redislock::ReleaseNotifications;
using Clock = std::chrono::steady_clock;

namespace {

// Calls of one command the server has run, from INFO commandstats ("cmdstat_evalsha").
qint64 commandCalls(RawRedis &raw, const QByteArray &name)
{
    const QByteArray line = infoField(raw.command({"INFO", "commandstats"}).str, "cmdstat_" + name);
    if (!line.startsWith("calls="))
        return 0;
    return line.mid(6, line.indexOf(',') - 6).toLongLong();
}

qint64 scriptCalls(RawRedis &raw)
{
    return commandCalls(raw, "evalsha") + commandCalls(raw, "eval");
}

Options waitingOn(const redislock::RetryStrategy &strategy)
{
    Options options;
    options.retryStrategy = redislock::notifyOnRelease(strategy);
    return options;
}

qint64 msSince(Clock::time_point since)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

} // namespace

class TestReleaseNotify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void wokenByDelFromAnotherConnection();
    void wokenByExpiry();
    void oneReleaseWakesOneWaiter();
    void fallsBackWhenNotificationsAreOff();
    void cancelledWhileWaiting();

private:
    std::optional<RedisServer> server_;
    std::optional<RawRedis> raw_;
};

void TestReleaseNotify::initTestCase()
{
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("Egx");
    server_.emplace(options);
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    raw_.emplace(server_->rawClient());
}

void TestReleaseNotify::wokenByDelFromAnotherConnection()
{
    auto client = Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    std::vector<std::string> diagnostics;
    client->setDiagnosticHandler([&](const std::string &text) { diagnostics.push_back(text); });
    QCOMPARE(client->releaseNotifications(), ReleaseNotifications::notStarted);

    for (int round = 0; round < 2; ++round) {
        const std::string key = uniqueKey("woken");
        QVERIFY(raw_->set(bytes(key), "a Go service's token", 30s));
        const qint64 scriptsBefore = scriptCalls(*raw_);
        std::atomic<bool> done = false;
        std::optional<std::expected<redislock::Lock, redislock::Error>> result;
        Clock::time_point obtainedAt;
        std::jthread waiter([&] {
            // The strategy alone would wait 20 s (10 s in the first round, which also starts
            // the Client's subscription): a quick wake-up can only come from the event.
            result = client->obtain(key, 10s, waitingOn(redislock::linearBackoff(20s)),
                                    Context::withTimeout(60s));
            obtainedAt = Clock::now();
            done = true;
        });
        // Waiting: its first attempt failed, and it listens (in the second round it registered
        // before that attempt; in the first, right after starting the subscription).
        QVERIFY(waitFor([&] { return scriptCalls(*raw_) > scriptsBefore; }, 10s));
        QVERIFY(waitFor(
            [&] { return client->releaseNotifications() == ReleaseNotifications::listening; },
            10s));
        const auto deleted = Clock::now();
        QCOMPARE(raw_->del(bytes(key)), 1);
        QVERIFY(waitFor([&] { return done.load(); }, 30s));
        waiter.join();
        QVERIFY2(result->has_value(), result->has_value() ? "" : result->error().message().c_str());
        const auto latency =
            std::chrono::duration_cast<std::chrono::milliseconds>(obtainedAt - deleted);
        qInfo("round %d: obtained %lld ms after the DEL", round,
              static_cast<long long>(latency.count()));
        if (round == 1) {
            // A few ms on an idle machine; generous for a loaded one, far below the strategy.
            // (In the first round the DEL may come between subscribing and registering, which
            // only the strategy's wait bounds.)
            QVERIFY2(latency < 1s, qPrintable(QString::number(latency.count())));
            // One failed attempt, one that obtained: no polling in between.
            QCOMPARE(scriptCalls(*raw_) - scriptsBefore, 2);
        }
        QVERIFY((*result)->release());
    }
    QVERIFY(diagnostics.empty());
}

void TestReleaseNotify::wokenByExpiry()
{
    auto client = Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    const std::string key = uniqueKey("expiry");
    QVERIFY(raw_->set(bytes(key), "someone who never releases", 400ms));
    const auto start = Clock::now();
    auto lock = client->obtain(key, 10s, waitingOn(redislock::linearBackoff(20s)),
                               Context::withTimeout(60s));
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    // The server expires the key within about 100 ms of its ttl and says so.
    QVERIFY2(msSince(start) < 5000, qPrintable(QString::number(msSince(start))));
    QVERIFY(lock->release());
}

void TestReleaseNotify::oneReleaseWakesOneWaiter()
{
    constexpr int waiters = 16;
    auto options = redislock::ConnectionOptions::fromUrl(server_->url().toStdString());
    QVERIFY(options);
    options->poolSize = waiters + 2;
    const Client client(*options);
    const std::string key = uniqueKey("herd");

    // Start the subscription first, so that every waiter registers before its first attempt.
    QVERIFY(raw_->set(bytes(key), "holder", 30s));
    {
        std::jthread warm([&] {
            (void)client.obtain(key, 1s, waitingOn(redislock::linearBackoff(50ms)),
                                Context::withTimeout(300ms));
        });
    }
    QCOMPARE(client.releaseNotifications(), ReleaseNotifications::listening);

    const qint64 scriptsBefore = scriptCalls(*raw_);
    std::atomic<int> obtained = 0;
    std::atomic<int> failed = 0;
    std::vector<std::jthread> threads;
    for (int i = 0; i < waiters; ++i) {
        threads.emplace_back([&] {
            // 30 s strategy waits: every turn of the lock below comes from a wake-up.
            auto lock = client.obtain(key, 10s, waitingOn(redislock::linearBackoff(30s)),
                                      Context::withTimeout(60s));
            if (!lock || !lock->release()) {
                ++failed;
                return;
            }
            ++obtained;
        });
    }
    // All of them tried once and wait.
    QVERIFY(waitFor([&] { return scriptCalls(*raw_) - scriptsBefore >= waiters; }, 20s));
    const auto start = Clock::now();
    QCOMPARE(raw_->del(bytes(key)), 1);
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(failed.load(), 0);
    QCOMPARE(obtained.load(), waiters);
    const qint64 scripts = scriptCalls(*raw_) - scriptsBefore;
    // Each waiter: one failed first attempt, one that obtained, one release. Every further
    // call would be a waiter woken in vain; waking all of them at each release would cost
    // about waiters^2 / 2 = 128.
    const qint64 wasted = scripts - 3 * waiters;
    qInfo("%d waiters: %lld script calls, %lld wasted attempts, %lld ms for all turns", waiters,
          static_cast<long long>(scripts), static_cast<long long>(wasted),
          static_cast<long long>(msSince(start)));
    QVERIFY2(wasted <= waiters / 4, qPrintable(QString::number(wasted)));
    QVERIFY(msSince(start) < 20000);
}

void TestReleaseNotify::fallsBackWhenNotificationsAreOff()
{
    RedisServer quiet; // notify-keyspace-events left off
    QVERIFY2(quiet.start(), qPrintable(quiet.errorString()));
    RawRedis raw = quiet.rawClient();
    QVERIFY(raw.command({"CONFIG", "RESETSTAT"}).str == "OK");
    auto client = Client::fromUrl(quiet.url().toStdString());
    QVERIFY(client);
    std::mutex mutex;
    std::vector<std::string> diagnostics;
    client->setDiagnosticHandler([&](const std::string &text) {
        const std::lock_guard guard(mutex);
        diagnostics.push_back(text);
    });
    for (int round = 0; round < 2; ++round) {
        const std::string key = uniqueKey("quiet");
        QVERIFY(raw.set(bytes(key), "holder", 200ms));
        // The strategy's 20 ms waits find the key once it expired.
        auto lock = client->obtain(key, 1s, waitingOn(redislock::linearBackoff(20ms)),
                                   Context::withTimeout(10s));
        QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
        QVERIFY(lock->release());
    }
    QCOMPARE(client->releaseNotifications(), ReleaseNotifications::unavailable);
    const std::lock_guard guard(mutex);
    QCOMPARE(diagnostics.size(), 1u); // said once, not per obtain
    QVERIFY2(diagnostics.front().find("notify-keyspace-events") != std::string::npos,
             diagnostics.front().c_str());
    // Read, never changed.
    QCOMPARE(commandCalls(raw, "config|set"), 0);
    const auto config = raw.command({"CONFIG", "GET", "notify-keyspace-events"});
    QCOMPARE(config.elements.size(), 2);
    QCOMPARE(config.elements[1].str, QByteArray());
}

void TestReleaseNotify::cancelledWhileWaiting()
{
    auto client = Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    const std::string key = uniqueKey("cancel");
    QVERIFY(raw_->set(bytes(key), "holder", 30s));
    std::stop_source stop;
    std::optional<std::expected<redislock::Lock, redislock::Error>> result;
    std::jthread waiter([&] {
        result = client->obtain(key, 10s, waitingOn(redislock::linearBackoff(20s)),
                                Context(stop.get_token()));
    });
    QVERIFY(waitFor(
        [&] { return client->releaseNotifications() == ReleaseNotifications::listening; }, 10s));
    const auto start = Clock::now();
    stop.request_stop();
    waiter.join();
    QVERIFY(!*result);
    QCOMPARE((*result).error().code(), redislock::Errc::cancelled);
    QVERIFY(msSince(start) < 5000);
}

QTEST_GUILESS_MAIN(TestReleaseNotify)
#include "tst_releasenotify.moc"
