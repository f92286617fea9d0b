// chaosrun: the fault-injection run (Jepsen-style) of the redislock core.
//
// Starts a real redis-server (tests/support's RedisServer: a free loopback port, gone with this
// process), the fenced resource on a Unix socket, and P chaos_worker processes of T holder
// threads each that contend on K keys with fencing tokens. Meanwhile it injects faults in turn,
// with a calm period between them: CLIENT KILL of every client, CLIENT PAUSE WRITE, DEBUG SLEEP,
// a crash restart of the server (SIGKILL, then the same port and directory: the append-only
// file with appendfsync always keeps every acknowledged lock and fence counter), and SIGSTOP of
// a process that holds a lock, for longer than the ttl. Then it stops the workers, checks the
// history and prints the report; exit 0 when no violation was found, 1 otherwise, 2 on usage.
//
//   chaosrun [--duration S] [--acquisitions N] [--processes P] [--threads T] [--keys K]
//            [--ttl-ms MS] [--hold-ms MIN..MAX] [--calm-ms MS] [--faults LIST] [--seed N]
//            [--history FILE] [--no-persistence] [--strict]
//   chaosrun --check FILE
//
// --strict (the CI run) also fails unless every fault was injected, a stopped holder's stale
// writes were rejected, and the run made progress. --no-persistence restarts an empty server:
// a demonstration that the checker catches what a restart without persistence does to locks.
//
// The driver uses Qt Core because the fixtures do; the workers, the resource and the checker
// are plain C++ over the core.
#include "checker.h"
#include "history.h"
#include "resource.h"
#include "support/rawredis.h"
#include "support/redisserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <vector>

using lockscope::test::RawRedis;
using lockscope::test::RawReply;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;

namespace {

const QStringList allFaults{QStringLiteral("client-kill"), QStringLiteral("pause-write"),
                            QStringLiteral("debug-sleep"), QStringLiteral("restart"),
                            QStringLiteral("sigstop")};

struct Settings
{
    int durationS = 40;
    qint64 acquisitions = 0; // stop when reached; 0: run for the duration
    int processes = 3;
    int threads = 4;
    int keys = 3;
    int ttlMs = 500;
    int minHoldMs = 1;
    int maxHoldMs = 10;
    int calmMs = 1000;
    QStringList faults = allFaults;
    quint64 seed = 1;
    QString history;
    bool persistence = true;
    bool strict = false;
    QString check;
};

int usage(const QString &what)
{
    std::fprintf(stderr, "chaosrun: %s\n", qPrintable(what));
    return 2;
}

std::optional<Settings> parse(const QStringList &arguments, QString &error)
{
    Settings settings;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &name = arguments.at(i);
        if (name == QLatin1String("--no-persistence")) {
            settings.persistence = false;
            continue;
        }
        if (name == QLatin1String("--strict")) {
            settings.strict = true;
            continue;
        }
        if (i + 1 >= arguments.size()) {
            error = name + QStringLiteral(" wants a value");
            return std::nullopt;
        }
        const QString value = arguments.at(++i);
        bool ok = true;
        if (name == QLatin1String("--duration"))
            settings.durationS = value.toInt(&ok);
        else if (name == QLatin1String("--acquisitions"))
            settings.acquisitions = value.toLongLong(&ok);
        else if (name == QLatin1String("--processes"))
            settings.processes = value.toInt(&ok);
        else if (name == QLatin1String("--threads"))
            settings.threads = value.toInt(&ok);
        else if (name == QLatin1String("--keys"))
            settings.keys = value.toInt(&ok);
        else if (name == QLatin1String("--ttl-ms"))
            settings.ttlMs = value.toInt(&ok);
        else if (name == QLatin1String("--calm-ms"))
            settings.calmMs = value.toInt(&ok);
        else if (name == QLatin1String("--seed"))
            settings.seed = value.toULongLong(&ok);
        else if (name == QLatin1String("--history"))
            settings.history = value;
        else if (name == QLatin1String("--check"))
            settings.check = value;
        else if (name == QLatin1String("--hold-ms")) {
            const QStringList range = value.split(QStringLiteral(".."));
            ok = range.size() == 2;
            if (ok)
                settings.minHoldMs = range.at(0).toInt(&ok);
            if (ok)
                settings.maxHoldMs = range.at(1).toInt(&ok);
            ok = ok && settings.minHoldMs >= 0 && settings.minHoldMs <= settings.maxHoldMs;
        } else if (name == QLatin1String("--faults")) {
            settings.faults = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (const QString &fault : settings.faults)
                ok = ok && allFaults.contains(fault);
        } else {
            error = QStringLiteral("unknown option %1; see the top of tests/chaos/chaosrun.cpp")
                        .arg(name);
            return std::nullopt;
        }
        if (!ok) {
            error = QStringLiteral("bad value \"%1\" for %2").arg(value, name);
            return std::nullopt;
        }
    }
    if (settings.processes < 1 || settings.threads < 1 || settings.keys < 1 ||
        settings.ttlMs < 10 || settings.durationS < 1) {
        error = QStringLiteral("processes, threads and keys must be at least 1, the ttl 10 ms, "
                               "the duration 1 s");
        return std::nullopt;
    }
    return settings;
}

QString keyName(int i)
{
    return QStringLiteral("chaos:k%1").arg(i);
}

// Causes the faults, on the thread that owns the server (RedisServer restarts it from there),
// and writes each to the history.
class Injector
{
public:
    Injector(RedisServer &server, chaos::HistoryLog &history, const Settings &settings,
             const std::vector<std::unique_ptr<QProcess>> &workers)
        : server_(server), history_(history), settings_(settings), workers_(workers),
          raw_(server.port())
    {}

    // False when the fault could not be caused (logged as "<kind>-failed").
    bool inject(const QString &kind)
    {
        QString detail;
        bool done = false;
        const chaos::Nanos at = chaos::monotonicNow();
        if (kind == QLatin1String("client-kill")) {
            const qint64 killed = raw_.clientKillAll();
            done = killed >= 0;
            detail = QStringLiteral("%1 connections killed").arg(killed);
        } else if (kind == QLatin1String("pause-write")) {
            const int ms = settings_.ttlMs;
            done = ok(raw_.command({"CLIENT", "PAUSE", QByteArray::number(ms), "WRITE"}));
            detail = QStringLiteral("%1 ms").arg(ms);
        } else if (kind == QLatin1String("debug-sleep")) {
            const double seconds = settings_.ttlMs / 1000.0;
            done = ok(raw_.command({"DEBUG", "SLEEP", QByteArray::number(seconds)}));
            detail = QStringLiteral("%1 s").arg(seconds);
        } else if (kind == QLatin1String("restart")) {
            done = restart(detail);
        } else if (kind == QLatin1String("sigstop")) {
            done = stopAHolder(detail);
        }
        history_.append(chaos::formatLine(
            chaos::FaultEvent{at, (done ? kind : kind + QStringLiteral("-failed")).toStdString(),
                              detail.toStdString()}));
        return done;
    }

    [[nodiscard]] int restartsThatLostFences() const { return lostFences_; }

private:
    static bool ok(const RawReply &reply) { return !reply.isError(); }

    // The fence counter of key i (0 before the first acquisition); nullopt on an error reply.
    std::optional<qint64> fenceCounter(int i)
    {
        const RawReply reply =
            raw_.command({"GET", (keyName(i) + QStringLiteral(":fence")).toUtf8()});
        if (reply.isError())
            return std::nullopt;
        return reply.isNil() ? 0 : reply.str.toLongLong();
    }

    bool restart(QString &detail)
    {
        std::vector<qint64> before;
        for (int i = 0; i < settings_.keys; ++i)
            before.push_back(fenceCounter(i).value_or(-1));
        QElapsedTimer down;
        down.start();
        server_.kill();
        if (!server_.start()) {
            detail = server_.errorString().simplified();
            return false;
        }
        bool kept = true;
        for (int i = 0; i < settings_.keys; ++i) {
            // The server answers while it still loads the append-only file (LOADING): ask
            // until it has loaded it.
            std::optional<qint64> after;
            QElapsedTimer loading;
            loading.start();
            while (!(after = fenceCounter(i)) && loading.elapsed() < 10000)
                QThread::msleep(10);
            kept = kept && after.value_or(-1) >= before[static_cast<std::size_t>(i)];
        }
        if (!kept)
            ++lostFences_;
        detail = QStringLiteral("SIGKILL and start on the same port, down %1 ms, %2, fence "
                                "counters %3")
                     .arg(down.elapsed())
                     .arg(settings_.persistence ? QStringLiteral("AOF appendfsync always")
                                                : QStringLiteral("no persistence"))
                     .arg(kept ? QStringLiteral("kept") : QStringLiteral("LOST"));
        return true;
    }

    // SIGSTOP of a worker process that holds a lock now (its holder id is in the lock's
    // metadata: "p<pid>.t<n>"), for 2.5 ttls, then SIGCONT.
    bool stopAHolder(QString &detail)
    {
        for (int attempt = 0; attempt < 100; ++attempt) {
            for (int i = 0; i < settings_.keys; ++i) {
                const auto value = raw_.get(keyName(i).toUtf8());
                if (!value || value->size() <= 22)
                    continue;
                const QByteArray holder = value->mid(22);
                const qint64 pid = holder.mid(1, holder.indexOf('.') - 1).toLongLong();
                for (const auto &worker : workers_) {
                    if (worker->processId() != pid || pid <= 0)
                        continue;
                    const int stopMs = settings_.ttlMs * 5 / 2;
                    ::kill(static_cast<pid_t>(pid), SIGSTOP);
                    QThread::msleep(static_cast<unsigned long>(stopMs));
                    ::kill(static_cast<pid_t>(pid), SIGCONT);
                    detail = QStringLiteral("process %1 (holding %2 as %3) for %4 ms")
                                 .arg(pid)
                                 .arg(keyName(i), QString::fromLatin1(holder))
                                 .arg(stopMs);
                    return true;
                }
            }
            QThread::msleep(10);
        }
        detail = QStringLiteral("no worker held a lock for a second");
        return false;
    }

    RedisServer &server_;
    chaos::HistoryLog &history_;
    const Settings &settings_;
    const std::vector<std::unique_ptr<QProcess>> &workers_;
    RawRedis raw_;
    int lostFences_ = 0;
};

int check(const QString &path)
{
    std::ifstream file(path.toStdString());
    if (!file)
        return usage(QStringLiteral("cannot read %1").arg(path));
    const chaos::ChaosReport report = chaos::checkHistory(file);
    std::cout << chaos::formatReport(report);
    return report.violated() ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString error;
    const auto parsed = parse(QCoreApplication::arguments(), error);
    if (!parsed)
        return usage(error);
    const Settings &settings = *parsed;
    if (!settings.check.isEmpty())
        return check(settings.check);

    QTemporaryDir scratch;
    if (!scratch.isValid())
        return usage(QStringLiteral("no temporary directory: %1").arg(scratch.errorString()));
    const QString historyPath = settings.history.isEmpty()
                                    ? scratch.filePath(QStringLiteral("history.txt"))
                                    : settings.history;

    RedisServerOptions options;
    options.extraArguments = {QStringLiteral("--enable-debug-command"), QStringLiteral("local")};
    if (settings.persistence)
        options.extraArguments << QStringLiteral("--appendonly") << QStringLiteral("yes")
                               << QStringLiteral("--appendfsync") << QStringLiteral("always");
    RedisServer server(options);
    if (!server.start())
        return usage(server.errorString());

    int failures = 0;
    std::int64_t acquisitions = 0;
    {
        chaos::HistoryLog history(historyPath.toStdString());
        if (!history.isOpen())
            return usage(QStringLiteral("cannot write %1").arg(historyPath));
        chaos::ResourceServer resource(
            scratch.filePath(QStringLiteral("resource.sock")).toStdString(), history);
        if (!resource.start())
            return usage(QString::fromStdString(resource.error()));

        QStringList keys;
        for (int i = 0; i < settings.keys; ++i)
            keys << keyName(i);
        std::vector<std::unique_ptr<QProcess>> workers;
        std::vector<qint64> pids;
        for (int p = 0; p < settings.processes; ++p) {
            auto worker = std::make_unique<QProcess>();
            worker->setProcessChannelMode(QProcess::ForwardedChannels);
            worker->start(QStringLiteral(CHAOS_WORKER_PATH),
                          {QStringLiteral("--url"), server.url(), QStringLiteral("--socket"),
                           scratch.filePath(QStringLiteral("resource.sock")),
                           QStringLiteral("--threads"), QString::number(settings.threads),
                           QStringLiteral("--keys"), keys.join(QLatin1Char(',')),
                           QStringLiteral("--ttl-ms"), QString::number(settings.ttlMs),
                           QStringLiteral("--hold-ms"),
                           QStringLiteral("%1..%2").arg(settings.minHoldMs).arg(settings.maxHoldMs),
                           QStringLiteral("--seed"), QString::number(settings.seed * 100 + p)});
            if (!worker->waitForStarted(5000))
                return usage(
                    QStringLiteral("cannot start chaos_worker: %1").arg(worker->errorString()));
            pids.push_back(worker->processId());
            workers.push_back(std::move(worker));
        }

        Injector injector(server, history, settings, workers);
        QElapsedTimer elapsed;
        elapsed.start();
        const auto done = [&] {
            return elapsed.elapsed() >= qint64(settings.durationS) * 1000 ||
                   (settings.acquisitions > 0 && resource.holdsReported() >= settings.acquisitions);
        };
        const auto workersAlive = [&] {
            for (const auto &worker : workers) {
                // QProcess hears of a child's death from its event loop, which this thread does
                // not run: waitForFinished(0) looks now (and returns at once while it lives).
                if (worker->state() != QProcess::Running || worker->waitForFinished(0))
                    return false;
            }
            return true;
        };
        std::map<QString, int> injected;
        qint64 lastProgress = 0;
        // A worker whose holders have sent nothing for this long is stuck (a hang in the
        // library, or a holder that never woke up): the run fails and says which.
        const chaos::Nanos stuckAfter =
            std::max<chaos::Nanos>(10'000'000'000, chaos::Nanos(settings.ttlMs) * 40'000'000);
        const auto stuckWorker = [&]() -> std::optional<qint64> {
            const chaos::Nanos now = chaos::monotonicNow();
            for (const qint64 pid : pids) {
                const auto heard = resource.lastHeardFrom(pid);
                if (elapsed.elapsed() * 1'000'000 > stuckAfter &&
                    (!heard || now - *heard > stuckAfter))
                    return pid;
            }
            return std::nullopt;
        };
        std::optional<qint64> stuck;
        for (int turn = 0; !done() && workersAlive() && !stuck; ++turn) {
            QElapsedTimer calm;
            calm.start();
            while (calm.elapsed() < settings.calmMs && !done() && !(stuck = stuckWorker()) &&
                   workersAlive())
                QThread::msleep(20);
            if (done() || stuck || !workersAlive())
                break;
            const QString &fault = settings.faults.at(turn % settings.faults.size());
            if (injector.inject(fault))
                ++injected[fault];
            if (elapsed.elapsed() - lastProgress >= 10000) {
                lastProgress = elapsed.elapsed();
                std::fprintf(stderr, "chaosrun: %lld s, %lld acquisitions\n",
                             static_cast<long long>(elapsed.elapsed() / 1000),
                             static_cast<long long>(resource.holdsReported()));
            }
        }
        if (stuck) {
            std::fprintf(stderr, "chaosrun: worker %lld sent nothing for %lld s: stuck\n",
                         static_cast<long long>(*stuck),
                         static_cast<long long>(stuckAfter / 1'000'000'000));
            ++failures;
        }
        if (!workersAlive()) {
            std::fprintf(stderr, "chaosrun: a worker process ended during the run (its exit "
                                 "status follows)\n");
            ++failures;
        }
        for (const auto &worker : workers)
            worker->terminate();
        for (std::size_t w = 0; w < workers.size(); ++w) {
            const auto &worker = workers[w];
            const auto pid = static_cast<long long>(pids[w]);
            if (!worker->waitForFinished(15000)) {
                std::fprintf(stderr, "chaosrun: worker %lld did not stop on SIGTERM\n", pid);
                worker->kill();
                worker->waitForFinished(5000);
                ++failures;
            } else if (worker->exitStatus() != QProcess::NormalExit) {
                std::fprintf(stderr, "chaosrun: worker %lld died of signal %d\n", pid,
                             worker->exitCode());
                ++failures;
            } else if (worker->exitCode() != 0) {
                std::fprintf(stderr, "chaosrun: worker %lld exited with %d\n", pid,
                             worker->exitCode());
                ++failures;
            }
        }
        resource.stop();
        acquisitions = resource.holdsReported();
        if (settings.persistence && injector.restartsThatLostFences() > 0) {
            std::fprintf(stderr, "chaosrun: a restart lost fence counters despite the AOF\n");
            ++failures;
        }
        if (settings.strict) {
            for (const QString &fault : settings.faults) {
                if (injected[fault] == 0) {
                    std::fprintf(stderr, "chaosrun: --strict: no %s was injected\n",
                                 qPrintable(fault));
                    ++failures;
                }
            }
        }
    }
    server.stop();

    std::ifstream file(historyPath.toStdString());
    const chaos::ChaosReport report = chaos::checkHistory(file);
    std::cout << "chaosrun: " << settings.processes << " processes x " << settings.threads
              << " threads on " << settings.keys << " keys, ttl " << settings.ttlMs << " ms, holds "
              << settings.minHoldMs << ".." << settings.maxHoldMs << " ms, "
              << (settings.persistence ? "AOF appendfsync always" : "no persistence") << '\n'
              << chaos::formatReport(report);
    if (settings.strict) {
        if (report.acquisitions < 100) {
            std::fprintf(stderr, "chaosrun: --strict: only %lld acquisitions\n",
                         static_cast<long long>(report.acquisitions));
            ++failures;
        }
        if (settings.faults.contains(QStringLiteral("sigstop")) &&
            report.staleWritesRejected == 0) {
            std::fprintf(stderr, "chaosrun: --strict: no stale write was rejected after the "
                                 "SIGSTOPs\n");
            ++failures;
        }
    }
    if (settings.acquisitions > 0 && acquisitions < settings.acquisitions) {
        std::fprintf(stderr, "chaosrun: %lld acquisitions, short of the %lld asked for\n",
                     static_cast<long long>(acquisitions),
                     static_cast<long long>(settings.acquisitions));
        ++failures;
    }
    if (report.violated() || failures > 0) {
        if (settings.history.isEmpty()) { // keep the evidence
            scratch.setAutoRemove(false);
            std::fprintf(stderr, "chaosrun: history kept in %s\n", qPrintable(historyPath));
        }
        return 1;
    }
    return 0;
}
