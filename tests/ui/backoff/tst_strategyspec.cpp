// StrategySpec: the Backoff lab form's strategy, written as SPEC text and read back, including
// the jitter seed; text the form cannot hold is told apart from text that does not parse.

#include "backoff/strategyspec.h"

#include <redislock/retryspec.h>

#include <QTest>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using Kind = StrategySpec::Kind;

Q_DECLARE_METATYPE(StrategySpec)

namespace {

StrategySpec make(Kind kind, std::chrono::nanoseconds first = 16ms,
                  std::chrono::nanoseconds second = 1s, std::optional<std::uint64_t> seed = {})
{
    StrategySpec spec;
    spec.kind = kind;
    spec.first = first;
    spec.second = second;
    spec.seed = seed;
    return spec;
}

StrategySpec limited(StrategySpec inner, int retries)
{
    inner.inner = inner.kind;
    inner.kind = Kind::limit;
    inner.maxRetries = retries;
    return inner;
}

} // namespace

class TestStrategySpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
    void fromText_data();
    void fromText();
    void notForTheForm_data();
    void notForTheForm();
};

void TestStrategySpec::text_data()
{
    QTest::addColumn<StrategySpec>("spec");
    QTest::addColumn<QString>("text");

    QTest::newRow("none") << make(Kind::none) << u"none"_s;
    QTest::newRow("linear") << make(Kind::linear, 100ms) << u"linear(100ms)"_s;
    QTest::newRow("exponential") << make(Kind::exponential) << u"exponential(16ms,1s)"_s;
    QTest::newRow("exponential, no max")
        << make(Kind::exponential, 0ns, 0ns) << u"exponential(0s,0s)"_s;
    QTest::newRow("limit of linear")
        << limited(make(Kind::linear, 100ms), 10) << u"limit(linear(100ms),10)"_s;
    QTest::newRow("fulljitter, no seed") << make(Kind::fullJitter) << u"fulljitter(16ms,1s)"_s;
    QTest::newRow("equaljitter, seed 42")
        << make(Kind::equalJitter, 16ms, 1s, 42) << u"equaljitter(16ms,1s,42)"_s;
    QTest::newRow("limit of decorrelated, seeded")
        << limited(make(Kind::decorrelated, 1500us, 2min, 7), 3)
        << u"limit(decorrelated(1500us,2m,7),3)"_s;
    QTest::newRow("a seed on a kind without one is left out")
        << make(Kind::exponential, 16ms, 1s, 9) << u"exponential(16ms,1s)"_s;
}

void TestStrategySpec::text()
{
    QFETCH(StrategySpec, spec);
    QFETCH(QString, text);
    QCOMPARE(spec.text(), text);
    // Whatever the form writes, the core parses.
    QVERIFY(redislock::parseRetryStrategy(text.toStdString()));
}

void TestStrategySpec::fromText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<StrategySpec>("spec");

    QTest::newRow("none") << u"none"_s << make(Kind::none);
    QTest::newRow("noretry()") << u"noretry()"_s << make(Kind::none);
    QTest::newRow("linear") << u"linear(100ms)"_s << make(Kind::linear, 100ms);
    QTest::newRow("blanks and capitals")
        << u"  Exponential( 0.5s , 2s )"_s << make(Kind::exponential, 500ms, 2s);
    QTest::newRow("limit") << u"limit(exponential(16ms,1s),5)"_s
                           << limited(make(Kind::exponential), 5);
    QTest::newRow("seeded jitter")
        << u"fulljitter(16ms,1s,42)"_s << make(Kind::fullJitter, 16ms, 1s, 42);
    QTest::newRow("limit of seeded jitter") << u"limit(decorrelated(10ms,1m30s,3),4)"_s
                                            << limited(make(Kind::decorrelated, 10ms, 90s, 3), 4);
}

void TestStrategySpec::fromText()
{
    QFETCH(QString, text);
    QFETCH(StrategySpec, spec);
    const auto read = StrategySpec::fromText(text);
    QVERIFY(read);
    QCOMPARE(read->kind, spec.kind);
    QCOMPARE(read->waitKind(), spec.waitKind());
    QCOMPARE(read->first, spec.first);
    if (StrategySpec::durationCount(spec.waitKind()) == 2)
        QCOMPARE(read->second, spec.second);
    if (spec.kind == Kind::limit)
        QCOMPARE(read->maxRetries, spec.maxRetries);
    QCOMPARE(read->seed, spec.seed);
    // And back: the text names the same strategy.
    QCOMPARE(StrategySpec::fromText(read->text())->text(), read->text());
}

void TestStrategySpec::notForTheForm_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("parses");
    QTest::newRow("a limit inside a limit") << u"limit(limit(linear(1ms),5),3)"_s << true;
    QTest::newRow("a missing argument") << u"exponential(16ms)"_s << false;
    QTest::newRow("an unknown kind") << u"fibonacci(1ms)"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestStrategySpec::notForTheForm()
{
    QFETCH(QString, text);
    QFETCH(bool, parses);
    QCOMPARE(bool(redislock::parseRetryStrategy(text.toStdString())), parses);
    QVERIFY(!StrategySpec::fromText(text));
}

QTEST_APPLESS_MAIN(TestStrategySpec)
#include "tst_strategyspec.moc"
