// The retry SPEC parser (lockctl --retry, the inspector's backoff lab), and the schedules of
// what it parses. Properties: parsing is deterministic; what describe() prints parses back to
// a strategy that describes itself the same way and draws the same waits; schedules keep their
// documented bounds; computeSchedule's sums are monotonic and saturate.

#include "fuzzcheck.h"

#include <redislock/retryschedule.h>
#include <redislock/retryspec.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

using std::chrono::nanoseconds;

namespace {

constexpr int waitsCompared = 40;

std::vector<nanoseconds> waitsOf(const redislock::RetryStrategy &strategy, std::uint64_t stream)
{
    std::vector<nanoseconds> waits;
    const auto schedule = strategy.schedule(stream);
    for (int i = 0; i < waitsCompared; ++i) {
        waits.push_back(schedule->next());
        if (waits.back() < nanoseconds(1))
            break;
    }
    return waits;
}

// Whether a description has a jitter strategy without a seed, fulljitter(BASE,CAP) for
// example: its schedules draw different waits each time.
bool unseededJitter(std::string_view described)
{
    for (std::size_t at = described.find('('); at != std::string_view::npos;
         at = described.find('(', at + 1)) {
        const auto name = described.substr(0, at);
        if (!name.ends_with("jitter") && !name.ends_with("decorrelated"))
            continue;
        const auto arguments = described.substr(at + 1, described.find(')', at) - at - 1);
        if (std::ranges::count(arguments, ',') < 2)
            return true;
    }
    return false;
}

std::string text(const std::vector<nanoseconds> &waits)
{
    std::string out;
    for (auto wait : waits)
        out += std::to_string(wait.count()) + " ";
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string spec(reinterpret_cast<const char *>(data), size);
    const auto strategy = redislock::parseRetryStrategy(spec);
    const auto again = redislock::parseRetryStrategy(spec);
    FUZZ_CHECK(strategy.has_value() == again.has_value(), "spec", spec);
    if (!strategy) {
        const std::string &message = strategy.error().message();
        FUZZ_CHECK(message == again.error().message(), "spec", spec);
        FUZZ_CHECK(message.starts_with("invalid retry spec \"") ||
                       message.starts_with("invalid duration \""),
                   "spec", spec, "message", message);
        return 0;
    }

    const std::string described = strategy->describe();
    FUZZ_CHECK(described == again->describe(), "spec", spec);
    const auto reparsed = redislock::parseRetryStrategy(described);
    FUZZ_CHECK(reparsed.has_value(), "spec", spec, "described", described, "error",
               reparsed ? std::string() : reparsed.error().message());
    FUZZ_CHECK(reparsed->describe() == described, "spec", spec, "described", described,
               "described again", reparsed->describe());

    // Without unseeded jitter the schedule is what the description stands for: the reparsed
    // strategy must draw it too.
    const std::uint64_t stream = size;
    const auto waits = waitsOf(*strategy, stream);
    if (!unseededJitter(described)) {
        FUZZ_CHECK(waitsOf(*strategy, stream) == waits, "spec", spec, "described", described);
        const auto reparsedWaits = waitsOf(*reparsed, stream);
        FUZZ_CHECK(reparsedWaits == waits, "spec", spec, "described", described, "waits",
                   text(waits), "reparsed waits", text(reparsedWaits));
    }

    const nanoseconds deadline(static_cast<std::int64_t>(size) * 1'000'000'007LL);
    const auto schedule = redislock::computeSchedule(*strategy, waitsCompared, deadline);
    FUZZ_CHECK(schedule.waits.size() == schedule.startsAt.size(), "spec", spec);
    FUZZ_CHECK(schedule.attemptsAllowed() <= waitsCompared, "spec", spec);
    FUZZ_CHECK(schedule.attemptsBeforeDeadline >= 1 &&
                   schedule.attemptsBeforeDeadline <= schedule.attemptsAllowed(),
               "spec", spec);
    nanoseconds previous{0};
    for (std::size_t i = 0; i < schedule.waits.size(); ++i) {
        FUZZ_CHECK(schedule.waits[i] >= nanoseconds(1), "spec", spec);
        FUZZ_CHECK(schedule.startsAt[i] >= previous, "spec", spec, "waits", text(schedule.waits));
        previous = schedule.startsAt[i];
    }
    return 0;
}
