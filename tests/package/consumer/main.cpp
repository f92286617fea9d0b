// Builds against the installed redislock package, outside the Lockscope tree: the public
// headers compile on their own (C++23 comes with the target), without hiredis, OpenSSL or Qt,
// and the basic API links. Needs no server: a Client connects lazily.

#include <cosy/redis/lock.h>
#include <cosy/redis/settings.h>
#include <redislock/redislock.h>

#include <chrono>
#include <iostream>
#include <string>

// After every redislock header: the build fails if they brought in hiredis, OpenSSL or Qt.
#include "forbidden.h"

using namespace std::chrono_literals;

namespace {

int failures = 0;

void check(bool ok, const char *what)
{
    if (!ok) {
        std::cerr << "consumer: FAILED: " << what << '\n';
        ++failures;
    }
}

} // namespace

int main()
{
    redislock::Options options;
    options.retryStrategy = redislock::limitRetry(redislock::exponentialBackoff(16ms, 1s), 5);
    options.metadata = "consumer";
    const std::string spec = options.retryStrategy.describe();
    std::cout << spec << '\n';
    check(spec == "limit(exponential(16ms,1s),5)", "describe()");

    // Made without connecting: nothing is sent before the first call.
    const redislock::Client client(redislock::ConnectionOptions{});
    check(client.connectionOptions().port == 6379, "default port");
    const auto fromUrl = redislock::Client::fromUrl("redis://127.0.0.1:6390/2");
    check(fromUrl.has_value() && fromUrl->connectionOptions().db == 2, "Client::fromUrl");

    const redislock::Error deadline(redislock::Errc::deadlineExceeded);
    check(deadline == redislock::ErrNotObtained, "deadlineExceeded == ErrNotObtained");
    check(!(deadline == redislock::ErrLockNotHeld), "deadlineExceeded != ErrLockNotHeld");

    // Cosy's buildKey before init(): no prefix yet.
    const std::string key = cosy::redis::buildKey("my-key");
    std::cout << key << '\n';
    check(key == ":my-key", "cosy::redis::buildKey");
    const auto lock = cosy::redis::obtainLock("my-key", 100ms, options);
    check(!lock && lock.error() == redislock::Errc::invalidArgument, "obtainLock before init");

    return failures == 0 ? 0 : 1;
}
