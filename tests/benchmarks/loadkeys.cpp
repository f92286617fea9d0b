// loadkeys: fills a server for the million-locks measurement.
//
//   loadkeys [--host H] --port P [--locks N] [--others N] [--batch B] [--slots FIRST-LAST]
//
// Writes N redislock-format locks (1,000,000 by default): "lock:<service>:<i>" holding a
// 22-character base64url token followed by JSON metadata, with PX 3600000 (1 h). Interleaved
// with them, N other keys (1,000,000 by default): plain strings that are not locks (with and
// without expiry) and, one in ten, small hashes. Commands go out in pipelined batches of B
// (10,000). The data is the same on every run (a fixed seed). With --slots, only the keys whose
// cluster hash slot is in the range are written: run once per master of a cluster with its
// slots, the masters together hold exactly the data one server would. Prints
// {"locks":N,"others":M,"dbsize":D,"secs":S}; exit status 3 on a connection or server error.

#include <redislock/hashslot.h>

#include <hiredis/hiredis.h>

#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view services[] = {"billing", "orders", "search", "mailer", "reports",
                                         "ledger",  "auth",   "images", "export", "payments"};

struct FreeContext
{
    void operator()(redisContext *context) const noexcept { redisFree(context); }
};

// splitmix64: small, fast and the same everywhere, so every run loads the same data.
class Random
{
public:
    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_ = 20240601;
};

class Loader
{
public:
    Loader(redisContext *context, std::size_t batch) : context_(context), batch_(batch) {}

    bool add(std::initializer_list<std::string_view> arguments)
    {
        argv_.clear();
        lengths_.clear();
        for (const auto argument : arguments) {
            argv_.push_back(argument.data());
            lengths_.push_back(argument.size());
        }
        if (redisAppendCommandArgv(context_, static_cast<int>(argv_.size()), argv_.data(),
                                   lengths_.data()) != REDIS_OK)
            return false;
        return ++pending_ < batch_ || flush();
    }

    // Reads the replies of everything sent so far; false on an I/O or server error.
    bool flush()
    {
        for (; pending_ > 0; --pending_) {
            void *raw = nullptr;
            if (redisGetReply(context_, &raw) != REDIS_OK)
                return false;
            const auto *reply = static_cast<redisReply *>(raw);
            const bool failed = reply->type == REDIS_REPLY_ERROR;
            if (failed)
                std::fprintf(stderr, "loadkeys: the server answered: %s\n", reply->str);
            freeReplyObject(raw);
            if (failed)
                return false;
        }
        return true;
    }

private:
    redisContext *context_;
    std::size_t batch_;
    std::size_t pending_ = 0;
    std::vector<const char *> argv_;
    std::vector<std::size_t> lengths_;
};

int fail(const char *what, const redisContext *context)
{
    std::fprintf(stderr, "loadkeys: %s: %s\n", what,
                 context && context->err ? context->errstr : "server error");
    return 3;
}

} // namespace

int main(int argc, char **argv)
{
    std::string host = "127.0.0.1";
    int port = 0; // required
    std::uint64_t locks = 1'000'000;
    std::uint64_t others = 1'000'000;
    std::size_t batch = 10'000;
    unsigned firstSlot = 0;
    unsigned lastSlot = redislock::clusterSlotCount - 1;
    for (int i = 1; i < argc; i += 2) {
        const std::string_view option = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, "loadkeys: %s needs a value\n", argv[i]);
            return 2;
        }
        const std::string_view value = argv[i + 1];
        const char *first = value.data();
        const char *last = value.data() + value.size();
        if (option == "--host")
            host = value;
        else if (option == "--port")
            std::from_chars(first, last, port);
        else if (option == "--locks")
            std::from_chars(first, last, locks);
        else if (option == "--others")
            std::from_chars(first, last, others);
        else if (option == "--batch")
            std::from_chars(first, last, batch);
        else if (option == "--slots") {
            const auto dash = value.find('-');
            if (dash == std::string_view::npos ||
                std::from_chars(first, first + dash, firstSlot).ec != std::errc() ||
                std::from_chars(first + dash + 1, last, lastSlot).ec != std::errc()) {
                std::fprintf(stderr, "loadkeys: --slots needs FIRST-LAST, like 0-5460\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "usage: loadkeys [--host H] --port P [--locks N] "
                                 "[--others N] [--batch B] [--slots FIRST-LAST]\n");
            return 2;
        }
    }
    if (port <= 0) {
        std::fprintf(
            stderr,
            "loadkeys: needs --port P, the private server to measure (there is no default)\n");
        return 2;
    }
    if (batch == 0)
        batch = 1;

    std::unique_ptr<redisContext, FreeContext> context(redisConnect(host.c_str(), port));
    if (!context || context->err)
        return fail("cannot connect", context.get());

    const auto start = std::chrono::steady_clock::now();
    Loader loader(context.get(), batch);
    const auto ours = [&](std::string_view name) {
        const unsigned slot = redislock::hashSlot(name);
        return firstSlot <= slot && slot <= lastSlot;
    };
    Random random;
    std::string key;
    std::string value;
    std::string field;
    for (std::uint64_t i = 0; i < std::max(locks, others); ++i) {
        const std::string number = std::to_string(i);
        if (i < locks) {
            const std::string_view service = services[i % std::size(services)];
            key = "lock:";
            key.append(service).append(":").append(number);
            value.clear();
            for (int part = 0; part < 2; ++part) {
                std::uint64_t bits = random.next();
                for (int c = 0; c < 11; ++c, bits >>= 6)
                    value += alphabet[bits & 63];
            }
            value.append(R"({"service":")")
                .append(service)
                .append(R"(","host":"web-)")
                .append(std::to_string(random.next() % 64))
                .append(R"(","pid":)")
                .append(std::to_string(1000 + random.next() % 60000))
                .append("}");
            if (ours(key) && !loader.add({"SET", key, value, "PX", "3600000"}))
                return fail("loading locks", context.get());
        }
        if (i < others) {
            if (i % 10 == 9) {
                key = "profile:" + number;
                field = std::to_string(random.next() % 1000);
                if (ours(key) &&
                    !loader.add({"HSET", key, "name", "user " + number, "visits", field}))
                    return fail("loading hashes", context.get());
                continue;
            }
            // Blanks and colons are outside base64url: none of these reads as a lock.
            key = (i % 2 == 0 ? "cache:page:" : "session:") + number;
            value = "cached value #" + number + ": not a lock";
            const bool expires = i % 3 == 0;
            const bool ok = !ours(key) || (expires ? loader.add({"SET", key, value, "EX", "3600"})
                                                   : loader.add({"SET", key, value}));
            if (!ok)
                return fail("loading strings", context.get());
        }
    }
    if (!loader.flush())
        return fail("loading", context.get());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    auto *reply = static_cast<redisReply *>(redisCommand(context.get(), "DBSIZE"));
    if (!reply)
        return fail("DBSIZE", context.get());
    const long long size = reply->integer;
    freeReplyObject(reply);
    std::printf("{\"locks\":%" PRIu64 ",\"others\":%" PRIu64 ",\"dbsize\":%lld,\"secs\":%.3f}\n",
                locks, others, size, seconds);
    return 0;
}
