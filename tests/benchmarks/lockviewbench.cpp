// lockviewbench: the locks view with 100,000 live locks.
//
// Builds the real LocksWidget offscreen and feeds it as the session does: pages of snapshots
// (locksFound), PTTL re-syncs (ttlsResynced) and removals (keyRemoved), emitted from another
// thread and delivered through queued connections. Measures, on the GUI thread:
// - the time to list all locks, and the longest event-loop stall while listing;
// - idle ticking (countdown only): tick cost, longest stall, CPU;
// - live ticking (a re-sync of every key each second, refreshes, expiries, new holders);
// - filtering and re-sorting 100,000 rows; peak RSS.
// The stall is the largest gap between two runs of a 1 ms timer, minus the 1 ms.
// Prints a JSON report and writes it to --output. A benchmark, not a test: it asserts nothing.

#include "benchmeasures.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <thread>

using namespace Qt::StringLiterals;
using namespace benchmeasures;

Q_DECLARE_METATYPE(KeyRemoval)

namespace {

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Stands in for InspectorSession's signals; emitted from the producer thread.
class Feeder : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void locksFound(const QList<LockSnapshot> &locks);
    void ttlsResynced(const QList<TtlSample> &samples);
    void keyRemoved(const QByteArray &key, KeyRemoval reason);
};

struct FakeLock
{
    LockSnapshot snapshot;
    qint64 leaseMs = 0;
    qint64 deadlineMs = 0; // producer's steady clock
    bool stuck = false;
};

QByteArray randomToken(QRandomGenerator &random)
{
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QByteArray token(22, Qt::Uninitialized);
    for (char &c : token)
        c = alphabet[random.bounded(64)];
    return token;
}

FakeLock makeLock(int i, QRandomGenerator &random, qint64 now)
{
    FakeLock lock;
    const int service = i % 24;
    lock.snapshot.key = "svc-" + QByteArray::number(service).rightJustified(2, '0') +
                        ":orders:" + QByteArray::number(i).rightJustified(6, '0');
    const QByteArray metadata = R"({"service":"svc-)" + QByteArray::number(service) +
                                R"(","host":"web-)" + QByteArray::number(i % 17) + R"(","pid":)" +
                                QByteArray::number(1000 + i % 5000) + "}";
    lock.snapshot.value = randomToken(random) + metadata;
    lock.snapshot.valueSize = lock.snapshot.value.size();
    lock.snapshot.format = redislock::LockFormat::redislock;
    lock.snapshot.tokenLength = 22;
    lock.stuck = random.bounded(100) == 0;
    lock.leaseMs = 5000 + random.bounded(115'000);
    lock.deadlineMs = now + lock.leaseMs;
    lock.snapshot.ttlMs = lock.stuck ? -1 : lock.leaseMs;
    return lock;
}

enum class Phase
{
    generating, // the producer makes its locks; not measured
    ready,
    listing,
    idle,
    live,
    stop
};

// The producer: lists every lock in pages, then (in the live phase) re-syncs all TTLs once a
// second in pages, refreshes a few, lets expired ones go and lists their new holders.
void produce(Feeder *feeder, int count, int pageSize, std::atomic<Phase> *phase)
{
    QRandomGenerator random(42);
    std::vector<FakeLock> locks;
    locks.reserve(std::size_t(count));
    const qint64 start = steadyMs();
    for (int i = 0; i < count; ++i)
        locks.push_back(makeLock(i, random, start));
    *phase = Phase::ready;
    while (*phase == Phase::ready)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (int first = 0; first < count; first += pageSize) {
        QList<LockSnapshot> page;
        const int last = std::min(count, first + pageSize);
        page.reserve(last - first);
        for (int i = first; i < last; ++i) {
            FakeLock &lock = locks[std::size_t(i)];
            if (!lock.stuck)
                lock.snapshot.ttlMs = std::max<qint64>(lock.deadlineMs - steadyMs(), 0);
            page.append(lock.snapshot);
        }
        Q_EMIT feeder->locksFound(page);
    }
    while (*phase != Phase::live && *phase != Phase::stop)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    while (*phase == Phase::live) {
        const qint64 roundStart = steadyMs();
        QList<LockSnapshot> newHolders;
        for (int first = 0; first < count; first += pageSize) {
            QList<TtlSample> samples;
            const int last = std::min(count, first + pageSize);
            samples.reserve(last - first);
            const qint64 now = steadyMs();
            for (int i = first; i < last; ++i) {
                FakeLock &lock = locks[std::size_t(i)];
                if (lock.stuck) {
                    samples.append({lock.snapshot.key, -1});
                    continue;
                }
                if (random.bounded(100) < 2) // its holder refreshed it
                    lock.deadlineMs = now + lock.leaseMs;
                const qint64 ttl = lock.deadlineMs - now;
                if (ttl <= 0) {
                    Q_EMIT feeder->keyRemoved(lock.snapshot.key, KeyRemoval::expired);
                    const QByteArray key = lock.snapshot.key;
                    lock = makeLock(i, random, now);
                    lock.snapshot.key = key;
                    newHolders.append(lock.snapshot);
                    continue;
                }
                samples.append({lock.snapshot.key, ttl});
            }
            Q_EMIT feeder->ttlsResynced(samples);
        }
        // The new holders show up a little later, as a keyspace event's re-read would.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (!newHolders.isEmpty())
            Q_EMIT feeder->locksFound(newHolders);
        const qint64 spent = steadyMs() - roundStart;
        if (spent < 1000)
            std::this_thread::sleep_for(std::chrono::milliseconds(1000 - spent));
    }
}

// Runs the event loop for `ms`, driving the countdown from a 100 ms timer and timing each tick
// (tick() emits synchronously: the proxy and the view do their part inside it; painting comes
// after, and counts in the stalls).
QJsonObject tickFor(LockTableModel *model, StallMonitor &stalls, int ms)
{
    stalls.reset();
    const double guiCpu = threadCpuSeconds();
    const double processCpu = processCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    double tickTotalMs = 0;
    double tickMaxMs = 0;
    int ticks = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(100);
    QObject::connect(&ticker, &QTimer::timeout, model, [&] {
        QElapsedTimer t;
        t.start();
        model->tick();
        const double spent = double(t.nsecsElapsed()) / 1e6;
        tickTotalMs += spent;
        tickMaxMs = std::max(tickMaxMs, spent);
        ++ticks;
    });
    ticker.start();
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    ticker.stop();
    const double seconds = double(wall.elapsed()) / 1000.0;
    QJsonObject report = stalls.report();
    report[u"seconds"_s] = std::round(seconds * 100) / 100;
    report[u"ticks"_s] = ticks;
    report[u"tick_mean_ms"_s] = ticks ? std::round(tickTotalMs / ticks * 100) / 100 : 0.0;
    report[u"tick_max_ms"_s] = std::round(tickMaxMs * 100) / 100;
    report[u"gui_thread_cpu_percent"_s] =
        std::round((threadCpuSeconds() - guiCpu) / seconds * 1000) / 10;
    report[u"process_cpu_percent"_s] =
        std::round((processCpuSeconds() - processCpu) / seconds * 1000) / 10;
    report[u"rows"_s] = model->rowCount();
    return report;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The locks view with many live locks, offscreen."_s);
    parser.addHelpOption();
    const QCommandLineOption locksOption(u"locks"_s, u"Number of locks (100000)."_s, u"N"_s,
                                         u"100000"_s);
    const QCommandLineOption pageOption(u"page"_s, u"Snapshots per page (1000)."_s, u"N"_s,
                                        u"1000"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Seconds of each ticking phase (10)."_s,
                                           u"S"_s, u"10"_s);
    const QCommandLineOption sortOption(u"sort"_s, u"Sort column while listing: key, ttl, none."_s,
                                        u"COLUMN"_s, u"key"_s);
    const QCommandLineOption outputOption(u"output"_s, u"Where to write the JSON report."_s,
                                          u"FILE"_s, u"lockviewbench.json"_s);
    parser.addOptions({locksOption, pageOption, secondsOption, sortOption, outputOption});
    parser.process(app);
    const int count = parser.value(locksOption).toInt();
    const int pageSize = std::max(1, parser.value(pageOption).toInt());
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const QString sort = parser.value(sortOption);

    const qint64 rssStartKb = statusKb("VmRSS:");
    LocksWidget widget;
    LockTableModel *model = widget.model();
    model->setTickInterval(0); // tickFor() drives and times the ticks
    widget.resize(1400, 900);
    if (sort == u"ttl")
        widget.view()->sortByColumn(LockTableModel::TtlColumn, Qt::AscendingOrder);
    else if (sort == u"none")
        widget.view()->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    widget.show();
    QCoreApplication::processEvents();

    Feeder feeder;
    QObject::connect(&feeder, &Feeder::locksFound, model, &LockTableModel::upsert,
                     Qt::QueuedConnection);
    QObject::connect(&feeder, &Feeder::ttlsResynced, model, &LockTableModel::applyTtls,
                     Qt::QueuedConnection);
    QObject::connect(&feeder, &Feeder::keyRemoved, model, &LockTableModel::markRemoved,
                     Qt::QueuedConnection);

    StallMonitor stalls;
    std::atomic<Phase> phase{Phase::generating};
    QJsonObject report{{u"locks"_s, count},
                       {u"page_size"_s, pageSize},
                       {u"sort"_s, sort},
                       {u"qt"_s, QString::fromLatin1(qVersion())},
#ifdef NDEBUG
                       {u"build"_s, u"release"_s}
#else
                       {u"build"_s, u"debug"_s}
#endif
    };

    std::thread producer(produce, &feeder, count, pageSize, &phase);
    while (phase != Phase::ready)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    QCoreApplication::processEvents();

    // Listing: from the first page sent until every row is in and painted.
    stalls.reset();
    const double guiCpu = threadCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    phase = Phase::listing;
    // Listed: every row in the model; sorted: the proxy's deferred re-sort done too.
    double listedMs = -1;
    {
        QEventLoop loop;
        QTimer poll;
        poll.setInterval(1);
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (listedMs < 0 && model->rowCount() >= count)
                listedMs = double(wall.nsecsElapsed()) / 1e6;
            if (listedMs >= 0 && !widget.proxy()->resortPending())
                loop.quit();
        });
        poll.start();
        loop.exec();
    }
    const double sortedMs = double(wall.nsecsElapsed()) / 1e6;
    QCoreApplication::processEvents(); // the paint of the full table
    QJsonObject listing = stalls.report();
    listing[u"time_to_list_ms"_s] = std::round(listedMs);
    listing[u"time_to_sorted_ms"_s] = std::round(sortedMs);
    listing[u"time_to_list_and_paint_ms"_s] = std::round(double(wall.nsecsElapsed()) / 1e6);
    listing[u"gui_thread_cpu_s"_s] = std::round((threadCpuSeconds() - guiCpu) * 100) / 100;
    listing[u"rss_kb"_s] = statusKb("VmRSS:");
    report[u"listing"_s] = listing;

    // Something selected, as a user would have: the detail pane follows the ticks.
    widget.view()->selectRow(0);

    phase = Phase::idle;
    report[u"idle_ticking"_s] = tickFor(model, stalls, seconds * 1000);
    // The same without the stall monitor: the CPU that ticking 100,000 countdowns costs.
    stalls.setRunning(false);
    QJsonObject quiet = tickFor(model, stalls, seconds * 1000);
    stalls.setRunning(true);
    for (const QString &key : {u"longest_stall_ms"_s, u"longest_stall_gui_cpu_ms"_s,
                               u"stalls_over_16ms"_s, u"stalls_over_50ms"_s})
        quiet.remove(key);
    report[u"idle_ticking_unmonitored"_s] = quiet;

    phase = Phase::live;
    report[u"live_ticking"_s] = tickFor(model, stalls, seconds * 1000);
    phase = Phase::stop;
    producer.join();
    QCoreApplication::processEvents();

    // Filtering and sorting everything at once.
    QJsonObject filtering;
    wall.restart();
    widget.setFilterText(u"svc-07 web-3"_s);
    filtering[u"filter_ms"_s] = std::round(double(wall.nsecsElapsed()) / 1e5) / 10;
    filtering[u"filter_shown"_s] = widget.proxy()->rowCount();
    wall.restart();
    widget.setFilterText({});
    filtering[u"clear_filter_ms"_s] = std::round(double(wall.nsecsElapsed()) / 1e5) / 10;
    wall.restart();
    widget.view()->sortByColumn(LockTableModel::TtlColumn, Qt::DescendingOrder);
    filtering[u"sort_by_ttl_ms"_s] = std::round(double(wall.nsecsElapsed()) / 1e5) / 10;
    wall.restart();
    widget.view()->sortByColumn(LockTableModel::KeyColumn, Qt::AscendingOrder);
    filtering[u"sort_by_key_ms"_s] = std::round(double(wall.nsecsElapsed()) / 1e5) / 10;
    report[u"filter_and_sort"_s] = filtering;

    report[u"rss_start_kb"_s] = rssStartKb;
    report[u"rss_end_kb"_s] = statusKb("VmRSS:");
    report[u"peak_rss_kb"_s] = statusKb("VmHWM:");

    const QByteArray json = QJsonDocument(report).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, std::size_t(json.size()), stdout);
    QFile out(parser.value(outputOption));
    if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size()) {
        std::fprintf(stderr, "lockviewbench: cannot write %s\n",
                     qPrintable(parser.value(outputOption)));
        return 1;
    }
    return 0;
}

#include "lockviewbench.moc"
