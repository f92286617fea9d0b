#include <cosy/redis/lock.h>

#include <memory>
#include <mutex>

namespace cosy::redis {
namespace {

using redislock::Errc;
using redislock::Error;

struct Locker
{
    redislock::Client client;
    // cppcheck-suppress unusedStructMember ; read by key() and obtain() (cppcheck 2.10 misses it)
    std::string prefix;
};

std::mutex lockerMutex;
std::shared_ptr<const Locker> locker; // guarded by lockerMutex

std::shared_ptr<const Locker> currentLocker()
{
    const std::lock_guard guard(lockerMutex);
    return locker;
}

} // namespace

std::expected<void, Error> init(const Settings &settings)
{
    auto options =
        redislock::ConnectionOptions::fromAddress(settings.addr, settings.password, settings.db);
    if (!options)
        return std::unexpected(options.error());
    auto created = std::make_shared<const Locker>(
        Locker{redislock::Client(std::move(*options)), settings.prefix});
    if (auto ok = created->client.ping(); !ok)
        return std::unexpected(ok.error());
    const std::lock_guard guard(lockerMutex);
    locker = std::move(created);
    return {};
}

std::string buildKey(std::string_view key)
{
    const auto current = currentLocker();
    const std::string prefix = current ? current->prefix : std::string();
    return prefix + ":" + std::string(key);
}

std::expected<redislock::Lock, Error> obtainLock(std::string_view key, std::chrono::nanoseconds ttl,
                                                 const redislock::Options &options)
{
    const auto current = currentLocker();
    if (!current)
        return std::unexpected(
            Error(Errc::invalidArgument, "cosy::redis::init() has not succeeded: call it first"));
    return current->client.obtain(current->prefix + ":" + std::string(key), ttl, options);
}

std::expected<redislock::KeptLock, Error> obtainKeptLock(std::string_view key,
                                                         std::chrono::nanoseconds ttl,
                                                         redislock::KeepAliveOptions keep,
                                                         const redislock::Options &options)
{
    auto lock = obtainLock(key, ttl, options);
    if (!lock)
        return std::unexpected(lock.error());
    if (keep.ttl <= std::chrono::nanoseconds::zero())
        keep.ttl = ttl;
    auto kept = lock->keepAlive(std::move(keep));
    if (!kept)
        (void)lock->release(); // not kept, so not left behind either
    return kept;
}

} // namespace cosy::redis
