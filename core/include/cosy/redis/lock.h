#pragma once

// The Cosy framework's lock helpers, so that C++ code reads like the Cosy documentation:
//
//     cosy::redis::init(settings);
//     auto lock = cosy::redis::obtainLock("my-key", 100ms);
//     if (!lock && lock.error() == redislock::ErrNotObtained) ...
//     auto kept = cosy::redis::obtainKeptLock("long-job", 10s);   // renewed until it goes

#include <cosy/redis/settings.h>
#include <redislock/client.h>
#include <redislock/lock.h>
#include <redislock/options.h>
#include <redislock/watchdog.h>

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace cosy::redis {

// Sets up the process-wide client from the settings and checks the server answers.
[[nodiscard]] std::expected<void, redislock::Error> init(const Settings &settings);

// Cosy's buildKey: prefix + ":" + key.
[[nodiscard]] std::string buildKey(std::string_view key);

// Obtains a lock on buildKey(key), as Cosy's redis.ObtainLock. ErrNotObtained, or an
// invalidArgument error when init() has not succeeded.
[[nodiscard]] std::expected<redislock::Lock, redislock::Error>
obtainLock(std::string_view key, std::chrono::nanoseconds ttl,
           const redislock::Options &options = {});

// Obtains a lock on buildKey(key) and keeps it alive (Lock::keepAlive) until the guard is
// released or dropped: for work that may outlast any ttl one would dare to pick. The renewals
// set `ttl` unless keep.ttl says otherwise; keep.onLost, the lease budget and the guard's
// lostToken() say when the work must stop.
[[nodiscard]] std::expected<redislock::KeptLock, redislock::Error>
obtainKeptLock(std::string_view key, std::chrono::nanoseconds ttl,
               redislock::KeepAliveOptions keep = {}, const redislock::Options &options = {});

} // namespace cosy::redis
