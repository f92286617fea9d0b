#include "commands.h"
#include "jsonwriter.h"
#include "lockoutput.h"

#include <redislock/keyscanner.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace {

using redislock::LockRecord;

constexpr std::chrono::milliseconds minimumWatchInterval{100};

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
        std::printf("%-22s ", "NODE (SLOT)");
    std::printf("%-40s %-12s %-10s %-22s %s\n", "KEY", "FORMAT", "TTL", "TOKEN", "METADATA");
}

void printRow(const LockRecord &record, bool cluster)
{
    if (cluster) {
        std::string where = record.node;
        if (record.slot)
            where += " (" + std::to_string(*record.slot) + ")";
        std::printf("%-22s ", printable(where, 22).c_str());
    }
    const std::string format = record.type == "string"
                                   ? std::string(redislock::formatName(record.format))
                                   : "raw (" + record.type + ")";
    const std::string key = printable(record.key, 40);
    const std::string token = printable(record.token(), 22);
    const std::string metadata =
        printable(record.format == redislock::LockFormat::raw ? std::string_view(record.value)
                                                              : record.metadata(),
                  60);
    std::printf("%-40s %-12s %-10s %-22s %s\n", key.c_str(), format.c_str(),
                ttlText(record.ttlMs).c_str(), token.c_str(), metadata.c_str());
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

} // namespace

int runList(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions(
            {"pattern", "limit", "watch", "interval", "token-length"}))
        return *rejected;
    if (!invocation.arguments().positionals().empty())
        return invocation.usage("list takes no arguments; filter with --pattern GLOB");
    auto limit = invocation.integer("limit", 0, 1);
    auto tokenLength = invocation.integer("token-length", 0, 1, 4096);
    auto interval = invocation.duration("interval", std::chrono::seconds(1));
    if (!limit)
        return invocation.fail(limit.error());
    if (!tokenLength)
        return invocation.fail(tokenLength.error());
    if (!interval)
        return invocation.fail(interval.error());
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

    // --watch: a fresh scan every interval, redrawn, until interrupted.
    const std::size_t shown = maximum ? maximum : 200;
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
        std::ranges::sort(listing.records, {}, &LockRecord::key);
        listing.complete = listing.records.size() <= shown && scanner.complete();
        if (listing.records.size() > shown)
            listing.records.resize(shown);
        if (invocation.json()) {
            writeListingJson(listing);
        } else {
            std::printf("\x1b[H\x1b[2J%zu keys under %s (every %s, Ctrl-C to stop)\n\n",
                        static_cast<std::size_t>(listing.scanned), options.pattern.c_str(),
                        invocation.arguments().value("interval").value_or("1s").c_str());
            if (!listing.failedNodes.empty())
                std::printf("%s\n\n", printable(incompleteText(listing.failedNodes)).c_str());
            printHeader(cluster);
            for (const auto &record : listing.records)
                printRow(record, cluster);
            std::fflush(stdout);
        }
    } while (invocation.pause(*interval));
    return exitSuccess;
}
