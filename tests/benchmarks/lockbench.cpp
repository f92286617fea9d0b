// lockbench: throughput and obtain latency of the redislock library against one Redis server.
//
//   lockbench [--host H] --port P [--url U] [--mode single|contended|keep] [-n N]
//             [--workers W] [--retry SPEC] [--hold D] [--clients own|shared] [--ttl D]
//             [--output F]
//
// --url: the library's clients connect with this URL (a redis-cluster:// one, say) instead of
// to H:P, which still names the server that INFO asks for its version and script calls.
//
// single:    one worker; N times obtain a distinct key (ttl 10 s), then release it.
// contended: W workers (16 by default) race for one key with the --retry strategy (default
//            linear(1ms)), hold it for --hold (default 0) and release it, until N
//            obtain/release pairs have succeeded in total. --clients own (the default): each
//            worker has a Client of its own, as separate processes would; shared: one Client
//            with a connection per worker, as one service with W threads (its notify() waiters
//            share one subscription).
// keep:      one Client obtains N locks (distinct keys) and keeps them alive with its watchdog
//            (ttl --ttl, default 3 s) until each was renewed 3 times; ops counts renewals.
//
// Prints one JSON line (also written to --output):
//   {"peer","version","workload","workers","ops","secs","ops_per_sec","obtain_p50_us",
//    "obtain_p99_us","errors", then "server","server_version","retry","hold_us","clients",
//    "script_calls_per_op","fairness","round_trips","round_trips_per_100"}
// peer and version name this library; server and server_version the Redis measured against.
// ops counts the pairs that succeeded; obtain latency is the duration of each obtain() call that
// succeeded, retries and their waits included. script_calls_per_op: the server's EVALSHA + EVAL
// calls (INFO commandstats) during the run per op, the release included (2.00 = no retry).
// fairness: Jain's index over the pairs each worker made, 1 = all equal, 1/W = one did all.
// Exit status: 0, 1 when any operation failed, 2 for bad usage, 3 when the server cannot be
// reached.
//
// The library is used as a service would use it: plain C++, no Qt. The server version comes
// from INFO over a raw hiredis connection, which also deletes the contended key before the run.

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/duration.h>
#include <redislock/error.h>
#include <redislock/options.h>
#include <redislock/retryspec.h>
#include <redislock/retrystrategy.h>
#include <redislock/watchdog.h>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto lockTtl = 10s;
// A worker that fails this often stops the contended run: the server is probably gone.
constexpr std::uint64_t maxErrorsPerWorker = 100;

struct Settings
{
    std::string host = "127.0.0.1";
    std::uint16_t port = 0; // required
    std::string url;        // the clients' URL when given; H:P otherwise
    std::string mode = "single";
    std::uint64_t operations = 10000;
    int workers = 16;
    std::string retry = "linear(1ms)";
    redislock::RetryStrategy strategy = redislock::linearBackoff(1ms);
    std::chrono::nanoseconds hold{0};
    bool sharedClient = false;
    std::chrono::nanoseconds keepTtl = 3s;
    std::string output;
};

struct Result
{
    std::uint64_t operations = 0;
    double seconds = 0;
    std::vector<std::int64_t> latenciesNs; // of successful obtains
    std::uint64_t errors = 0;
    std::string firstError;
    std::vector<std::uint64_t> perWorker; // pairs each worker made
    std::uint64_t roundTrips = 0;         // keep: renewal round trips
};

void usage(std::FILE *stream)
{
    std::fputs("usage: lockbench [--host H] --port P [--url URL] [--mode single|contended|keep]\n"
               "                 [-n N] [--workers W] [--retry SPEC] [--hold D]\n"
               "                 [--clients own|shared] [--ttl D] [--output FILE]\n",
               stream);
}

template <class T>
bool parseNumber(std::string_view text, T &value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

// Settings from the command line, or nullopt after printing why not.
std::optional<Settings> parseArguments(int argc, char **argv)
{
    Settings settings;
    for (int i = 1; i < argc; ++i) {
        const std::string_view option = argv[i];
        if (option == "-h" || option == "--help") {
            usage(stdout);
            std::exit(0);
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "lockbench: %s needs a value\n", argv[i]);
            return std::nullopt;
        }
        const std::string_view value = argv[++i];
        bool ok = true;
        if (option == "--host")
            settings.host = value;
        else if (option == "--port")
            ok = parseNumber(value, settings.port) && settings.port != 0;
        else if (option == "--mode")
            ok = (settings.mode = value) == "single" || settings.mode == "contended" ||
                 settings.mode == "keep";
        else if (option == "-n")
            ok = parseNumber(value, settings.operations) && settings.operations > 0;
        else if (option == "--workers")
            ok = parseNumber(value, settings.workers) && settings.workers > 0;
        else if (option == "--output")
            settings.output = value;
        else if (option == "--url")
            ok = redislock::ConnectionOptions::fromUrl(settings.url = value).has_value();
        else if (option == "--retry") {
            auto strategy = redislock::parseRetryStrategy(value);
            if (!strategy) {
                std::fprintf(stderr, "lockbench: %s\n", strategy.error().message().c_str());
                return std::nullopt;
            }
            settings.strategy = *strategy;
            settings.retry = strategy->describe();
        } else if (option == "--hold" || option == "--ttl") {
            auto duration = redislock::parseDuration(value);
            ok = duration.has_value();
            if (ok)
                (option == "--hold" ? settings.hold : settings.keepTtl) = *duration;
            if (ok && option == "--ttl")
                ok = settings.keepTtl >= 1ms;
        } else if (option == "--clients")
            ok = (settings.sharedClient = value == "shared") || value == "own";
        else {
            std::fprintf(stderr, "lockbench: unknown option %s\n", argv[i - 1]);
            return std::nullopt;
        }
        if (!ok) {
            std::fprintf(stderr, "lockbench: bad value for %s: %s\n", argv[i - 1], argv[i]);
            return std::nullopt;
        }
    }
    if (settings.mode != "contended")
        settings.workers = 1;
    if (settings.port == 0) {
        std::fprintf(
            stderr,
            "lockbench: needs --port P, the private server to measure (there is no default)\n");
        return std::nullopt;
    }
    return settings;
}

// A raw hiredis connection of our own, for what the library does not offer: INFO and DEL.
class RawConnection
{
public:
    RawConnection(const std::string &host, std::uint16_t port)
    {
        const timeval timeout{5, 0};
        context_.reset(redisConnectWithTimeout(host.c_str(), port, timeout));
        if (context_ && !context_->err)
            redisSetTimeout(context_.get(), timeout);
    }

    [[nodiscard]] std::string error() const
    {
        return context_ ? std::string(context_->errstr) : std::string("out of memory");
    }
    [[nodiscard]] bool connected() const { return context_ && !context_->err; }

    // The reply of a command as text (string, status or error), empty on a transport error.
    std::string command(std::vector<std::string_view> arguments)
    {
        std::vector<const char *> argv;
        std::vector<std::size_t> lengths;
        for (const auto argument : arguments) {
            argv.push_back(argument.data());
            lengths.push_back(argument.size());
        }
        auto *reply = static_cast<redisReply *>(redisCommandArgv(
            context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
        if (!reply)
            return {};
        std::string text;
        if (reply->str)
            text.assign(reply->str, reply->len);
        freeReplyObject(reply);
        return text;
    }

    // EVALSHA + EVAL calls so far, from INFO commandstats.
    std::uint64_t scriptCalls()
    {
        const std::string info = command({"INFO", "commandstats"});
        std::uint64_t calls = 0;
        for (const std::string_view name : {"cmdstat_evalsha:calls=", "cmdstat_eval:calls="}) {
            const auto at = info.find(name);
            if (at == std::string::npos)
                continue;
            std::uint64_t value = 0;
            const char *begin = info.data() + at + name.size();
            std::from_chars(begin, info.data() + info.size(), value);
            calls += value;
        }
        return calls;
    }

    // redis_version from INFO server.
    std::string version()
    {
        const std::string info = command({"INFO", "server"});
        constexpr std::string_view field = "redis_version:";
        const auto at = info.find(field);
        if (at == std::string::npos)
            return "unknown";
        const auto begin = at + field.size();
        return info.substr(begin, info.find_first_of("\r\n", begin) - begin);
    }

private:
    struct Free
    {
        void operator()(redisContext *context) const noexcept { redisFree(context); }
    };
    std::unique_ptr<redisContext, Free> context_;
};

// The clients' options: the --url when given, else H:P.
redislock::ConnectionOptions clientOptions(const Settings &settings)
{
    if (!settings.url.empty())
        return *redislock::ConnectionOptions::fromUrl(settings.url);
    redislock::ConnectionOptions options;
    options.host = settings.host;
    options.port = settings.port;
    return options;
}

std::int64_t nanosecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

Result runSingle(const Settings &settings, const redislock::Client &client)
{
    Result result;
    result.latenciesNs.reserve(settings.operations);
    // Distinct keys for this run; the pid keeps parallel runs on one server apart.
    const std::string prefix = "lockbench:single:" + std::to_string(::getpid()) + ":";
    std::string key;
    const auto start = Clock::now();
    for (std::uint64_t i = 0; i < settings.operations; ++i) {
        key = prefix;
        key += std::to_string(i);
        const auto began = Clock::now();
        auto lock = client.obtain(key, lockTtl);
        const auto latency = nanosecondsSince(began);
        if (!lock) {
            if (result.errors++ == 0)
                result.firstError = "obtain: " + lock.error().message();
            continue;
        }
        if (auto released = lock->release(); !released) {
            if (result.errors++ == 0)
                result.firstError = "release: " + released.error().message();
            continue;
        }
        result.latenciesNs.push_back(latency);
        ++result.operations;
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

Result runContended(const Settings &settings, const std::vector<redislock::Client> &clients)
{
    const std::string key = "lockbench:contended:" + std::to_string(::getpid());
    redislock::Options options;
    options.retryStrategy = settings.strategy;

    std::atomic<std::uint64_t> done{0};
    std::stop_source stop;
    std::mutex mutex; // guards result's errors and latencies when workers finish
    Result result;
    result.latenciesNs.reserve(settings.operations + clients.size());
    result.perWorker.assign(static_cast<std::size_t>(settings.workers), 0);

    auto work = [&](const redislock::Client &client, std::size_t worker) {
        std::uint64_t pairs = 0;
        std::vector<std::int64_t> latencies;
        latencies.reserve(settings.operations / clients.size() * 2 + 16);
        std::uint64_t errors = 0;
        std::string firstError;
        // The stop token ends the retry loops of the other workers once N pairs are done.
        const redislock::Context context(stop.get_token());
        while (!stop.stop_requested()) {
            const auto began = Clock::now();
            auto lock = client.obtain(key, lockTtl, options, context);
            const auto latency = nanosecondsSince(began);
            if (!lock) {
                if (lock.error() == redislock::Errc::cancelled)
                    break;
                // A strategy that gives up before the deadline: the worker tries again, as a
                // service would; the script calls of the failures count against the pairs.
                if (lock.error() == redislock::ErrNotObtained)
                    continue;
                if (errors++ == 0)
                    firstError = "obtain: " + lock.error().message();
                if (errors >= maxErrorsPerWorker)
                    stop.request_stop();
                continue;
            }
            if (settings.hold > 0ns)
                std::this_thread::sleep_for(settings.hold);
            if (auto released = lock->release(); !released) {
                if (errors++ == 0)
                    firstError = "release: " + released.error().message();
                if (errors >= maxErrorsPerWorker)
                    stop.request_stop();
                continue;
            }
            latencies.push_back(latency);
            ++pairs;
            if (done.fetch_add(1, std::memory_order_relaxed) + 1 >= settings.operations)
                stop.request_stop();
        }
        const std::lock_guard guard(mutex);
        result.perWorker[worker] = pairs;
        result.latenciesNs.insert(result.latenciesNs.end(), latencies.begin(), latencies.end());
        if (result.errors == 0 && errors > 0)
            result.firstError = firstError;
        result.errors += errors;
    };

    const auto start = Clock::now();
    {
        std::vector<std::jthread> workers;
        workers.reserve(static_cast<std::size_t>(settings.workers));
        for (std::size_t i = 0; i < static_cast<std::size_t>(settings.workers); ++i)
            workers.emplace_back(work, std::cref(clients[i % clients.size()]), i);
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.operations = done.load();
    // The stop that ends the other workers' retry loops can cut an obtain short after the server
    // granted it but before its reply was read (cancellation leaves the outcome unknown, as in
    // the Go library); that lock would stay until its ttl. Not timed: the run is over.
    if (!clients.empty())
        (void)clients.front().deleteKeys({key});
    return result;
}

// N locks kept alive by one Client's watchdog until each was renewed three times: how many
// round trips the renewals took.
Result runKeep(const Settings &settings, const redislock::Client &client)
{
    Result result;
    const std::string prefix = "lockbench:keep:" + std::to_string(::getpid()) + ":";
    std::vector<redislock::KeptLock> kept;
    kept.reserve(settings.operations);
    redislock::KeepAliveOptions keep;
    keep.ttl = settings.keepTtl;
    for (std::uint64_t i = 0; i < settings.operations; ++i) {
        auto lock = client.obtain(prefix + std::to_string(i), settings.keepTtl);
        auto guard = lock ? lock->keepAlive(keep) : std::unexpected(lock.error());
        if (!guard) {
            if (result.errors++ == 0)
                result.firstError = "keep: " + guard.error().message();
            continue;
        }
        kept.push_back(std::move(*guard));
    }
    const auto before = client.watchdogStats();
    const auto start = Clock::now();
    const auto wanted = before.renewals + 3 * kept.size();
    // Three renewal periods and a little; more means renewals fail.
    const auto until = start + settings.keepTtl * 2;
    while (client.watchdogStats().renewals < wanted && Clock::now() < until)
        std::this_thread::sleep_for(10ms);
    const auto after = client.watchdogStats();
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.operations = after.renewals - before.renewals;
    result.roundTrips = after.roundTrips - before.roundTrips;
    for (const auto &guard : kept)
        if (guard.lost() && result.errors++ == 0)
            result.firstError = "lost: " + guard.loss()->message;
    if (result.operations < 3 * kept.size() && result.errors++ == 0)
        result.firstError = "only " + std::to_string(result.operations) + " renewals in time";
    return result; // the guards release the locks
}

// Jain's fairness index over what each worker got: (sum x)^2 / (n * sum x^2).
double jainFairness(const std::vector<std::uint64_t> &shares)
{
    double sum = 0;
    double squares = 0;
    for (const auto share : shares) {
        sum += static_cast<double>(share);
        squares += static_cast<double>(share) * static_cast<double>(share);
    }
    if (shares.empty() || squares == 0)
        return 1;
    return sum * sum / (static_cast<double>(shares.size()) * squares);
}

// The q-quantile by the nearest-rank method, in microseconds.
double percentileUs(std::vector<std::int64_t> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
    const std::size_t index = std::clamp<std::size_t>(rank, 1, sorted.size()) - 1;
    return static_cast<double>(sorted[index]) / 1000.0;
}

std::string jsonString(std::string_view text)
{
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            quoted += escaped;
        } else {
            quoted += c;
        }
    }
    return quoted + '"';
}

} // namespace

int main(int argc, char **argv)
{
    const auto parsed = parseArguments(argc, argv);
    if (!parsed) {
        usage(stderr);
        return 2;
    }
    const Settings &settings = *parsed;
    const std::string peer = settings.host + ":" + std::to_string(settings.port);

    RawConnection raw(settings.host, settings.port);
    if (!raw.connected()) {
        std::fprintf(stderr, "lockbench: cannot connect to %s: %s\n", peer.c_str(),
                     raw.error().c_str());
        return 3;
    }
    const std::string serverVersion = raw.version();

    // Every client connects before the clock starts, so that the run measures locking only.
    // Shared: one Client with a connection for each worker.
    std::vector<redislock::Client> clients;
    const int clientCount = settings.sharedClient ? 1 : settings.workers;
    for (int i = 0; i < clientCount; ++i) {
        redislock::ConnectionOptions options = clientOptions(settings);
        if (settings.sharedClient)
            options.poolSize = static_cast<std::size_t>(settings.workers) + 1;
        clients.emplace_back(options);
        if (auto pong = clients.back().ping(); !pong) {
            std::fprintf(stderr, "lockbench: %s\n", pong.error().message().c_str());
            return 3;
        }
    }
    clients.front().setDiagnosticHandler([](const std::string &text) {
        std::fprintf(stderr, "lockbench: note: %s\n", text.c_str());
    });

    const std::uint64_t scriptsBefore = raw.scriptCalls();
    Result result;
    if (settings.mode == "single") {
        result = runSingle(settings, clients.front());
    } else if (settings.mode == "keep") {
        result = runKeep(settings, clients.front());
    } else {
        raw.command({"DEL", "lockbench:contended:" + std::to_string(::getpid())});
        result = runContended(settings, clients);
    }
    const std::uint64_t scripts = raw.scriptCalls() - scriptsBefore;

    std::ranges::sort(result.latenciesNs);
    const double perSecond =
        result.seconds > 0 ? static_cast<double>(result.operations) / result.seconds : 0;
    const double perOp = result.operations > 0
                             ? static_cast<double>(scripts) / static_cast<double>(result.operations)
                             : 0;
    const double roundTripsPer100 = result.operations > 0
                                        ? 100.0 * static_cast<double>(result.roundTrips) /
                                              static_cast<double>(result.operations)
                                        : 0;
    char line[2048];
    std::snprintf(
        line, sizeof line,
        "{\"peer\":\"lockscope-redislock\",\"version\":%s,\"workload\":%s,\"workers\":%d,"
        "\"ops\":%" PRIu64 ",\"secs\":%.6f,\"ops_per_sec\":%.1f,\"obtain_p50_us\":%.1f,"
        "\"obtain_p99_us\":%.1f,\"errors\":%" PRIu64 ",\"server\":%s,\"server_version\":%s,"
        "\"retry\":%s,\"hold_us\":%.1f,\"clients\":%s,\"script_calls_per_op\":%.3f,"
        "\"fairness\":%.4f,\"round_trips\":%" PRIu64 ",\"round_trips_per_100\":%.3f}",
        jsonString(LOCKSCOPE_VERSION).c_str(), jsonString(settings.mode).c_str(), settings.workers,
        result.operations, result.seconds, perSecond, percentileUs(result.latenciesNs, 0.50),
        percentileUs(result.latenciesNs, 0.99), result.errors, jsonString(peer).c_str(),
        jsonString(serverVersion).c_str(), jsonString(settings.retry).c_str(),
        std::chrono::duration<double, std::micro>(settings.hold).count(),
        jsonString(settings.sharedClient ? "shared" : "own").c_str(), perOp,
        jainFairness(result.perWorker.empty() ? std::vector<std::uint64_t>{result.operations}
                                              : result.perWorker),
        result.roundTrips, roundTripsPer100);
    std::puts(line);
    std::fflush(stdout);
    if (!settings.output.empty()) {
        std::ofstream file(settings.output);
        file << line << '\n';
        if (!file) {
            std::fprintf(stderr, "lockbench: cannot write %s\n", settings.output.c_str());
            return 2;
        }
    }
    if (result.errors > 0) {
        std::fprintf(stderr, "lockbench: %" PRIu64 " operations failed; the first: %s\n",
                     result.errors, result.firstError.c_str());
        return 1;
    }
    return 0;
}
