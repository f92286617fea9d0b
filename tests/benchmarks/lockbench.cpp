// lockbench: throughput and obtain latency of the redislock library against one Redis server.
//
//   lockbench [--host H] --port P [--url U] [--mode single|contended] [-n N] [--workers W]
//             [--output F]
//
// --url: the library's clients connect with this URL (a redis-cluster:// one, say) instead of
// to H:P, which still names the server that INFO asks for its version.
//
// single:    one worker; N times obtain a distinct key (ttl 10 s), then release it.
// contended: W workers (16 by default), each with its own Client and so its own connection,
//            race for one key with linearBackoff(1ms) and release at once (hold 0), until N
//            obtain/release pairs have succeeded in total.
//
// Prints one JSON line (also written to --output):
//   {"peer","version","workload","workers","ops","secs","ops_per_sec","obtain_p50_us",
//    "obtain_p99_us","errors"}
// ops counts the pairs that succeeded; obtain latency is the duration of each obtain() call that
// succeeded, retries and their waits included. Exit status: 0, 1 when any operation failed,
// 2 for bad usage, 3 when the server cannot be reached.
//
// The library is used as a service would use it: plain C++, no Qt. The server version comes
// from INFO over a raw hiredis connection, which also deletes the contended key before the run.

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/options.h>
#include <redislock/retrystrategy.h>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cinttypes>
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
    std::string output;
};

struct Result
{
    std::uint64_t operations = 0;
    double seconds = 0;
    std::vector<std::int64_t> latenciesNs; // of successful obtains
    std::uint64_t errors = 0;
    std::string firstError;
};

void usage(std::FILE *stream)
{
    std::fputs("usage: lockbench [--host H] --port P [--mode single|contended] [-n N]\n"
               "                 [--workers W] [--output FILE] [--url URL]\n",
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
            ok = (settings.mode = value) == "single" || settings.mode == "contended";
        else if (option == "-n")
            ok = parseNumber(value, settings.operations) && settings.operations > 0;
        else if (option == "--workers")
            ok = parseNumber(value, settings.workers) && settings.workers > 0;
        else if (option == "--output")
            settings.output = value;
        else if (option == "--url")
            ok = redislock::ConnectionOptions::fromUrl(settings.url = value).has_value();
        else {
            std::fprintf(stderr, "lockbench: unknown option %s\n", argv[i - 1]);
            return std::nullopt;
        }
        if (!ok) {
            std::fprintf(stderr, "lockbench: bad value for %s: %s\n", argv[i - 1], argv[i]);
            return std::nullopt;
        }
    }
    if (settings.mode == "single")
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

redislock::Client makeClient(const Settings &settings)
{
    if (!settings.url.empty())
        return redislock::Client(*redislock::ConnectionOptions::fromUrl(settings.url));
    redislock::ConnectionOptions options;
    options.host = settings.host;
    options.port = settings.port;
    return redislock::Client(options);
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
    options.retryStrategy = redislock::linearBackoff(1ms);

    std::atomic<std::uint64_t> done{0};
    std::stop_source stop;
    std::mutex mutex; // guards result's errors and latencies when workers finish
    Result result;
    result.latenciesNs.reserve(settings.operations + clients.size());

    auto work = [&](const redislock::Client &client) {
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
                if (errors++ == 0)
                    firstError = "obtain: " + lock.error().message();
                if (errors >= maxErrorsPerWorker)
                    stop.request_stop();
                continue;
            }
            if (auto released = lock->release(); !released) {
                if (errors++ == 0)
                    firstError = "release: " + released.error().message();
                if (errors >= maxErrorsPerWorker)
                    stop.request_stop();
                continue;
            }
            latencies.push_back(latency);
            if (done.fetch_add(1, std::memory_order_relaxed) + 1 >= settings.operations)
                stop.request_stop();
        }
        const std::lock_guard guard(mutex);
        result.latenciesNs.insert(result.latenciesNs.end(), latencies.begin(), latencies.end());
        if (result.errors == 0 && errors > 0)
            result.firstError = firstError;
        result.errors += errors;
    };

    const auto start = Clock::now();
    {
        std::vector<std::jthread> workers;
        workers.reserve(clients.size());
        for (const auto &client : clients)
            workers.emplace_back(work, std::cref(client));
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
    const std::string version = raw.version();

    // Every client connects before the clock starts, so that the run measures locking only.
    std::vector<redislock::Client> clients;
    for (int i = 0; i < settings.workers; ++i) {
        clients.push_back(makeClient(settings));
        if (auto pong = clients.back().ping(); !pong) {
            std::fprintf(stderr, "lockbench: %s\n", pong.error().message().c_str());
            return 3;
        }
    }

    Result result;
    if (settings.mode == "single") {
        result = runSingle(settings, clients.front());
    } else {
        raw.command({"DEL", "lockbench:contended:" + std::to_string(::getpid())});
        result = runContended(settings, clients);
    }

    std::ranges::sort(result.latenciesNs);
    const double perSecond =
        result.seconds > 0 ? static_cast<double>(result.operations) / result.seconds : 0;
    char line[1024];
    std::snprintf(line, sizeof line,
                  "{\"peer\":%s,\"version\":%s,\"workload\":%s,\"workers\":%d,\"ops\":%" PRIu64
                  ",\"secs\":%.6f,\"ops_per_sec\":%.1f,\"obtain_p50_us\":%.1f,"
                  "\"obtain_p99_us\":%.1f,\"errors\":%" PRIu64 "}",
                  jsonString(peer).c_str(), jsonString(version).c_str(),
                  jsonString(settings.mode).c_str(), settings.workers, result.operations,
                  result.seconds, perSecond, percentileUs(result.latenciesNs, 0.50),
                  percentileUs(result.latenciesNs, 0.99), result.errors);
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
