#pragma once

// One holder thread of a chaos worker: it obtains one of a few keys with a fencing token, writes
// to the fenced resource at the start and at the end of its hold, releases the lock and reports
// the hold (key, fence, holder, start, end, valid until) to the resource. Plain C++ over the
// redislock core.

#include "history.h"
#include "resource.h"

#include <redislock/client.h>
#include <redislock/lock.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace chaos {

// What watches a lock while it is held. The holder tells it when a hold begins and ends, and
// asks it before every write whether the lock was lost. Without a watchdog (NoLeaseWatch) the
// holder relies on its hold being shorter than the ttl and never hears of a loss; a watchdog
// that refreshes the lock in the background (Lock::keepAlive, when the core has one) plugs in
// here: it answers lost() once a refresh said ErrNotObtained, the holder then stops writing and
// reports lossReported, and the checker counts those reports.
class LeaseWatch
{
public:
    virtual ~LeaseWatch() = default;
    virtual void held(const redislock::Lock &lock) = 0;
    [[nodiscard]] virtual bool lost() = 0;
    virtual void released() = 0;
};

class NoLeaseWatch final : public LeaseWatch
{
public:
    void held(const redislock::Lock &) override {}
    [[nodiscard]] bool lost() override { return false; }
    void released() override {}
};

struct HolderSettings
{
    std::string holder; // "p<pid>.t<n>": the injector finds a holder's process by it
    std::vector<std::string> keys;
    std::chrono::milliseconds ttl{500};
    std::chrono::milliseconds minHold{1};
    std::chrono::milliseconds maxHold{10};
    std::uint64_t seed = 0;
};

// A hold is valid until (time before the winning obtain was sent) + ttl - validityMargin(ttl):
// Redis stores expiry times in whole milliseconds on its wall clock, so a margin of 2 ms plus
// 1 % of the ttl (Redlock's drift factor) covers rounding and clock drift on one machine.
[[nodiscard]] std::chrono::nanoseconds validityMargin(std::chrono::milliseconds ttl) noexcept;

// "obtain:connectionClosed", "release:lockNotHeld", "obtain:serverError:loading"...
[[nodiscard]] std::string errorKind(std::string_view operation, const redislock::Error &error);

// Runs holds until `stop` is set; false when the resource could not be reached (the run is
// broken and must not be judged). Counts the acquisitions it made into `acquisitions`.
bool runHolder(const redislock::Client &client, const HolderSettings &settings,
               ResourceClient &resource, LeaseWatch &watch, const std::atomic<bool> &stop,
               std::atomic<std::int64_t> &acquisitions);

} // namespace chaos
