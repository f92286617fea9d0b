#include "demoworkload.h"

#include <redislock/retrystrategy.h>

#include <chrono>
#include <cstdio>
#include <random>

using namespace std::chrono_literals;

namespace {

struct Service
{
    const char *name;
    const char *resource;
    const char *job;
};

constexpr Service services[] = {
    {"billing", "orders", "settle-invoice"},   {"inventory", "sku", "reserve-stock"},
    {"mailer", "campaign", "send-batch"},      {"search-indexer", "index", "reindex-shard"},
    {"payments", "orders", "capture-payment"},
};

// A redis-py token as uuid1().hex makes it now: time fields, the RFC 4122 variant, a node.
std::string redisPyToken()
{
    constexpr std::uint64_t gregorianToUnix = 0x01B21DD213814000ULL;
    const auto ticks =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count() /
                                   100) +
        gregorianToUnix;
    char text[33];
    std::snprintf(text, sizeof text, "%08llx%04llx%04llx%04x%012llx",
                  static_cast<unsigned long long>(ticks & 0xFFFFFFFFULL),
                  static_cast<unsigned long long>((ticks >> 32) & 0xFFFFULL),
                  static_cast<unsigned long long>(((ticks >> 48) & 0x0FFFULL) | 0x1000ULL), 0x9a3c,
                  0x0242ac11000aULL);
    return text;
}

} // namespace

DemoWorkload::DemoWorkload(redislock::Client client, std::string prefix)
    : client_(std::move(client)), prefix_(std::move(prefix))
{}

DemoWorkload::~DemoWorkload()
{
    stop();
}

std::expected<void, redislock::Error> DemoWorkload::start()
{
    const std::string stuckValue =
        "cron7Zq2LkP0aXwYbE4tHs" // 22 characters: a redislock token
        R"({"service":"legacy-cron","host":"cron-01","job":"nightly-report","note":"holder died in 2024"})";
    const std::string redissonClient = "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80";
    const std::string otherClient = "9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0";
    const std::vector<std::vector<std::string>> seeds{
        // The stuck lock: no expiry, so it never goes away on its own.
        {"SET", prefix_ + ":legacy:nightly-report", stuckValue},
        // A lock with a custom 8-byte token (lockscope's --token-length 8 shows it).
        {"SET", prefix_ + ":batch:export", R"(exp-0042{"service":"exporter","rows":120000})", "PX",
         "600000"},
        // Other libraries' locks, in each one's exact bytes (see core/src/formats/):
        // Redisson RLock, re-entered twice by thread 57 of one client, with its fence token
        // (RFencedLock's counter, which Redisson never deletes) ...
        {"HSET", prefix_ + ":redisson:warehouse", redissonClient + ":57", "2"},
        {"PEXPIRE", prefix_ + ":redisson:warehouse", "900000"},
        {"SET", "redisson_lock_token:{" + prefix_ + ":redisson:warehouse}", "12"},
        // ... and the token of a fenced lock that is long gone: an orphan for list --aux.
        {"SET", "redisson_lock_token:{" + prefix_ + ":redisson:retired}", "3"},
        // Redisson RReadWriteLock held for reading by two threads, with their lease keys.
        {"HSET", prefix_ + ":redisson:catalog", "mode", "read", redissonClient + ":57", "1",
         otherClient + ":12", "1"},
        {"PEXPIRE", prefix_ + ":redisson:catalog", "900000"},
        {"SET", "{" + prefix_ + ":redisson:catalog}:" + redissonClient + ":57:rwlock_timeout:1",
         "1", "PX", "900000"},
        {"SET", "{" + prefix_ + ":redisson:catalog}:" + otherClient + ":12:rwlock_timeout:1", "1",
         "PX", "900000"},
        // go-redsync: 16 random bytes, standard base64.
        {"SET", prefix_ + ":ledger:close", "kW3rJ9xQe2LmN0pQrStUvA==", "PX", "900000"},
        // node-redlock: 16 random bytes as hex.
        {"SET", prefix_ + ":cart:checkout", "9bfa066277d612880511c8e3485b5c2b", "PX", "900000"},
        // redis-py: uuid1().hex, made now.
        {"SET", prefix_ + ":reports:daily", redisPyToken(), "PX", "900000"},
        // redis-plus-plus RedLock: 20 characters of [0-9A-Za-z].
        {"SET", prefix_ + ":sync:inventory", "aZ3kP9qLm2Xv7Rt0bN4c", "PX", "900000"},
        // ShedLock with its key prefix set to ours: "<prefix>:<env>:<job>".
        {"SET", prefix_ + ":prod:invoice-export",
         "ADDED:2026-01-05T02:00:00.004Z@batch-02:3f2a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80", "PX",
         "900000"},
        // python-redis-lock names its locks "lock:NAME"; a client that namespaces its keys
        // puts the namespace first ("<prefix>:lock:NAME", its signal list
        // "<prefix>:lock-signal:NAME"), which keeps the lock under the prefix.
        {"SET", prefix_ + ":lock:reindex", "yMnKy8zNzs/Q0dLT1NXW19jZ", "PX", "900000"},
        // Our own fence counter of a lock that is gone: an orphan.
        {"SET", prefix_ + ":orders:99:fence", "41"},
        // A plain value that is not a lock at all.
        {"SET", prefix_ + ":config:schema-version", "42"},
    };
    for (const auto &seed : seeds) {
        auto reply = client_.command(seed);
        if (!reply)
            return std::unexpected(reply.error());
    }
    unsigned seed = 1;
    for (const auto &service : services)
        services_.emplace_back([this, name = std::string(service.name), seed = seed++](
                                   std::stop_token stop) { runService(name, seed, stop); });
    return {};
}

void DemoWorkload::stop()
{
    for (auto &service : services_)
        service.request_stop();
    services_.clear(); // joins
}

void DemoWorkload::runService(const std::string &name, unsigned seed, std::stop_token stop)
{
    const Service *service = &services[0];
    for (const auto &candidate : services) {
        if (name == candidate.name)
            service = &candidate;
    }
    std::mt19937 random(seed);
    const auto between = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    redislock::Options options;
    options.retryStrategy = redislock::limitRetry(redislock::linearBackoff(250ms), 8);
    const redislock::Context context(stop);

    while (context.sleepFor(std::chrono::milliseconds(between(300, 2500)))) {
        const std::string key =
            prefix_ + ":" + service->resource + ":" + std::to_string(between(1, 6));
        options.metadata = R"({"service":")" + name + R"(","host":")" + name + "-" +
                           std::to_string(between(1, 3)) + R"(","pid":)" +
                           std::to_string(between(1000, 60000)) + R"(,"job":")" + service->job +
                           R"("})";
        const auto ttl = std::chrono::milliseconds(between(3, 12) * 1000);
        auto lock = client_.obtain(key, ttl, options, context);
        if (!lock)
            continue; // busy, or we are stopping
        ++acquisitions_;
        const bool crashes = between(1, 100) <= 15;
        auto hold = std::chrono::milliseconds(between(2, 20) * 1000);
        while (hold > 0ms) {
            const auto step =
                std::min(hold, std::chrono::duration_cast<std::chrono::milliseconds>(ttl / 3));
            if (!context.sleepFor(step))
                break;
            hold -= step;
            if (crashes && hold < 2s)
                break; // the process "dies": no more refreshes, the lock will expire
            if (hold > 0ms && !lock->refresh(ttl))
                break; // lost it
        }
        if (!crashes || stop.stop_requested())
            (void)lock->release();
    }
}
