#pragma once

#include <redislock/client.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

// Simulated services that use locks the way real ones do, so that a newcomer sees live locks
// at once: they obtain locks with JSON metadata, refresh them at a third of the ttl, release
// them, and now and then "crash" and let one expire. Seeded beside them: a stuck lock with no
// expiry, a custom-token lock, a lock of each other library Lockscope recognises (Redisson's
// lock and read-write lock, redsync, node-redlock, redis-py, redis-plus-plus, ShedLock,
// python-redis-lock) in its exact bytes, auxiliary keys (orphans among them) and a plain value.
class DemoWorkload
{
public:
    DemoWorkload(redislock::Client client, std::string prefix);
    ~DemoWorkload();
    DemoWorkload(const DemoWorkload &) = delete;
    DemoWorkload &operator=(const DemoWorkload &) = delete;

    // Seeds the static keys and starts the services.
    [[nodiscard]] std::expected<void, redislock::Error> start();
    // Stops the services; each releases what it holds.
    void stop();
    [[nodiscard]] std::uint64_t acquisitions() const noexcept { return acquisitions_.load(); }

private:
    void runService(const std::string &service, unsigned seed, std::stop_token stop);

    redislock::Client client_;
    std::string prefix_;
    std::vector<std::jthread> services_;
    std::atomic<std::uint64_t> acquisitions_{0};
};
