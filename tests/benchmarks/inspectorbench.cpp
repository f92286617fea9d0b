// inspectorbench: the whole inspector with 100,000 live locks on a real server.
//
// lockviewbench measures the locks view alone, fed with synthetic snapshots. This program runs
// everything a user runs: its own redis-server (keyspace notifications on) loaded with N locks
// in the redislock format, the real MainWindow offscreen, its InspectorSession scanning on its
// worker thread, re-syncing TTLs and listening to keyspace events. It measures:
// - listing: from openConnection() until the model holds all N rows, the scan has finished and
//   the view's deferred re-sort is done; the longest event-loop stall meanwhile; the CPU of
//   each thread (thread_cpu_s, by name: the read worker, the scan's readers, the GUI thread);
// - idle: T seconds with nothing changing on the server: the countdown ticks, the session
//   re-syncs every TTL. Longest stall (with a 1 ms probe timer), then T more seconds without
//   the probe for CPU: the process (RUSAGE_SELF: GUI and worker threads), the GUI thread alone
//   (CLOCK_THREAD_CPUTIME_ID) and the redis-server process (/proc/PID/stat);
// - live (--live-seconds, T by default; 0 skips it): a writer thread on a client of its own
//   refreshes 2% of the locks a second (PEXPIRE, as redislock's refresh does), releases 0.2% and
//   lets new holders take those keys (DEL, then SET NX PX), so set/expire/del events flow. The
//   same figures; the writer's own CPU is left out of the process's;
// - the physical floor on the same keys: scanprobe (SCAN COUNT 1000 + one pipelined GET+PTTL
//   round trip per page, hiredis alone), run before the window exists;
// - peak RSS (VmHWM);
// - beside the app's CPU, the server's cost in every phase: its CPU from /proc and from INFO's
//   used_cpu_sys/used_cpu_user deltas, and the commands it ran (INFO commandstats) a second.
// --notifications off runs the same on a server without keyspace notifications (the inspector
// then polls under its command budget, --budget N commands a second).
// The stall is the largest gap between two runs of a 1 ms timer, minus the 1 ms. Prints a JSON
// report and writes it to --output. A benchmark, not a test: it asserts nothing.

#include "benchmeasures.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "mainwindow.h"
#include "session/inspectorsession.h"
#include "support/rawredis.h"
#include "support/redisserver.h"

#include <redislock/client.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace benchmeasures;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;

namespace {

double round2(double value)
{
    return std::round(value * 100) / 100;
}

// utime + stime of another process, from /proc/PID/stat; -1 when unreadable.
double otherProcessCpuSeconds(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // The command name (field 2) is in parentheses and may hold blanks: count from after it.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // Field 3 (state) is fields[0]; utime and stime are fields 14 and 15.
    if (fields.size() < 13)
        return -1;
    const double ticks = double(fields[11].toLongLong() + fields[12].toLongLong());
    return ticks / double(sysconf(_SC_CLK_TCK));
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// Times every event the GUI thread dispatches from its event loop (not the ones sent from
// within another), and keeps the slowest few: what a stall was made of. The receiver's class and
// its parent's tell which part of the window it was (a queued slot is a MetaCall to the slot's
// object; a timer's timeout is a Timer event to the QTimer, whose parent owns it).
class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_recording || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // Class names are static strings: safe to keep even if the receiver is deleted.
        const char *name = receiver->metaObject()->className();
        const char *parentName =
            receiver->parent() ? receiver->parent()->metaObject()->className() : nullptr;
        const int type = int(event->type());
        // The model's tick and insertion timers have no parent: their interval tells them apart.
        const int interval = receiver->metaObject() == &QTimer::staticMetaObject
                                 ? static_cast<QTimer *>(receiver)->interval()
                                 : -1;
        ++m_depth;
        QElapsedTimer took;
        took.start();
        const double cpu = threadCpuSeconds();
        const bool handled = QApplication::notify(receiver, event);
        const double wallMs = double(took.nsecsElapsed()) / 1e6;
        const double cpuMs = (threadCpuSeconds() - cpu) * 1000;
        --m_depth;
        if (m_slowest.size() < keep || wallMs > m_slowest.back().wallMs) {
            m_slowest.push_back({wallMs, cpuMs, double(m_phase.nsecsElapsed()) / 1e6, name,
                                 parentName, type, interval});
            std::sort(m_slowest.begin(), m_slowest.end(),
                      [](const Slow &a, const Slow &b) { return a.wallMs > b.wallMs; });
            if (m_slowest.size() > keep)
                m_slowest.pop_back();
        }
        return handled;
    }

    // Off while CPU is measured: the timing costs two clock reads per event.
    void startPhase(bool recording = true)
    {
        m_slowest.clear();
        m_phase.start();
        m_recording = recording;
    }
    [[nodiscard]] QJsonArray slowest() const
    {
        QJsonArray list;
        for (const Slow &slow : m_slowest)
            list.append(QJsonObject{{u"ms"_s, round1(slow.wallMs)},
                                    {u"gui_cpu_ms"_s, round1(slow.cpuMs)},
                                    {u"at_ms"_s, std::round(slow.atMs)},
                                    {u"receiver"_s, QString::fromLatin1(slow.receiver)},
                                    {u"parent"_s, QString::fromLatin1(slow.parent)},
                                    {u"event"_s, slow.type},
                                    {u"timer_interval_ms"_s, slow.timerInterval}});
        return list;
    }

private:
    static constexpr std::size_t keep = 5;
    struct Slow
    {
        double wallMs;
        double cpuMs;
        double atMs;
        const char *receiver;
        const char *parent;
        int type;
        int timerInterval;
    };
    bool m_recording = false;
    int m_depth = 0;
    QElapsedTimer m_phase;
    std::vector<Slow> m_slowest;
};

constexpr char base64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string lockKey(const std::string &prefix, int i)
{
    const int service = i % 24;
    std::string number = std::to_string(i);
    number.insert(0, std::size_t(std::max<int>(0, 6 - int(number.size()))), '0');
    return prefix + ":svc-" + (service < 10 ? "0" : "") + std::to_string(service) +
           ":orders:" + number;
}

// A redislock value: 22 characters of base64url token, then the JSON metadata.
std::string lockValue(int i, QRandomGenerator &random)
{
    std::string value(22, ' ');
    for (char &c : value)
        c = base64url[random.bounded(64)];
    value += R"({"service":"svc-)" + std::to_string(i % 24) + R"(","host":"web-)" +
             std::to_string(i % 17) + R"(","pid":)" + std::to_string(1000 + i % 5000) + "}";
    return value;
}

// Loads `count` locks in pipelined batches: ttl spread over minTtl to minTtl + 540 s (60-600 s
// by default), 1% without expiry.
bool loadLocks(const redislock::Client &client, const std::string &prefix, int count, int minTtlMs,
               QString &error)
{
    QRandomGenerator random(42);
    constexpr int batch = 1000;
    for (int first = 0; first < count; first += batch) {
        std::vector<std::vector<std::string>> commands;
        const int last = std::min(count, first + batch);
        commands.reserve(std::size_t(last - first));
        for (int i = first; i < last; ++i) {
            std::vector<std::string> set{"SET", lockKey(prefix, i), lockValue(i, random)};
            if (random.bounded(100) != 0) {
                set.emplace_back("PX");
                set.push_back(std::to_string(minTtlMs + random.bounded(540'000)));
            }
            commands.push_back(std::move(set));
        }
        auto replies = client.pipeline(commands);
        if (!replies) {
            error = QString::fromStdString(replies.error().message());
            return false;
        }
        for (const auto &reply : *replies) {
            if (reply.isError()) {
                error = QString::fromStdString(reply.text);
                return false;
            }
        }
    }
    return true;
}

// The live phase's other services: each 100 ms, a tenth of the second's share of refreshes
// (PEXPIRE, what redislock's refresh script does on the server), releases and new holders.
struct Writer
{
    std::atomic<bool> stop{false};
    std::atomic<qint64> sent{0}; // commands
    std::atomic<qint64> errors{0};
    double cpuSeconds = 0; // the writer thread's own, set when it ends

    void run(redislock::Client client, std::string prefix, int count)
    {
        QRandomGenerator random(7);
        const double cpuStart = threadCpuSeconds();
        // Per 100 ms: 2% a second refreshed, 0.2% a second released and taken again.
        const int refreshes = std::max(1, count / 500);
        const int handovers = std::max(1, count / 5000);
        auto next = std::chrono::steady_clock::now();
        while (!stop) {
            std::vector<std::vector<std::string>> commands;
            commands.reserve(std::size_t(refreshes + 2 * handovers));
            for (int n = 0; n < refreshes; ++n) {
                const int i = int(random.bounded(count));
                commands.push_back({"PEXPIRE", lockKey(prefix, i),
                                    std::to_string(60'000 + random.bounded(540'000))});
            }
            for (int n = 0; n < handovers; ++n) {
                const int i = int(random.bounded(count));
                commands.push_back({"DEL", lockKey(prefix, i)});
                commands.push_back({"SET", lockKey(prefix, i), lockValue(i, random), "NX", "PX",
                                    std::to_string(60'000 + random.bounded(540'000))});
            }
            auto replies = client.pipeline(commands);
            sent += qint64(commands.size());
            if (!replies)
                ++errors;
            next += std::chrono::milliseconds(100);
            std::this_thread::sleep_until(next);
        }
        cpuSeconds = threadCpuSeconds() - cpuStart;
    }
};

// Counts what the session tells the window, per phase.
struct SessionCounters
{
    qint64 resyncs = 0;
    qint64 resyncSamples = 0;
    qint64 found = 0; // snapshots in locksFound (scan pages and event re-reads)
    qint64 removed = 0;
    int scansFinished = 0;
    bool lastScanComplete = false;
    quint64 lastScanned = 0;

    void resetPhase() { resyncs = resyncSamples = found = removed = 0; }
};

// What the server says it spent: used_cpu_sys + used_cpu_user (INFO cpu), and the commands
// it ran (the calls of INFO commandstats, added up).
struct ServerStats
{
    double cpuSeconds = -1;
    qint64 commands = -1;
};

ServerStats serverStats(RawRedis &raw)
{
    ServerStats stats;
    const auto info = raw.command({"INFO", "cpu", "commandstats"});
    if (info.isError())
        return stats;
    double cpu = 0;
    qint64 commands = 0;
    for (const QByteArray &line : info.str.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.startsWith("used_cpu_sys:") || trimmed.startsWith("used_cpu_user:"))
            cpu += trimmed.mid(trimmed.indexOf(':') + 1).toDouble();
        if (trimmed.startsWith("cmdstat_")) {
            const qsizetype at = trimmed.indexOf("calls=");
            if (at >= 0)
                commands += trimmed.mid(at + 6, trimmed.indexOf(',', at) - at - 6).toLongLong();
        }
    }
    stats.cpuSeconds = cpu;
    stats.commands = commands;
    return stats;
}

struct Sample
{
    double seconds = 0;
    double processCpu = 0;
    double guiCpu = 0;
    double serverCpu = 0;
    ServerStats server;
};

Sample sampleNow(qint64 serverPid, RawRedis &raw)
{
    using namespace std::chrono;
    Sample sample{duration<double>(steady_clock::now().time_since_epoch()).count(),
                  processCpuSeconds(),
                  threadCpuSeconds(),
                  otherProcessCpuSeconds(serverPid),
                  {}};
    sample.server = serverStats(raw);
    return sample;
}

// The server's side of a phase: CPU from /proc and from INFO, commands a second.
void reportServer(QJsonObject &report, const Sample &start, const Sample &end)
{
    const double seconds = end.seconds - start.seconds;
    if (start.serverCpu >= 0 && end.serverCpu >= 0)
        report[u"redis_server_cpu_percent"_s] =
            round1((end.serverCpu - start.serverCpu) / seconds * 100);
    if (start.server.cpuSeconds >= 0 && end.server.cpuSeconds >= 0) {
        report[u"redis_info_cpu_percent"_s] =
            round2((end.server.cpuSeconds - start.server.cpuSeconds) / seconds * 100);
        // Less the two INFO calls that measure it.
        report[u"redis_commands_per_s"_s] =
            std::round(double(end.server.commands - start.server.commands - 1) / seconds);
    }
}

// Runs the event loop for `ms` with the window as it is (its own tick timer, the session's
// re-sync): the longest stall when the monitor runs, CPU of the process, the GUI thread and the
// server. `excludedCpu` (the writer thread's, read after the phase) is subtracted from the
// process's by the caller.
QJsonObject runFor(TimingApplication &app, int ms, StallMonitor &stalls, bool monitored,
                   SessionCounters &counters, LockTableModel *model, qint64 serverPid,
                   RawRedis &raw)
{
    app.startPhase(monitored);
    stalls.setRunning(monitored);
    counters.resetPhase();
    const Sample start = sampleNow(serverPid, raw);
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    const Sample end = sampleNow(serverPid, raw);
    const double seconds = end.seconds - start.seconds;
    QJsonObject report;
    if (monitored) {
        report = stalls.report();
        report[u"slowest_events"_s] = app.slowest();
    }
    stalls.setRunning(false);
    report[u"seconds"_s] = round2(seconds);
    report[u"process_cpu_s"_s] = end.processCpu - start.processCpu; // rounded by the caller
    report[u"gui_thread_cpu_percent"_s] = round1((end.guiCpu - start.guiCpu) / seconds * 100);
    reportServer(report, start, end);
    report[u"resyncs"_s] = counters.resyncs;
    report[u"resync_samples"_s] = counters.resyncSamples;
    report[u"locks_found"_s] = counters.found;
    report[u"keys_removed"_s] = counters.removed;
    report[u"rows"_s] = model->rowCount();
    report[u"tick_interval_ms"_s] = model->tickInterval();
    return report;
}

void finishCpu(QJsonObject &report, double excludedCpu)
{
    const double seconds = report[u"seconds"_s].toDouble();
    const double cpu = report[u"process_cpu_s"_s].toDouble() - excludedCpu;
    report.remove(u"process_cpu_s"_s);
    report[u"process_cpu_percent"_s] = round1(cpu / seconds * 100);
}

// CPU seconds of the children that ended (scanprobe).
double childrenCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// scanprobe on the same keys: {"keys":N,"secs":S}, or an empty object when it failed.
QJsonObject runProbe(const QString &program, quint16 port, const QString &pattern)
{
    QProcess probe;
    probe.start(program, {u"--port"_s, QString::number(port), u"--pattern"_s, pattern});
    if (!probe.waitForFinished(300'000) || probe.exitCode() != 0) {
        std::fprintf(stderr, "inspectorbench: scanprobe failed: %s\n",
                     probe.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(probe.readAllStandardOutput()).object();
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimingApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The inspector's main window with many live locks on its own redis-server, offscreen."_s);
    parser.addHelpOption();
    const QCommandLineOption locksOption(u"locks"_s, u"Number of locks (100000)."_s, u"N"_s,
                                         u"100000"_s);
    const QCommandLineOption secondsOption(
        u"seconds"_s, u"Seconds of each idle measurement, with and without the stall probe (10)."_s,
        u"S"_s, u"10"_s);
    const QCommandLineOption liveOption(
        u"live-seconds"_s, u"Seconds of each live measurement; 0 skips it (as --seconds)."_s,
        u"S"_s);
    const QCommandLineOption probeRunsOption(
        u"probe-runs"_s, u"Runs of scanprobe on the same keys; the median is reported (3)."_s,
        u"N"_s, u"3"_s);
    const QCommandLineOption scanprobeOption(u"scanprobe"_s, u"The scanprobe program."_s, u"PATH"_s,
                                             QStringLiteral(SCANPROBE_PATH));
    const QCommandLineOption screenshotOption(
        u"screenshot"_s, u"Also save the window as PNG at the end, to look at."_s, u"FILE"_s);
    const QCommandLineOption outputOption(u"output"_s, u"Where to write the JSON report."_s,
                                          u"FILE"_s, u"inspectorbench.json"_s);
    const QCommandLineOption notificationsOption(
        u"notifications"_s, u"Keyspace notifications on the server: on (KEA) or off (on)."_s,
        u"on|off"_s, u"on"_s);
    const QCommandLineOption budgetOption(
        u"budget"_s, u"The inspector's command budget for re-syncs, commands a second."_s, u"N"_s);
    const QCommandLineOption minTtlOption(
        u"min-ttl"_s,
        u"Seconds of the shortest lock ttl (60); raise it when loading and listing take longer, "
        "so that no lock expires before it is listed."_s,
        u"S"_s, u"60"_s);
    const QCommandLineOption windowOption(u"window"_s, u"The window's size (1400x900)."_s, u"WxH"_s,
                                          u"1400x900"_s);
    parser.addOptions({locksOption, secondsOption, liveOption, probeRunsOption, scanprobeOption,
                       screenshotOption, outputOption, notificationsOption, budgetOption,
                       windowOption, minTtlOption});
    parser.process(app);
    const int count = std::max(1, parser.value(locksOption).toInt());
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const int liveSeconds =
        parser.isSet(liveOption) ? std::max(0, parser.value(liveOption).toInt()) : seconds;
    const int probeRuns = std::max(0, parser.value(probeRunsOption).toInt());
    const bool notifications = parser.value(notificationsOption) != u"off"_s;
    const std::string prefix = "bench";
    const QString pattern = QString::fromStdString(prefix) + u":*"_s;

    QJsonObject report{{u"locks"_s, count},
                       {u"notifications"_s, notifications},
                       {u"qt"_s, QString::fromLatin1(qVersion())},
                       {u"cpus"_s, int(std::thread::hardware_concurrency())},
#ifdef NDEBUG
                       {u"build"_s, u"release"_s}
#else
                       {u"build"_s, u"debug"_s}
#endif
    };
    const double freshPageUs = freshPageMicros();
    report[u"fresh_page_us"_s] = round2(freshPageUs);

    RedisServerOptions serverOptions;
    serverOptions.notifyKeyspaceEvents = notifications ? u"KEA"_s : QString();
    RedisServer server(serverOptions);
    if (!server.start()) {
        std::fprintf(stderr, "inspectorbench: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    auto client = redislock::Client::fromUrl(server.url().toStdString());
    if (!client) {
        std::fprintf(stderr, "inspectorbench: %s\n", client.error().message().c_str());
        return 1;
    }
    QElapsedTimer wall;
    wall.start();
    QString loadError;
    const int minTtlMs = std::max(1, parser.value(minTtlOption).toInt()) * 1000;
    report[u"min_ttl_s"_s] = minTtlMs / 1000;
    if (!loadLocks(*client, prefix, count, minTtlMs, loadError)) {
        std::fprintf(stderr, "inspectorbench: loading the locks: %s\n", qPrintable(loadError));
        return 1;
    }
    report[u"load_ms"_s] = double(wall.elapsed());

    // The floor, before the window exists, so that nothing else competes with it.
    QList<double> probeSeconds;
    // What a listing costs in CPU, the client's and the server's together: on a machine whose
    // other jobs decide the wall-clock time, the steadier comparison.
    QList<double> probeCost;
    RawRedis probeRaw = server.rawClient();
    for (int run = 0; run < probeRuns; ++run) {
        const double childCpu = childrenCpuSeconds();
        const ServerStats serverBefore = serverStats(probeRaw);
        const QJsonObject probe = runProbe(parser.value(scanprobeOption), server.port(), pattern);
        probeCost.append(childrenCpuSeconds() - childCpu + serverStats(probeRaw).cpuSeconds -
                         serverBefore.cpuSeconds);
        if (probe.isEmpty() || probe[u"keys"_s].toInteger() != count) {
            std::fprintf(stderr, "inspectorbench: scanprobe saw %lld keys, not %d\n",
                         probe[u"keys"_s].toInteger(), count);
            return 1;
        }
        probeSeconds.append(probe[u"secs"_s].toDouble());
    }
    if (!probeSeconds.isEmpty()) {
        QJsonArray runs;
        for (double s : std::as_const(probeSeconds))
            runs.append(std::round(s * 1000));
        report[u"scanprobe"_s] =
            QJsonObject{{u"median_ms"_s, std::round(median(probeSeconds) * 1000)},
                        {u"runs_ms"_s, runs},
                        {u"median_cpu_s"_s, round2(median(probeCost))}};
    }

    QTemporaryDir dir;
    const qint64 rssStartKb = statusKb("VmRSS:");
    MainWindow window(dir.filePath(u"audit.jsonl"_s), dir.filePath(u"settings.ini"_s));
    const QStringList size = parser.value(windowOption).split(u'x');
    window.resize(size.value(0).toInt() > 0 ? size.value(0).toInt() : 1400,
                  size.value(1).toInt() > 0 ? size.value(1).toInt() : 900);
    window.show();
    QCoreApplication::processEvents();
    LocksWidget *locks = window.locksWidget();
    LockTableModel *model = locks->model();
    InspectorSession *session = window.session();
    if (parser.isSet(budgetOption))
        session->setCommandBudget(parser.value(budgetOption).toInt());
    report[u"budget"_s] = session->commandBudget();
    RawRedis raw = server.rawClient();

    SessionCounters counters;
    QObject::connect(session, &InspectorSession::ttlsResynced, &app,
                     [&counters](const QList<TtlSample> &samples) {
                         ++counters.resyncs;
                         counters.resyncSamples += samples.size();
                     });
    QObject::connect(
        session, &InspectorSession::locksFound, &app,
        [&counters](const QList<LockSnapshot> &found) { counters.found += found.size(); });
    QObject::connect(session, &InspectorSession::keyRemoved, &app,
                     [&counters] { ++counters.removed; });
    QObject::connect(session, &InspectorSession::scanFinished, &app,
                     [&counters](bool complete, quint64 scanned) {
                         ++counters.scansFinished;
                         counters.lastScanComplete = complete;
                         counters.lastScanned = scanned;
                     });

    // Listing: from openConnection() until every row is in, the scan said it is finished and
    // the proxy's deferred re-sort is done; then the paint of the full table.
    StallMonitor stalls;
    app.startPhase();
    stalls.setRunning(true);
    const double guiCpu = threadCpuSeconds();
    const double processCpu = processCpuSeconds();
    const qint64 faultsBefore = minorFaults();
    const qint64 rssBefore = statusKb("VmRSS:");
    const Sample listStart = sampleNow(server.pid(), raw);
    ThreadCpu threadCpu;
    wall.restart();
    ConnectionProfile profile;
    profile.url = server.url();
    profile.prefix = QString::fromStdString(prefix);
    window.openConnection(profile);
    double firstRowsMs = -1;
    double listedMs = -1;
    double scanFinishedMs = -1;
    bool timedOut = false;
    double nextThreadSampleMs = 0;
    {
        QEventLoop loop;
        QTimer poll;
        poll.setInterval(1);
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            const double now = double(wall.nsecsElapsed()) / 1e6;
            if (now >= nextThreadSampleMs) {
                threadCpu.sample();
                nextThreadSampleMs = now + 10;
            }
            if (firstRowsMs < 0 && model->rowCount() > 0)
                firstRowsMs = now;
            if (listedMs < 0 && model->rowCount() >= count)
                listedMs = now;
            if (scanFinishedMs < 0 && counters.scansFinished > 0)
                scanFinishedMs = now;
            if (listedMs >= 0 && scanFinishedMs >= 0 && !locks->proxy()->resortPending())
                loop.quit();
            if (now > 600'000) {
                timedOut = true;
                loop.quit();
            }
        });
        poll.start();
        loop.exec();
    }
    const double sortedMs = double(wall.nsecsElapsed()) / 1e6;
    QCoreApplication::processEvents(); // the paint of the full table
    QJsonObject listing = stalls.report();
    listing[u"slowest_events"_s] = app.slowest();
    stalls.setRunning(false);
    const double listSeconds = double(wall.nsecsElapsed()) / 1e9;
    listing[u"timed_out"_s] = timedOut;
    listing[u"time_to_first_rows_ms"_s] = std::round(firstRowsMs);
    listing[u"time_to_all_rows_ms"_s] = std::round(listedMs);
    listing[u"time_to_scan_finished_ms"_s] = std::round(scanFinishedMs);
    // Listed: every row in and the scan finished. Sorted: the proxy's deferred re-sort (at most
    // every 500 ms by design) done too.
    const double listMs = std::max(listedMs, scanFinishedMs);
    listing[u"time_to_list_ms"_s] = std::round(listMs);
    listing[u"time_to_sorted_ms"_s] = std::round(sortedMs);
    listing[u"time_to_list_and_paint_ms"_s] = std::round(listSeconds * 1000);
    listing[u"scan_complete"_s] = counters.lastScanComplete;
    listing[u"scanned"_s] = qint64(counters.lastScanned);
    listing[u"rows"_s] = model->rowCount();
    listing[u"gui_thread_cpu_s"_s] = round2(threadCpuSeconds() - guiCpu);
    listing[u"process_cpu_s"_s] = round2(processCpuSeconds() - processCpu);
    threadCpu.sample();
    listing[u"thread_cpu_s"_s] = threadCpu.report();
    listing[u"rss_kb"_s] = statusKb("VmRSS:");
    // Memory kept per key, and what touching it for the first time cost: on a machine where a
    // fresh page is expensive this is a large part of the listing's CPU.
    listing[u"rss_growth_per_key_bytes"_s] =
        std::round(double(statusKb("VmRSS:") - rssBefore) * 1024 / std::max(count, 1));
    const qint64 faults = minorFaults() - faultsBefore;
    listing[u"minor_faults"_s] = faults;
    if (freshPageUs > 0)
        listing[u"minor_faults_cpu_s_estimate"_s] = round2(double(faults) * freshPageUs / 1e6);
    const Sample listEnd = sampleNow(server.pid(), raw);
    reportServer(listing, listStart, listEnd);
    // The app's CPU (all its threads) and the server's, against the probe's and the server's.
    const double listCost = listEnd.processCpu - listStart.processCpu + listEnd.server.cpuSeconds -
                            listStart.server.cpuSeconds;
    listing[u"cpu_cost_s"_s] = round2(listCost);
    if (!probeCost.isEmpty() && median(probeCost) > 0)
        listing[u"cpu_cost_vs_scanprobe"_s] = round2(listCost / median(probeCost));
    if (report.contains(u"scanprobe"_s)) {
        const double probeMs = report[u"scanprobe"_s].toObject()[u"median_ms"_s].toDouble();
        if (probeMs > 0)
            listing[u"time_to_list_vs_scanprobe"_s] = round1(listMs / probeMs);
    }
    report[u"listing"_s] = listing;

    // Something selected, as a user would have: the detail pane follows the ticks and re-syncs.
    locks->view()->selectRow(0);
    QCoreApplication::processEvents();

    const qint64 serverPid = server.pid();
    QJsonObject idle = runFor(app, seconds * 1000, stalls, true, counters, model, serverPid, raw);
    finishCpu(idle, 0);
    report[u"idle"_s] = idle;
    QJsonObject idleCpu =
        runFor(app, seconds * 1000, stalls, false, counters, model, serverPid, raw);
    finishCpu(idleCpu, 0);
    report[u"idle_unmonitored"_s] = idleCpu;

    if (liveSeconds > 0) {
        auto writerClient = redislock::Client::fromUrl(server.url().toStdString());
        if (!writerClient) {
            std::fprintf(stderr, "inspectorbench: %s\n", writerClient.error().message().c_str());
            return 1;
        }
        for (const bool monitored : {true, false}) {
            Writer writer;
            std::thread thread(&Writer::run, &writer, *writerClient, prefix, count);
            QJsonObject live =
                runFor(app, liveSeconds * 1000, stalls, monitored, counters, model, serverPid, raw);
            writer.stop = true;
            thread.join();
            finishCpu(live, writer.cpuSeconds);
            live[u"writer_commands"_s] = writer.sent.load();
            live[u"writer_errors"_s] = writer.errors.load();
            live[u"writer_cpu_s"_s] = round2(writer.cpuSeconds);
            report[monitored ? u"live"_s : u"live_unmonitored"_s] = live;
        }
    }

    if (parser.isSet(screenshotOption))
        window.grab().save(parser.value(screenshotOption));

    report[u"rss_start_kb"_s] = rssStartKb;
    report[u"rss_end_kb"_s] = statusKb("VmRSS:");
    report[u"peak_rss_kb"_s] = statusKb("VmHWM:");

    const QByteArray json = QJsonDocument(report).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, std::size_t(json.size()), stdout);
    QFile out(parser.value(outputOption));
    if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size()) {
        std::fprintf(stderr, "inspectorbench: cannot write %s\n",
                     qPrintable(parser.value(outputOption)));
        return 1;
    }
    return timedOut ? 1 : 0;
}
