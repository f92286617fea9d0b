// computeSchedule: the waits a strategy gives, their running sum, and the retry loop's deadline
// rule (attempt k + 1 is made only if it starts before the deadline), the Go library's numbers.

#include <redislock/retryschedule.h>
#include <redislock/retryspec.h>

#include <QList>
#include <QTest>

#include <chrono>
#include <cstdint>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

namespace {

QList<qint64> toMs(const std::vector<nanoseconds> &values)
{
    QList<qint64> ms;
    for (const nanoseconds value : values)
        ms.append(static_cast<qint64>(std::chrono::duration_cast<milliseconds>(value).count()));
    return ms;
}

} // namespace

class TestRetrySchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void schedule_data();
    void schedule();
    void jitterIsReproducibleWithASeed();
    void hugeSumsSaturate();
};

void TestRetrySchedule::schedule_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<qint64>("deadlineMs");
    QTest::addColumn<QList<qint64>>("waitsMs");
    QTest::addColumn<int>("beforeDeadline");
    QTest::addColumn<bool>("stopped");
    QTest::addColumn<bool>("cut");

    QTest::newRow("none: one attempt, the strategy stops")
        << u"none"_s << 10 << qint64(1000) << QList<qint64>{} << 1 << true << false;
    QTest::newRow("exponential(0,0): 4, 8, 16 ... ms, cut at 1s")
        << u"exponential(0,0)"_s << 10 << qint64(1000)
        << QList<qint64>{4, 8, 16, 32, 64, 128, 256, 512, 1024} << 8 << false << true;
    QTest::newRow("exponential(16ms,1s): raised to the minimum first")
        << u"exponential(16ms,1s)"_s << 7 << qint64(1000) << QList<qint64>{16, 16, 16, 32, 64, 128}
        << 7 << false << false;
    QTest::newRow("exponential(16ms,100ms): capped at the maximum")
        << u"exponential(16ms,100ms)"_s << 8 << qint64(1000)
        << QList<qint64>{16, 16, 16, 32, 64, 100, 100} << 8 << false << false;
    // Cosy's own test: the ttl is the deadline and the first wait already reaches it.
    QTest::newRow("limit(linear(100ms),10), ttl 100ms")
        << u"limit(linear(100ms),10)"_s << 20 << qint64(100) << QList<qint64>(10, 100) << 1 << true
        << true;
    QTest::newRow("limit(linear(100ms),10), ttl 2s: the limit ends it")
        << u"limit(linear(100ms),10)"_s << 20 << qint64(2000) << QList<qint64>(10, 100) << 11
        << true << false;
    QTest::newRow("linear(100ms), ttl 350ms: starts at 100, 200, 300")
        << u"linear(100ms)"_s << 10 << qint64(350) << QList<qint64>(9, 100) << 4 << false << true;
    QTest::newRow("linear(100ms), ttl 300ms: a start at the deadline is not made")
        << u"linear(100ms)"_s << 10 << qint64(300) << QList<qint64>(9, 100) << 3 << false << true;
    QTest::newRow("limit(exponential(16ms,1s),3)")
        << u"limit(exponential(16ms,1s),3)"_s << 10 << qint64(1000) << QList<qint64>{16, 16, 16}
        << 4 << true << false;
    QTest::newRow("one attempt asked for: no waits")
        << u"linear(1ms)"_s << 1 << qint64(1000) << QList<qint64>{} << 1 << false << false;
}

void TestRetrySchedule::schedule()
{
    QFETCH(QString, spec);
    QFETCH(int, attempts);
    QFETCH(qint64, deadlineMs);
    QFETCH(QList<qint64>, waitsMs);
    QFETCH(int, beforeDeadline);
    QFETCH(bool, stopped);
    QFETCH(bool, cut);

    const auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    QVERIFY(strategy);
    const redislock::RetrySchedule schedule = redislock::computeSchedule(
        *strategy, static_cast<std::size_t>(attempts), milliseconds(deadlineMs));

    QCOMPARE(toMs(schedule.waits), waitsMs);
    QList<qint64> sums;
    qint64 sum = 0;
    for (const qint64 wait : waitsMs)
        sums.append(sum += wait);
    QCOMPARE(toMs(schedule.startsAt), sums);
    QCOMPARE(schedule.deadline, milliseconds(deadlineMs));
    QCOMPARE(schedule.attemptsBeforeDeadline, static_cast<std::size_t>(beforeDeadline));
    QCOMPARE(schedule.attemptsAllowed(), static_cast<std::size_t>(waitsMs.size() + 1));
    QCOMPARE(schedule.strategyStopped, stopped);
    QCOMPARE(schedule.cutByDeadline(), cut);
    QVERIFY(schedule.beforeDeadline(1));
    QCOMPARE(schedule.beforeDeadline(static_cast<std::size_t>(beforeDeadline) + 1), false);
}

void TestRetrySchedule::jitterIsReproducibleWithASeed()
{
    const auto strategy = redislock::parseRetryStrategy("fulljitter(16ms,1s,42)");
    QVERIFY(strategy);
    const auto first = redislock::computeSchedule(*strategy, 30, 1s);
    const auto second = redislock::computeSchedule(*strategy, 30, 1s);
    QCOMPARE(first.waits.size(), std::size_t{29});
    QVERIFY(first.waits == second.waits);
    for (const nanoseconds wait : first.waits)
        QVERIFY(wait >= 1ns && wait <= 1s);
    // The deadline count is the running sum's, whatever the draws were.
    std::size_t before = 1;
    while (before <= first.startsAt.size() && first.startsAt[before - 1] < 1s)
        ++before;
    QCOMPARE(first.attemptsBeforeDeadline, before);
}

void TestRetrySchedule::hugeSumsSaturate()
{
    // 2^26 ms per wait from the 25th on; a million of them overflow 64-bit nanoseconds.
    const auto schedule = redislock::computeSchedule(redislock::exponentialBackoff(0ns, 0ns),
                                                     1'000'000, nanoseconds::max());
    QCOMPARE(schedule.startsAt.back(), nanoseconds::max());
    for (std::size_t i = 1; i < schedule.startsAt.size(); ++i)
        QVERIFY(schedule.startsAt[i] >= schedule.startsAt[i - 1]);
    QVERIFY(schedule.attemptsBeforeDeadline < schedule.attemptsAllowed());
}

QTEST_APPLESS_MAIN(TestRetrySchedule)
#include "tst_retryschedule.moc"
