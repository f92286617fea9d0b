// lockctl watch: the event stream of the locks under a pattern, as the core's LockHistory reads
// the observations: keyspace events (one subscription per master, since a cluster publishes a
// key's events on its own node only), re-reads of the keys they name with the record reader
// every lister uses, a first scan, and a slow TTL re-sync for what events cannot tell (a lease
// renewed by a command that publishes nothing the server was told to publish). Without keyspace
// notifications it polls by scanning. It only reads: SCAN, GETRANGE, PTTL, TYPE, HSCAN, LLEN,
// CONFIG GET and SUBSCRIBE.

#include "commands.h"
#include "jsonwriter.h"
#include "lockoutput.h"

#include <redislock/keyscanner.h>
#include <redislock/lockhistory.h>
#include <redislock/subscription.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using redislock::HistoryChanges;
using redislock::HistoryTime;
using redislock::LockEventKind;
using Steady = std::chrono::steady_clock;

constexpr std::chrono::milliseconds minimumInterval{100};
// With events flowing, a full scan now and then finds what a lost event hid; polling scans
// every interval instead.
constexpr auto notifiedRescanInterval = 60s;
// A key a re-read found gone while events flow waits this long for its del/expired event,
// which says why it left better than a guess from its TTL.
constexpr auto vanishGrace = 500ms;
// The first scan waits at most this long for the subscriptions, so that no key set in between
// slips past both.
constexpr auto subscribeWait = 5s;
constexpr auto pruneInterval = 60s;
// PTTLs per pipelined round trip of a re-sync.
constexpr std::size_t resyncBatch = 1000;

// Key events that change a key in place (a new value, a new TTL, a hash field) and those that
// remove it. Channels a server does not publish (its flags lack the class) cost nothing.
const std::set<std::string, std::less<>> changeEvents{"set",  "expire",  "persist",
                                                      "hset", "hincrby", "hdel"};
const std::map<std::string, redislock::RemovalCause, std::less<>> removalEvents{
    {"del", redislock::RemovalCause::delEvent},
    {"expired", redislock::RemovalCause::expiredEvent},
    {"evicted", redislock::RemovalCause::evictedEvent},
};

// Live updates need key events (E) for generic commands (g: del, expire), strings ($: set) and
// expiry (x); A stands for all classes. The inspector asks the same of a server.
bool notificationsSuffice(const std::string &flags)
{
    const auto has = [&flags](char flag) {
        return flags.find(flag) != std::string::npos;
    };
    return has('E') && (has('A') || (has('g') && has('$') && has('x')));
}

// What a listener thread tells the main loop.
struct Word
{
    enum class Kind
    {
        event,
        subscribed,
        lost,
    };
    Kind kind = Kind::event;
    std::string node;
    std::string event; // the key event ("set", "del", ...)
    std::string key;
    HistoryTime at;
};

// The listeners' words, handed to the main loop, which waits for them or for its next chore.
class Feed
{
public:
    void push(Word word)
    {
        {
            const std::scoped_lock lock(mutex_);
            words_.push_back(std::move(word));
        }
        ready_.notify_one();
    }
    std::deque<Word> take(Steady::time_point until, std::stop_token stop)
    {
        std::unique_lock lock(mutex_);
        ready_.wait_until(lock, stop, until, [this] { return !words_.empty(); });
        return std::exchange(words_, {});
    }

private:
    std::mutex mutex_;
    std::condition_variable_any ready_;
    std::deque<Word> words_;
};

// Listens to one master's key events until stopped, subscribing again after a break.
void listen(redislock::Client client, std::string node, int db, Feed &feed, std::stop_token stop)
{
    const std::string prefix = "__keyevent@" + std::to_string(db) + "__:";
    std::vector<std::string> channels;
    for (const auto &event : changeEvents)
        channels.push_back(prefix + event);
    for (const auto &[event, cause] : removalEvents)
        channels.push_back(prefix + event);
    const redislock::Context context(stop);
    auto backoff = 250ms;
    while (!stop.stop_requested()) {
        auto subscription = redislock::Subscription::openOn(client, node, channels, {}, context);
        if (!subscription) {
            if (subscription.error() == redislock::Errc::cancelled)
                return;
            feed.push({Word::Kind::lost, node, subscription.error().message(), {}, {}});
            if (!context.sleepFor(backoff))
                return;
            backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
            continue;
        }
        backoff = 250ms;
        feed.push({Word::Kind::subscribed, node, {}, {}, {}});
        for (;;) {
            auto message = subscription->next(context);
            if (!message) {
                if (message.error() == redislock::Errc::cancelled)
                    return;
                feed.push({Word::Kind::lost, node, message.error().message(), {}, {}});
                break;
            }
            if (*message && (*message)->channel.starts_with(prefix))
                feed.push({Word::Kind::event, node, (*message)->channel.substr(prefix.size()),
                           std::move((*message)->payload), HistoryTime::now()});
        }
    }
}

// "2026-12-04T17:52:23.123Z"
std::string isoTime(std::chrono::system_clock::time_point wall)
{
    const auto ms = std::chrono::floor<std::chrono::milliseconds>(wall);
    const std::time_t seconds =
        std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(ms));
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[80];
    const auto fraction = (ms.time_since_epoch() % 1000ms).count();
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(fraction));
    return text;
}

std::string ttlText(std::int64_t ttlMs)
{
    if (ttlMs == -1)
        return "no expiry";
    return std::to_string(ttlMs) + "ms";
}

struct WatchSettings
{
    std::chrono::nanoseconds interval{1s};
    std::uint64_t count = 0; // stop after this many events (0: never)
    std::optional<Steady::time_point> end;
    bool initial = true; // print what the first scan finds
    bool json = false;
};

class Watcher
{
public:
    Watcher(Invocation &invocation, redislock::Client client, redislock::ScanOptions scan,
            const redislock::HistoryOptions &options, WatchSettings settings)
        : invocation_(invocation), client_(std::move(client)), scan_(std::move(scan)),
          history_(options), settings_(settings)
    {}

    int run();

private:
    // Every master publishes what we need and is listened to: no polling.
    [[nodiscard]] bool eventsFlow() const
    {
        return !subscribed_.empty() &&
               std::ranges::all_of(subscribed_, [](const auto &node) { return node.second; });
    }
    [[nodiscard]] bool done() const
    {
        return stop_.stop_requested() || (settings_.count && emitted_ >= settings_.count) ||
               (settings_.end && Steady::now() >= *settings_.end);
    }

    // Prints what the history made of a reading of `key` (not "emit": Qt's keyword, a macro to
    // cppcheck's Qt library).
    void output(const std::string &key, const HistoryChanges &changes, bool print = true);
    void printEvent(const std::string &key, const redislock::LockEvent &event);
    void printAnomaly(const std::string &key, const redislock::Anomaly &anomaly);
    // A step of the loop failed: said once until one succeeds again; false when stopping.
    bool failed(const redislock::Error &error, std::string_view doing);
    void succeeded();

    // Scans every master; observes each key; a known key the (complete) scan did not return is
    // read again.
    bool scanAll(bool print);
    // Reads the keys (readRecords) and observes them; those gone are vanished().
    bool readKeys(const std::vector<std::string> &keys);
    bool resyncTtls();
    void vanished(const std::string &key, HistoryTime at);
    void reportVanished();
    void handle(std::deque<Word> &words);

    Invocation &invocation_;
    redislock::Client client_;
    redislock::ScanOptions scan_;
    redislock::LockHistory history_;
    WatchSettings settings_;
    std::stop_source stop_;
    Feed feed_;
    std::map<std::string, bool> subscribed_; // listened-to masters: subscribed now
    std::set<std::string> toldLost_;         // masters whose loss of events was reported
    std::set<std::string> live_;             // keys with a current holder
    std::map<std::string, HistoryTime> pendingVanished_; // found gone, awaiting its event
    std::uint64_t emitted_ = 0;
    bool failing_ = false;
    Steady::time_point nextRescan_;
};

void Watcher::printEvent(const std::string &key, const redislock::LockEvent &event)
{
    if (settings_.json) {
        JsonWriter json(stdout);
        json.beginObject();
        json.key("ts").bytes(isoTime(event.at.wall));
        json.key("key").bytes(key);
        json.key("event").bytes(redislock::eventName(event.kind));
        json.key("format").bytes(redislock::formatName(event.format));
        json.key("token").bytes(event.token);
        json.key("ttl_ms");
        if (event.ttlMs == -2)
            json.null();
        else
            json.number(event.ttlMs);
        if (!event.previousToken.empty())
            json.key("previous_token").bytes(event.previousToken);
        json.endObject().finish();
        return;
    }
    // The event name padded to the longest ("handed-over"), so that keys line up.
    std::string kind(redislock::eventName(event.kind));
    kind.resize(std::max<std::size_t>(kind.size(), 11), ' ');
    std::string line = isoTime(event.at.wall) + "  " + kind + " " + printable(key, 60) + "  " +
                       std::string(redislock::formatName(event.format));
    if (!event.token.empty())
        line += "  token " + printable(event.token, 40);
    if (event.ttlMs != -2)
        line += "  ttl " + ttlText(event.ttlMs);
    if (!event.previousToken.empty())
        line += (event.token.empty() ? "  holder was " : "  (was ") +
                printable(event.previousToken, 40) + (event.token.empty() ? "" : ")");
    std::printf("%s\n", line.c_str());
}

void Watcher::printAnomaly(const std::string &key, const redislock::Anomaly &anomaly)
{
    if (settings_.json) {
        JsonWriter json(stdout);
        json.beginObject();
        json.key("ts").bytes(isoTime(anomaly.at.wall));
        json.key("key").bytes(key);
        json.key("event").bytes("anomaly");
        json.key("anomaly").bytes(redislock::anomalyName(anomaly.kind));
        json.key("token").bytes(anomaly.token);
        json.key("detail").bytes(anomaly.detail);
        json.endObject().finish();
        return;
    }
    std::printf("%s  anomaly     %s  %s: %s%s\n", isoTime(anomaly.at.wall).c_str(),
                printable(key, 60).c_str(),
                std::string(redislock::anomalyName(anomaly.kind)).c_str(),
                printable(anomaly.detail).c_str(),
                anomaly.token.empty() ? "" : ("  token " + printable(anomaly.token, 40)).c_str());
}

void Watcher::output(const std::string &key, const HistoryChanges &changes, bool print)
{
    for (const auto &event : changes.events) {
        switch (event.kind) {
        case LockEventKind::seen:
        case LockEventKind::obtained:
        case LockEventKind::handedOver:
            live_.insert(key);
            pendingVanished_.erase(key);
            break;
        case LockEventKind::refreshed:
            break;
        default:
            live_.erase(key);
            pendingVanished_.erase(key);
            break;
        }
    }
    if (!print)
        return;
    // Anomalies after the event they came with, and --count counts events only: the line that
    // reaches the count is followed by what it revealed.
    bool printed = false;
    for (const auto &event : changes.events) {
        if (settings_.count && emitted_ >= settings_.count)
            break;
        printEvent(key, event);
        ++emitted_;
        printed = true;
    }
    if (printed || changes.events.empty())
        for (const auto &anomaly : changes.anomalies)
            printAnomaly(key, anomaly);
    std::fflush(stdout);
}

bool Watcher::failed(const redislock::Error &error, std::string_view doing)
{
    if (stop_.stop_requested() || error == redislock::Errc::cancelled)
        return false;
    if (!std::exchange(failing_, true))
        std::fprintf(stderr, "lockctl: %s: %s; trying again\n", std::string(doing).c_str(),
                     printable(error.message()).c_str());
    return true;
}

void Watcher::succeeded()
{
    if (std::exchange(failing_, false))
        std::fprintf(stderr, "lockctl: reading again\n");
}

bool Watcher::readKeys(const std::vector<std::string> &keys)
{
    if (keys.empty())
        return true;
    // Stamped before the read: the TTL was measured after this moment, so the predicted expiry
    // errs early, never late.
    const HistoryTime at = HistoryTime::now();
    const redislock::Context context(stop_.get_token());
    auto records = redislock::readRecords(client_, keys, scan_, context);
    if (!records)
        return failed(records.error(), "reading changed keys");
    succeeded();
    std::set<std::string, std::less<>> found;
    for (const auto &record : *records) {
        if (record.ttlMs == -2)
            continue; // gone between its GETRANGE and its PTTL: as if not found
        found.insert(record.key);
        output(record.key, history_.observe(record, at));
    }
    for (const auto &key : keys)
        if (!found.contains(key))
            vanished(key, at);
    return true;
}

bool Watcher::scanAll(bool print)
{
    const redislock::Context context(stop_.get_token());
    redislock::KeyScanner scanner(client_, scan_);
    std::set<std::string, std::less<>> found;
    while (!scanner.finished()) {
        const HistoryTime at = HistoryTime::now();
        auto page = scanner.next(context);
        if (!page)
            return failed(page.error(), "scanning");
        for (const auto &record : *page) {
            if (record.ttlMs == -2)
                continue;
            found.insert(record.key);
            output(record.key, history_.observe(record, at), print);
        }
    }
    succeeded();
    if (!scanner.complete())
        return true; // a master failed mid-scan: what it holds is not known to be gone
    std::vector<std::string> missing;
    for (const auto &key : live_)
        if (!found.contains(key))
            missing.push_back(key);
    // SCAN returns every key that existed for the whole scan; one missed may have left and come
    // back meanwhile: read it again rather than guess.
    return readKeys(missing);
}

bool Watcher::resyncTtls()
{
    const std::vector<std::string> keys(live_.begin(), live_.end());
    const redislock::Context context(stop_.get_token());
    for (std::size_t first = 0; first < keys.size(); first += resyncBatch) {
        const std::size_t count = std::min(resyncBatch, keys.size() - first);
        std::vector<std::vector<std::string>> commands;
        commands.reserve(count);
        for (std::size_t i = first; i < first + count; ++i)
            commands.push_back({"PTTL", keys[i]});
        const HistoryTime at = HistoryTime::now();
        auto replies = client_.pipeline(commands, context);
        if (!replies)
            return failed(replies.error(), "re-reading TTLs");
        succeeded();
        for (std::size_t i = 0; i < count; ++i) {
            const auto &reply = (*replies)[i];
            if (reply.isError())
                continue;
            if (reply.integer == -2)
                vanished(keys[first + i], at);
            else
                output(keys[first + i], history_.observeTtl(keys[first + i], reply.integer, at));
        }
    }
    return true;
}

void Watcher::vanished(const std::string &key, HistoryTime at)
{
    if (!live_.contains(key))
        return;
    if (eventsFlow()) {
        pendingVanished_.try_emplace(key, at);
        return;
    }
    output(key, history_.removed(key, redislock::RemovalCause::foundGone, at));
}

void Watcher::reportVanished()
{
    const auto due = Steady::now() - vanishGrace;
    for (auto it = pendingVanished_.begin(); it != pendingVanished_.end();) {
        if (it->second.steady > due) {
            ++it;
            continue;
        }
        const std::string key = it->first;
        const HistoryTime foundAt = it->second;
        it = pendingVanished_.erase(it);
        // Judged as of when it was found gone: the grace must not make it look expired.
        output(key, history_.removed(key, redislock::RemovalCause::foundGone, foundAt));
    }
}

void Watcher::handle(std::deque<Word> &words)
{
    // Reads are batched, but a removal must not overtake a change heard before it (a key set
    // and deleted in one batch is obtained, then released): pending reads go first.
    std::vector<std::string> reads;
    std::set<std::string, std::less<>> queued;
    const auto flush = [&] {
        readKeys(reads);
        reads.clear();
        queued.clear();
    };
    for (auto &word : words) {
        switch (word.kind) {
        case Word::Kind::subscribed:
            subscribed_[word.node] = true;
            if (toldLost_.erase(word.node))
                std::fprintf(stderr, "lockctl: keyspace events from %s are back\n",
                             printable(word.node).c_str());
            // Events published while we were not subscribed are lost: look again.
            nextRescan_ = Steady::now();
            continue;
        case Word::Kind::lost:
            subscribed_[word.node] = false;
            // Said once per loss, and polled meanwhile (a scan every interval).
            if (toldLost_.insert(word.node).second)
                std::fprintf(stderr, "lockctl: no keyspace events from %s (%s); polling\n",
                             printable(word.node).c_str(), printable(word.event).c_str());
            nextRescan_ = std::min(nextRescan_, Steady::now() + settings_.interval);
            continue;
        case Word::Kind::event:
            break;
        }
        if (!redislock::globMatches(scan_.pattern, word.key))
            continue;
        if (changeEvents.contains(word.event)) {
            if (queued.insert(word.key).second)
                reads.push_back(std::move(word.key));
        } else if (const auto removal = removalEvents.find(word.event);
                   removal != removalEvents.end()) {
            if (queued.contains(word.key))
                flush();
            output(word.key, history_.removed(word.key, removal->second, word.at));
        }
    }
    flush();
}

int Watcher::run()
{
    const std::stop_callback relay(invocation_.stopToken(), [this] { stop_.request_stop(); });
    const redislock::Context context(stop_.get_token());
    auto masters = client_.masters(context);
    if (!masters)
        return invocation_.fail(masters.error());

    // Which masters publish what we need. CONFIG may be refused (an ACL, a renamed command):
    // then we cannot tell, and poll.
    std::vector<std::string> polled;
    for (const auto &master : *masters) {
        auto reply =
            client_.commandOn(master, {"CONFIG", "GET", "notify-keyspace-events"}, context);
        if (!reply) {
            // One master of a cluster down does not stop the watch of the others (it is polled
            // until the cluster fails it over); a single server that cannot be reached does.
            if (client_.deployment() != redislock::Deployment::cluster ||
                reply.error() == redislock::Errc::cancelled)
                return invocation_.fail(reply.error());
            polled.push_back(master + " (" + reply.error().message() + ")");
            continue;
        }
        if (!reply->isError() && reply->elements.size() == 2 &&
            notificationsSuffice(reply->elements[1].text))
            subscribed_[master] = false;
        else
            polled.push_back(master + (reply->isError() ? " (CONFIG GET refused)" : ""));
    }
    if (!polled.empty()) {
        std::string nodes;
        for (const auto &node : polled)
            nodes += (nodes.empty() ? "" : ", ") + node;
        std::fprintf(
            stderr,
            "lockctl: keyspace notifications are off on %s; polling by scanning every %s, which "
            "misses refreshes and locks shorter than that (lockctl changes no server setting: "
            "\"CONFIG SET notify-keyspace-events Eg$x\" turns them on)\n",
            printable(nodes).c_str(),
            invocation_.arguments().value("interval").value_or("1s").c_str());
        // Every master polled alike: one scan covers them all.
        subscribed_.clear();
    }

    std::vector<std::jthread> listeners;
    const int db = client_.connectionOptions().db;
    for (const auto &[node, subscribed] : subscribed_)
        listeners.emplace_back([this, node = node, db](std::stop_token stop) {
            // The thread's own token, and the watch's: either ends it.
            std::stop_source both;
            const std::stop_callback own(stop, [&both] { both.request_stop(); });
            const std::stop_callback watch(stop_.get_token(), [&both] { both.request_stop(); });
            listen(client_, node, db, feed_, both.get_token());
        });

    // The first scan waits for every listener's first word, so that a key set meanwhile is
    // either scanned or heard. What they hear meanwhile is handled after the scan.
    std::deque<Word> early;
    std::set<std::string> heard;
    const auto waitUntil = Steady::now() + subscribeWait;
    while (heard.size() < subscribed_.size() && Steady::now() < waitUntil &&
           !stop_.stop_requested()) {
        for (auto &word : feed_.take(waitUntil, stop_.get_token())) {
            if (word.kind != Word::Kind::event)
                heard.insert(word.node);
            early.push_back(std::move(word));
        }
    }
    scanAll(settings_.initial);
    history_.beginWatching();
    handle(early);

    auto nextSweep = Steady::now() + settings_.interval;
    auto nextPrune = Steady::now() + pruneInterval;
    nextRescan_ = Steady::now() + (eventsFlow() ? notifiedRescanInterval : settings_.interval);
    while (!done()) {
        auto wake = std::min(nextSweep, nextRescan_);
        if (settings_.end)
            wake = std::min(wake, *settings_.end);
        for (const auto &[key, since] : pendingVanished_)
            wake = std::min(wake, since.steady + vanishGrace);
        auto words = feed_.take(wake, stop_.get_token());
        handle(words);
        if (done())
            break;
        const auto now = Steady::now();
        if (now >= nextRescan_) {
            scanAll(true);
            nextRescan_ =
                Steady::now() + (eventsFlow() ? std::chrono::nanoseconds(notifiedRescanInterval)
                                              : settings_.interval);
            nextSweep = Steady::now() + settings_.interval;
        } else if (now >= nextSweep) {
            // Polling rescans read every TTL anyway; with events, the re-sync is what tells a
            // lease renewed silently and a key found gone whose event was lost.
            if (eventsFlow())
                resyncTtls();
            nextSweep = Steady::now() + settings_.interval;
        }
        reportVanished();
        if (now >= nextPrune) {
            history_.prune(HistoryTime::now());
            nextPrune = now + pruneInterval;
        }
    }
    stop_.request_stop();
    return exitSuccess;
}

} // namespace

int runWatch(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"pattern", "token-length", "interval",
                                                         "count", "duration", "no-initial",
                                                         "max-hold", "handover-window"}))
        return *rejected;
    if (!invocation.arguments().positionals().empty())
        return invocation.usage("watch takes no arguments; filter with --pattern GLOB");
    auto tokenLength = invocation.integer("token-length", 0, 1, 4096);
    auto interval = invocation.duration("interval", std::chrono::seconds(1));
    auto count = invocation.integer("count", 0, 1);
    auto duration = invocation.duration("duration", std::chrono::nanoseconds(0));
    const redislock::HistoryOptions defaults;
    auto maxHold = invocation.duration("max-hold", defaults.maxHold);
    auto handoverWindow = invocation.duration("handover-window", defaults.handoverWindow);
    for (const auto *parsed : {&interval, &duration, &maxHold, &handoverWindow})
        if (!*parsed)
            return invocation.fail(parsed->error());
    if (!tokenLength)
        return invocation.fail(tokenLength.error());
    if (!count)
        return invocation.fail(count.error());
    // Each poll is a whole scan: faster than 10 a second is load on the server, not news.
    if (*interval < minimumInterval)
        return invocation.usage("--interval must be at least 100ms, not " +
                                invocation.arguments().value("interval").value_or(""));
    if (invocation.arguments().value("duration") && *duration <= std::chrono::nanoseconds(0))
        return invocation.usage("--duration must be more than 0, e.g. 30s");
    auto client = invocation.connect();
    if (!client)
        return invocation.fail(client.error());

    redislock::ScanOptions scan;
    scan.customTokenLength = static_cast<std::size_t>(*tokenLength);
    scan.pattern = invocation.arguments().value("pattern").value_or(
        invocation.prefix().empty() ? "*" : invocation.prefix() + ":*");
    redislock::HistoryOptions options;
    options.maxHold = std::chrono::duration_cast<std::chrono::milliseconds>(*maxHold);
    options.handoverWindow = std::chrono::duration_cast<std::chrono::milliseconds>(*handoverWindow);
    WatchSettings settings;
    settings.interval = *interval;
    settings.count = static_cast<std::uint64_t>(*count);
    if (*duration > std::chrono::nanoseconds(0))
        settings.end = Steady::now() + *duration;
    settings.initial = !invocation.arguments().flag("no-initial");
    settings.json = invocation.json();
    Watcher watcher(invocation, std::move(*client), std::move(scan), options, settings);
    return watcher.run();
}
