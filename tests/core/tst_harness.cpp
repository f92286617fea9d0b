// The contention harness engine against a real redis-server: its counts agree
// with what the server saw (a fence counter, INFO commandstats), runs end when they should,
// cancelling works, the statistics are right, and its violation check, which is independent of
// the lock, catches a deliberately broken lock while the real one gives 0.

#include "support/closedport.h"
#include "support/rawredis.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/harness/attemptcsv.h>
#include <redislock/harness/harness.h>
#include <redislock/retryspec.h>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <optional>
#include <sstream>

using namespace lockscope::test;
using namespace std::chrono_literals;
using namespace redislock::harness;

namespace {

// SET without NX: every attempt "acquires", so holders overlap. Released with a plain DEL.
class SetWithoutNxBackend final : public LockBackend
{
    class Broken final : public Contender
    {
    public:
        explicit Broken(redislock::Client client) : client_(std::move(client)) {}
        std::expected<bool, redislock::Error> tryObtain(const std::string &key,
                                                        std::chrono::nanoseconds ttl) override
        {
            key_ = key;
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count();
            auto reply = client_.command({"SET", key, "broken", "PX", std::to_string(ms)});
            if (!reply)
                return std::unexpected(reply.error());
            return reply->type == redislock::Reply::Type::status;
        }
        std::expected<void, redislock::Error> release() override
        {
            auto reply = client_.command({"DEL", key_});
            if (!reply)
                return std::unexpected(reply.error());
            return {};
        }

    private:
        redislock::Client client_;
        std::string key_;
    };

public:
    std::expected<std::unique_ptr<Contender>, redislock::Error>
    connect(const redislock::ConnectionOptions &connection) const override
    {
        return std::make_unique<Broken>(redislock::Client(connection));
    }
};

redislock::RetryStrategy strategyOf(const QString &spec)
{
    auto strategy = redislock::parseRetryStrategy(spec.toStdString());
    if (!strategy)
        qFatal("bad spec in test data: %s", qPrintable(spec));
    return *strategy;
}

// "calls" of one command in INFO commandstats; 0 when it was never called.
qint64 commandCalls(RawRedis &raw, const QString &command)
{
    const RawReply info = raw.command({"INFO", "commandstats"});
    const QRegularExpression line(u"cmdstat_"_qs + command + u":calls=(\\d+)"_qs);
    const auto match = line.match(QString::fromUtf8(info.str));
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

QByteArray describe(const RunResult &run)
{
    return QStringLiteral("%1: %2 acquisitions, %3 attempts (%4 not obtained, %5 errors), %6 "
                          "releases, %7 violations, first error: %8")
        .arg(QString::fromStdString(run.strategy))
        .arg(run.acquisitions)
        .arg(run.attempts)
        .arg(run.notObtained)
        .arg(run.errors)
        .arg(run.releases)
        .arg(run.violations)
        .arg(QString::fromStdString(run.firstError))
        .toUtf8();
}

} // namespace

class TestHarness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void countsMatchTheServer_data();
    void countsMatchTheServer();
    void durationBoundedRunEndsInTime();
    void strategiesRunInTurnWithProgress();
    void notifyWaitsForTheRelease();
    void cancelling();
    void violationCheck_data();
    void violationCheck();
    void holdBeyondTheTtlIsAViolation();
    void connectionFailure();
    void invalidSettings_data();
    void invalidSettings();

    void percentiles_data();
    void percentiles();
    void fairness_data();
    void fairness();
    void overlaps_data();
    void overlaps();
    void holdTime_data();
    void holdTime();
    void attemptCsv();

private:
    [[nodiscard]] Settings settings(std::size_t clients, const QStringList &specs) const;

    std::optional<RedisServer> server_;
};

void TestHarness::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
}

Settings TestHarness::settings(std::size_t clients, const QStringList &specs) const
{
    Settings settings;
    settings.connection =
        redislock::ConnectionOptions::fromUrl(server_->url().toStdString()).value();
    settings.key = uniqueKey();
    settings.clients = clients;
    for (const QString &spec : specs)
        settings.strategies.push_back(strategyOf(spec));
    settings.hold = {0ms, 1ms};
    settings.ttl = 2s;
    settings.seed = 42;
    return settings;
}

void TestHarness::countsMatchTheServer_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("clients");
    QTest::addColumn<int>("acquisitions");
    QTest::newRow("none") << u"none"_qs << 4 << 30;
    QTest::newRow("linear") << u"linear(1ms)"_qs << 4 << 40;
    QTest::newRow("exponential") << u"exponential(1ms,8ms)"_qs << 4 << 30;
    QTest::newRow("limit") << u"limit(linear(1ms),2)"_qs << 4 << 30;
    QTest::newRow("fulljitter") << u"fulljitter(1ms,8ms)"_qs << 8 << 40;
    QTest::newRow("equaljitter") << u"equaljitter(1ms,8ms,7)"_qs << 4 << 30;
    QTest::newRow("decorrelated") << u"decorrelated(1ms,8ms)"_qs << 8 << 40;
    QTest::newRow("one client") << u"linear(1ms)"_qs << 1 << 20;
}

void TestHarness::countsMatchTheServer()
{
    QFETCH(QString, spec);
    QFETCH(int, clients);
    QFETCH(int, acquisitions);

    Settings settings = this->settings(static_cast<std::size_t>(clients), {spec});
    settings.acquisitions = static_cast<std::uint64_t>(acquisitions);
    redislock::Options lockOptions;
    lockOptions.fenceKey = uniqueKey("fence");
    const Harness harness(settings, std::make_shared<RedislockBackend>(lockOptions));

    // Load the scripts first, so that the counts below have no NOSCRIPT fallback in them.
    RawRedis raw = server_->rawClient();
    {
        const redislock::Client warmUp(settings.connection);
        auto lock = warmUp.obtain(uniqueKey("warm-up"), 1s);
        QVERIFY(lock);
        QVERIFY(lock->release());
    }
    QCOMPARE(raw.command({"CONFIG", "RESETSTAT"}).str, QByteArray("OK"));

    const auto report = harness.run();
    QVERIFY2(report, report ? "" : report.error().message().c_str());
    QVERIFY(!report->cancelled);
    QCOMPARE(report->runs.size(), 1u);
    const RunResult &run = report->runs.front();
    QVERIFY2(run.complete, describe(run));
    QCOMPARE(run.strategy, strategyOf(spec).describe());
    QCOMPARE(run.clients, static_cast<std::size_t>(clients));

    // Exactly N, and the server minted exactly N fence tokens.
    QCOMPARE(run.acquisitions, static_cast<std::uint64_t>(acquisitions));
    QCOMPARE(raw.get(QByteArray::fromStdString(lockOptions.fenceKey)),
             std::optional(QByteArray::number(acquisitions)));
    QVERIFY2(!raw.exists(QByteArray::fromStdString(settings.key)), "the last holder released");

    // Attempts add up, in the counters and in the log.
    QCOMPARE(run.errors, 0u);
    QCOMPARE(run.attempts, run.acquisitions + run.notObtained + run.errors);
    QCOMPARE(run.attemptLog.size(), run.attempts);
    std::uint64_t acquired = 0;
    for (const Attempt &attempt : run.attemptLog) {
        QVERIFY(attempt.client < static_cast<std::uint32_t>(clients));
        QVERIFY(attempt.start <= attempt.end);
        QVERIFY(attempt.end <= run.elapsed);
        acquired += attempt.outcome == AttemptOutcome::acquired ? 1 : 0;
    }
    QCOMPARE(acquired, run.acquisitions);
    QVERIFY(std::ranges::is_sorted(run.attemptLog, {}, &Attempt::start));

    // Every obtain attempt and every release is one EVALSHA on the server, nothing else.
    QCOMPARE(run.releases, run.acquisitions);
    QCOMPARE(run.redisCalls, run.attempts + run.releases);
    QCOMPARE(commandCalls(raw, u"evalsha"_qs), static_cast<qint64>(run.redisCalls));
    QCOMPARE(commandCalls(raw, u"eval"_qs), 0);
    QCOMPARE(run.callsPerAcquisition,
             static_cast<double>(run.redisCalls) / static_cast<double>(run.acquisitions));

    std::uint64_t perClient = 0;
    for (const std::uint64_t n : run.perClientAcquisitions)
        perClient += n;
    QCOMPARE(perClient, run.acquisitions);
    QCOMPARE(run.perClientAcquisitions.size(), static_cast<std::size_t>(clients));
    QCOMPARE(run.waits.size(), run.acquisitions);
    QCOMPARE(run.holds.size(), run.acquisitions);
    QVERIFY(run.waitP50Ms <= run.waitP90Ms && run.waitP90Ms <= run.waitP99Ms &&
            run.waitP99Ms <= run.waitMaxMs);
    QVERIFY(run.fairness > 0 && run.fairness <= 1.0);
    QVERIFY(run.throughputPerS > 0);
    QCOMPARE(run.violations, 0u);
    QCOMPARE(run.maxHolders, 1u);
    QCOMPARE(run.lostLocks, 0u);
}

void TestHarness::durationBoundedRunEndsInTime()
{
    Settings settings = this->settings(4, {u"linear(1ms)"_qs});
    settings.duration = 300ms;
    settings.hold = {1ms, 3ms};
    const Harness harness(settings);
    QElapsedTimer timer;
    timer.start();
    const auto report = harness.run();
    const auto wall = std::chrono::milliseconds(timer.elapsed());
    QVERIFY(report);
    const RunResult &run = report->runs.front();
    QVERIFY2(run.complete, describe(run));
    // It ends at the duration, plus at most a hold that was under way and a round trip.
    QVERIFY2(run.elapsed >= 300ms, qPrintable(QString::number(run.elapsed.count())));
    QVERIFY2(run.elapsed < 300ms + 3ms + 200ms, qPrintable(QString::number(run.elapsed.count())));
    QVERIFY(wall < 1500ms);
    QVERIFY(run.acquisitions > 10);
    QCOMPARE(run.violations, 0u);
    QCOMPARE(run.releases, run.acquisitions);
    QVERIFY(!server_->rawClient().exists(QByteArray::fromStdString(settings.key)));
}

void TestHarness::strategiesRunInTurnWithProgress()
{
    const QStringList specs{u"linear(1ms)"_qs, u"fulljitter(1ms,4ms)"_qs, u"none"_qs};
    Settings settings = this->settings(3, specs);
    settings.acquisitions = 25;
    settings.progressInterval = 5ms;
    const Harness harness(settings);

    std::vector<Progress> reports;
    std::vector<std::string> finished;
    Observer observer;
    observer.progress = [&](const Progress &progress) {
        reports.push_back(progress);
    };
    observer.runFinished = [&](const RunResult &run) {
        finished.push_back(run.strategy);
    };
    const auto report = harness.run({}, observer);
    QVERIFY(report);
    QCOMPARE(report->runs.size(), 3u);
    QCOMPARE(finished.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        QCOMPARE(report->runs[i].strategy, strategyOf(specs[int(i)]).describe());
        QCOMPARE(finished[i], report->runs[i].strategy);
        QCOMPARE(report->runs[i].acquisitions, 25u);
    }
    // Progress comes in run order; each run's newAttempts add up to its attempt log, and its
    // last report says the whole run is done.
    std::vector<std::uint64_t> delivered(3, 0);
    std::size_t previousRun = 0;
    for (const Progress &progress : reports) {
        QVERIFY(progress.run >= previousRun);
        previousRun = progress.run;
        QCOMPARE(progress.runs, 3u);
        QVERIFY(progress.fraction >= 0 && progress.fraction <= 1);
        delivered[progress.run] += progress.newAttempts.size();
    }
    for (std::size_t i = 0; i < 3; ++i)
        QCOMPARE(delivered[i], report->runs[i].attempts);
    QCOMPARE(reports.back().fraction, 1.0);
    QCOMPARE(reports.back().acquisitions, 25u);
}

void TestHarness::notifyWaitsForTheRelease()
{
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("Egx");
    RedisServer events(options);
    QVERIFY2(events.start(), qPrintable(events.errorString()));
    Settings settings = this->settings(4, {u"linear(1ms)"_qs, u"notify(linear(1s))"_qs});
    settings.connection = redislock::ConnectionOptions::fromUrl(events.url().toStdString()).value();
    settings.hold = {5ms, 5ms};
    settings.acquisitions = 40;
    const Harness harness(settings);
    RawRedis raw = events.rawClient();
    {
        // The scripts loaded first, so that the counts below have no NOSCRIPT fallback in them.
        const redislock::Client warmUp(settings.connection);
        auto lock = warmUp.obtain(uniqueKey("warm-up"), 1s);
        QVERIFY(lock);
        QVERIFY(lock->release());
    }
    QCOMPARE(raw.command({"CONFIG", "RESETSTAT"}).str, QByteArray("OK"));

    const auto report = harness.run();
    QVERIFY2(report, report ? "" : report.error().message().c_str());
    QCOMPARE(report->runs.size(), 2u);
    const RunResult &linear = report->runs[0];
    const RunResult &notify = report->runs[1];
    for (const RunResult *run : {&linear, &notify}) {
        QVERIFY2(run->complete, describe(*run));
        QCOMPARE(run->acquisitions, 40u);
        QCOMPARE(run->errors, 0u);
        QCOMPARE(run->violations, 0u);
        QCOMPARE(run->attempts, run->acquisitions + run->notObtained);
    }
    QCOMPARE(notify.strategy, "notify(linear(1s))");
    // The harness counts every request the server ran (the subscription is no script call).
    QCOMPARE(commandCalls(raw, u"evalsha"_qs) + commandCalls(raw, u"eval"_qs),
             static_cast<qint64>(linear.redisCalls + notify.redisCalls));
    qInfo("linear(1ms): %s; notify(linear(1s)): %s", describe(linear).constData(),
          describe(notify).constData());
    // Each client waits for the release instead of polling: fewer failed attempts. (Every
    // client has a Client, so a subscription, of its own, as separate processes would: one
    // release wakes one waiter in each.)
    QVERIFY2(notify.notObtained < linear.notObtained, describe(notify));
    QVERIFY2(notify.callsPerAcquisition < linear.callsPerAcquisition, describe(notify));
    // Woken by the releases: no acquisition needed the strategy's 1 s wait.
    QVERIFY2(notify.waitP50Ms < 500, describe(notify));
}

void TestHarness::cancelling()
{
    Settings settings = this->settings(4, {u"linear(1ms)"_qs, u"none"_qs});
    settings.duration = 60s;
    settings.hold = {20ms, 20ms};
    settings.progressInterval = 10ms;
    const Harness harness(settings);

    std::stop_source stop;
    Observer observer;
    observer.progress = [&](const Progress &progress) {
        if (progress.acquisitions >= 3)
            stop.request_stop();
    };
    QElapsedTimer timer;
    timer.start();
    const auto report = harness.run(redislock::Context(stop.get_token()), observer);
    QVERIFY(report);
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY(report->cancelled);
    QCOMPARE(report->runs.size(), 1u); // the second strategy never started
    const RunResult &run = report->runs.front();
    QVERIFY(!run.complete);
    QVERIFY(run.acquisitions >= 3);
    QCOMPARE(run.releases, run.acquisitions);
    QCOMPARE(run.violations, 0u);
    QVERIFY2(!server_->rawClient().exists(QByteArray::fromStdString(settings.key)),
             "a holder cut short still releases");

    // Cancelled before it starts: nothing runs.
    stop = std::stop_source();
    stop.request_stop();
    const auto none = harness.run(redislock::Context(stop.get_token()));
    QVERIFY(none);
    QVERIFY(none->cancelled);
    QVERIFY(none->runs.empty());
}

void TestHarness::violationCheck_data()
{
    QTest::addColumn<bool>("broken");
    QTest::newRow("redislock") << false;
    QTest::newRow("SET without NX") << true;
}

void TestHarness::violationCheck()
{
    QFETCH(bool, broken);
    Settings settings = this->settings(4, {u"linear(1ms)"_qs});
    settings.acquisitions = 40;
    settings.hold = {2ms, 2ms};
    std::shared_ptr<const LockBackend> backend;
    if (broken)
        backend = std::make_shared<SetWithoutNxBackend>();
    const Harness harness(settings, backend);
    const auto report = harness.run();
    QVERIFY(report);
    const RunResult &run = report->runs.front();
    QVERIFY2(run.complete, describe(run));
    if (broken) {
        QVERIFY2(run.violations > 0, describe(run));
        QVERIFY(run.maxHolders > 1);
        QCOMPARE(run.notObtained, 0u); // it never says no
    } else {
        QCOMPARE(run.violations, 0u);
        QCOMPARE(run.maxHolders, 1u);
        QVERIFY(run.notObtained > 0); // four clients did contend
    }
}

void TestHarness::holdBeyondTheTtlIsAViolation()
{
    // Holding longer than the ttl: the lock expires under its holder and another client takes
    // it. That is two holders at once from the application's point of view, and the check
    // says so; the late release finds the lock gone.
    Settings settings = this->settings(3, {u"linear(2ms)"_qs});
    settings.acquisitions = 6;
    settings.hold = {60ms, 60ms};
    settings.ttl = 20ms;
    const auto report = Harness(settings).run();
    QVERIFY(report);
    const RunResult &run = report->runs.front();
    QVERIFY2(run.violations > 0, describe(run));
    QVERIFY2(run.lostLocks > 0, describe(run));
    QVERIFY(run.gaveUp > 0); // obtain calls that hit their now + ttl deadline
}

void TestHarness::connectionFailure()
{
    Settings settings = this->settings(2, {u"none"_qs});
    settings.acquisitions = 1;
    settings.connection.port = closedLoopbackPort();
    settings.connection.connectTimeout = 1s;
    const auto report = Harness(settings).run();
    QVERIFY(!report);
    QVERIFY(report.error() == redislock::Errc::connectionFailed);
}

void TestHarness::invalidSettings_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    for (const auto &[field, message] : std::initializer_list<std::pair<QString, QString>>{
             {u"clients"_qs, u"at least one client"_qs},
             {u"strategies"_qs, u"at least one retry strategy"_qs},
             {u"key"_qs, u"key"_qs},
             {u"ttl"_qs, u"ttl"_qs},
             {u"hold"_qs, u"hold time"_qs},
             {u"both limits"_qs, u"exactly one"_qs},
             {u"no limit"_qs, u"exactly one"_qs},
         })
        QTest::newRow(qPrintable(field)) << field << message;
}

void TestHarness::invalidSettings()
{
    QFETCH(QString, field);
    QFETCH(QString, message);
    Settings settings = this->settings(2, {u"none"_qs});
    settings.acquisitions = 5;
    if (field == u"clients")
        settings.clients = 0;
    else if (field == u"strategies")
        settings.strategies.clear();
    else if (field == u"key")
        settings.key.clear();
    else if (field == u"ttl")
        settings.ttl = 500us;
    else if (field == u"hold")
        settings.hold = {5ms, 1ms};
    else if (field == u"both limits")
        settings.duration = 1s;
    else if (field == u"no limit")
        settings.acquisitions = 0;
    const auto report = Harness(settings).run();
    QVERIFY(!report);
    QVERIFY(report.error() == redislock::Errc::invalidArgument);
    QVERIFY2(QString::fromStdString(report.error().message()).contains(message),
             report.error().message().c_str());
    QVERIFY(!server_->rawClient().exists(QByteArray::fromStdString(settings.key)));
}

void TestHarness::percentiles_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("p");
    QTest::addColumn<double>("expected");
    QList<double> oneToTen;
    QList<double> oneToHundred;
    for (int i = 1; i <= 100; ++i) {
        if (i <= 10)
            oneToTen << i;
        oneToHundred << i;
    }
    QTest::newRow("empty") << QList<double>{} << 50.0 << 0.0;
    QTest::newRow("one value, p50") << QList<double>{7} << 50.0 << 7.0;
    QTest::newRow("one value, p99") << QList<double>{7} << 99.0 << 7.0;
    QTest::newRow("four, p50: the lower middle") << QList<double>{4, 1, 3, 2} << 50.0 << 2.0;
    QTest::newRow("1..10, p50") << oneToTen << 50.0 << 5.0;
    QTest::newRow("1..10, p90") << oneToTen << 90.0 << 9.0;
    QTest::newRow("1..10, p91") << oneToTen << 91.0 << 10.0;
    QTest::newRow("1..10, p99") << oneToTen << 99.0 << 10.0;
    QTest::newRow("1..100, p99") << oneToHundred << 99.0 << 99.0;
    QTest::newRow("1..100, p1") << oneToHundred << 1.0 << 1.0;
    QTest::newRow("unsorted, p100") << QList<double>{5, 9, 1} << 100.0 << 9.0;
    QTest::newRow("repeated") << QList<double>{2, 2, 2, 8} << 75.0 << 2.0;
}

void TestHarness::percentiles()
{
    QFETCH(QList<double>, values);
    QFETCH(double, p);
    QFETCH(double, expected);
    QCOMPARE(percentile(std::vector<double>(values.begin(), values.end()), p), expected);
}

void TestHarness::fairness_data()
{
    QTest::addColumn<QList<quint64>>("shares");
    QTest::addColumn<double>("expected");
    QTest::newRow("no clients") << QList<quint64>{} << 0.0;
    QTest::newRow("nothing acquired") << QList<quint64>{0, 0, 0} << 0.0;
    QTest::newRow("one client") << QList<quint64>{5} << 1.0;
    QTest::newRow("equal") << QList<quint64>{3, 3, 3, 3} << 1.0;
    QTest::newRow("one of four got all") << QList<quint64>{8, 0, 0, 0} << 0.25;
    QTest::newRow("one of two got all") << QList<quint64>{10, 0} << 0.5;
    QTest::newRow("1,2,3: 36/42") << QList<quint64>{1, 2, 3} << 36.0 / 42.0;
    QTest::newRow("two of four share") << QList<quint64>{5, 5, 0, 0} << 0.5;
}

void TestHarness::fairness()
{
    QFETCH(QList<quint64>, shares);
    QFETCH(double, expected);
    const std::vector<std::uint64_t> values(shares.begin(), shares.end());
    QCOMPARE(jainFairness(values), expected);
}

void TestHarness::overlaps_data()
{
    QTest::addColumn<QList<qint64>>("bounds"); // start, end pairs in ns
    QTest::addColumn<quint64>("pairs");
    QTest::addColumn<qint64>("maxHolders");
    QTest::newRow("none") << QList<qint64>{} << quint64(0) << qint64(0);
    QTest::newRow("one") << QList<qint64>{0, 10} << quint64(0) << qint64(1);
    QTest::newRow("apart") << QList<qint64>{0, 10, 20, 30} << quint64(0) << qint64(1);
    QTest::newRow("touching: a hand-over within one tick")
        << QList<qint64>{0, 10, 10, 20, 20, 30} << quint64(0) << qint64(1);
    QTest::newRow("overlap by one ns") << QList<qint64>{0, 11, 10, 20} << quint64(1) << qint64(2);
    QTest::newRow("nested") << QList<qint64>{0, 100, 10, 20, 30, 40} << quint64(2) << qint64(2);
    QTest::newRow("three at once")
        << QList<qint64>{0, 50, 10, 60, 20, 70} << quint64(3) << qint64(3);
    QTest::newRow("unsorted input") << QList<qint64>{20, 30, 0, 25} << quint64(1) << qint64(2);
}

void TestHarness::overlaps()
{
    QFETCH(QList<qint64>, bounds);
    QFETCH(quint64, pairs);
    QFETCH(qint64, maxHolders);
    std::vector<HoldInterval> intervals;
    for (qsizetype i = 0; i + 1 < bounds.size(); i += 2)
        intervals.push_back({static_cast<std::uint32_t>(i / 2), std::chrono::nanoseconds(bounds[i]),
                             std::chrono::nanoseconds(bounds[i + 1])});
    const Overlaps found = countOverlaps(intervals);
    QCOMPARE(found.pairs, pairs);
    QCOMPARE(static_cast<qint64>(found.maxHolders), maxHolders);
}

void TestHarness::holdTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("minNs");
    QTest::addColumn<qint64>("maxNs");
    QTest::addColumn<QString>("describe");
    QTest::newRow("fixed") << u"5ms"_qs << true << qint64(5'000'000) << qint64(5'000'000)
                           << u"5ms"_qs;
    QTest::newRow("zero") << u"0"_qs << true << qint64(0) << qint64(0) << u"0s"_qs;
    QTest::newRow("range") << u"1ms..10ms"_qs << true << qint64(1'000'000) << qint64(10'000'000)
                           << u"1ms..10ms"_qs;
    QTest::newRow("mixed units") << u"500us..1s"_qs << true << qint64(500'000)
                                 << qint64(1'000'000'000) << u"500us..1s"_qs;
    QTest::newRow("reversed") << u"10ms..1ms"_qs << false << qint64(0) << qint64(0) << QString();
    QTest::newRow("no unit") << u"10"_qs << false << qint64(0) << qint64(0) << QString();
    QTest::newRow("open range") << u"1ms.."_qs << false << qint64(0) << qint64(0) << QString();
    QTest::newRow("empty") << QString() << false << qint64(0) << qint64(0) << QString();
}

void TestHarness::holdTime()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, minNs);
    QFETCH(qint64, maxNs);
    QFETCH(QString, describe);
    const auto hold = parseHoldTime(text.toStdString());
    QCOMPARE(hold.has_value(), valid);
    if (!valid) {
        QVERIFY(hold.error() == redislock::Errc::invalidArgument);
        return;
    }
    QCOMPARE(hold->min.count(), minNs);
    QCOMPARE(hold->max.count(), maxNs);
    QCOMPARE(QString::fromStdString(hold->describe()), describe);
}

void TestHarness::attemptCsv()
{
    RunResult first;
    first.strategy = "exponential(16ms,1s)";
    first.attemptLog = {{0, 0ns, 1'234'567ns, AttemptOutcome::notObtained},
                        {2, 5ms, 6ms, AttemptOutcome::acquired}};
    RunResult second;
    second.strategy = "none";
    second.attemptLog = {{1, 1us, 2us, AttemptOutcome::error}};
    const std::vector<RunResult> runs{first, second};
    std::ostringstream out;
    writeAttemptCsv(out, runs);
    QCOMPARE(QString::fromStdString(out.str()),
             u"strategy,client,start_ms,end_ms,outcome\n"
             "\"exponential(16ms,1s)\",0,0.000,1.234,not-obtained\n"
             "\"exponential(16ms,1s)\",2,5.000,6.000,acquired\n"
             "none,1,0.001,0.002,error\n"_qs);
}

QTEST_GUILESS_MAIN(TestHarness)
#include "tst_harness.moc"
