// historybench: what the lock history costs per key, without a server or a window.
//
// Feeds redislock::LockHistory, as `lockctl watch` does, and LockHistoryFeed, as the inspector's
// GUI thread does, with keys of several formats (redislock, redsync, node-redlock, redis-py,
// Redisson hashes, ShedLock, raw values without expiry), page by page, and measures each phase:
// - first sightings (a scan before the watch began: every key is "seen");
// - re-sightings of the same, unchanged keys a second later (their TTL counted down);
// - TTL re-syncs of every key (the core only; the feed adds a conversion per sample).
// For each: ns per key (wall, the calls alone: making the records is outside), allocations per
// key (calls of malloc, calloc and realloc, counted by this program's own malloc), and bytes per
// key the phase left allocated (in use after minus before, glibc's headers included). The CPU
// time of the thread is given beside the wall time: on a shared machine it is the steadier. With
// --reserve, the history is told the key count first (LockHistory::reserve, as the inspector does
// when a scan starts), and what that call costs is reported beside the phases. Prints a JSON
// report and writes it to --output. A benchmark, not a test: it asserts nothing.

#include "benchmeasures.h"
#include "locks/lockhistoryfeed.h"
#include "session/locksnapshot.h"

#include <redislock/lockhistory.h>
#include <redislock/lockrecord.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <malloc.h>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

// Every malloc, calloc and realloc of the process counted, and the bytes in use (each block's
// usable size and glibc's 8-byte header) kept up to date by free too, then handed to glibc's own:
// the executable's definitions come before libc's for every library, libstdc++'s operator new
// and Qt's containers included. (mallinfo2 walks the free lists: too slow to call per page.)
namespace {
std::atomic<std::uint64_t> mallocCalls{0};
std::atomic<std::int64_t> bytesInUse{0};
constexpr std::int64_t chunkHeader = 8;

void *counted(void *block)
{
    if (block)
        bytesInUse.fetch_add(std::int64_t(malloc_usable_size(block)) + chunkHeader,
                             std::memory_order_relaxed);
    return block;
}
} // namespace

extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *pointer, std::size_t size);
void __libc_free(void *pointer);

void *malloc(std::size_t size)
{
    mallocCalls.fetch_add(1, std::memory_order_relaxed);
    return counted(__libc_malloc(size));
}

void *calloc(std::size_t count, std::size_t size)
{
    mallocCalls.fetch_add(1, std::memory_order_relaxed);
    return counted(__libc_calloc(count, size));
}

void *realloc(void *pointer, std::size_t size)
{
    mallocCalls.fetch_add(1, std::memory_order_relaxed);
    if (pointer)
        bytesInUse.fetch_sub(std::int64_t(malloc_usable_size(pointer)) + chunkHeader,
                             std::memory_order_relaxed);
    return counted(__libc_realloc(pointer, size));
}

void free(void *pointer)
{
    if (pointer)
        bytesInUse.fetch_sub(std::int64_t(malloc_usable_size(pointer)) + chunkHeader,
                             std::memory_order_relaxed);
    __libc_free(pointer);
}
}

namespace {

using redislock::HistoryTime;
using redislock::LockRecord;
using Clock = std::chrono::steady_clock;

constexpr std::size_t pageSize = 1000;

// Deterministic bytes from a key's index, so that a re-sighting reads what the first read did.
std::uint64_t mix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string fromAlphabet(std::uint64_t seed, std::size_t length, std::string_view alphabet)
{
    std::string text(length, ' ');
    for (std::size_t i = 0; i < length; ++i)
        text[i] = alphabet[mix(seed + i * 7919) % alphabet.size()];
    return text;
}

constexpr std::string_view base64url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view base64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view hex = "0123456789abcdef";

// The i-th key as a scan would read it, `elapsedMs` after the first read (its TTL counted
// down by that much), classified as the readers do.
LockRecord recordAt(std::size_t i, std::int64_t elapsedMs)
{
    const std::uint64_t seed = mix(i);
    LockRecord record;
    record.ttlMs = 5000 + std::int64_t(seed % 295000) - elapsedMs;
    record.node = "127.0.0.1:6379";
    switch (i % 7) {
    case 0: // bsm/redislock: 22 base64url characters of token, then metadata
        record.key = "lock:orders:" + std::to_string(i);
        record.value = fromAlphabet(seed, 22, base64url) + "{\"host\":\"web-3\"}";
        break;
    case 1: // redsync: 16 random bytes in padded base64
        record.key = "redsync:jobs:" + std::to_string(i);
        record.value = fromAlphabet(seed, 22, base64) + "==";
        break;
    case 2: // node-redlock: 32 hex digits
        record.key = "locks:user:" + std::to_string(i) + ":profile";
        record.value = fromAlphabet(seed, 32, hex);
        break;
    case 3: { // redis-py: uuid1().hex
        record.key = "redis-py:report:" + std::to_string(i);
        std::string uuid = "1e" + fromAlphabet(seed, 10, hex) + "1" +
                           fromAlphabet(seed + 1, 3, hex) + "8" + fromAlphabet(seed + 2, 15, hex);
        record.value = uuid;
        break;
    }
    case 4: // Redisson: a hash "<client uuid>:<thread>" -> hold count
        record.key = "redisson:lock:" + std::to_string(i);
        record.type = "hash";
        record.hash = {{fromAlphabet(seed, 8, hex) + "-" + fromAlphabet(seed + 1, 4, hex) + "-4" +
                            fromAlphabet(seed + 2, 3, hex) + "-a" + fromAlphabet(seed + 3, 3, hex) +
                            "-" + fromAlphabet(seed + 4, 12, hex) + ":57",
                        "1"}};
        break;
    case 5: // ShedLock
        record.key = "job-lock:default:report-" + std::to_string(i);
        record.value = "ADDED:2026-12-05T00:00:00.000Z@host-" + std::to_string(i % 40);
        break;
    default: // a raw value without expiry (a counter, a setting)
        record.key = "config:feature:" + std::to_string(i);
        record.value = std::to_string(seed % 100000);
        record.ttlMs = -1;
        break;
    }
    record.valueSize = record.value.size();
    record.classify(0);
    return record;
}

std::vector<LockRecord> pageAt(std::size_t first, std::size_t count, std::int64_t elapsedMs)
{
    std::vector<LockRecord> page;
    page.reserve(count);
    for (std::size_t i = first; i < first + count; ++i)
        page.push_back(recordAt(i, elapsedMs));
    return page;
}

std::int64_t heapInUse()
{
    return bytesInUse.load(std::memory_order_relaxed);
}

// What one phase cost: the calls alone are timed and counted, page by page.
struct Phase
{
    double seconds = 0;
    double cpuSeconds = 0;
    std::uint64_t allocations = 0;
    std::int64_t bytes = 0;
    std::size_t keys = 0;

    template <typename Calls>
    void measure(std::size_t count, Calls &&calls)
    {
        const std::int64_t heapBefore = heapInUse();
        const std::uint64_t allocationsBefore = mallocCalls.load(std::memory_order_relaxed);
        const double cpuStart = benchmeasures::threadCpuSeconds();
        const auto start = Clock::now();
        calls();
        seconds += std::chrono::duration<double>(Clock::now() - start).count();
        cpuSeconds += benchmeasures::threadCpuSeconds() - cpuStart;
        allocations += mallocCalls.load(std::memory_order_relaxed) - allocationsBefore;
        bytes += heapInUse() - heapBefore;
        keys += count;
    }

    [[nodiscard]] QJsonObject report() const
    {
        const double n = double(std::max<std::size_t>(keys, 1));
        return {{u"keys"_s, qint64(keys)},
                {u"ns_per_key"_s, benchmeasures::round1(seconds * 1e9 / n)},
                {u"cpu_ns_per_key"_s, benchmeasures::round1(cpuSeconds * 1e9 / n)},
                {u"allocations_per_key"_s, benchmeasures::round1(double(allocations) / n)},
                {u"bytes_per_key"_s, benchmeasures::round1(double(bytes) / n)}};
    }
};

HistoryTime at(std::int64_t ms)
{
    static const HistoryTime start = HistoryTime::now();
    return {start.steady + std::chrono::milliseconds(ms),
            start.wall + std::chrono::milliseconds(ms)};
}

// What reserve(keys) costs, beside the phases it makes cheaper.
QJsonObject reserveReport(const Phase &phase)
{
    return {{u"ms"_s, benchmeasures::round1(phase.seconds * 1e3)},
            {u"cpu_ms"_s, benchmeasures::round1(phase.cpuSeconds * 1e3)},
            {u"bytes"_s, qint64(phase.bytes)}};
}

QJsonObject benchCore(std::size_t keys, bool reserve)
{
    Phase reserved;
    Phase first;
    Phase again;
    Phase ttls;
    const std::int64_t heapBefore = heapInUse();
    {
        redislock::LockHistory history;
        if (reserve)
            reserved.measure(0, [&] { history.reserve(keys); });
        std::size_t events = 0;
        for (std::size_t page = 0; page < keys; page += pageSize) {
            const auto records = pageAt(page, std::min(pageSize, keys - page), 0);
            first.measure(records.size(), [&] {
                for (const auto &record : records)
                    events += history.observe(record, at(0)).events.size();
            });
        }
        history.beginWatching();
        for (std::size_t page = 0; page < keys; page += pageSize) {
            const auto records = pageAt(page, std::min(pageSize, keys - page), 1000);
            again.measure(records.size(), [&] {
                for (const auto &record : records)
                    events += history.observe(record, at(1000)).events.size();
            });
        }
        for (std::size_t page = 0; page < keys; page += pageSize) {
            const auto records = pageAt(page, std::min(pageSize, keys - page), 2000);
            ttls.measure(records.size(), [&] {
                for (const auto &record : records)
                    events += history.observeTtl(record.key, record.ttlMs, at(2000)).events.size();
            });
        }
        // Something of the history read back, so that nothing above is optimised away.
        if (events != keys || history.size() != keys)
            std::fprintf(stderr, "historybench: %zu events for %zu keys (%zu kept)\n", events, keys,
                         history.size());
    }
    return {{u"keys"_s, qint64(keys)},
            {u"reserve"_s, reserveReport(reserved)},
            {u"first_sighting"_s, first.report()},
            {u"re_sighting"_s, again.report()},
            {u"ttl_resync"_s, ttls.report()},
            {u"bytes_left_after_destruction"_s, qint64(heapInUse() - heapBefore)}};
}

QJsonObject benchFeed(std::size_t keys, bool reserve)
{
    Phase reserved;
    Phase first;
    Phase again;
    LockHistoryFeed feed;
    if (reserve)
        reserved.measure(0, [&] { feed.reserve(keys); });
    // The listing's snapshots are kept until it is over, as the inspector's table keeps its
    // rows: the history's storage is then fresh memory, as in the inspector, rather than the
    // pages the previous page's snapshots just gave back.
    const auto listing = [&](Phase &phase, std::int64_t elapsedMs) {
        std::vector<QList<LockSnapshot>> kept;
        for (std::size_t page = 0; page < keys; page += pageSize) {
            QList<LockSnapshot> &snapshots = kept.emplace_back();
            for (const auto &record : pageAt(page, std::min(pageSize, keys - page), elapsedMs))
                snapshots.append(LockSnapshot::fromRecord(record));
            feed.setClock([elapsedMs] { return at(elapsedMs); });
            phase.measure(std::size_t(snapshots.size()), [&] { feed.observeLocks(snapshots); });
        }
    };
    listing(first, 0);
    feed.beginWatching();
    listing(again, 1000);
    if (feed.history().size() != keys)
        std::fprintf(stderr, "historybench: the feed kept %zu of %zu keys\n", feed.history().size(),
                     keys);
    return {{u"keys"_s, qint64(keys)},
            {u"reserve"_s, reserveReport(reserved)},
            {u"first_listing"_s, first.report()},
            {u"second_listing"_s, again.report()}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"What the lock history costs per key."_s);
    parser.addHelpOption();
    const QCommandLineOption keysOption(u"keys"_s,
                                        u"Comma-separated key counts (default 100000,1000000)."_s,
                                        u"N,..."_s, u"100000,1000000"_s);
    const QCommandLineOption feedKeysOption(
        u"feed-keys"_s, u"Keys listed through LockHistoryFeed (default 100000; 0: none)."_s, u"N"_s,
        u"100000"_s);
    const QCommandLineOption outputOption(u"output"_s, u"Where to write the JSON report."_s,
                                          u"FILE"_s, u"historybench.json"_s);
    const QCommandLineOption reserveOption(
        u"reserve"_s,
        u"Call reserve() with the key count first, as the inspector does when a scan starts."_s);
    parser.addOptions({keysOption, feedKeysOption, outputOption, reserveOption});
    parser.process(app);
    const bool reserve = parser.isSet(reserveOption);

    QJsonArray core;
    for (const QString &count : parser.value(keysOption).split(u',', Qt::SkipEmptyParts)) {
        core.append(benchCore(count.toULongLong(), reserve));
        std::fprintf(stderr, "historybench: core, %s keys done\n", qPrintable(count));
    }
    QJsonObject report{{u"core"_s, core}, {u"reserved"_s, reserve}};
    if (const std::size_t feedKeys = parser.value(feedKeysOption).toULongLong(); feedKeys > 0)
        report.insert(u"feed"_s, benchFeed(feedKeys, reserve));

    const QByteArray json = QJsonDocument(report).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, std::size_t(json.size()), stdout);
    QFile out(parser.value(outputOption));
    if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size()) {
        std::fprintf(stderr, "historybench: could not write %s\n",
                     qPrintable(parser.value(outputOption)));
        return 1;
    }
    return 0;
}
