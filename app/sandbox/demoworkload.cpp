#include "demoworkload.h"

#include <redislock/retrystrategy.h>

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
    const std::vector<std::vector<std::string>> seeds{
        // The stuck lock: no expiry, so it never goes away on its own.
        {"SET", prefix_ + ":legacy:nightly-report", stuckValue},
        // A lock with a custom 8-byte token (lockscope's --token-length 8 shows it).
        {"SET", prefix_ + ":batch:export", R"(exp-0042{"service":"exporter","rows":120000})", "PX",
         "600000"},
        // A Redisson-style re-entrant hash lock and a plain value that is not a lock at all.
        {"HSET", prefix_ + ":redisson:warehouse", "8d2f-41c7:1", "2"},
        {"PEXPIRE", prefix_ + ":redisson:warehouse", "900000"},
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
