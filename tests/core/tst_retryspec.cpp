// The retry SPEC grammar shared by lockctl and the inspector: what parses, what it means, and
// the one-line errors for what does not.

#include <redislock/duration.h>
#include <redislock/retryspec.h>

#include <QTest>

#include <chrono>

using namespace std::chrono_literals;

class TestRetrySpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAndDescribes_data();
    void parsesAndDescribes();
    void firstWaits_data();
    void firstWaits();
    void rejects_data();
    void rejects();
    void durations_data();
    void durations();
};

void TestRetrySpec::parsesAndDescribes_data()
{
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QByteArray>("described");
    QTest::newRow("none") << QByteArray("none") << QByteArray("none");
    QTest::newRow("none()") << QByteArray("none()") << QByteArray("none");
    QTest::newRow("linear") << QByteArray("linear(100ms)") << QByteArray("linear(100ms)");
    QTest::newRow("linear 0 is none") << QByteArray("linear(0)") << QByteArray("none");
    QTest::newRow("linear in seconds")
        << QByteArray("linear(1.5s)") << QByteArray("linear(1500ms)");
    QTest::newRow("exponential") << QByteArray("exponential(16ms,1s)")
                                 << QByteArray("exponential(16ms,1s)");
    QTest::newRow("blanks") << QByteArray("  exponential( 16ms , 1s )  ")
                            << QByteArray("exponential(16ms,1s)");
    QTest::newRow("upper case") << QByteArray("Exponential(16ms,1s)")
                                << QByteArray("exponential(16ms,1s)");
    QTest::newRow("limit") << QByteArray("limit(exponential(16ms,1s),5)")
                           << QByteArray("limit(exponential(16ms,1s),5)");
    QTest::newRow("nested limit") << QByteArray("limit(limit(linear(1ms),3),2)")
                                  << QByteArray("limit(limit(linear(1ms),3),2)");
    QTest::newRow("limit 0") << QByteArray("limit(linear(10ms),0)")
                             << QByteArray("limit(linear(10ms),0)");
    QTest::newRow("fulljitter") << QByteArray("fulljitter(16ms,1s)")
                                << QByteArray("fulljitter(16ms,1s)");
    QTest::newRow("equaljitter") << QByteArray("equaljitter(16ms,1s)")
                                 << QByteArray("equaljitter(16ms,1s)");
    QTest::newRow("decorrelated") << QByteArray("decorrelated(16ms,1s)")
                                  << QByteArray("decorrelated(16ms,1s)");
    QTest::newRow("seeded") << QByteArray("fulljitter(16ms,1s,42)")
                            << QByteArray("fulljitter(16ms,1s,42)");
    QTest::newRow("minutes") << QByteArray("linear(2m)") << QByteArray("linear(2m)");
    QTest::newRow("microseconds") << QByteArray("linear(250us)") << QByteArray("linear(250us)");
    QTest::newRow("notify") << QByteArray("notify(exponential(1ms,50ms))")
                            << QByteArray("notify(exponential(1ms,50ms))");
    QTest::newRow("notify nested once")
        << QByteArray("notify( notify(linear(5ms)) )") << QByteArray("notify(linear(5ms))");
    QTest::newRow("limit of notify")
        << QByteArray("limit(notify(linear(5ms)),3)") << QByteArray("limit(notify(linear(5ms)),3)");
}

void TestRetrySpec::parsesAndDescribes()
{
    QFETCH(QByteArray, spec);
    QFETCH(QByteArray, described);
    auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    QVERIFY2(strategy, strategy ? "" : strategy.error().message().c_str());
    QCOMPARE(QByteArray::fromStdString(strategy->describe()), described);
    QCOMPARE(strategy->waitsForRelease(), described.contains("notify("));
    // What describe() prints parses back to the same strategy.
    auto again = redislock::parseRetryStrategy(strategy->describe());
    QVERIFY(again);
    QCOMPARE(again->describe(), strategy->describe());
}

void TestRetrySpec::firstWaits_data()
{
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QList<qint64>>("waitsMs"); // 0 ends the schedule
    QTest::newRow("none") << QByteArray("none") << QList<qint64>{0};
    QTest::newRow("linear") << QByteArray("linear(7ms)") << QList<qint64>{7, 7, 7, 7};
    QTest::newRow("exponential") << QByteArray("exponential(0,0)")
                                 << QList<qint64>{4, 8, 16, 32, 64};
    QTest::newRow("exponential bounded")
        << QByteArray("exponential(10ms,40ms)") << QList<qint64>{10, 10, 16, 32, 40, 40};
    QTest::newRow("limit") << QByteArray("limit(linear(5ms),2)") << QList<qint64>{5, 5, 0, 0};
    // notify() keeps the inner strategy's waits as the bound of each wait.
    QTest::newRow("notify") << QByteArray("notify(limit(linear(5ms),2))")
                            << QList<qint64>{5, 5, 0, 0};
}

void TestRetrySpec::firstWaits()
{
    QFETCH(QByteArray, spec);
    QFETCH(QList<qint64>, waitsMs);
    auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    QVERIFY(strategy);
    const auto schedule = strategy->schedule();
    for (const qint64 expected : waitsMs) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(schedule->next());
        QCOMPARE(wait.count(), expected);
    }
}

void TestRetrySpec::rejects_data()
{
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QByteArray>("mentions");
    QTest::newRow("empty") << QByteArray("") << QByteArray("expected none");
    QTest::newRow("unknown") << QByteArray("fibonacci(1ms)") << QByteArray("unknown strategy");
    QTest::newRow("missing paren") << QByteArray("linear 5ms") << QByteArray("expected (");
    QTest::newRow("unclosed") << QByteArray("linear(5ms") << QByteArray("expected , or )");
    QTest::newRow("no unit") << QByteArray("linear(5)") << QByteArray("missing unit");
    QTest::newRow("bad unit") << QByteArray("linear(5weeks)") << QByteArray("unknown unit");
    QTest::newRow("negative") << QByteArray("linear(-5ms)") << QByteArray("negative");
    QTest::newRow("too many") << QByteArray("linear(5ms,6ms)")
                              << QByteArray("wrong number of arguments");
    QTest::newRow("too few") << QByteArray("exponential(5ms)")
                             << QByteArray("wrong number of arguments");
    QTest::newRow("limit without count")
        << QByteArray("limit(linear(5ms))") << QByteArray("retry count");
    QTest::newRow("limit negative")
        << QByteArray("limit(linear(5ms),-1)") << QByteArray("retry count");
    QTest::newRow("limit not a number")
        << QByteArray("limit(linear(5ms),x)") << QByteArray("retry count");
    QTest::newRow("trailing text") << QByteArray("none x") << QByteArray("unexpected text");
    QTest::newRow("notify of none") << QByteArray("notify(none)") << QByteArray("SPEC that waits");
    QTest::newRow("notify unclosed")
        << QByteArray("notify(linear(5ms)") << QByteArray("to close notify(");
    QTest::newRow("notify empty") << QByteArray("notify()") << QByteArray("expected none");
    QTest::newRow("bad seed") << QByteArray("fulljitter(1ms,1s,abc)") << QByteArray("seed");
    QTest::newRow("zero base") << QByteArray("fulljitter(0,1s)") << QByteArray("base above 0");
    QTest::newRow("seed on linear")
        << QByteArray("linear(1ms,1ms,1)") << QByteArray("wrong number of arguments");
    // Both bounds given, in the wrong order: refused, not silently reordered or rewritten.
    QTest::newRow("exponential min above max")
        << QByteArray("exponential(1s,1ms)") << QByteArray("MIN at most MAX");
    QTest::newRow("fulljitter cap 0")
        << QByteArray("fulljitter(1s,0)") << QByteArray("CAP at least BASE");
    QTest::newRow("equaljitter cap below base")
        << QByteArray("equaljitter(100ms,10ms)") << QByteArray("CAP at least BASE");
    QTest::newRow("decorrelated cap below base")
        << QByteArray("decorrelated(2s,1s,7)") << QByteArray("CAP at least BASE");
    QTest::newRow("limit(exponential) min above max")
        << QByteArray("limit(exponential(2s,1s),3)") << QByteArray("MIN at most MAX");
    QTest::newRow("duration too large")
        << QByteArray("linear(2562048h)") << QByteArray("too large");
}

void TestRetrySpec::durations_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("ns"); // -1: refused

    const QByteArray nines(5000, '9');
    QTest::newRow("500ms") << QByteArray("500ms") << qint64(500'000'000);
    QTest::newRow("1.5s") << QByteArray("1.5s") << qint64(1'500'000'000);
    QTest::newRow("1m30s") << QByteArray("1m30s") << qint64(90'000'000'000);
    QTest::newRow(".25us") << QByteArray(".25us") << qint64(250);
    QTest::newRow("0.1ns: below a nanosecond") << QByteArray("0.1ns") << qint64(0);
    // Exact: a floating-point sum made 0.3s 299999999ns, and thousands of digits NaN.
    QTest::newRow("0.3s exactly") << QByteArray("0.3s") << qint64(300'000'000);
    QTest::newRow("5,000 fraction digits") << "1." + nines + "s" << qint64(1'999'999'999);
    QTest::newRow("5,000 fraction digits of hours")
        << "0." + nines + "h" << qint64(3'599'999'999'999);
    QTest::newRow("the largest") << QByteArray("9223372036854775807ns")
                                 << qint64(9223372036854775807);
    QTest::newRow("one past the largest") << QByteArray("9223372036854775808ns") << qint64(-1);
    QTest::newRow("2562048h") << QByteArray("2562048h") << qint64(-1);
    QTest::newRow("a sum past the largest") << QByteArray("2562047h2562047h") << qint64(-1);
    QTest::newRow("5,000 digits of whole part") << nines + "s" << qint64(-1);
    QTest::newRow("two points") << QByteArray("1.2.3s") << qint64(-1);
}

void TestRetrySpec::durations()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, ns);
    const auto parsed = redislock::parseDuration(text.toStdString());
    if (ns < 0) {
        QVERIFY2(!parsed, qPrintable(QString::number(parsed ? parsed->count() : 0)));
        QVERIFY(parsed.error() == redislock::Errc::invalidArgument);
        QVERIFY(parsed.error().message().size() < 300); // quotes the text cut short
        return;
    }
    QVERIFY2(parsed, parsed ? "" : parsed.error().message().c_str());
    QCOMPARE(qint64(parsed->count()), ns);
}

void TestRetrySpec::rejects()
{
    QFETCH(QByteArray, spec);
    QFETCH(QByteArray, mentions);
    auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    QVERIFY(!strategy);
    QVERIFY(strategy.error() == redislock::Errc::invalidArgument);
    const auto message = QByteArray::fromStdString(strategy.error().message());
    QVERIFY2(message.contains(mentions), message.constData());
    QVERIFY2(message.contains("\"" + spec + "\""), "the message quotes the spec");
    QVERIFY(!message.contains('\n'));
}

QTEST_GUILESS_MAIN(TestRetrySpec)
#include "tst_retryspec.moc"
