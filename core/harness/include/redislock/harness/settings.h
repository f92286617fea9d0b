#pragma once

#include <redislock/connectionoptions.h>
#include <redislock/error.h>
#include <redislock/retrystrategy.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redislock::harness {

// How long a client holds the lock once it has it: fixed (min == max) or uniform in
// [min, max].
struct HoldTime
{
    std::chrono::nanoseconds min{0};
    std::chrono::nanoseconds max{0};

    [[nodiscard]] bool fixed() const noexcept { return min == max; }
    // "5ms" or "1ms..10ms": what parseHoldTime() reads.
    [[nodiscard]] std::string describe() const;
};

// "D" (fixed) or "D1..D2" (uniform), durations as parseDuration() reads them; D1 <= D2.
[[nodiscard]] std::expected<HoldTime, Error> parseHoldTime(std::string_view text);

// What a harness session does: every strategy in turn, each run with the same settings.
struct Settings
{
    ConnectionOptions connection;
    // The one key every client contends on.
    std::string key = "lockscope:harness";
    // Number of clients, each with its own connection.
    std::size_t clients = 16;
    // Run one after the other, in this order.
    std::vector<RetryStrategy> strategies;
    HoldTime hold{std::chrono::milliseconds(1), std::chrono::milliseconds(1)};
    // The lock's ttl, and (as in Client::obtain without a caller's deadline) how long one
    // obtain call retries before it gives up: now + ttl.
    std::chrono::nanoseconds ttl{std::chrono::seconds(1)};
    // A run ends after `duration`, or after `acquisitions` acquisitions: exactly one of the
    // two is non-zero.
    std::chrono::nanoseconds duration{0};
    std::uint64_t acquisitions = 0;
    // Seeds the hold-time draws (client i uses seed + i); none: random.
    std::optional<std::uint64_t> seed;
    // How often the progress callback is called during a run.
    std::chrono::milliseconds progressInterval{100};
    // After an attempt that failed with an error, a client pauses this long before its next
    // obtain call, so that a broken connection is not hammered.
    std::chrono::nanoseconds errorPause{std::chrono::milliseconds(10)};

    // Errc::invalidArgument with a one-line reason when the settings cannot run.
    [[nodiscard]] std::expected<void, Error> validate() const;
};

} // namespace redislock::harness
