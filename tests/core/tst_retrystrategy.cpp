// The retry strategies: the Go library's exact numbers, schedules that never share state, and
// the jitter strategies' bounds and reproducibility.

#include <redislock/options.h>
#include <redislock/retrystrategy.h>

#include <QList>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <latch>
#include <optional>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using redislock::RetryStrategy;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

Q_DECLARE_METATYPE(redislock::RetryStrategy)

namespace {

// The first `count` waits of a fresh schedule, in nanoseconds.
QList<qint64> draw(const RetryStrategy &strategy, int count)
{
    const auto schedule = strategy.schedule();
    QList<qint64> waits;
    waits.reserve(count);
    for (int i = 0; i < count; ++i)
        waits.append(static_cast<qint64>(schedule->next().count()));
    return waits;
}

// Waits until the schedule says stop (a wait below 1 ns), at most `limit` of them.
QList<qint64> drawUntilStop(const RetryStrategy &strategy, int limit = 1000)
{
    const auto schedule = strategy.schedule();
    QList<qint64> waits;
    for (int i = 0; i < limit; ++i) {
        const nanoseconds wait = schedule->next();
        if (wait < 1ns)
            break;
        waits.append(static_cast<qint64>(wait.count()));
    }
    return waits;
}

QList<qint64> msToNs(const QList<qint64> &ms)
{
    QList<qint64> ns;
    for (const qint64 value : ms)
        ns.append(value * 1'000'000);
    return ns;
}

// min(cap, base * 2^n) without overflowing.
qint64 ceilingAt(qint64 base, qint64 cap, int n)
{
    qint64 value = base;
    for (int i = 0; i < n && value < cap; ++i)
        value = value > cap / 2 ? cap : value * 2;
    return std::min(value, cap);
}

} // namespace

class TestRetryStrategy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noRetryStopsAtOnce();
    void linearWaitsForever_data();
    void linearWaitsForever();
    void exponentialSchedule_data();
    void exponentialSchedule();
    void exponentialWaitAt_data();
    void exponentialWaitAt();
    void limitedSchedule_data();
    void limitedSchedule();
    void schedulesAreIndependent();
    void sharedAcrossThreads_data();
    void sharedAcrossThreads();
    void jitterBounds_data();
    void jitterBounds();
    void jitterSeeds_data();
    void jitterSeeds();
    void describeInSpecGrammar_data();
    void describeInSpecGrammar();
};

void TestRetryStrategy::noRetryStopsAtOnce()
{
    QVERIFY(redislock::noRetry().schedule()->next() < 1ns);
    QVERIFY(RetryStrategy().schedule()->next() < 1ns);
    QVERIFY(redislock::Options().retryStrategy.schedule()->next() < 1ns);
    QVERIFY(redislock::linearBackoff(0ns).schedule()->next() < 1ns);
    QVERIFY(redislock::linearBackoff(-5ms).schedule()->next() < 1ns);
    // And keeps saying so.
    const auto schedule = redislock::noRetry().schedule();
    for (int i = 0; i < 10; ++i)
        QVERIFY(schedule->next() < 1ns);
}

void TestRetryStrategy::linearWaitsForever_data()
{
    QTest::addColumn<qint64>("intervalNs");
    QTest::newRow("1ns") << qint64{1};
    QTest::newRow("5ms") << qint64{5'000'000};
    QTest::newRow("100ms") << qint64{100'000'000};
    QTest::newRow("1h") << qint64{3'600'000'000'000};
}

void TestRetryStrategy::linearWaitsForever()
{
    QFETCH(qint64, intervalNs);
    const QList<qint64> waits = draw(redislock::linearBackoff(nanoseconds(intervalNs)), 1000);
    QCOMPARE(waits, QList<qint64>(1000, intervalNs));
}

void TestRetryStrategy::exponentialSchedule_data()
{
    QTest::addColumn<qint64>("minMs");
    QTest::addColumn<qint64>("maxMs");
    QTest::addColumn<QList<qint64>>("expectedMs");

    // bsm/redislock: ms := 2 << 25; if cnt < 25 { ms = 2 << cnt }; then min, then max.
    QTest::newRow("(0,0)") << qint64{0} << qint64{0}
                           << QList<qint64>{4,        8,        16,       32,       64,
                                            128,      256,      512,      1024,     2048,
                                            4096,     8192,     16384,    32768,    65536,
                                            131072,   262144,   524288,   1048576,  2097152,
                                            4194304,  8388608,  16777216, 33554432, 67108864,
                                            67108864, 67108864, 67108864, 67108864, 67108864};
    QTest::newRow("(10ms,0)") << qint64{10} << qint64{0}
                              << QList<qint64>{10,       10,       16,       32,       64,
                                               128,      256,      512,      1024,     2048,
                                               4096,     8192,     16384,    32768,    65536,
                                               131072,   262144,   524288,   1048576,  2097152,
                                               4194304,  8388608,  16777216, 33554432, 67108864,
                                               67108864, 67108864, 67108864, 67108864, 67108864};
    QTest::newRow("(0,64ms)") << qint64{0} << qint64{64}
                              << QList<qint64>{4,  8,  16, 32, 64, 64, 64, 64, 64, 64,
                                               64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
                                               64, 64, 64, 64, 64, 64, 64, 64, 64, 64};
    QTest::newRow("(100ms,1s)") << qint64{100} << qint64{1000}
                                << QList<qint64>{100,  100,  100,  100,  100,  128,  256,  512,
                                                 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
                                                 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
                                                 1000, 1000, 1000, 1000, 1000, 1000};
    // Go checks min first: with min above max, min wins until the wait passes min.
    QTest::newRow("(100ms,50ms)") << qint64{100} << qint64{50}
                                  << QList<qint64>{100, 100, 100, 100, 100, 50, 50, 50, 50, 50,
                                                   50,  50,  50,  50,  50,  50, 50, 50, 50, 50,
                                                   50,  50,  50,  50,  50,  50, 50, 50, 50, 50};
}

void TestRetryStrategy::exponentialSchedule()
{
    QFETCH(qint64, minMs);
    QFETCH(qint64, maxMs);
    QFETCH(QList<qint64>, expectedMs);

    const RetryStrategy strategy =
        redislock::exponentialBackoff(milliseconds(minMs), milliseconds(maxMs));
    QCOMPARE(draw(strategy, static_cast<int>(expectedMs.size())), msToNs(expectedMs));
}

void TestRetryStrategy::exponentialWaitAt_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<qint64>("minMs");
    QTest::addColumn<qint64>("maxMs");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("n=1") << 1 << qint64{0} << qint64{0} << qint64{4};
    QTest::newRow("n=2") << 2 << qint64{0} << qint64{0} << qint64{8};
    QTest::newRow("n=3") << 3 << qint64{0} << qint64{0} << qint64{16};
    QTest::newRow("n=24: 2^25 ms") << 24 << qint64{0} << qint64{0} << (qint64{1} << 25);
    QTest::newRow("n=25: capped at 2^26 ms") << 25 << qint64{0} << qint64{0} << (qint64{1} << 26);
    QTest::newRow("n=26") << 26 << qint64{0} << qint64{0} << (qint64{1} << 26);
    QTest::newRow("n=40") << 40 << qint64{0} << qint64{0} << (qint64{1} << 26);
    QTest::newRow("n=100") << 100 << qint64{0} << qint64{0} << (qint64{1} << 26);
    QTest::newRow("n=1000") << 1000 << qint64{0} << qint64{0} << (qint64{1} << 26);
    QTest::newRow("n=24, max 1s") << 24 << qint64{0} << qint64{1000} << qint64{1000};
    QTest::newRow("n=40, min 2^27 ms") << 40 << (qint64{1} << 27) << qint64{0} << (qint64{1} << 27);
}

void TestRetryStrategy::exponentialWaitAt()
{
    QFETCH(int, n);
    QFETCH(qint64, minMs);
    QFETCH(qint64, maxMs);
    QFETCH(qint64, expectedMs);

    const auto schedule =
        redislock::exponentialBackoff(milliseconds(minMs), milliseconds(maxMs)).schedule();
    nanoseconds wait{};
    for (int i = 0; i < n; ++i)
        wait = schedule->next();
    QCOMPARE(static_cast<qint64>(wait.count()), expectedMs * 1'000'000);
}

void TestRetryStrategy::limitedSchedule_data()
{
    QTest::addColumn<RetryStrategy>("strategy");
    QTest::addColumn<QList<qint64>>("expectedNs");

    using namespace redislock;
    const qint64 ms = 1'000'000;
    QTest::newRow("limit(linear(5ms),3)")
        << limitRetry(linearBackoff(5ms), 3) << QList<qint64>{5 * ms, 5 * ms, 5 * ms};
    QTest::newRow("limit(linear(5ms),1)")
        << limitRetry(linearBackoff(5ms), 1) << QList<qint64>{5 * ms};
    QTest::newRow("limit(linear(5ms),0)") << limitRetry(linearBackoff(5ms), 0) << QList<qint64>{};
    QTest::newRow("limit(linear(5ms),-1)") << limitRetry(linearBackoff(5ms), -1) << QList<qint64>{};
    // The inner schedule only advances when a retry is allowed.
    QTest::newRow("limit(exponential(0,0),4)") << limitRetry(exponentialBackoff(0ns, 0ns), 4)
                                               << QList<qint64>{4 * ms, 8 * ms, 16 * ms, 32 * ms};
    QTest::newRow("limit(exponential(10ms,20ms),4)")
        << limitRetry(exponentialBackoff(10ms, 20ms), 4)
        << QList<qint64>{10 * ms, 10 * ms, 16 * ms, 20 * ms};
    // The inner strategy may stop first.
    QTest::newRow("limit(none,5)") << limitRetry(noRetry(), 5) << QList<qint64>{};
    QTest::newRow("limit(limit(linear(1ms),5),2)")
        << limitRetry(limitRetry(linearBackoff(1ms), 5), 2) << QList<qint64>{ms, ms};
    QTest::newRow("limit(limit(linear(1ms),2),5)")
        << limitRetry(limitRetry(linearBackoff(1ms), 2), 5) << QList<qint64>{ms, ms};
    QTest::newRow("limit(linear(1ms),100)")
        << limitRetry(linearBackoff(1ms), 100) << QList<qint64>(100, ms);
}

void TestRetryStrategy::limitedSchedule()
{
    QFETCH(RetryStrategy, strategy);
    QFETCH(QList<qint64>, expectedNs);

    const auto schedule = strategy.schedule();
    for (qsizetype i = 0; i < expectedNs.size(); ++i)
        QCOMPARE(static_cast<qint64>(schedule->next().count()), expectedNs.at(i));
    // Then stop, and keep stopping, as Go's limitedRetry does.
    for (int i = 0; i < 5; ++i)
        QVERIFY2(schedule->next() < 1ns,
                 qPrintable(QStringLiteral("call %1 after the limit").arg(i + 1)));
    QCOMPARE(drawUntilStop(strategy), expectedNs);
}

void TestRetryStrategy::schedulesAreIndependent()
{
    // Unlike Go, where the strategy value carries the counter, every schedule starts at n = 1.
    const RetryStrategy exponential = redislock::exponentialBackoff(0ns, 0ns);
    const auto first = exponential.schedule();
    QCOMPARE(first->next(), nanoseconds(4ms));
    QCOMPARE(first->next(), nanoseconds(8ms));
    QCOMPARE(first->next(), nanoseconds(16ms));
    const auto second = exponential.schedule();
    QCOMPARE(second->next(), nanoseconds(4ms));
    QCOMPARE(first->next(), nanoseconds(32ms));
    QCOMPARE(second->next(), nanoseconds(8ms));

    const RetryStrategy limited = redislock::limitRetry(redislock::linearBackoff(5ms), 2);
    const auto a = limited.schedule();
    QCOMPARE(a->next(), nanoseconds(5ms));
    QCOMPARE(a->next(), nanoseconds(5ms));
    QVERIFY(a->next() < 1ns);
    const auto b = limited.schedule();
    QCOMPARE(b->next(), nanoseconds(5ms));
    QCOMPARE(b->next(), nanoseconds(5ms));
    QVERIFY(b->next() < 1ns);

    // Copies describe the same strategy and draw their own schedules too.
    const RetryStrategy copy = limited; // NOLINT(performance-unnecessary-copy-initialization)
    QCOMPARE(drawUntilStop(copy), (QList<qint64>{5'000'000, 5'000'000}));
    QCOMPARE(copy.describe(), limited.describe());

    // One Options value reused for several operations.
    redislock::Options options;
    options.retryStrategy = redislock::exponentialBackoff(0ns, 0ns);
    QCOMPARE(draw(options.retryStrategy, 3), msToNs({4, 8, 16}));
    QCOMPARE(draw(options.retryStrategy, 3), msToNs({4, 8, 16}));
    const redislock::Options copied = options;
    QCOMPARE(draw(copied.retryStrategy, 3), msToNs({4, 8, 16}));
}

void TestRetryStrategy::sharedAcrossThreads_data()
{
    QTest::addColumn<RetryStrategy>("strategy");

    using namespace redislock;
    QTest::newRow("exponential(0,0)") << exponentialBackoff(0ns, 0ns);
    QTest::newRow("exponential(10ms,1s)") << exponentialBackoff(10ms, 1s);
    QTest::newRow("limit(linear(1ms),10)") << limitRetry(linearBackoff(1ms), 10);
    QTest::newRow("fulljitter seeded") << fullJitter(16ms, 1s, 42);
    QTest::newRow("equaljitter seeded") << equalJitter(16ms, 1s, 43);
    QTest::newRow("decorrelated seeded") << decorrelatedJitter(16ms, 1s, 44);
}

void TestRetryStrategy::sharedAcrossThreads()
{
    QFETCH(RetryStrategy, strategy);

    constexpr int threadCount = 8;
    constexpr int rounds = 50;
    constexpr int waitsPerSchedule = 40;
    const QList<qint64> reference = draw(strategy, waitsPerSchedule);

    // Half the threads share the one object, half hold copies; all start together.
    std::vector<QList<QList<qint64>>> results(threadCount);
    std::latch start(threadCount);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < threadCount; ++t) {
            threads.emplace_back([&, t] {
                const RetryStrategy copy = strategy;
                const RetryStrategy &mine = (t % 2 == 0) ? strategy : copy;
                start.arrive_and_wait();
                for (int round = 0; round < rounds; ++round)
                    results[static_cast<size_t>(t)].append(draw(mine, waitsPerSchedule));
            });
        }
    }
    for (int t = 0; t < threadCount; ++t) {
        QCOMPARE(results[static_cast<size_t>(t)].size(), rounds);
        for (const QList<qint64> &sequence : results[static_cast<size_t>(t)])
            QCOMPARE(sequence, reference);
    }
    QCOMPARE(draw(strategy, waitsPerSchedule), reference);
}

void TestRetryStrategy::jitterBounds_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qint64>("baseNs");
    QTest::addColumn<qint64>("capNs");
    QTest::addColumn<quint64>("seed");

    struct Range
    {
        const char *name;
        qint64 base;
        qint64 cap;
    };
    const Range ranges[] = {
        {"1ms..1s", 1'000'000, 1'000'000'000},
        {"16ms..1s", 16'000'000, 1'000'000'000},
        {"100ms..10min", 100'000'000, 600'000'000'000},
        {"1ns..1ns", 1, 1},
        {"1ns..1us", 1, 1'000},
        {"1s..1s", 1'000'000'000, 1'000'000'000},
        {"5ms..1h", 5'000'000, 3'600'000'000'000},
    };
    for (const QString &kind :
         {QStringLiteral("full"), QStringLiteral("equal"), QStringLiteral("decorrelated")}) {
        for (const Range &range : ranges) {
            for (const quint64 seed : {quint64{1}, quint64{42}, quint64{0xdeadbeefcafe}}) {
                QTest::addRow("%s %s seed %llu", qPrintable(kind), range.name,
                              static_cast<unsigned long long>(seed))
                    << kind << range.base << range.cap << seed;
            }
        }
    }
}

void TestRetryStrategy::jitterBounds()
{
    QFETCH(QString, kind);
    QFETCH(qint64, baseNs);
    QFETCH(qint64, capNs);
    QFETCH(quint64, seed);

    const nanoseconds base(baseNs);
    const nanoseconds cap(capNs);
    const RetryStrategy strategy =
        kind == QLatin1String("full")    ? redislock::fullJitter(base, cap, seed)
        : kind == QLatin1String("equal") ? redislock::equalJitter(base, cap, seed)
                                         : redislock::decorrelatedJitter(base, cap, seed);

    // 200 waits: well past the point where base * 2^n overflows 64 bits.
    const QList<qint64> waits = draw(strategy, 200);
    qint64 previous = baseNs;
    for (int n = 0; n < waits.size(); ++n) {
        const qint64 wait = waits.at(n);
        qint64 low = 1;
        qint64 high = capNs;
        if (kind == QLatin1String("full")) {
            high = ceilingAt(baseNs, capNs, n);
        } else if (kind == QLatin1String("equal")) {
            high = ceilingAt(baseNs, capNs, n);
            low = std::max<qint64>(1, high / 2);
        } else {
            low = std::min(baseNs, capNs);
            high = previous > capNs / 3 ? capNs : std::min(capNs, previous * 3);
            previous = wait;
        }
        QVERIFY2(
            wait >= low && wait <= high,
            qPrintable(QStringLiteral("wait %1 (n = %2) is %3 ns, outside [%4, %5]")
                           .arg(QString::number(n + 1), QString::number(n), QString::number(wait),
                                QString::number(low), QString::number(high))));
    }

    // Random, not constant, wherever the range leaves room.
    const bool room = kind == QLatin1String("decorrelated") ? capNs > baseNs : capNs >= 2 * baseNs;
    if (room && capNs >= 1000) {
        const QSet<qint64> distinct(waits.cbegin(), waits.cend());
        QVERIFY2(distinct.size() >= 20,
                 qPrintable(QStringLiteral("only %1 distinct waits").arg(distinct.size())));
    }
}

void TestRetryStrategy::jitterSeeds_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("full") << QStringLiteral("full");
    QTest::newRow("equal") << QStringLiteral("equal");
    QTest::newRow("decorrelated") << QStringLiteral("decorrelated");
}

void TestRetryStrategy::jitterSeeds()
{
    QFETCH(QString, kind);
    const auto make = [&kind](std::optional<std::uint64_t> seed) {
        return kind == QLatin1String("full")    ? redislock::fullJitter(1ms, 10s, seed)
               : kind == QLatin1String("equal") ? redislock::equalJitter(1ms, 10s, seed)
                                                : redislock::decorrelatedJitter(1ms, 10s, seed);
    };
    constexpr int count = 50;

    // Same seed: the same sequence, from two strategies or from two schedules of one.
    const RetryStrategy seeded = make(42);
    const QList<qint64> first = draw(seeded, count);
    QCOMPARE(draw(seeded, count), first);
    QCOMPARE(draw(make(42), count), first);

    // Another seed: another sequence.
    QVERIFY(draw(make(43), count) != first);
    QVERIFY(draw(make(0), count) != first);

    // No seed: every schedule draws its own.
    const RetryStrategy unseeded = make(std::nullopt);
    QVERIFY(draw(unseeded, count) != draw(unseeded, count));

    // Streams of one seeded strategy (the harness's clients): each reproducible, all different,
    // and a limit passes the stream through.
    const auto drawStream = [count](const RetryStrategy &strategy, std::uint64_t stream) {
        auto schedule = strategy.schedule(stream);
        QList<qint64> waits;
        for (int i = 0; i < count; ++i)
            waits.append(schedule->next().count());
        return waits;
    };
    QCOMPARE(drawStream(seeded, 7), drawStream(make(42), 7));
    QVERIFY(drawStream(seeded, 0) != drawStream(seeded, 1));
    QVERIFY(drawStream(seeded, 1) != drawStream(seeded, std::uint64_t{1} << 32));
    QVERIFY(drawStream(seeded, 0) != first);
    QCOMPARE(drawStream(redislock::limitRetry(seeded, 1000), 3), drawStream(seeded, 3));
}

void TestRetryStrategy::describeInSpecGrammar_data()
{
    QTest::addColumn<RetryStrategy>("strategy");
    QTest::addColumn<QString>("expected");

    // lockctl's SPEC grammar; durations as redislock::formatDuration writes them.
    using namespace redislock;
    QTest::newRow("default") << RetryStrategy() << QStringLiteral("none");
    QTest::newRow("noRetry") << noRetry() << QStringLiteral("none");
    QTest::newRow("linear 100ms") << linearBackoff(100ms) << QStringLiteral("linear(100ms)");
    QTest::newRow("linear 2s") << linearBackoff(2s) << QStringLiteral("linear(2s)");
    QTest::newRow("linear 1500ms") << linearBackoff(1500ms) << QStringLiteral("linear(1500ms)");
    QTest::newRow("linear 250us") << linearBackoff(250us) << QStringLiteral("linear(250us)");
    QTest::newRow("exponential") << exponentialBackoff(16ms, 1s)
                                 << QStringLiteral("exponential(16ms,1s)");
    QTest::newRow("exponential zero")
        << exponentialBackoff(0ns, 0ns) << QStringLiteral("exponential(0s,0s)");
    QTest::newRow("limit") << limitRetry(exponentialBackoff(16ms, 1s), 5)
                           << QStringLiteral("limit(exponential(16ms,1s),5)");
    QTest::newRow("limit linear") << limitRetry(linearBackoff(5ms), 3)
                                  << QStringLiteral("limit(linear(5ms),3)");
    QTest::newRow("nested limit") << limitRetry(limitRetry(linearBackoff(1ms), 5), 2)
                                  << QStringLiteral("limit(limit(linear(1ms),5),2)");
    QTest::newRow("fulljitter") << fullJitter(16ms, 1s) << QStringLiteral("fulljitter(16ms,1s)");
    QTest::newRow("equaljitter") << equalJitter(16ms, 1s) << QStringLiteral("equaljitter(16ms,1s)");
    QTest::newRow("decorrelated") << decorrelatedJitter(16ms, 1s)
                                  << QStringLiteral("decorrelated(16ms,1s)");
    QTest::newRow("fulljitter seeded")
        << fullJitter(16ms, 1s, 7) << QStringLiteral("fulljitter(16ms,1s,7)");
}

void TestRetryStrategy::describeInSpecGrammar()
{
    QFETCH(RetryStrategy, strategy);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(strategy.describe()), expected);
}

QTEST_GUILESS_MAIN(TestRetryStrategy)

#include "tst_retrystrategy.moc"
