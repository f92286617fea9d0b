#include "commands.h"
#include "jsonwriter.h"
#include "lockoutput.h"

#include <redislock/auxkeys.h>
#include <redislock/keyscanner.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

namespace {

using redislock::LockRecord;

constexpr std::chrono::milliseconds minimumWatchInterval{100};
// --watch rescans no faster than this many commands a second (SCAN, then a value and a TTL
// read per key), as the inspector re-syncs: watching must not load the server it watches.
constexpr long long defaultWatchBudget = 5000;

struct Listing
{
    std::vector<LockRecord> records;
    std::uint64_t scanned = 0;
    bool complete = false;
    std::vector<redislock::NodeFailure> failedNodes;
};

// The masters whose part of the scan failed, for the JSON document: [{"node", "error"}].
void writeFailedNodes(JsonWriter &json, const std::vector<redislock::NodeFailure> &failed)
{
    if (failed.empty())
        return;
    json.key("failed_nodes").beginArray();
    for (const auto &failure : failed)
        json.beginObject()
            .key("node")
            .bytes(failure.node)
            .key("error")
            .bytes(failure.error.message())
            .endObject();
    json.endArray();
}

// One line on stderr naming the failed masters: the listing holds every other master's keys.
std::string incompleteText(const std::vector<redislock::NodeFailure> &failed)
{
    std::string text = "incomplete listing: ";
    for (std::size_t i = 0; i < failed.size(); ++i) {
        if (i > 0)
            text += "; ";
        text += failed[i].node + " failed (" + failed[i].error.message() + ")";
    }
    return text + "; the other masters' keys are listed";
}

std::string ttlText(std::int64_t ttlMs)
{
    if (ttlMs == -1)
        return "no expiry";
    if (ttlMs < 10'000)
        return std::to_string(ttlMs) + "ms";
    return std::to_string(ttlMs / 1000) + "s";
}

// On a cluster the table gets a NODE column: which master holds the lock, and its slot.
void printHeader(bool cluster)
{
    if (cluster)
        std::printf("%-23s ", "NODE (SLOT)");
    std::printf("%-40s %-17s %-10s %-22s %s\n", "KEY", "FORMAT", "TTL", "TOKEN",
                "HOLDER / METADATA");
}

void printRow(const LockRecord &record, bool cluster)
{
    if (cluster) {
        std::string where = record.node;
        if (record.slot)
            where += " (" + std::to_string(*record.slot) + ")";
        std::printf("%-23s ", printable(where, 23).c_str());
    }
    const std::string format =
        record.type == "string" || record.format != redislock::LockFormat::raw
            ? std::string(redislock::formatName(record.format))
            : "raw (" + record.type + ")";
    const std::string key = printable(record.key, 40);
    const std::string token = printable(record.token(), 22);
    // Who holds it, where the bytes say; else the holder's own words (metadata), or the value.
    std::string last = redislock::holderSummary(record);
    if (last.empty())
        last =
            printable(record.format == redislock::LockFormat::raw ? std::string_view(record.value)
                                                                  : record.metadata(),
                      60);
    else
        last = printable(last, 60);
    std::printf("%-40s %-17s %-10s %-22s %s\n", key.c_str(), format.c_str(),
                ttlText(record.ttlMs).c_str(), token.c_str(), last.c_str());
}

void writeListingJson(const Listing &listing)
{
    JsonWriter json(stdout);
    json.beginObject().key("locks").beginArray();
    for (const auto &record : listing.records)
        writeLockJson(json, record, std::span(&record.key, 1));
    json.endArray();
    json.key("scanned").number(static_cast<std::int64_t>(listing.scanned));
    json.key("complete").boolean(listing.complete);
    writeFailedNodes(json, listing.failedNodes);
    json.endObject().finish();
}

// --aux: the core's report of the auxiliary keys beside the pattern's locks (redislock::
// scanAuxKeys), grouped under their locks, and the orphans (whose lock is gone) counted with
// their memory.
int listAux(Invocation &invocation, const redislock::Client &client,
            const redislock::ScanOptions &options, const redislock::Context &context)
{
    auto scanned = redislock::scanAuxKeys(client, options, context);
    if (!scanned)
        return invocation.fail(scanned.error());
    const redislock::AuxReport &report = *scanned;
    const auto &entries = report.entries;
    const auto &records = report.records;
    const std::size_t orphans = report.orphans;
    const bool estimated = report.estimated;
    const std::int64_t orphanBytes = report.orphanBytes;
    // Whether each lock exists: an auxiliary key's lock exists unless its keys are orphans.
    std::map<std::string, bool> exists;
    for (const auto &entry : entries)
        exists[entry.aux.lockKey] = !entry.orphan;

    if (invocation.json()) {
        JsonWriter json(stdout);
        json.beginObject().key("aux").beginArray();
        for (const auto &entry : entries) {
            json.beginObject();
            json.key("key").bytes(entry.key);
            json.key("kind").bytes(redislock::auxKindName(entry.aux.kind));
            json.key("lock").bytes(entry.aux.lockKey);
            json.key("lock_exists").boolean(!entry.orphan);
            if (const auto lock = records.find(entry.aux.lockKey); lock != records.end())
                json.key("lock_format").bytes(redislock::formatName(lock->second.format));
            json.key("type").bytes(entry.type);
            json.key("ttl_ms").number(entry.ttlMs);
            if (entry.memory >= 0)
                json.key("memory_bytes").number(entry.memory);
            json.endObject();
        }
        json.endArray();
        json.key("orphans").beginObject();
        json.key("count").number(static_cast<std::int64_t>(orphans));
        json.key("memory_bytes").number(orphanBytes);
        json.key("sampled").number(static_cast<std::int64_t>(report.sampled));
        json.key("estimated").boolean(estimated);
        json.endObject();
        json.endObject().finish();
        return exitSuccess;
    }
    // Grouped by lock: the lock's line, then its auxiliary keys.
    std::map<std::string, std::vector<const redislock::AuxEntry *>> byLock;
    for (const auto &entry : entries)
        byLock[entry.aux.lockKey].push_back(&entry);
    std::printf("%-48s %-26s %-10s %s\n", "LOCK / AUXILIARY KEY", "KIND", "TTL", "NOTE");
    for (const auto &[lock, group] : byLock) {
        const auto record = records.find(lock);
        const std::string state = !exists[lock] ? "gone: its keys below are orphans"
                                  : record != records.end()
                                      ? std::string(redislock::formatName(record->second.format)) +
                                            ", " + redislock::holderSummary(record->second)
                                      : "exists (not under the pattern)";
        std::printf("%-48s %-26s %-10s %s\n", printable(lock, 48).c_str(), "lock",
                    record != records.end() ? ttlText(record->second.ttlMs).c_str() : "",
                    printable(state, 60).c_str());
        for (const redislock::AuxEntry *entry : group)
            std::printf("  %-46s %-26s %-10s %s\n", printable(entry->key, 46).c_str(),
                        std::string(redislock::auxKindName(entry->aux.kind)).c_str(),
                        ttlText(entry->ttlMs).c_str(),
                        entry->orphan
                            ? (entry->memory >= 0
                                   ? ("orphan, " + std::to_string(entry->memory) + " bytes").c_str()
                                   : "orphan")
                            : "");
    }
    std::printf("%zu auxiliary keys, %zu orphans using %s%lld bytes%s\n", entries.size(), orphans,
                estimated ? "about " : "", static_cast<long long>(orphanBytes),
                estimated
                    ? (" (MEMORY USAGE of " + std::to_string(report.sampled) + " sampled)").c_str()
                    : "");
    return exitSuccess;
}

// "2.5s": how long --watch waits between scans.
std::string watchSeconds(std::chrono::nanoseconds wait)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1fs", std::chrono::duration<double>(wait).count());
    return text;
}

} // namespace

int runList(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions(
            {"pattern", "limit", "watch", "interval", "token-length", "aux", "budget"}))
        return *rejected;
    if (!invocation.arguments().positionals().empty())
        return invocation.usage("list takes no arguments; filter with --pattern GLOB");
    auto limit = invocation.integer("limit", 0, 1);
    auto tokenLength = invocation.integer("token-length", 0, 1, 4096);
    auto interval = invocation.duration("interval", std::chrono::seconds(1));
    auto budget = invocation.integer("budget", defaultWatchBudget, 1);
    if (!limit)
        return invocation.fail(limit.error());
    if (!tokenLength)
        return invocation.fail(tokenLength.error());
    if (!interval)
        return invocation.fail(interval.error());
    if (!budget)
        return invocation.fail(budget.error());
    // Each refresh is a whole scan: faster than 10 a second is load on the server, not news.
    if (*interval < minimumWatchInterval)
        return invocation.usage("--interval must be at least 100ms, not " +
                                invocation.arguments().value("interval").value_or(""));
    auto client = invocation.connect();
    if (!client)
        return invocation.fail(client.error());

    redislock::ScanOptions options;
    options.customTokenLength = static_cast<std::size_t>(*tokenLength);
    options.pattern = invocation.arguments().value("pattern").value_or(
        invocation.prefix().empty() ? "*" : invocation.prefix() + ":*");
    const auto maximum = static_cast<std::size_t>(*limit);
    const redislock::Context context(invocation.stopToken());
    const bool cluster = client->deployment() == redislock::Deployment::cluster;

    if (invocation.arguments().flag("aux")) {
        if (invocation.arguments().flag("watch") || maximum)
            return invocation.usage(
                "--aux lists every auxiliary key once: not with --watch or --limit");
        return listAux(invocation, *client, options, context);
    }
    if (!invocation.arguments().flag("watch")) {
        // Streamed page by page, so memory stays flat however many keys there are.
        redislock::KeyScanner scanner(*client, options);
        JsonWriter json(stdout);
        // Opened once the first page is read, so that a server we cannot reach leaves stdout
        // empty rather than holding the start of a document that never ends.
        bool opened = false;
        const auto open = [&] {
            if (std::exchange(opened, true))
                return;
            if (invocation.json())
                json.beginObject().key("locks").beginArray();
            else
                printHeader(cluster);
        };
        std::size_t listed = 0;
        bool limited = false;
        const bool asJson = invocation.json(); // a lookup in the options: once, not per key
        while (!scanner.finished() && !limited) {
            auto page = scanner.next(context);
            if (!page) {
                if (opened && invocation.json())
                    json.finish(); // what was listed, cut short, then the error on stderr
                return invocation.fail(page.error());
            }
            open();
            for (const auto &record : *page) {
                if (maximum && listed == maximum) {
                    limited = true;
                    break;
                }
                ++listed;
                if (asJson)
                    writeLockJson(json, record, std::span(&record.key, 1));
                else
                    printRow(record, cluster);
            }
        }
        open();
        const bool complete = scanner.finished() && !limited && scanner.complete();
        if (invocation.json()) {
            json.endArray();
            json.key("scanned").number(static_cast<std::int64_t>(scanner.scanned()));
            json.key("complete").boolean(complete);
            writeFailedNodes(json, scanner.failedNodes());
            json.endObject().finish();
        } else if (limited) {
            std::printf("(listing stopped at --limit %zu)\n", maximum);
        }
        // A master that failed mid-scan: what the others hold is listed, and the exit code
        // says the listing is partial (3, as for a connection error), the line says whose.
        if (!scanner.complete()) {
            std::fflush(stdout);
            return invocation.fail(redislock::Error(redislock::Errc::connectionFailed,
                                                    incompleteText(scanner.failedNodes())));
        }
        return exitSuccess;
    }

    // --watch: a fresh scan every interval, redrawn, until interrupted; with many keys, as
    // often as the command budget allows.
    const std::size_t shown = maximum ? maximum : 200;
    std::chrono::nanoseconds wait = *interval;
    do {
        Listing listing;
        redislock::KeyScanner scanner(*client, options);
        while (!scanner.finished()) {
            auto page = scanner.next(context);
            if (!page) {
                if (invocation.stopToken().stop_requested())
                    return exitSuccess;
                return invocation.fail(page.error());
            }
            for (auto &record : *page)
                listing.records.push_back(std::move(record));
        }
        listing.scanned = scanner.scanned();
        listing.failedNodes = scanner.failedNodes();
        // SCAN pages of about a thousand keys, then a value and a TTL read per key.
        const auto commands =
            static_cast<long long>(2 * listing.scanned + listing.scanned / 1000 + 1);
        wait = std::max<std::chrono::nanoseconds>(
            *interval, std::chrono::milliseconds(commands * 1000 / *budget));
        std::ranges::sort(listing.records, {}, &LockRecord::key);
        listing.complete = listing.records.size() <= shown && scanner.complete();
        if (listing.records.size() > shown)
            listing.records.resize(shown);
        if (invocation.json()) {
            writeListingJson(listing);
        } else {
            std::printf("\x1b[H\x1b[2J%zu keys under %s (every %s, Ctrl-C to stop)\n\n",
                        static_cast<std::size_t>(listing.scanned), options.pattern.c_str(),
                        wait > *interval
                            ? (watchSeconds(wait) + " within --budget " + std::to_string(*budget) +
                               " commands/s")
                                  .c_str()
                            : invocation.arguments().value("interval").value_or("1s").c_str());
            if (!listing.failedNodes.empty())
                std::printf("%s\n\n", printable(incompleteText(listing.failedNodes)).c_str());
            printHeader(cluster);
            for (const auto &record : listing.records)
                printRow(record, cluster);
            std::fflush(stdout);
        }
    } while (invocation.pause(wait));
    return exitSuccess;
}
