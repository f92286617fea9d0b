#pragma once
// What the GUI benchmarks (lockviewbench, inspectorbench) measure, measured one way for both:
// CPU time of the process and of the GUI thread, RSS from /proc/self/status, and event-loop
// stalls seen by a 1 ms timer.

#include <QByteArrayView>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <sys/mman.h>
#include <sys/resource.h>

namespace benchmeasures {

inline double round1(double value)
{
    return std::round(value * 10) / 10;
}

// CPU seconds of the whole process (every thread) so far.
inline double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Page faults of the whole process so far that needed no I/O: almost all of them are the first
// touch of memory the process allocated.
inline qint64 minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_minflt);
}

// What the first touch of a fresh 4 KiB page costs on this machine, in microseconds (the median
// of three 64 MiB runs): the physical price of every byte a listing keeps per key. On bare metal
// it is a fraction of a microsecond; under some hypervisors it is tens.
inline double freshPageMicros()
{
    constexpr std::size_t bytes = std::size_t(64) << 20;
    constexpr std::size_t page = 4096;
    std::array<double, 3> runs{};
    for (double &run : runs) {
        void *memory =
            mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            return -1;
        auto *bytesOf = static_cast<volatile char *>(memory);
        QElapsedTimer clock;
        clock.start();
        for (std::size_t at = 0; at < bytes; at += page)
            bytesOf[at] = 1;
        run = double(clock.nsecsElapsed()) / 1e3 / double(bytes / page);
        munmap(memory, bytes);
    }
    std::sort(runs.begin(), runs.end());
    return runs[1];
}

// CPU seconds of the calling thread so far.
inline double threadCpuSeconds()
{
    timespec spent{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spent);
    return double(spent.tv_sec) + double(spent.tv_nsec) / 1e9;
}

// CPU seconds of every thread of this process, by name, over a phase: the listing is CPU-bound
// on a machine shared with the server, so each thread's cost counts, not only the GUI thread's.
// Threads come and go (a scan's readers end with the scan), so sample() is called every few
// milliseconds during the phase; a thread's CPU is what it had at its last sample (what it spent
// in its last few milliseconds before ending is lost), less what it had when the phase began.
class ThreadCpu
{
public:
    ThreadCpu()
    {
        sample();
        m_start = m_last;
    }
    void sample()
    {
        QDir tasks(QStringLiteral("/proc/self/task"));
        for (const QString &entry : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const pid_t tid = pid_t(entry.toLong());
            // pthread_getcpuclockid()'s clock, for a thread known by its kernel id only:
            // nanoseconds, where /proc's stat counts in 10 ms ticks.
            const clockid_t clock = clockid_t((~unsigned(tid) << 3) | 4u | 2u);
            timespec spent{};
            if (clock_gettime(clock, &spent) != 0)
                continue; // ended meanwhile
            QFile comm(tasks.filePath(entry + QStringLiteral("/comm")));
            Seen &seen = m_last[tid];
            if (comm.open(QIODevice::ReadOnly))
                seen.name = QString::fromUtf8(comm.readAll().trimmed());
            seen.seconds = double(spent.tv_sec) + double(spent.tv_nsec) / 1e9;
        }
    }
    // Seconds by thread name (threads of one name summed), since construction.
    [[nodiscard]] QJsonObject report() const
    {
        QMap<QString, double> byName;
        for (auto it = m_last.cbegin(); it != m_last.cend(); ++it) {
            const auto start = m_start.find(it.key());
            byName[it->name] += it->seconds - (start == m_start.cend() ? 0 : start->seconds);
        }
        QJsonObject report;
        for (auto it = byName.cbegin(); it != byName.cend(); ++it)
            report[it.key()] = std::round(it.value() * 1000) / 1000;
        return report;
    }

private:
    struct Seen
    {
        QString name;
        double seconds = 0;
    };
    QHash<pid_t, Seen> m_start;
    QHash<pid_t, Seen> m_last;
};

// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in KiB.
inline qint64 statusKb(QByteArrayView field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// The largest gap between two runs of a 1 ms timer: how long the GUI thread was busy at once,
// and how much CPU the GUI thread used in that gap (less than the gap when the machine is busy
// and the thread waited for a core).
class StallMonitor : public QObject
{
public:
    StallMonitor()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double cpu = threadCpuSeconds();
            const double gapMs = double(now - m_last) / 1e6 - 1.0;
            if (gapMs > m_maxMs) {
                m_maxMs = gapMs;
                m_maxCpuMs = (cpu - m_lastCpu) * 1000.0;
                m_maxAtMs = double(now - m_start) / 1e6;
            }
            m_last = now;
            m_lastCpu = cpu;
            if (gapMs > 16.0)
                ++m_over16;
            if (gapMs > 50.0)
                ++m_over50;
        });
        m_clock.start();
    }
    // The monitor's own 1,000 wake-ups a second cost CPU: off while measuring CPU.
    void setRunning(bool running)
    {
        reset();
        if (running)
            m_timer.start();
        else
            m_timer.stop();
    }
    void reset()
    {
        m_start = m_last = m_clock.nsecsElapsed();
        m_lastCpu = threadCpuSeconds();
        m_maxMs = 0;
        m_maxCpuMs = 0;
        m_maxAtMs = 0;
        m_over16 = 0;
        m_over50 = 0;
    }
    [[nodiscard]] QJsonObject report() const
    {
        return {{QStringLiteral("longest_stall_ms"), round1(m_maxMs)},
                {QStringLiteral("longest_stall_gui_cpu_ms"), round1(m_maxCpuMs)},
                {QStringLiteral("longest_stall_at_ms"), std::round(m_maxAtMs)},
                {QStringLiteral("stalls_over_16ms"), m_over16},
                {QStringLiteral("stalls_over_50ms"), m_over50}};
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_start = 0;
    qint64 m_last = 0;
    double m_maxMs = 0;
    double m_lastCpu = 0;
    double m_maxCpuMs = 0;
    double m_maxAtMs = 0;
    int m_over16 = 0;
    int m_over50 = 0;
};

} // namespace benchmeasures
