#pragma once

// The history of a chaos run: what the fenced resource saw (writes, with its verdict), what each
// holder reported of its holds and errors, and which faults the injector caused. One event per
// line in a text file, so that a run can be checked again later (chaosrun --check FILE).
// Plain C++: the workers, the resource and the checker share it, none of them uses Qt.
//
// Times are nanoseconds of CLOCK_MONOTONIC (std::chrono::steady_clock), one clock for every
// process on the machine, so the holds of different processes can be compared.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace chaos {

using Nanos = std::int64_t;

[[nodiscard]] Nanos monotonicNow() noexcept;

// The resource's verdict on one write.
enum class Verdict
{
    accepted,  // the fence is the newest seen on the key (or newer)
    stale,     // an older fence than one already accepted on the key: rejected
    collision, // the newest fence, but another holder wrote with it: rejected, and a violation
};

struct WriteEvent
{
    Nanos at = 0; // when the resource judged it
    std::string key;
    std::int64_t fence = 0;
    std::string holder;
    Verdict verdict = Verdict::accepted;
};

// One acquisition, reported by its holder after releasing (or losing) it. The hold is [start,
// end]: from the moment obtain returned to the moment after its last write was answered. It was
// valid until validUntil: the time just before the obtain that got it was sent, plus the ttl,
// minus a margin for the server's clock granularity and drift (see holder.cpp).
struct HoldEvent
{
    std::string key;
    std::int64_t fence = 0;
    std::string holder;
    Nanos start = 0;
    Nanos end = 0;
    Nanos validUntil = 0;
    int writesAccepted = 0;
    int writesRejected = 0;
    // A lease watch (a watchdog, where the holder has one) said the lock was lost during the
    // hold; always false without one.
    bool lossReported = false;

    [[nodiscard]] bool endedWithinValidity() const noexcept { return end <= validUntil; }
};

// A failed operation of a holder, by kind ("obtain:connectionClosed", "release:lockNotHeld").
struct ErrorEvent
{
    Nanos at = 0;
    std::string holder;
    std::string kind;
};

// A fault the injector caused ("client-kill", "pause-write", "debug-sleep", "restart",
// "sigstop"), with a free-form detail.
struct FaultEvent
{
    Nanos at = 0;
    std::string kind;
    std::string detail;
};

// One line each; keys, holders and kinds must not contain blanks (the run makes them so); a
// fault's detail is the rest of its line.
[[nodiscard]] std::string formatLine(const WriteEvent &event);
[[nodiscard]] std::string formatLine(const HoldEvent &event);
[[nodiscard]] std::string formatLine(const ErrorEvent &event);
[[nodiscard]] std::string formatLine(const FaultEvent &event);

[[nodiscard]] std::string_view verdictName(Verdict verdict) noexcept;

// A line of the history read back; nullopt for a line that is none of the above.
using Event = std::variant<WriteEvent, HoldEvent, ErrorEvent, FaultEvent>;
[[nodiscard]] std::optional<Event> parseLine(std::string_view line);

} // namespace chaos
