// The lock semantics (the Go library's), against a real redis-server: what bsm/redislock's own
// suite checks, plus fencing, deadlines, cancellation and compatibility with locks written by Go
// services (a raw SET of token + metadata with PX).

#include "support/bytes.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/retrystrategy.h>

#include <QTest>

#include <atomic>
#include <chrono>
#include <expected>
#include <optional>
#include <stop_token>
#include <thread>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using lockscope::test::bytes;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::uniqueKey;
using redislock::Client;
using redislock::Context;
using redislock::Errc;
using redislock::ErrLockNotHeld;
using redislock::ErrNotObtained;
using redislock::Options;

namespace {

// True when `result` failed with `code` (an Errc or an Outcome); false, not a crash, on success.
template <class T, class Code>
bool failedWith(const std::expected<T, redislock::Error> &result, Code code)
{
    return !result && result.error() == code;
}

qint64 elapsedMs(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 since)
        .count();
}

} // namespace

class TestLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void obtainStoresTokenAndMetadataWithTtl();
    void secondObtainIsNotObtained();
    void reobtainWithOwnTokenOverwritesMetadata();
    void customTokenOfAnotherIsNotObtained();
    void ttlReportsRemainingTime();
    void ttlIsZeroWhenExpiredOrTaken();
    void refreshExtendsTtl();
    void refreshOfLostLockIsNotObtainedAtOnce();
    void releaseDeletesKey();
    void releaseOfLostLockIsNotHeld_data();
    void releaseOfLostLockIsNotHeld();
    void ttlIsRoundedDownToMilliseconds();
    void keyOfAnotherTypeIsNotObtained();
    void extremeTtls();

    void obtainMultiIsAllOrNothing();
    void obtainMultiRefreshAndRelease();
    void obtainMultiTtlIsTheSmallest();

    void retryObtainsOnceReleased();
    void retryGivesUpWhenStrategyStops_data();
    void retryGivesUpWhenStrategyStops();
    void sharedOptionsDoNotShareRetryCount();
    void defaultDeadlineIsNowPlusTtl();
    void contextDeadlineWins();
    void stopTokenCancelsRetry();
    void stoppedContextDoesNotAttempt();

    void fenceTokenIncreasesOnNewAcquisition();
    void fenceTokenKeptOnReobtain();
    void unfencedLockHasFenceTokenZero();

    void goServiceLockIsCompatible();
    void refreshRetriesTransientErrors();
    void refreshReturnsLastErrorWhenRetriesRunOut();
    void refreshGivesUpAtTheCallersDeadline();
    void refreshSurvivesClientKills();
    void deadlineDuringARoundTripWins();
    void stopDuringARoundTripCancels();
    void pipelineAnswersInOrder();

private:
    [[nodiscard]] qint64 evalCalls();

    std::optional<RedisServer> server_;
    std::optional<Client> client_;
    std::optional<RawRedis> raw_;
};

void TestLock::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    auto client = Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    client_.emplace(std::move(*client));
    raw_.emplace(server_->rawClient());
}

qint64 TestLock::evalCalls()
{
    // Every attempt is one EVALSHA (or an EVAL after NOSCRIPT): count them on the server.
    const auto info = raw_->command({"INFO", "commandstats"}).str;
    qint64 calls = 0;
    for (const auto &command :
         {QByteArrayLiteral("cmdstat_evalsha:calls="), QByteArrayLiteral("cmdstat_eval:calls=")}) {
        const auto at = info.indexOf(command);
        if (at >= 0)
            calls += info.mid(at + command.size()).split(',').front().toLongLong();
    }
    return calls;
}

void TestLock::obtainStoresTokenAndMetadataWithTtl()
{
    const auto key = uniqueKey();
    Options options;
    options.metadata = R"({"service":"billing"})";
    auto lock = client_->obtain(key, 10s, options);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());

    QCOMPARE(lock->key(), key);
    QCOMPARE(lock->keys(), std::vector<std::string>{key});
    QCOMPARE(lock->token().size(), 22u);
    for (char c : lock->token())
        QVERIFY2(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_',
                 "the token is base64url");
    QCOMPARE(lock->metadata(), options.metadata);
    QCOMPARE(raw_->get(bytes(key)), bytes(std::string(lock->token()) + options.metadata));
    const auto pttl = raw_->pttl(bytes(key));
    QVERIFY2(pttl > 9000 && pttl <= 10000, qPrintable(QString::number(pttl)));

    auto other = client_->obtain(uniqueKey(), 10s);
    QVERIFY(other);
    QVERIFY2(other->token() != lock->token(), "every lock draws a fresh token");
}

void TestLock::secondObtainIsNotObtained()
{
    const auto key = uniqueKey();
    auto first = client_->obtain(key, 10s);
    QVERIFY(first);
    auto second = client_->obtain(key, 10s);
    QVERIFY(!second);
    QVERIFY(second.error() == ErrNotObtained);
    QVERIFY(second.error() == Errc::notObtained);
    QVERIFY(second.error() != ErrLockNotHeld);
    QCOMPARE(raw_->get(bytes(key)), bytes(first->value()));
}

void TestLock::reobtainWithOwnTokenOverwritesMetadata()
{
    const auto key = uniqueKey();
    Options options;
    options.token = "my-token";
    options.metadata = "v1";
    auto first = client_->obtain(key, 10s, options);
    QVERIFY(first);
    options.metadata = "v2";
    auto again = client_->obtain(key, 20s, options);
    QVERIFY2(again, again ? "" : again.error().message().c_str());
    QCOMPARE(again->token(), "my-token");
    QCOMPARE(raw_->get(bytes(key)), QByteArray("my-tokenv2"));
    QVERIFY(raw_->pttl(bytes(key)) > 19000);
    // The first handle's value is gone: it no longer proves ownership.
    QVERIFY(failedWith(first->release(), ErrLockNotHeld));
    QVERIFY(again->release());
}

void TestLock::customTokenOfAnotherIsNotObtained()
{
    const auto key = uniqueKey();
    Options mine;
    mine.token = "abc";
    QVERIFY(client_->obtain(key, 10s, mine));
    // A token that merely extends ours is someone else's.
    Options longer;
    longer.token = "abcd";
    QVERIFY(failedWith(client_->obtain(key, 10s, longer), ErrNotObtained));
    QCOMPARE(raw_->get(bytes(key)), QByteArray("abc"));
    // As in Go, a value that starts with the token counts as the token's: "ab" re-obtains a
    // lock whose value is "abc" (token "abc", or token "ab" with metadata "c").
    Options prefix;
    prefix.token = "ab";
    QVERIFY(client_->obtain(key, 10s, prefix));
    QCOMPARE(raw_->get(bytes(key)), QByteArray("ab"));
}

void TestLock::ttlReportsRemainingTime()
{
    auto lock = client_->obtain(uniqueKey(), 10s);
    QVERIFY(lock);
    auto ttl = lock->ttl();
    QVERIFY(ttl);
    QVERIFY2(*ttl > 9s && *ttl <= 10s, qPrintable(QString::number(ttl->count())));
}

void TestLock::ttlIsZeroWhenExpiredOrTaken()
{
    const auto key = uniqueKey();
    auto lock = client_->obtain(key, 50ms);
    QVERIFY(lock);
    QTRY_VERIFY_WITH_TIMEOUT(!raw_->exists(bytes(key)), 2000);
    auto ttl = lock->ttl();
    QVERIFY2(ttl, "an expired lock's ttl is an answer, not an error");
    QCOMPARE(*ttl, 0ms);

    QVERIFY(raw_->set(bytes(key), "someone-else", 10s));
    ttl = lock->ttl();
    QVERIFY(ttl);
    QCOMPARE(*ttl, 0ms);
}

void TestLock::refreshExtendsTtl()
{
    const auto key = uniqueKey();
    auto lock = client_->obtain(key, 1s);
    QVERIFY(lock);
    QVERIFY(lock->refresh(30s));
    QVERIFY(raw_->pttl(bytes(key)) > 29000);
    QCOMPARE(raw_->get(bytes(key)), bytes(lock->value()));
}

void TestLock::refreshOfLostLockIsNotObtainedAtOnce()
{
    const auto key = uniqueKey();
    auto lock = client_->obtain(key, 10s);
    QVERIFY(lock);
    QVERIFY(raw_->set(bytes(key), "stolen", 10s));

    Options patient;
    patient.retryStrategy = redislock::linearBackoff(100ms);
    const auto calls = evalCalls();
    const auto start = std::chrono::steady_clock::now();
    auto refreshed = lock->refresh(10s, patient);
    QVERIFY(!refreshed);
    QVERIFY(refreshed.error() == ErrNotObtained);
    QVERIFY2(elapsedMs(start) < 100, "a lost lock is reported without retrying");
    QCOMPARE(evalCalls() - calls, 1);
    QCOMPARE(raw_->get(bytes(key)), QByteArray("stolen"));
}

void TestLock::releaseDeletesKey()
{
    const auto key = uniqueKey();
    auto lock = client_->obtain(key, 10s);
    QVERIFY(lock);
    QVERIFY(lock->release());
    QVERIFY(!raw_->exists(bytes(key)));
    QVERIFY(failedWith(lock->release(), ErrLockNotHeld));
}

void TestLock::releaseOfLostLockIsNotHeld_data()
{
    QTest::addColumn<QByteArray>("replacement");
    QTest::newRow("expired") << QByteArray();
    QTest::newRow("taken by another token") << QByteArray("another-token");
    QTest::newRow("same token, other metadata") << QByteArray("<token>other");
}

void TestLock::releaseOfLostLockIsNotHeld()
{
    QFETCH(QByteArray, replacement);
    const auto key = uniqueKey();
    Options options;
    options.metadata = "mine";
    auto lock = client_->obtain(key, 10s, options);
    QVERIFY(lock);
    replacement.replace("<token>", bytes(lock->token()));
    if (replacement.isEmpty())
        raw_->del(bytes(key));
    else
        QVERIFY(raw_->set(bytes(key), replacement, 10s));

    auto released = lock->release();
    QVERIFY(!released);
    QVERIFY(released.error() == ErrLockNotHeld);
    QVERIFY(released.error() != ErrNotObtained);
    QCOMPARE(raw_->get(bytes(key)),
             replacement.isEmpty() ? std::nullopt : std::optional<QByteArray>(replacement));
}

void TestLock::ttlIsRoundedDownToMilliseconds()
{
    const auto key = uniqueKey();
    auto lock = client_->obtain(key, 5999us);
    QVERIFY(lock);
    QVERIFY(raw_->pttl(bytes(key)) <= 5);
}

void TestLock::keyOfAnotherTypeIsNotObtained()
{
    const auto key = uniqueKey();
    raw_->command({"HSET", bytes(key), "field", "value"});
    auto lock = client_->obtain(key, 10s);
    QVERIFY(!lock);
    QVERIFY2(lock.error() == ErrNotObtained, lock.error().message().c_str());
    QCOMPARE(raw_->command({"TYPE", bytes(key)}).str, QByteArray("hash"));
}

void TestLock::extremeTtls()
{
    // The longest ttl is taken; a longer one (292 years) is a mistake in the units, refused
    // before anything is sent.
    const auto key = uniqueKey();
    auto year = client_->obtain(key, redislock::maxTtl);
    QVERIFY2(year, year ? "" : year.error().message().c_str());
    QVERIFY(raw_->pttl(bytes(key)) > 0);
    QVERIFY(year->release());
    auto forever = client_->obtain(key, std::chrono::nanoseconds::max());
    QVERIFY(failedWith(forever, Errc::invalidArgument));
    QVERIFY(!raw_->exists(bytes(key)));

    auto negative = client_->obtain(key, std::chrono::nanoseconds::min());
    QVERIFY(failedWith(negative, Errc::invalidArgument));
    QVERIFY(!raw_->exists(bytes(key)));
}

void TestLock::obtainMultiIsAllOrNothing()
{
    const auto a = uniqueKey("a");
    const auto b = uniqueKey("b");
    const auto c = uniqueKey("c");
    QVERIFY(raw_->set(bytes(b), "foreign", 10s));
    auto lock = client_->obtainMulti({a, b, c}, 10s);
    QVERIFY(!lock);
    QVERIFY(lock.error() == ErrNotObtained);
    QVERIFY2(!raw_->exists(bytes(a)) && !raw_->exists(bytes(c)), "nothing was taken");
    QCOMPARE(raw_->get(bytes(b)), QByteArray("foreign"));

    raw_->del(bytes(b));
    lock = client_->obtainMulti({a, b, c}, 10s);
    QVERIFY(lock);
    QCOMPARE(lock->keys(), (std::vector<std::string>{a, b, c}));
    for (const auto &key : {a, b, c})
        QCOMPARE(raw_->get(bytes(key)), bytes(lock->value()));
    // An overlapping multi-lock is refused and leaves the free key alone.
    const auto d = uniqueKey("d");
    QVERIFY(failedWith(client_->obtainMulti({c, d}, 10s), ErrNotObtained));
    QVERIFY(!raw_->exists(bytes(d)));
}

void TestLock::obtainMultiRefreshAndRelease()
{
    const auto a = uniqueKey("a");
    const auto b = uniqueKey("b");
    auto lock = client_->obtainMulti({a, b}, 1s);
    QVERIFY(lock);
    QVERIFY(lock->refresh(30s));
    QVERIFY(raw_->pttl(bytes(a)) > 29000 && raw_->pttl(bytes(b)) > 29000);

    // Losing one key loses the whole lock: nothing is refreshed or deleted.
    QVERIFY(raw_->set(bytes(b), "foreign", 5s));
    QVERIFY(failedWith(lock->refresh(60s), ErrNotObtained));
    QVERIFY(raw_->pttl(bytes(a)) <= 30000);
    QVERIFY(failedWith(lock->release(), ErrLockNotHeld));
    QVERIFY(raw_->exists(bytes(a)));
    QCOMPARE(raw_->get(bytes(b)), QByteArray("foreign"));
}

void TestLock::obtainMultiTtlIsTheSmallest()
{
    const auto a = uniqueKey("a");
    const auto b = uniqueKey("b");
    auto lock = client_->obtainMulti({a, b}, 20s);
    QVERIFY(lock);
    raw_->command({"PEXPIRE", bytes(b), "5000"});
    auto ttl = lock->ttl();
    QVERIFY(ttl);
    QVERIFY2(*ttl > 4s && *ttl <= 5s, qPrintable(QString::number(ttl->count())));
}

void TestLock::retryObtainsOnceReleased()
{
    const auto key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "held-by-go-service", 80ms));
    Options options;
    options.retryStrategy = redislock::linearBackoff(20ms);
    const auto calls = evalCalls();
    auto lock = client_->obtain(key, 2s, options);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    QVERIFY2(evalCalls() - calls >= 2, "it took more than one attempt");
    QCOMPARE(raw_->get(bytes(key)), bytes(lock->value()));
}

void TestLock::retryGivesUpWhenStrategyStops_data()
{
    QTest::addColumn<redislock::RetryStrategy>("strategy");
    QTest::addColumn<int>("attempts");
    QTest::newRow("noRetry") << redislock::noRetry() << 1;
    QTest::newRow("limitRetry(linear(5ms), 3)")
        << redislock::limitRetry(redislock::linearBackoff(5ms), 3) << 4;
    QTest::newRow("limitRetry(exponential(1ms, 8ms), 2)")
        << redislock::limitRetry(redislock::exponentialBackoff(1ms, 8ms), 2) << 3;
    QTest::newRow("limitRetry(linear(5ms), 0)")
        << redislock::limitRetry(redislock::linearBackoff(5ms), 0) << 1;
}

void TestLock::retryGivesUpWhenStrategyStops()
{
    QFETCH(redislock::RetryStrategy, strategy);
    QFETCH(int, attempts);
    const auto key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "foreign", 10s));
    Options options;
    options.retryStrategy = strategy;
    const auto calls = evalCalls();
    auto lock = client_->obtain(key, 10s, options);
    QVERIFY(!lock);
    QVERIFY(lock.error() == ErrNotObtained);
    QVERIFY2(lock.error() == Errc::notObtained, "the strategy stopped, not the deadline");
    QCOMPARE(evalCalls() - calls, attempts);
}

void TestLock::sharedOptionsDoNotShareRetryCount()
{
    // The Go library's strategies count inside the Options value; ours draw a fresh schedule per
    // call, so the second call gets its full three attempts too.
    const auto key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "foreign", 10s));
    Options options;
    options.retryStrategy = redislock::limitRetry(redislock::linearBackoff(1ms), 2);
    for (int call = 0; call < 2; ++call) {
        const auto calls = evalCalls();
        QVERIFY(failedWith(client_->obtain(key, 10s, options), ErrNotObtained));
        QCOMPARE(evalCalls() - calls, 3);
    }
}

void TestLock::defaultDeadlineIsNowPlusTtl()
{
    const auto key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "foreign", 10s));
    Options options;
    options.retryStrategy = redislock::linearBackoff(20ms);
    const auto start = std::chrono::steady_clock::now();
    auto lock = client_->obtain(key, 200ms, options);
    const auto elapsed = elapsedMs(start);
    QVERIFY(!lock);
    QVERIFY(lock.error() == ErrNotObtained);
    QVERIFY2(lock.error() == Errc::deadlineExceeded, lock.error().message().c_str());
    QVERIFY2(elapsed >= 190 && elapsed < 1000, qPrintable(QString::number(elapsed)));
}

void TestLock::contextDeadlineWins()
{
    const auto key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "foreign", 10s));
    Options options;
    options.retryStrategy = redislock::linearBackoff(10ms);
    const auto start = std::chrono::steady_clock::now();
    auto lock = client_->obtain(key, 30s, options, Context::withTimeout(150ms));
    const auto elapsed = elapsedMs(start);
    QVERIFY(failedWith(lock, Errc::deadlineExceeded));
    QVERIFY2(elapsed >= 140 && elapsed < 1000, qPrintable(QString::number(elapsed)));
}

void TestLock::stopTokenCancelsRetry()
{
    const auto key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "foreign", 10s));
    Options options;
    options.retryStrategy = redislock::linearBackoff(5s);
    std::stop_source stop;
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(100ms);
        stop.request_stop();
    });
    const auto start = std::chrono::steady_clock::now();
    auto lock = client_->obtain(key, 30s, options, Context(stop.get_token()));
    const auto elapsed = elapsedMs(start);
    QVERIFY(lock.error() == ErrNotObtained);
    QVERIFY2(lock.error() == Errc::cancelled, lock.error().message().c_str());
    QVERIFY2(elapsed < 1000, qPrintable(QString::number(elapsed)));
}

void TestLock::stoppedContextDoesNotAttempt()
{
    const auto key = uniqueKey();
    std::stop_source stop;
    stop.request_stop();
    const auto calls = evalCalls();
    QVERIFY(failedWith(client_->obtain(key, 10s, {}, Context(stop.get_token())), Errc::cancelled));
    QVERIFY(failedWith(
        client_->obtain(key, 10s, {}, Context::withDeadline(Context::Clock::now() - 1ms)),
        Errc::deadlineExceeded));
    QCOMPARE(evalCalls() - calls, 0);
    QVERIFY(!raw_->exists(bytes(key)));
}

void TestLock::fenceTokenIncreasesOnNewAcquisition()
{
    const auto key = uniqueKey();
    Options options;
    options.fenceKey = uniqueKey("fence");
    std::int64_t previous = 0;
    for (int round = 0; round < 5; ++round) {
        auto lock = client_->obtain(key, 10s, options);
        QVERIFY(lock);
        QVERIFY2(lock->fenceToken() > previous, "strictly increasing");
        previous = lock->fenceToken();
        QVERIFY(lock->release());
    }
    QCOMPARE(raw_->get(bytes(options.fenceKey)), QByteArray::number(previous));
    // Another lock sharing the fence key continues the same sequence.
    auto other = client_->obtain(uniqueKey("other"), 10s, options);
    QVERIFY(other);
    QCOMPARE(other->fenceToken(), previous + 1);
    QVERIFY2(raw_->pttl(bytes(options.fenceKey)) == -1, "the counter never expires");
}

void TestLock::fenceTokenKeptOnReobtain()
{
    const auto key = uniqueKey();
    Options options;
    options.fenceKey = uniqueKey("fence");
    options.token = "holder";
    auto first = client_->obtain(key, 10s, options);
    QVERIFY(first);
    options.metadata = "new metadata";
    auto again = client_->obtain(key, 10s, options);
    QVERIFY(again);
    QCOMPARE(again->fenceToken(), first->fenceToken());

    // Once the lock is gone, the same token acquires anew and gets a new fence token.
    QVERIFY(again->release());
    auto fresh = client_->obtain(key, 10s, options);
    QVERIFY(fresh);
    QCOMPARE(fresh->fenceToken(), first->fenceToken() + 1);

    // Not obtained: the counter does not move.
    Options rival;
    rival.fenceKey = options.fenceKey;
    QVERIFY(failedWith(client_->obtain(key, 10s, rival), ErrNotObtained));
    QCOMPARE(raw_->get(bytes(options.fenceKey)), QByteArray::number(fresh->fenceToken()));
}

void TestLock::unfencedLockHasFenceTokenZero()
{
    auto lock = client_->obtain(uniqueKey(), 10s);
    QVERIFY(lock);
    QCOMPARE(lock->fenceToken(), 0);
}

void TestLock::goServiceLockIsCompatible()
{
    // What a Go service with bsm/redislock leaves on the server: token + metadata, with PX.
    const auto key = uniqueKey();
    const std::string goToken = "AbCdEfGhIjKlMnOpQrStUv";
    QVERIFY(raw_->set(bytes(key), bytes(goToken + R"({"pod":"api-7"})"), 10s));

    QVERIFY(failedWith(client_->obtain(key, 10s), ErrNotObtained));

    auto adopted = client_->adopt({key}, goToken, R"({"pod":"api-7"})");
    QVERIFY(adopted);
    QCOMPARE(adopted->metadata(), R"({"pod":"api-7"})");
    auto ttl = adopted->ttl();
    QVERIFY(ttl && *ttl > 9s);
    QVERIFY(adopted->refresh(20s));
    QVERIFY(raw_->pttl(bytes(key)) > 19000);

    // The wrong metadata is not the lock's value: nothing happens.
    auto wrong = client_->adopt({key}, goToken, "{}");
    QVERIFY(wrong);
    QVERIFY(failedWith(wrong->release(), ErrLockNotHeld));
    QVERIFY(raw_->exists(bytes(key)));

    // Re-obtaining with the Go service's token is allowed, as in Go.
    Options same;
    same.token = goToken;
    same.metadata = "taken over";
    auto reobtained = client_->obtain(key, 10s, same);
    QVERIFY(reobtained);
    QCOMPARE(raw_->get(bytes(key)), bytes(goToken + "taken over"));
    QVERIFY(reobtained->release());
    QVERIFY(!raw_->exists(bytes(key)));
}

void TestLock::refreshRetriesTransientErrors()
{
    // The server stalls for 400 ms (DEBUG SLEEP on another connection); with a 100 ms read
    // timeout every attempt meanwhile times out, and the strategy carries refresh past it.
    auto client =
        Client::fromUrl(server_->url().toStdString() + "?read_timeout=100ms&connect_timeout=100ms");
    QVERIFY(client);
    const auto key = uniqueKey();
    auto lock = client->obtain(key, 10s);
    QVERIFY(lock);

    std::jthread stall([port = server_->port()] {
        RawRedis sleeper(port);
        sleeper.command({"DEBUG", "SLEEP", "0.4"});
    });
    std::this_thread::sleep_for(50ms);
    Options options;
    options.retryStrategy = redislock::linearBackoff(50ms);
    auto refreshed = lock->refresh(30s, options);
    QVERIFY2(refreshed, refreshed ? "" : refreshed.error().message().c_str());
    stall.join();
    QVERIFY(raw_->pttl(bytes(key)) > 29000);
}

void TestLock::refreshReturnsLastErrorWhenRetriesRunOut()
{
    auto client =
        Client::fromUrl(server_->url().toStdString() + "?read_timeout=100ms&connect_timeout=100ms");
    QVERIFY(client);
    auto lock = client->obtain(uniqueKey(), 10s);
    QVERIFY(lock);

    std::jthread stall([port = server_->port()] {
        RawRedis sleeper(port);
        sleeper.command({"DEBUG", "SLEEP", "0.6"});
    });
    std::this_thread::sleep_for(50ms);
    Options options;
    options.retryStrategy = redislock::limitRetry(redislock::linearBackoff(10ms), 2);
    auto refreshed = lock->refresh(30s, options);
    QVERIFY(!refreshed);
    QVERIFY2(refreshed.error() == Errc::timeout, refreshed.error().message().c_str());
    QVERIFY2(refreshed.error() != ErrNotObtained, "an error, not a lost lock");
    // The last error is kept as the cause, and the message says why retrying stopped.
    QVERIFY(refreshed.error().cause() && *refreshed.error().cause() == Errc::timeout);
    QVERIFY2(refreshed.error().message().find("3 attempts, the retry strategy gave up: ") !=
                 std::string::npos,
             refreshed.error().message().c_str());
}

void TestLock::refreshGivesUpAtTheCallersDeadline()
{
    // The server runs no script (CLIENT PAUSE ... WRITE: PING and CLIENT UNPAUSE still pass,
    // so it can be lifted at the end); every attempt times out
    // after 100 ms and the strategy would go on for ever: the caller's deadline ends it, and
    // the error says so while keeping the transient code.
    auto client =
        Client::fromUrl(server_->url().toStdString() + "?read_timeout=100ms&connect_timeout=100ms");
    QVERIFY(client);
    auto lock = client->obtain(uniqueKey(), 10s);
    QVERIFY(lock);
    QCOMPARE(raw_->command({"CLIENT", "PAUSE", "10000", "WRITE"}).str, QByteArray("OK"));
    Options options;
    options.retryStrategy = redislock::linearBackoff(20ms);
    const auto start = std::chrono::steady_clock::now();
    auto refreshed = lock->refresh(30s, options, Context::withTimeout(400ms));
    const auto elapsed = elapsedMs(start);
    raw_->command({"CLIENT", "UNPAUSE"});
    QVERIFY(!refreshed);
    QVERIFY2(refreshed.error() == Errc::timeout, refreshed.error().message().c_str());
    QVERIFY2(refreshed.error().message().find("the deadline passed: ") != std::string::npos,
             refreshed.error().message().c_str());
    QVERIFY(refreshed.error().cause() && refreshed.error().cause()->isTransient());
    QVERIFY2(elapsed >= 390 && elapsed < 5000, qPrintable(QString::number(elapsed)));
}

void TestLock::refreshSurvivesClientKills()
{
    // An operator (or a proxy) drops every normal connection every few ms. A connection killed
    // before, during or after its handshake is a transient error, never a "not a Redis server":
    // refresh keeps the lock by its retry strategy all along.
    auto client = Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    const auto key = uniqueKey();
    auto lock = client->obtain(key, 2s);
    QVERIFY2(lock, lock ? "" : lock.error().message().c_str());
    std::atomic<bool> done{false};
    std::atomic<int> kills{0};
    std::jthread killer([port = server_->port(), &done, &kills] {
        RawRedis operatorConnection(port); // SKIPME yes (the default): it survives its kills
        while (!done) {
            operatorConnection.command({"CLIENT", "KILL", "TYPE", "normal"});
            ++kills;
            std::this_thread::sleep_for(3ms);
        }
    });
    Options options;
    options.retryStrategy = redislock::linearBackoff(10ms);
    int refreshes = 0;
    QString failure;
    const auto until = std::chrono::steady_clock::now() + 1500ms;
    while (failure.isEmpty() && std::chrono::steady_clock::now() < until) {
        if (auto refreshed = lock->refresh(2s, options); !refreshed)
            failure = QString::fromStdString(refreshed.error().message());
        ++refreshes;
        std::this_thread::sleep_for(5ms); // a pace, not a wait for anything
    }
    done = true;
    killer.join();
    QVERIFY2(failure.isEmpty(), qPrintable(u"refresh %1 failed: %2"_s.arg(refreshes).arg(failure)));
    qInfo("%d refreshes under %d CLIENT KILLs", refreshes, kills.load());
    QVERIFY(kills > 10);
    // The checker was killed too: its first command after that reconnects.
    QTRY_VERIFY(raw_->pttl(bytes(key)) > 0);
}

void TestLock::deadlineDuringARoundTripWins()
{
    // The server runs no script for 10 s (CLIENT PAUSE ... WRITE, lifted at the end), so the
    // caller's 150 ms deadline passes in the middle of the read: the outcome is deadlineExceeded
    // (not a connection timeout), with the cut-short read as its cause.
    auto client = Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    const auto pinged = client->ping(); // a pooled connection: the round trip is a plain read
    QVERIFY2(pinged, pinged ? "" : pinged.error().message().c_str());
    QCOMPARE(raw_->command({"CLIENT", "PAUSE", "10000", "WRITE"}).str, QByteArray("OK"));
    Options options;
    options.retryStrategy = redislock::linearBackoff(10ms);
    const auto start = std::chrono::steady_clock::now();
    auto lock = client->obtain(uniqueKey(), 30s, options, Context::withTimeout(150ms));
    const auto elapsed = elapsedMs(start);
    raw_->command({"CLIENT", "UNPAUSE"});
    QVERIFY(failedWith(lock, Errc::deadlineExceeded));
    QVERIFY(lock.error() == ErrNotObtained);
    QVERIFY(lock.error().cause() && *lock.error().cause() == Errc::timeout);
    QVERIFY2(lock.error().message().find("not obtained before the deadline: no reply from") !=
                 std::string::npos,
             lock.error().message().c_str());
    QVERIFY2(elapsed >= 140 && elapsed < 3000, qPrintable(QString::number(elapsed)));
}

void TestLock::stopDuringARoundTripCancels()
{
    auto client = Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    QVERIFY(client->ping());
    QCOMPARE(raw_->command({"CLIENT", "PAUSE", "10000", "WRITE"}).str, QByteArray("OK"));
    std::stop_source stop;
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(100ms);
        stop.request_stop();
    });
    auto lock = client->obtain(uniqueKey(), 30s, {}, Context(stop.get_token()));
    raw_->command({"CLIENT", "UNPAUSE"});
    QVERIFY(failedWith(lock, Errc::cancelled));
    QVERIFY(lock.error() == ErrNotObtained);
    QVERIFY(lock.error().cause() && *lock.error().cause() == Errc::cancelled);
}

void TestLock::pipelineAnswersInOrder()
{
    const std::string key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "value", 30s));
    auto replies = client_->pipeline(
        {{"PTTL", key}, {"GET", key}, {"PTTL", key + ":missing"}, {"NOSUCHCOMMAND"}});
    QVERIFY2(replies, replies ? "" : replies.error().message().c_str());
    QCOMPARE(replies->size(), 4u);
    QVERIFY((*replies)[0].integer > 29000);
    QCOMPARE((*replies)[1].text, std::string("value"));
    QCOMPARE((*replies)[2].integer, -2);
    QVERIFY((*replies)[3].isError());
    auto empty = client_->pipeline({});
    QVERIFY(empty && empty->empty());
    QVERIFY(!client_->pipeline({{}}));
}

QTEST_GUILESS_MAIN(TestLock)
#include "tst_lock.moc"
