// The lock example of the Cosy documentation, line by line in C++.
//
//     cosy_lock_example [app.ini]
//
// Reads the [redis] section of app.ini (default: ./app.ini), or REDIS_ADDR when set.

#include <cosy/redis/lock.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

using namespace std::chrono_literals;

namespace {

[[noreturn]] void fatal(const redislock::Error &error)
{
    std::cerr << error.message() << '\n';
    std::exit(1);
}

} // namespace

int main(int argc, char **argv)
{
    cosy::redis::Settings settings;
    if (const char *addr = std::getenv("REDIS_ADDR"))
        settings.addr = addr;
    else if (auto loaded = cosy::redis::loadSettings(argc > 1 ? argv[1] : "app.ini"))
        settings = *loaded;
    else
        fatal(loaded.error());
    if (auto ok = cosy::redis::init(settings); !ok)
        fatal(ok.error());

    // lock, err := redis.ObtainLock("my-key", 100*time.Millisecond, nil)
    auto lock = cosy::redis::obtainLock("my-key", 100ms);
    if (!lock && lock.error() == redislock::ErrNotObtained) {
        std::cout << "Could not obtain lock!\n";
        return 0;
    } else if (!lock) {
        fatal(lock.error());
    }
    // defer lock.Release(ctx)
    struct ReleaseAtExit
    {
        const redislock::Lock &lock;
        ~ReleaseAtExit() { (void)lock.release(); }
    } releaseAtExit{*lock};

    std::cout << "I have a lock!\n";
    std::this_thread::sleep_for(50ms);

    if (auto ttl = lock->ttl(); !ttl)
        fatal(ttl.error());
    else if (*ttl > 0ms)
        std::cout << "Yay, I still have my lock!\n";

    if (auto refreshed = lock->refresh(100ms); !refreshed)
        fatal(refreshed.error());
    std::this_thread::sleep_for(100ms);

    if (auto ttl = lock->ttl(); !ttl)
        fatal(ttl.error());
    else if (*ttl == 0ms)
        std::cout << "Now, my lock has expired!\n";
    return 0;
}
