// Many threads contending on one key: the lock must never have two holders at once. The check
// is independent of the lock itself: a counter of threads inside the critical section, and the
// server's own view of the key while a thread believes it holds it.

#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>

#include <QTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using lockscope::test::RedisServer;
using lockscope::test::uniqueKey;
using redislock::Client;
using redislock::ErrNotObtained;

class TestContention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void holdersNeverOverlap_data();
    void holdersNeverOverlap();

private:
    std::optional<RedisServer> server_;
};

void TestContention::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
}

void TestContention::holdersNeverOverlap_data()
{
    QTest::addColumn<bool>("clientPerThread");
    QTest::addColumn<redislock::RetryStrategy>("strategy");
    QTest::newRow("shared client, linear(1ms)") << false << redislock::linearBackoff(1ms);
    QTest::newRow("client per thread, linear(1ms)") << true << redislock::linearBackoff(1ms);
    QTest::newRow("shared client, exponential(1ms,16ms)")
        << false << redislock::exponentialBackoff(1ms, 16ms);
    QTest::newRow("client per thread, decorrelated(1ms,16ms)")
        << true << redislock::decorrelatedJitter(1ms, 16ms);
}

void TestContention::holdersNeverOverlap()
{
    QFETCH(bool, clientPerThread);
    QFETCH(redislock::RetryStrategy, strategy);
    constexpr int threads = 16;
    constexpr int acquisitionsWanted = 400;

    const std::string key = uniqueKey();
    redislock::Options options;
    options.retryStrategy = strategy;
    options.fenceKey = uniqueKey("fence");

    auto shared = Client::fromUrl(server_->url().toStdString());
    QVERIFY(shared);

    std::atomic<int> holders{0};
    std::atomic<int> acquisitions{0};
    std::atomic<int> overlaps{0};
    std::atomic<int> serverDisagreements{0};
    std::atomic<int> fenceRegressions{0};
    std::atomic<std::int64_t> lastFence{0};
    std::mutex errorsMutex;
    std::vector<std::string> errors;

    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                std::optional<Client> own;
                if (clientPerThread)
                    own.emplace(shared->connectionOptions());
                const Client &client = own ? *own : *shared;
                lockscope::test::RawRedis checker(server_->port());
                while (acquisitions.load() < acquisitionsWanted) {
                    auto lock = client.obtain(key, 5s, options);
                    if (!lock) {
                        if (lock.error() != ErrNotObtained) {
                            const std::lock_guard guard(errorsMutex);
                            errors.push_back("thread " + std::to_string(t) + ": " +
                                             lock.error().message());
                            return;
                        }
                        continue;
                    }
                    if (holders.fetch_add(1) != 0)
                        ++overlaps;
                    const auto value = checker.get(QByteArray::fromStdString(lock->key()));
                    if (!value || value->toStdString() != lock->value())
                        ++serverDisagreements;
                    if (lock->fenceToken() <= lastFence.load())
                        ++fenceRegressions;
                    lastFence.store(lock->fenceToken());
                    std::this_thread::sleep_for(100us);
                    ++acquisitions;
                    holders.fetch_sub(1);
                    if (auto released = lock->release(); !released) {
                        const std::lock_guard guard(errorsMutex);
                        errors.push_back("release: " + released.error().message());
                    }
                }
            });
        }
    }

    QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().c_str());
    QVERIFY(acquisitions.load() >= acquisitionsWanted);
    QCOMPARE(overlaps.load(), 0);
    QCOMPARE(serverDisagreements.load(), 0);
    QCOMPARE(fenceRegressions.load(), 0);
    QVERIFY2(lastFence.load() >= acquisitionsWanted, "one fence token per acquisition");
}

QTEST_GUILESS_MAIN(TestContention)
#include "tst_contention.moc"
