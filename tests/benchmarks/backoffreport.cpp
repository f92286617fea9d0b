// backoffreport: the measurements behind docs/backoff.md. The AWS Architecture Blog's
// "Exponential Backoff and Jitter" comparison (work = Redis calls per acquisition, time =
// completion time), measured against a real redis-server instead of simulated: 16 and 64
// clients, the Go library's linear and exponential backoff against full, equal and decorrelated
// jitter with the same base and cap. Two experiments:
//   once    the blog's set-up: every client wants the lock once; a batch ends when the last
//           client has had it (a retry loop of its own here, over the harness's contenders)
//   steady  the contention harness (redislock::harness): clients want the lock again as soon as
//           they released it; a run ends after a fixed number of acquisitions
//
//   backoffreport [--out DIR] [--repeat R] [--batches B] [--acquisitions N] [--clients 16,64]
//
// It starts its own redis-server on a free loopback port, runs everything R times with fixed
// seeds, and writes to DIR (default docs/backoff): results.json (every run, the settings, the
// machine), tables.md (median and min-max over the repetitions, Markdown) and the charts (*.png,
// rendered off screen: no display needed). Build with optimisation.

#include "qcustomplotinclude.h"
#include "sandbox/sandboxserver.h"

#include <redislock/duration.h>
#include <redislock/harness/harness.h>
#include <redislock/retrystrategy.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QTextStream>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <functional>
#include <latch>
#include <map>
#include <thread>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using redislock::RetryStrategy;
using std::chrono::nanoseconds;
namespace harness = redislock::harness;

namespace {

// A jitter strategy whose every schedule gets its own seed, drawn from a seeded counter.
// A seeded redislock jitter strategy hands the SAME seed to every schedule, so all clients of a
// harness run would draw the same waits and jitter would de-synchronise nothing; a random one
// is not reproducible. This is both: the set of seeds is fixed (which client draws which one
// depends on thread timing).
class PerScheduleSeed final : public RetryStrategy::Description
{
public:
    using Make = std::function<RetryStrategy(std::optional<std::uint64_t>)>;
    PerScheduleSeed(Make make, std::uint64_t seed)
        : make_(std::move(make)), name_(make_({}).describe()), next_(seed)
    {}
    std::unique_ptr<redislock::Backoff> makeSchedule() const override
    {
        return make_(next_.fetch_add(1, std::memory_order_relaxed)).schedule();
    }
    std::string describe() const override { return name_; }

private:
    Make make_;
    std::string name_;
    mutable std::atomic<std::uint64_t> next_;
};

struct StrategyInfo
{
    QString label; // chart category
    std::function<RetryStrategy(std::uint64_t seed)> make;
};

std::vector<StrategyInfo> strategies(nanoseconds linear, nanoseconds base, nanoseconds cap)
{
    const auto seeded = [](auto jitter, nanoseconds b, nanoseconds c) {
        return [jitter, b, c](std::uint64_t seed) {
            return RetryStrategy(std::make_shared<PerScheduleSeed>(
                [jitter, b, c](std::optional<std::uint64_t> s) { return jitter(b, c, s); }, seed));
        };
    };
    const auto text = [](const RetryStrategy &strategy) {
        return QString::fromStdString(strategy.describe());
    };
    return {
        {text(redislock::linearBackoff(linear)),
         [linear](std::uint64_t) {
             return redislock::linearBackoff(linear);
         }},
        {text(redislock::exponentialBackoff(base, cap)),
         [base, cap](std::uint64_t) {
             return redislock::exponentialBackoff(base, cap);
         }},
        {text(redislock::fullJitter(base, cap)), seeded(&redislock::fullJitter, base, cap)},
        {text(redislock::equalJitter(base, cap)), seeded(&redislock::equalJitter, base, cap)},
        {text(redislock::decorrelatedJitter(base, cap)),
         seeded(&redislock::decorrelatedJitter, base, cap)},
    };
}

double ms(nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(file.readAll()).section(u' ', 0, 2);
}

QString redisVersion(const QString &program)
{
    QProcess process;
    process.start(program, {u"--version"_s});
    if (!process.waitForFinished(5000))
        return {};
    const QString out = QString::fromLatin1(process.readAllStandardOutput());
    const auto at = out.indexOf(u"v="_s);
    return at < 0 ? out.trimmed() : out.mid(at + 2).section(u' ', 0, 0);
}

// One measured quantity of a run, by name, for tables and charts.
struct Metric
{
    QString key;     // JSON name
    QString heading; // table column
    std::function<double(const harness::RunResult &)> value;
    int decimals;
};

const std::vector<Metric> &metrics()
{
    static const std::vector<Metric> all = {
        {u"calls_per_acquisition"_s, u"Redis calls / acquisition"_s,
         [](const harness::RunResult &r) { return r.callsPerAcquisition; }, 2},
        {u"completion_s"_s, u"completion time (s)"_s,
         [](const harness::RunResult &r) {
             return std::chrono::duration<double>(r.elapsed).count();
         },
         2},
        {u"completion_ms"_s, u"completion time (ms)"_s,
         [](const harness::RunResult &r) { return ms(r.elapsed); }, 0},
        {u"throughput_per_s"_s, u"acquisitions / s"_s,
         [](const harness::RunResult &r) { return r.throughputPerS; }, 0},
        {u"wait_p50_ms"_s, u"wait p50 (ms)"_s,
         [](const harness::RunResult &r) { return r.waitP50Ms; }, 1},
        {u"wait_p99_ms"_s, u"wait p99 (ms)"_s,
         [](const harness::RunResult &r) { return r.waitP99Ms; }, 1},
        {u"wait_max_ms"_s, u"wait max (ms)"_s,
         [](const harness::RunResult &r) { return r.waitMaxMs; }, 0},
        {u"fairness"_s, u"fairness (Jain)"_s,
         [](const harness::RunResult &r) { return r.fairness; }, 2},
        {u"gave_up_per_acquisition"_s, u"obtain calls given up / acquisition"_s,
         [](const harness::RunResult &r) {
             return r.acquisitions
                        ? static_cast<double>(r.gaveUp) / static_cast<double>(r.acquisitions)
                        : 0.0;
         },
         2},
    };
    return all;
}

struct Summary
{
    double median = 0, min = 0, max = 0;
};

Summary summarise(std::vector<double> values)
{
    if (values.empty())
        return {};
    std::ranges::sort(values);
    const std::size_t n = values.size();
    const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    return {median, values.front(), values.back()};
}

// results[clients][strategy index] = one RunResult per repetition.
using Results = std::map<std::size_t, std::vector<std::vector<harness::RunResult>>>;

Summary summary(const std::vector<harness::RunResult> &runs, const Metric &metric)
{
    std::vector<double> values;
    for (const auto &run : runs)
        values.push_back(metric.value(run));
    return summarise(values);
}

const Metric &metric(const QString &key)
{
    for (const Metric &m : metrics())
        if (m.key == key)
            return m;
    std::abort();
}

// Colours that read on white and stay apart for the colour-blind (Okabe-Ito).
const QColor seriesColours[] = {QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115),
                                QColor(204, 121, 167), QColor(86, 180, 233)};

struct Series
{
    QString name;
    std::vector<Summary> values; // one per category
};

// A figure as tables and bar labels show it: `decimals` places, but two significant digits for
// a small non-zero value, which would otherwise read as 0 or be rounded far off (0.05 as 0.1).
QString number(double value, int decimals)
{
    const QString fixed = QString::number(value, 'f', decimals);
    if (value > 0 && (fixed.toDouble() == 0 || (decimals < 2 && value < 1)))
        return QString::number(value, 'g', 2);
    return fixed;
}

// Grouped bars (median) with min-max whiskers and the median written above each bar.
bool barChart(const QString &file, const QString &title, const QString &subtitle,
              const QString &yLabel, const QStringList &categories,
              const std::vector<Series> &series, bool logScale, int decimals)
{
    QCustomPlot plot;
    plot.resize(1000, 560);
    plot.setBackground(Qt::white);
    plot.plotLayout()->insertRow(0);
    auto *heading = new QCPTextElement(&plot, title, QFont(u"Sans"_s, 13, QFont::Bold));
    plot.plotLayout()->addElement(0, 0, heading);
    plot.plotLayout()->insertRow(1);
    plot.plotLayout()->addElement(1, 0, new QCPTextElement(&plot, subtitle, QFont(u"Sans"_s, 9)));

    auto *group = new QCPBarsGroup(&plot);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(2);
    const double width = 0.8 / static_cast<double>(series.size());
    double top = 0;
    double bottom = std::numeric_limits<double>::max();
    std::vector<QCPBars *> allBars;
    for (std::size_t s = 0; s < series.size(); ++s) {
        auto *bars = new QCPBars(plot.xAxis, plot.yAxis);
        bars->setName(series[s].name);
        const QColor colour = seriesColours[s % std::size(seriesColours)];
        bars->setPen(QPen(colour.darker(130)));
        bars->setBrush(colour);
        bars->setWidth(width);
        bars->setBarsGroup(group);
        auto *whiskers = new QCPErrorBars(plot.xAxis, plot.yAxis);
        whiskers->removeFromLegend();
        whiskers->setDataPlottable(bars);
        whiskers->setPen(QPen(Qt::black, 1.2));
        whiskers->setWhiskerWidth(6);
        QVector<double> keys, values;
        QVector<double> minus, plus;
        for (qsizetype c = 0; c < categories.size(); ++c) {
            const Summary &v = series[s].values[static_cast<std::size_t>(c)];
            keys << static_cast<double>(c + 1);
            values << v.median;
            minus << v.median - v.min;
            plus << v.max - v.median;
            top = std::max(top, v.max);
            bottom = std::min(bottom, v.min);
        }
        bars->setData(keys, values);
        whiskers->setData(minus, plus);
        allBars.push_back(bars);
    }

    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (qsizetype c = 0; c < categories.size(); ++c)
        ticker->addTick(static_cast<double>(c + 1), categories[c]);
    plot.xAxis->setTicker(ticker);
    plot.xAxis->setTickLabelFont(QFont(u"Sans"_s, 9));
    plot.xAxis->setLabel(u"retry strategy"_s);
    plot.xAxis->setRange(0.4, static_cast<double>(categories.size()) + 0.6);
    plot.xAxis->grid()->setVisible(false);
    plot.yAxis->setLabel(yLabel);
    if (logScale) {
        plot.yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot.yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        plot.yAxis->setNumberFormat(u"gb"_s);
        const double lower = std::pow(10.0, std::floor(std::log10(std::max(bottom / 1.5, 1e-3))));
        plot.yAxis->setRange(lower, top * 4); // bars grow from 0: below the axis
    } else {
        plot.yAxis->setRange(0, top * 1.15);
    }
    // The legend in a row of its own under the axis rect, where no bar can hide behind it.
    plot.legend->setVisible(true);
    plot.legend->setFont(QFont(u"Sans"_s, 9));
    plot.legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot.axisRect()->insetLayout()->take(plot.legend);
    auto *legendRow = new QCPLayoutGrid;
    plot.plotLayout()->addElement(3, 0, legendRow);
    legendRow->setMargins(QMargins(5, 0, 5, 5));
    // Centred at its natural width: empty stretching cells either side.
    legendRow->addElement(0, 0, new QCPLayoutElement(&plot));
    legendRow->addElement(0, 1, plot.legend);
    legendRow->addElement(0, 2, new QCPLayoutElement(&plot));
    legendRow->setColumnStretchFactors({1, 0.001, 1});
    plot.plotLayout()->setRowStretchFactor(3, 0.001);

    // The median above each bar's whisker: the bars' pixel offsets need the final layout.
    plot.replot();
    for (std::size_t s = 0; s < series.size(); ++s) {
        for (qsizetype c = 0; c < categories.size(); ++c) {
            const Summary &v = series[s].values[static_cast<std::size_t>(c)];
            const double key = static_cast<double>(c + 1);
            // As QCPBarsGroup places them: side by side, `spacing` pixels apart, centred on the
            // key.
            const double barPixels =
                std::abs(plot.xAxis->coordToPixel(key + width) - plot.xAxis->coordToPixel(key));
            const double offset =
                (static_cast<double>(s) - static_cast<double>(series.size() - 1) / 2) *
                (barPixels + 2);
            auto *label = new QCPItemText(&plot);
            label->position->setType(QCPItemPosition::ptPlotCoords);
            label->position->setCoords(
                plot.xAxis->pixelToCoord(plot.xAxis->coordToPixel(key) + offset), v.max);
            label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
            label->setText(number(v.median, decimals));
            label->setFont(QFont(u"Sans"_s, 8));
            label->setPadding(QMargins(0, 0, 0, 3));
        }
    }
    if (!plot.savePng(file, 1000, 560, 1.0)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
        return false;
    }
    return true;
}

// The AWS blog's set-up: every client wants the lock ONCE. All start together; each retries
// with a fresh schedule (as Client::obtain does: a new obtain call, deadline now + ttl, when one
// gives up) until it has the lock, holds it, releases it and stops. A batch ends when the last
// client is done. The harness's own clients never stop wanting the lock, so this loop is here.
struct Batch
{
    std::uint64_t attempts = 0, notObtained = 0, errors = 0, releases = 0, lostLocks = 0,
                  gaveUp = 0;
    nanoseconds completion{0};
    std::vector<double> waitsMs;
    std::vector<harness::HoldInterval> holds;
};

Batch runBatch(std::vector<std::unique_ptr<harness::Contender>> &contenders,
               const RetryStrategy &strategy, const std::string &key, nanoseconds hold,
               nanoseconds ttl)
{
    using Clock = std::chrono::steady_clock;
    std::vector<Batch> perClient(contenders.size());
    std::latch go(1);
    Clock::time_point start;
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < contenders.size(); ++i)
            threads.emplace_back([&, i] {
                go.wait();
                Batch &mine = perClient[i];
                const redislock::Context context;
                for (;;) {
                    const auto deadline = Clock::now() + ttl;
                    const auto schedule = strategy.schedule();
                    bool acquired = false;
                    while (!acquired) {
                        ++mine.attempts;
                        const auto obtained = contenders[i]->tryObtain(key, ttl);
                        if (!obtained) {
                            ++mine.errors;
                            (void)context.sleepFor(10ms);
                            break;
                        }
                        if (*obtained) {
                            acquired = true;
                            break;
                        }
                        ++mine.notObtained;
                        const nanoseconds wait = schedule->next();
                        const auto wakeUp = Clock::now() + wait;
                        if (wait < nanoseconds(1) || wakeUp >= deadline) {
                            (void)context.sleepUntil(std::min(wakeUp, deadline));
                            ++mine.gaveUp;
                            break;
                        }
                        (void)context.sleepUntil(wakeUp);
                    }
                    if (!acquired)
                        continue;
                    const auto acquiredAt = Clock::now() - start;
                    mine.waitsMs.push_back(ms(acquiredAt));
                    (void)context.sleepFor(hold);
                    const auto releasedAt = Clock::now() - start;
                    mine.holds.push_back({static_cast<std::uint32_t>(i), acquiredAt, releasedAt});
                    ++mine.releases;
                    if (const auto released = contenders[i]->release(); !released)
                        ++mine.lostLocks;
                    mine.completion = Clock::now() - start;
                    return;
                }
            });
        start = Clock::now();
        go.count_down();
    }
    Batch total;
    for (const Batch &one : perClient) {
        total.attempts += one.attempts;
        total.notObtained += one.notObtained;
        total.errors += one.errors;
        total.releases += one.releases;
        total.lostLocks += one.lostLocks;
        total.gaveUp += one.gaveUp;
        total.completion = std::max(total.completion, one.completion);
        total.waitsMs.insert(total.waitsMs.end(), one.waitsMs.begin(), one.waitsMs.end());
        total.holds.insert(total.holds.end(), one.holds.begin(), one.holds.end());
    }
    return total;
}

// `batches` batches of one strategy, summed into a RunResult: calls per acquisition over all
// of them, `elapsed` the MEAN completion time of a batch, waits over every client of every batch.
harness::RunResult runOnce(std::vector<std::unique_ptr<harness::Contender>> &contenders,
                           const RetryStrategy &strategy, int batches, nanoseconds hold,
                           nanoseconds ttl)
{
    harness::RunResult result;
    result.strategy = strategy.describe();
    result.clients = contenders.size();
    result.complete = true;
    std::vector<double> waits;
    nanoseconds completion{0};
    for (int b = 0; b < batches; ++b) {
        Batch batch = runBatch(contenders, strategy, "lockscope:backoff-report-once", hold, ttl);
        result.acquisitions += batch.releases;
        result.attempts += batch.attempts;
        result.notObtained += batch.notObtained;
        result.errors += batch.errors;
        result.releases += batch.releases;
        result.lostLocks += batch.lostLocks;
        result.gaveUp += batch.gaveUp;
        completion += batch.completion;
        waits.insert(waits.end(), batch.waitsMs.begin(), batch.waitsMs.end());
        result.violations += harness::countOverlaps(std::move(batch.holds)).pairs;
    }
    result.redisCalls = result.attempts + result.releases;
    result.callsPerAcquisition =
        static_cast<double>(result.redisCalls) / static_cast<double>(result.acquisitions);
    result.elapsed = completion / batches;
    result.waitP50Ms = harness::percentile(waits, 50);
    result.waitP90Ms = harness::percentile(waits, 90);
    result.waitP99Ms = harness::percentile(waits, 99);
    result.waitMaxMs = harness::percentile(waits, 100);
    return result;
}

QJsonObject runJson(const harness::RunResult &run, int repetition, const QString &loadBefore,
                    const QString &loadAfter)
{
    QJsonObject o;
    o[u"strategy"_s] = QString::fromStdString(run.strategy);
    o[u"clients"_s] = static_cast<qint64>(run.clients);
    o[u"repetition"_s] = repetition;
    o[u"complete"_s] = run.complete;
    o[u"acquisitions"_s] = static_cast<qint64>(run.acquisitions);
    o[u"attempts"_s] = static_cast<qint64>(run.attempts);
    o[u"not_obtained"_s] = static_cast<qint64>(run.notObtained);
    o[u"errors"_s] = static_cast<qint64>(run.errors);
    o[u"releases"_s] = static_cast<qint64>(run.releases);
    o[u"lost_locks"_s] = static_cast<qint64>(run.lostLocks);
    o[u"gave_up"_s] = static_cast<qint64>(run.gaveUp);
    o[u"redis_calls"_s] = static_cast<qint64>(run.redisCalls);
    o[u"elapsed_ms"_s] = ms(run.elapsed);
    for (const Metric &m : metrics())
        o[m.key] = m.value(run);
    o[u"wait_p90_ms"_s] = run.waitP90Ms;
    o[u"violations"_s] = static_cast<qint64>(run.violations);
    o[u"max_holders"_s] = static_cast<qint64>(run.maxHolders);
    QJsonArray perClient;
    for (const auto count : run.perClientAcquisitions)
        perClient.append(static_cast<qint64>(count));
    o[u"per_client_acquisitions"_s] = perClient;
    o[u"load_average_before"_s] = loadBefore;
    o[u"load_average_after"_s] = loadAfter;
    if (!run.firstError.empty())
        o[u"first_error"_s] = QString::fromStdString(run.firstError);
    return o;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return false;
    }
    return true;
}

QString cell(const Summary &s, int decimals)
{
    const QString median = number(s.median, decimals);
    if (number(s.min, decimals) == number(s.max, decimals))
        return median;
    return median + u" ("_s + number(s.min, decimals) + u"–"_s + number(s.max, decimals) + u")"_s;
}

} // namespace

int main(int argc, char *argv[])
{
    // Charts are rendered off screen: no display needed.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures retry strategies under contention on a private redis-server and writes "
        "the charts, tables and JSON behind docs/backoff.md."_s);
    parser.addHelpOption();
    const QCommandLineOption outOption(u"out"_s, u"Output folder (default docs/backoff)."_s,
                                       u"dir"_s, u"docs/backoff"_s);
    const QCommandLineOption repeatOption(u"repeat"_s, u"Repetitions of every run (default 3)."_s,
                                          u"n"_s, u"3"_s);
    const QCommandLineOption acquisitionsOption(
        u"acquisitions"_s, u"Acquisitions per harness run (default 1500)."_s, u"n"_s, u"1500"_s);
    const QCommandLineOption batchesOption(
        u"batches"_s, u"Each-client-once batches per repetition (default 10)."_s, u"n"_s, u"10"_s);
    const QCommandLineOption clientsOption(
        u"clients"_s, u"Client counts, comma-separated (default 16,64)."_s, u"list"_s, u"16,64"_s);
    const QCommandLineOption holdOption(u"hold"_s, u"Hold time (default 1ms)."_s, u"d"_s, u"1ms"_s);
    const QCommandLineOption ttlOption(u"ttl"_s, u"Lock ttl and obtain deadline (default 1s)."_s,
                                       u"d"_s, u"1s"_s);
    const QCommandLineOption linearOption(u"linear"_s, u"Linear interval (default 1ms)."_s, u"d"_s,
                                          u"1ms"_s);
    const QCommandLineOption baseOption(
        u"base"_s, u"Exponential min and jitter base (default 4ms)."_s, u"d"_s, u"4ms"_s);
    const QCommandLineOption capOption(
        u"cap"_s, u"Exponential max and jitter cap (default 256ms)."_s, u"d"_s, u"256ms"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Base seed (default 1)."_s, u"n"_s, u"1"_s);
    const QCommandLineOption serverOption(u"redis-server"_s, u"The redis-server program."_s,
                                          u"path"_s, u"redis-server"_s);
    parser.addOptions({outOption, repeatOption, acquisitionsOption, batchesOption, clientsOption,
                       holdOption, ttlOption, linearOption, baseOption, capOption, seedOption,
                       serverOption});
    parser.process(app);

    const auto duration = [&](const QCommandLineOption &option) {
        auto parsed = redislock::parseDuration(parser.value(option).toStdString());
        if (!parsed) {
            std::fprintf(stderr, "--%s: %s\n", qPrintable(option.names().constFirst()),
                         parsed.error().message().c_str());
            std::exit(2);
        }
        return *parsed;
    };
    const auto count = [&](const QCommandLineOption &option) {
        bool ok = false;
        const qulonglong value = parser.value(option).toULongLong(&ok);
        if (!ok || value == 0) {
            std::fprintf(stderr, "--%s: a positive integer, please\n",
                         qPrintable(option.names().constFirst()));
            std::exit(2);
        }
        return static_cast<std::uint64_t>(value);
    };
    const QString out = parser.value(outOption);
    const auto repeat = static_cast<int>(count(repeatOption));
    const std::uint64_t acquisitions = count(acquisitionsOption);
    const auto batches = static_cast<int>(count(batchesOption));
    const nanoseconds hold = duration(holdOption);
    const nanoseconds ttl = duration(ttlOption);
    const nanoseconds linear = duration(linearOption);
    const nanoseconds base = duration(baseOption);
    const nanoseconds cap = duration(capOption);
    const std::uint64_t seed = count(seedOption);
    std::vector<std::size_t> clientCounts;
    for (const QString &part : parser.value(clientsOption).split(u',')) {
        bool ok = false;
        const uint value = part.trimmed().toUInt(&ok);
        if (!ok || value == 0) {
            std::fprintf(stderr, "--clients: positive integers separated by commas, please\n");
            return 2;
        }
        clientCounts.push_back(value);
    }
    if (!QDir().mkpath(out)) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(out));
        return 1;
    }

    SandboxServer::Options serverOptions;
    serverOptions.program = parser.value(serverOption).toStdString();
    auto server = SandboxServer::start(serverOptions);
    if (!server) {
        std::fprintf(stderr, "%s\n", server.error().message().c_str());
        return 3;
    }
    auto connection = redislock::ConnectionOptions::fromUrl((*server)->url());
    if (!connection) {
        std::fprintf(stderr, "%s\n", connection.error().message().c_str());
        return 3;
    }

    const std::vector<StrategyInfo> list = strategies(linear, base, cap);
    Results once;
    Results steady;
    QJsonArray onceJson;
    QJsonArray steadyJson;
    const auto started = std::chrono::steady_clock::now();
    const auto print = [](const char *experiment, int r, const harness::RunResult &run,
                          const QString &load) {
        std::printf("%-6s rep %d %3zu clients  %-24s %6.2f calls/acq  %8.1f ms  p50 %6.1f ms  "
                    "p99 %6.1f ms  fairness %.2f  gave up %llu  load %s\n",
                    experiment, r, run.clients, run.strategy.c_str(), run.callsPerAcquisition,
                    ms(run.elapsed), run.waitP50Ms, run.waitP99Ms, run.fairness,
                    static_cast<unsigned long long>(run.gaveUp), qPrintable(load));
        std::fflush(stdout);
    };
    for (int r = 0; r < repeat; ++r) {
        const std::uint64_t runSeed = seed * 1'000'000 + static_cast<std::uint64_t>(r) * 1000;
        for (const std::size_t clients : clientCounts) {
            // Each client once (the AWS blog's set-up), `batches` times per strategy.
            std::vector<std::unique_ptr<harness::Contender>> contenders;
            const harness::RedislockBackend backend;
            for (std::size_t i = 0; i < clients; ++i) {
                auto contender = backend.connect(*connection);
                if (!contender) {
                    std::fprintf(stderr, "%s\n", contender.error().message().c_str());
                    return 3;
                }
                contenders.push_back(std::move(*contender));
            }
            once[clients].resize(list.size());
            for (std::size_t s = 0; s < list.size(); ++s) {
                const QString loadBefore = loadAverage();
                const harness::RunResult run =
                    runOnce(contenders, list[s].make(runSeed), batches, hold, ttl);
                const QString loadAfter = loadAverage();
                print("once", r + 1, run, loadAfter);
                onceJson.append(runJson(run, r + 1, loadBefore, loadAfter));
                once[clients][s].push_back(run);
            }
            contenders.clear();

            // The harness: clients that want the lock again as soon as they released it.
            steady[clients].resize(list.size());
            // One harness per strategy, so that the load average brackets each run.
            for (std::size_t s = 0; s < list.size(); ++s) {
                harness::Settings settings;
                settings.connection = *connection;
                settings.key = "lockscope:backoff-report";
                settings.clients = clients;
                settings.strategies = {list[s].make(runSeed)};
                settings.hold = {hold, hold};
                settings.ttl = ttl;
                settings.acquisitions = acquisitions;
                settings.seed = runSeed;
                const QString loadBefore = loadAverage();
                const auto report = harness::Harness(settings).run();
                const QString loadAfter = loadAverage();
                if (!report || report->runs.size() != 1) {
                    std::fprintf(stderr, "run failed: %s\n",
                                 report ? "no result" : report.error().message().c_str());
                    return 3;
                }
                harness::RunResult run = report->runs.front();
                print("steady", r + 1, run, loadAfter);
                steadyJson.append(runJson(run, r + 1, loadBefore, loadAfter));
                run.attemptLog.clear(); // only the summary figures are kept
                run.holds.clear();
                run.waits.clear();
                steady[clients][s].push_back(std::move(run));
            }
        }
    }
    const double totalS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    QStringList categories;
    for (const StrategyInfo &info : list)
        categories << info.label;
    const QString version = redisVersion(parser.value(serverOption));
    const QString common =
        u"hold %1, ttl %2, redis-server %3 on the same 2-vCPU machine\nbar = median of %4 "
        "repetitions, whiskers = min–max"_s
            .arg(QString::fromStdString(redislock::formatDuration(hold)),
                 QString::fromStdString(redislock::formatDuration(ttl)), version)
            .arg(repeat);
    const QString onceSetup =
        u"Every client acquires once, %1 batches per repetition; "_s.arg(batches) + common;
    const QString steadySetup =
        u"Clients re-want the lock at once after releasing; %1 acquisitions per run; "_s.arg(
            acquisitions) +
        common;

    const auto seriesFor = [&](Results &results, const QString &key) {
        std::vector<Series> series;
        for (const std::size_t clients : clientCounts) {
            Series one{u"%1 clients"_s.arg(clients), {}};
            for (const auto &runs : results[clients])
                one.values.push_back(summary(runs, metric(key)));
            series.push_back(std::move(one));
        }
        return series;
    };
    // Every chart is attempted; a chart that cannot be written fails the program at the end.
    bool written = true;
    const auto chart = [&written](auto &&...arguments) {
        if (!barChart(std::forward<decltype(arguments)>(arguments)...))
            written = false;
    };
    chart(out + u"/once-calls-per-acquisition.png"_s,
          u"Work: Redis calls per acquisition, each client once (lower is better)"_s, onceSetup,
          u"Redis calls per acquisition (obtain attempts + release), log scale"_s, categories,
          seriesFor(once, u"calls_per_acquisition"_s), true, 1);
    chart(out + u"/once-completion-time.png"_s,
          u"Time: until the last client is done, each client once (lower is better)"_s, onceSetup,
          u"completion time of a batch (ms, mean over batches)"_s, categories,
          seriesFor(once, u"completion_ms"_s), false, 0);
    chart(out + u"/steady-calls-per-acquisition.png"_s,
          u"Work: Redis calls per acquisition, clients re-wanting the lock (lower is better)"_s,
          steadySetup, u"Redis calls per acquisition (obtain attempts + release), log scale"_s,
          categories, seriesFor(steady, u"calls_per_acquisition"_s), true, 1);
    chart(
        out + u"/steady-completion-time.png"_s,
        u"Time: %1 acquisitions, clients re-wanting the lock (lower is better)"_s.arg(acquisitions),
        steadySetup, u"completion time (s)"_s, categories, seriesFor(steady, u"completion_s"_s),
        false, 2);
    chart(out + u"/steady-fairness.png"_s,
          u"Fairness: Jain's index over acquisitions per client (1 = equal shares)"_s, steadySetup,
          u"Jain's fairness index"_s, categories, seriesFor(steady, u"fairness"_s), false, 2);
    for (const std::size_t clients : clientCounts) {
        for (auto [name, results, setup] : {std::tuple{u"once"_s, &once, onceSetup},
                                            std::tuple{u"steady"_s, &steady, steadySetup}}) {
            std::vector<Series> waits;
            for (const QString &key : {u"wait_p50_ms"_s, u"wait_p99_ms"_s}) {
                Series one{key == u"wait_p50_ms"_s ? u"p50"_s : u"p99"_s, {}};
                for (const auto &runs : (*results)[clients])
                    one.values.push_back(summary(runs, metric(key)));
                waits.push_back(std::move(one));
            }
            chart(out + u"/%1-wait-%2-clients.png"_s.arg(name).arg(clients),
                  u"Wait from wanting the lock to holding it, %1 clients (%2)"_s.arg(clients).arg(
                      name == u"once"_s ? u"each client once"_s : u"clients re-wanting the lock"_s),
                  setup, u"wait (ms, log scale)"_s, categories, waits, true, 1);
        }
    }

    // Markdown tables: one per experiment and client count, median (min–max) over repetitions.
    QString tables;
    QTextStream md(&tables);
    md << "<!-- written by tests/benchmarks/backoffreport -->\n";
    const auto table = [&](const QString &title, const QString &setup, Results &results,
                           const QStringList &keys) {
        md << "\n### " << title << "\n\n" << QString(setup).replace(u'\n', u"; "_s) << ".\n";
        for (const std::size_t clients : clientCounts) {
            md << "\n#### " << clients << " clients\n\n| strategy |";
            for (const QString &key : keys)
                md << ' ' << metric(key).heading << " |";
            md << " violations |\n|---|";
            for (qsizetype i = 0; i <= keys.size(); ++i)
                md << "--:|";
            md << '\n';
            for (std::size_t s = 0; s < list.size(); ++s) {
                const auto &runs = results[clients][s];
                md << "| `" << list[s].label << "` |";
                for (const QString &key : keys)
                    md << ' ' << cell(summary(runs, metric(key)), metric(key).decimals) << " |";
                std::uint64_t violations = 0;
                for (const auto &run : runs)
                    violations += run.violations;
                md << ' ' << violations << " |\n";
            }
        }
    };
    table(u"Each client once"_s, onceSetup, once,
          {u"calls_per_acquisition"_s, u"completion_ms"_s, u"wait_p50_ms"_s, u"wait_p99_ms"_s,
           u"wait_max_ms"_s, u"gave_up_per_acquisition"_s});
    table(u"Clients re-wanting the lock (the harness)"_s, steadySetup, steady,
          {u"calls_per_acquisition"_s, u"completion_s"_s, u"throughput_per_s"_s, u"wait_p50_ms"_s,
           u"wait_p99_ms"_s, u"wait_max_ms"_s, u"fairness"_s, u"gave_up_per_acquisition"_s});
    md.flush();

    QJsonObject settingsJson{
        {u"batches_per_repetition"_s, batches},
        {u"acquisitions_per_steady_run"_s, static_cast<qint64>(acquisitions)},
        {u"repetitions"_s, repeat},
        {u"hold"_s, QString::fromStdString(redislock::formatDuration(hold))},
        {u"ttl"_s, QString::fromStdString(redislock::formatDuration(ttl))},
        {u"seed"_s, static_cast<qint64>(seed)},
        {u"strategies"_s, QJsonArray::fromStringList(categories)},
    };
    QJsonArray clientsJson;
    for (const std::size_t clients : clientCounts)
        clientsJson.append(static_cast<qint64>(clients));
    settingsJson[u"clients"_s] = clientsJson;
    const QJsonObject machine{
        {u"redis_server"_s, version},
        {u"cpus"_s, static_cast<int>(std::thread::hardware_concurrency())},
        {u"kernel"_s, QSysInfo::kernelVersion()},
        {u"os"_s, QSysInfo::prettyProductName()},
    };
    const QJsonObject document{
        {u"settings"_s, settingsJson},
        {u"machine"_s, machine},
        {u"written"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {u"total_s"_s, totalS},
        {u"once"_s, onceJson},
        {u"steady"_s, steadyJson},
    };
    if (!writeFile(out + u"/results.json"_s, QJsonDocument(document).toJson()) ||
        !writeFile(out + u"/tables.md"_s, tables.toUtf8()) || !written)
        return 1;
    std::printf("\n%s\nwritten to %s in %.0f s\n", qPrintable(tables), qPrintable(out), totalS);
    return 0;
}
