// RetryLoop, the one retry rule of obtain, refresh, the harness and the inspector: on a clock of
// the test's own (every call is given its "now"), so the rows are exact.

#include <redislock/retryloop.h>
#include <redislock/retryspec.h>

#include <QTest>

#include <chrono>
#include <stop_token>
#include <thread>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using redislock::Context;
using redislock::RetryLoop;
using redislock::RetryStop;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

namespace {

// An arbitrary fixed start, far from the clock's ends.
const RetryLoop::Clock::time_point start = RetryLoop::Clock::time_point{} + 1000h;

qint64 msSinceStart(RetryLoop::Clock::time_point at)
{
    return std::chrono::duration_cast<milliseconds>(at - start).count();
}

QString stopName(RetryStop stop)
{
    switch (stop) {
    case RetryStop::strategy:
        return u"strategy"_s;
    case RetryStop::deadline:
        return u"deadline"_s;
    case RetryStop::cancelled:
        return u"cancelled"_s;
    }
    return {};
}

redislock::RetryStrategy strategyOf(const QString &spec)
{
    auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    if (!strategy)
        qFatal("bad spec in a test row: %s", qPrintable(spec));
    return *strategy;
}

} // namespace

class TestRetryLoop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void steps_data();
    void steps();
    void beforeAttempt_data();
    void beforeAttempt();
    void cutShortOnlyByTheCallersDeadline();
    void stopTokenCancels();
    void waitSleepsOutTheDeadline();
    void waitStopsAtOnceWhenTheStrategyDoes();
    void streamsAreTheStrategysStreams();
    void afterSaturates();
    void describeNamesEachStop();
};

void TestRetryLoop::steps_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<qint64>("ttlMs");
    // The context's own deadline after the start, or -1 for none (then start + ttl).
    QTest::addColumn<qint64>("contextDeadlineMs");
    // When each attempt failed (ms after the start), and what the loop said: "wait until N ms"
    // as "N", or "stop@N" (RetryStop name, then where `until` is).
    QTest::addColumn<QList<qint64>>("failedAtMs");
    QTest::addColumn<QStringList>("said");

    QTest::newRow("none: the strategy stops after the first attempt")
        << u"none"_s << qint64(1000) << qint64(-1) << QList<qint64>{0}
        << QStringList{u"strategy@0"_s};
    QTest::newRow("linear(100ms), ttl 350ms: attempts at 0, 100, 200, 300, then the deadline")
        << u"linear(100ms)"_s << qint64(350) << qint64(-1) << QList<qint64>{0, 100, 200, 300}
        << QStringList{u"100"_s, u"200"_s, u"300"_s, u"deadline@350"_s};
    QTest::newRow("linear(100ms), ttl 300ms: a wake-up at the deadline is not an attempt")
        << u"linear(100ms)"_s << qint64(300) << qint64(-1) << QList<qint64>{0, 100, 200}
        << QStringList{u"100"_s, u"200"_s, u"deadline@300"_s};
    QTest::newRow("limit(linear(10ms),2): two retries, then the strategy")
        << u"limit(linear(10ms),2)"_s << qint64(1000) << qint64(-1) << QList<qint64>{0, 10, 20}
        << QStringList{u"10"_s, u"20"_s, u"strategy@20"_s};
    QTest::newRow("the context's deadline wins over the ttl")
        << u"linear(100ms)"_s << qint64(10000) << qint64(150) << QList<qint64>{0, 100}
        << QStringList{u"100"_s, u"deadline@150"_s};
    QTest::newRow("a later context deadline wins too: the ttl is only the default")
        << u"linear(100ms)"_s << qint64(150) << qint64(1000) << QList<qint64>{0, 100, 200}
        << QStringList{u"100"_s, u"200"_s, u"300"_s};
    QTest::newRow("exponential(0,0): 4, 8, 16 ms after each failure")
        << u"exponential(0,0)"_s << qint64(1000) << qint64(-1) << QList<qint64>{0, 4, 12}
        << QStringList{u"4"_s, u"12"_s, u"28"_s};
    QTest::newRow("slow attempts: the wait counts from when the attempt failed")
        << u"linear(100ms)"_s << qint64(1000) << qint64(-1) << QList<qint64>{50, 400}
        << QStringList{u"150"_s, u"500"_s};
}

void TestRetryLoop::steps()
{
    QFETCH(QString, spec);
    QFETCH(qint64, ttlMs);
    QFETCH(qint64, contextDeadlineMs);
    QFETCH(QList<qint64>, failedAtMs);
    QFETCH(QStringList, said);

    const Context context = contextDeadlineMs < 0
                                ? Context()
                                : Context::withDeadline(start + milliseconds(contextDeadlineMs));
    RetryLoop loop(strategyOf(spec), context, milliseconds(ttlMs), start);
    QCOMPARE(msSinceStart(loop.deadline()), contextDeadlineMs < 0 ? ttlMs : contextDeadlineMs);
    QStringList got;
    for (const qint64 at : failedAtMs) {
        const auto step = loop.next(start + milliseconds(at));
        const QString until = QString::number(msSinceStart(step.until));
        got << (step.stop ? stopName(*step.stop) + u'@' + until : until);
        QVERIFY2(step.until <= loop.deadline(), "never a wake-up past the deadline");
    }
    QCOMPARE(got, said);
    QCOMPARE(loop.failures(), std::size_t(failedAtMs.size()));
}

void TestRetryLoop::beforeAttempt_data()
{
    QTest::addColumn<qint64>("atMs");
    QTest::addColumn<bool>("stopped");
    QTest::addColumn<QString>("expected");

    QTest::newRow("at the start") << qint64(0) << false << QString();
    QTest::newRow("just before the deadline") << qint64(99) << false << QString();
    QTest::newRow("at the deadline") << qint64(100) << false << u"deadline"_s;
    QTest::newRow("past the deadline") << qint64(500) << false << u"deadline"_s;
    QTest::newRow("stopped: cancelled comes first") << qint64(500) << true << u"cancelled"_s;
    QTest::newRow("stopped before the deadline") << qint64(0) << true << u"cancelled"_s;
}

void TestRetryLoop::beforeAttempt()
{
    QFETCH(qint64, atMs);
    QFETCH(bool, stopped);
    QFETCH(QString, expected);
    std::stop_source stop;
    if (stopped)
        stop.request_stop();
    const RetryLoop loop(redislock::linearBackoff(10ms), Context(stop.get_token()), 100ms, start);
    const auto said = loop.beforeAttempt(start + milliseconds(atMs));
    QCOMPARE(said ? stopName(*said) : QString(), expected);
}

void TestRetryLoop::cutShortOnlyByTheCallersDeadline()
{
    // The now + ttl default bounds retrying, not the I/O of an attempt: an error after it is the
    // error, not a deadline that cut it short.
    const RetryLoop byTtl(redislock::noRetry(), Context(), 100ms, start);
    QVERIFY(!byTtl.cutShort(start + 500ms));
    QCOMPARE(byTtl.beforeAttempt(start + 500ms), std::optional(RetryStop::deadline));

    const RetryLoop byCaller(redislock::noRetry(), Context::withDeadline(start + 100ms), 10s,
                             start);
    QVERIFY(!byCaller.cutShort(start + 99ms));
    QCOMPARE(byCaller.cutShort(start + 100ms), std::optional(RetryStop::deadline));

    std::stop_source stop;
    const RetryLoop stoppable(redislock::noRetry(), Context(stop.get_token()), 10s, start);
    QVERIFY(!stoppable.cutShort(start));
    stop.request_stop();
    QCOMPARE(stoppable.cutShort(start), std::optional(RetryStop::cancelled));
}

void TestRetryLoop::stopTokenCancels()
{
    // A wait of a minute, cut short by the stop token: wait() says cancelled as soon as it fires.
    std::stop_source stop;
    RetryLoop loop(redislock::linearBackoff(60s), Context(stop.get_token()), 10min);
    std::jthread stopper([&stop] {
        std::this_thread::sleep_for(50ms);
        stop.request_stop();
    });
    const auto began = RetryLoop::Clock::now();
    QCOMPARE(loop.wait(), std::optional(RetryStop::cancelled));
    QVERIFY(RetryLoop::Clock::now() - began < 30s);
    QCOMPARE(loop.beforeAttempt(), std::optional(RetryStop::cancelled));
}

void TestRetryLoop::waitSleepsOutTheDeadline()
{
    // The Go library waits on its context when the next attempt falls past the deadline, so
    // obtain() returns at the deadline, not earlier.
    const auto began = RetryLoop::Clock::now();
    RetryLoop loop(redislock::linearBackoff(10s), Context(), 60ms, began);
    QCOMPARE(loop.wait(), std::optional(RetryStop::deadline));
    QVERIFY(RetryLoop::Clock::now() >= began + 60ms);
}

void TestRetryLoop::waitStopsAtOnceWhenTheStrategyDoes()
{
    RetryLoop loop(redislock::limitRetry(redislock::linearBackoff(1ms), 1), Context(), 10min);
    QCOMPARE(loop.wait(), std::nullopt);
    const auto began = RetryLoop::Clock::now();
    QCOMPARE(loop.wait(), std::optional(RetryStop::strategy));
    QVERIFY(RetryLoop::Clock::now() - began < 10min);
}

void TestRetryLoop::streamsAreTheStrategysStreams()
{
    // A seeded jitter strategy: a loop with stream s draws what schedule(s) draws, and another
    // stream draws another sequence.
    const auto strategy = redislock::fullJitter(1ms, 1s, 42);
    for (const std::uint64_t stream : {std::uint64_t(0), std::uint64_t(7) << 32}) {
        auto reference = strategy.schedule(stream);
        RetryLoop loop(strategy, stream, Context(), 10h, start);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(loop.next(start).wait.count(), reference->next().count());
    }
    RetryLoop one(strategy, 1, Context(), 10h, start);
    RetryLoop two(strategy, 2, Context(), 10h, start);
    bool differ = false;
    for (int i = 0; i < 5; ++i)
        differ = differ || one.next(start).wait != two.next(start).wait;
    QVERIFY(differ);
}

void TestRetryLoop::afterSaturates()
{
    QCOMPARE(RetryLoop::after(start, nanoseconds::max()), RetryLoop::Clock::time_point::max());
    QCOMPARE(RetryLoop::after(start, 5ms), start + 5ms);
    QCOMPARE(RetryLoop::after(start, -5ms), start);
    // A ttl of centuries: the deadline is the clock's end, not a time in the past.
    const RetryLoop loop(redislock::linearBackoff(1ms), Context(), nanoseconds::max(), start);
    QCOMPARE(loop.deadline(), RetryLoop::Clock::time_point::max());
    QVERIFY(!loop.beforeAttempt(start));
}

void TestRetryLoop::describeNamesEachStop()
{
    QVERIFY(redislock::describe(RetryStop::strategy) == "the retry strategy gave up");
    QVERIFY(redislock::describe(RetryStop::deadline) == "the deadline passed");
    QVERIFY(redislock::describe(RetryStop::cancelled) == "it was cancelled");
}

QTEST_GUILESS_MAIN(TestRetryLoop)
#include "tst_retryloop.moc"
