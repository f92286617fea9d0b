// Waiting for a release (notifyOnRelease) against a real redis-server: a waiter is woken by a
// DEL from another connection, and by an expiry, long before its strategy's wait is over; one
// release wakes one of many waiters, not all of them; without notifications on the server it
// waits on its strategy alone, says so once and changes nothing on the server. A release through
// the waiters' own Client hands the lock straight to the next of them: the key is never free, the
// fence goes up by one per holder, other processes' waiters are not woken, and a lock that was
// lost, or a waiter that gave up, is handed nothing.

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
    void releaseHandsOverToAWaiter();
    void handoverGoesRoundInTurn();
    void lostLockHandsNothingOver();
    void cancelledWaiterIsNotHandedTheLock();

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
    // Each waiter: one failed first attempt and one release; the first woken obtains, and each
    // release hands the lock to the next waiter in the same call. Every further call would be
    // a waiter woken in vain; waking all of them at each release would cost about
    // waiters^2 / 2 = 128, and without the handovers each turn would cost an obtain more.
    const qint64 wasted = scripts - (2 * waiters + 1);
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

namespace {

// A Client whose subscription is open, so that its obtains register before their first attempt.
std::optional<Client> listeningClient(RedisServer &server, RawRedis &raw, int poolSize)
{
    auto options = redislock::ConnectionOptions::fromUrl(server.url().toStdString());
    if (!options)
        return std::nullopt;
    options->poolSize = static_cast<std::size_t>(poolSize);
    std::optional<Client> client(std::in_place, *options);
    const std::string key = uniqueKey("warm");
    raw.set(bytes(key), "holder", 30s);
    (void)client->obtain(key, 1s, waitingOn(redislock::linearBackoff(50ms)),
                         Context::withTimeout(300ms));
    raw.del(bytes(key));
    if (client->releaseNotifications() != ReleaseNotifications::listening)
        return std::nullopt;
    return client;
}

} // namespace

void TestReleaseNotify::releaseHandsOverToAWaiter()
{
    auto client = listeningClient(*server_, *raw_, 4);
    QVERIFY(client);
    auto other = listeningClient(*server_, *raw_, 2); // another process's Client, in effect
    QVERIFY(other);
    const std::string key = uniqueKey("handover");
    Options fenced;
    fenced.fenceKey = key + ":fence";
    auto holder = client->obtain(key, 10s, fenced);
    QVERIFY2(holder, holder ? "" : holder.error().message().c_str());

    // Two waiters, each with a 30 s strategy wait: one of this Client, one of the other.
    Options waiting = waitingOn(redislock::linearBackoff(30s));
    waiting.fenceKey = fenced.fenceKey;
    waiting.metadata = "{\"waiter\":\"same client\"}";
    const qint64 scriptsBefore = scriptCalls(*raw_);
    std::optional<std::expected<redislock::Lock, redislock::Error>> mine;
    std::optional<std::expected<redislock::Lock, redislock::Error>> theirs;
    std::atomic<bool> mineDone = false;
    std::atomic<bool> theirsDone = false;
    std::jthread myWaiter([&] {
        mine = client->obtain(key, 7s, waiting, Context::withTimeout(60s));
        mineDone = true;
    });
    QVERIFY(waitFor([&] { return scriptCalls(*raw_) - scriptsBefore >= 1; }, 10s));
    std::jthread theirWaiter([&] {
        theirs = other->obtain(key, 7s, waitingOn(redislock::linearBackoff(30s)),
                               Context::withTimeout(60s));
        theirsDone = true;
    });
    QVERIFY(waitFor([&] { return scriptCalls(*raw_) - scriptsBefore >= 2; }, 10s));

    // The release gives the lock to this Client's waiter in the one script call.
    const auto released = Clock::now();
    QVERIFY((*holder).release());
    QVERIFY(waitFor([&] { return mineDone.load(); }, 10s));
    myWaiter.join();
    QVERIFY2(mine->has_value(), mine->has_value() ? "" : mine->error().message().c_str());
    qInfo("handed over in %lld ms", static_cast<long long>(msSince(released)));
    const redislock::Lock &handed = **mine;
    QCOMPARE(scriptCalls(*raw_) - scriptsBefore, 3); // two failed attempts, one handover
    // On the server exactly what the waiter's own obtain would have written.
    QCOMPARE(raw_->command({"GET", bytes(key)}).str, bytes(handed.value()));
    QVERIFY(handed.metadata() == "{\"waiter\":\"same client\"}");
    const qint64 pttl = raw_->command({"PTTL", bytes(key)}).integer;
    QVERIFY2(pttl > 5000 && pttl <= 7000, qPrintable(QString::number(pttl)));
    QCOMPARE(handed.fenceToken(), holder->fenceToken() + 1);
    QCOMPARE(raw_->command({"GET", bytes(fenced.fenceKey)}).str,
             QByteArray::number(handed.fenceToken()));

    // The key was never free: the other Client's waiter was not woken to fail an attempt.
    QTest::qWait(300);
    QVERIFY(!theirsDone.load());
    QCOMPARE(scriptCalls(*raw_) - scriptsBefore, 3);

    // With nobody of this Client waiting, the release deletes, and the event wakes the other.
    QVERIFY(handed.release());
    QVERIFY(waitFor([&] { return theirsDone.load(); }, 10s));
    theirWaiter.join();
    QVERIFY2(theirs->has_value(), theirs->has_value() ? "" : theirs->error().message().c_str());
    QVERIFY((*theirs)->release());
    raw_->del(bytes(fenced.fenceKey));
}

void TestReleaseNotify::handoverGoesRoundInTurn()
{
    constexpr int workers = 8;
    constexpr int turnsEach = 25;
    auto client = listeningClient(*server_, *raw_, workers + 2);
    QVERIFY(client);
    const std::string key = uniqueKey("turns");
    Options options = waitingOn(redislock::exponentialBackoff(1ms, 50ms));
    options.fenceKey = key + ":fence";
    const qint64 scriptsBefore = scriptCalls(*raw_);

    std::mutex mutex;
    std::vector<std::int64_t> fences; // in the order the holds began
    std::atomic<int> inside = 0;
    std::atomic<int> overlaps = 0;
    std::atomic<int> failures = 0;
    std::atomic<int> notOnServer = 0;
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < workers; ++i)
            threads.emplace_back([&] {
                for (int turn = 0; turn < turnsEach; ++turn) {
                    auto lock = client->obtain(key, 10s, options, Context::withTimeout(60s));
                    if (!lock) {
                        ++failures;
                        return;
                    }
                    if (inside.fetch_add(1) != 0)
                        ++overlaps;
                    {
                        const std::lock_guard guard(mutex);
                        fences.push_back(lock->fenceToken());
                    }
                    // Its own token is on the key (PTTL through the lock's compare script).
                    const auto ttl = lock->ttl();
                    if (!ttl || *ttl <= 0ms)
                        ++notOnServer;
                    inside.fetch_sub(1);
                    if (!lock->release())
                        ++failures;
                }
            });
    }
    QCOMPARE(failures.load(), 0);
    QCOMPARE(overlaps.load(), 0);
    QCOMPARE(notOnServer.load(), 0);
    const int holds = workers * turnsEach;
    QCOMPARE(static_cast<int>(fences.size()), holds);
    // One new fence per holder, handed over or obtained: 1, 2, 3, ...
    for (int i = 0; i < holds; ++i)
        QCOMPARE(fences[static_cast<std::size_t>(i)], static_cast<std::int64_t>(i + 1));
    // Each hold costs its PTTL and its release (a handover or a delete), and a handed-over
    // hold no obtain: the rest are attempts that failed. While a handed-over lock is held, the
    // Client's other obtains wait their turn instead of attempting; polling at 1 ms would cost
    // several failed attempts per hold.
    const qint64 scripts = scriptCalls(*raw_) - scriptsBefore;
    const qint64 failed = scripts - 2 * holds;
    qInfo("%d holds: %lld script calls, %lld beyond a PTTL and a release each", holds,
          static_cast<long long>(scripts), static_cast<long long>(failed));
    QVERIFY2(failed <= holds / 4, qPrintable(QString::number(scripts)));
    raw_->del(bytes(options.fenceKey));
}

void TestReleaseNotify::lostLockHandsNothingOver()
{
    auto client = listeningClient(*server_, *raw_, 4);
    QVERIFY(client);
    const std::string key = uniqueKey("lost");
    auto holder = client->obtain(key, 10s);
    QVERIFY(holder);
    std::atomic<bool> done = false;
    std::optional<std::expected<redislock::Lock, redislock::Error>> result;
    const qint64 scriptsBefore = scriptCalls(*raw_);
    std::jthread waiter([&] {
        result = client->obtain(key, 10s, waitingOn(redislock::linearBackoff(30s)),
                                Context::withTimeout(60s));
        done = true;
    });
    QVERIFY(waitFor([&] { return scriptCalls(*raw_) > scriptsBefore; }, 10s));
    // Someone else took the key meanwhile (the holder's lease ran out, say).
    QVERIFY(raw_->set(bytes(key), "someone else", 30s));
    const auto release = holder->release();
    QVERIFY(!release);
    QCOMPARE(release.error().code(), redislock::Errc::lockNotHeld);
    QCOMPARE(raw_->command({"GET", bytes(key)}).str, QByteArray("someone else"));
    QTest::qWait(200);
    QVERIFY(!done.load()); // not handed what the release did not have
    QCOMPARE(raw_->del(bytes(key)), 1);
    QVERIFY(waitFor([&] { return done.load(); }, 10s));
    waiter.join();
    QVERIFY2(result->has_value(), result->has_value() ? "" : result->error().message().c_str());
    QVERIFY((*result)->release());
}

void TestReleaseNotify::cancelledWaiterIsNotHandedTheLock()
{
    auto client = listeningClient(*server_, *raw_, 4);
    QVERIFY(client);
    const std::string key = uniqueKey("gaveup");
    auto holder = client->obtain(key, 10s);
    QVERIFY(holder);
    std::stop_source stop;
    std::optional<std::expected<redislock::Lock, redislock::Error>> result;
    const qint64 scriptsBefore = scriptCalls(*raw_);
    std::jthread waiter([&] {
        result = client->obtain(key, 10s, waitingOn(redislock::linearBackoff(30s)),
                                Context(stop.get_token()));
    });
    QVERIFY(waitFor([&] { return scriptCalls(*raw_) > scriptsBefore; }, 10s));
    stop.request_stop();
    waiter.join();
    QVERIFY(!*result);
    QCOMPARE(result->error().code(), redislock::Errc::cancelled);
    // Nobody waits now: the release deletes the key, and no lock is left behind.
    QVERIFY(holder->release());
    QCOMPARE(raw_->command({"EXISTS", bytes(key)}).integer, 0);
}

QTEST_GUILESS_MAIN(TestReleaseNotify)
#include "tst_releasenotify.moc"
