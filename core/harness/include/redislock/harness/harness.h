#pragma once

#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/harness/contender.h>
#include <redislock/harness/settings.h>
#include <redislock/harness/statistics.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace redislock::harness {

enum class AttemptOutcome
{
    acquired,
    notObtained, // another client held the lock
    error,       // the call failed (connection or server error)
};

// "acquired", "not-obtained", "error": the names in lockctl's CSV.
[[nodiscard]] std::string_view outcomeName(AttemptOutcome outcome) noexcept;

// One obtain request to Redis, timed on the steady clock relative to the run's start.
struct Attempt
{
    std::uint32_t client = 0;
    std::chrono::nanoseconds start{0};
    std::chrono::nanoseconds end{0};
    AttemptOutcome outcome = AttemptOutcome::notObtained;
};

// What one strategy's run measured.
//
// A client's *effort* starts when it begins to want the lock (at the start of the run and
// after each release) and ends when it has it; it may span several obtain calls when the
// strategy gives up or the deadline (now + ttl, as in Client::obtain) passes, because a
// harness client keeps wanting the lock. The wait of an acquisition is its effort's length.
struct RunResult
{
    std::string strategy; // RetryStrategy::describe()
    std::size_t clients = 0;
    bool complete = false; // false when the run was cancelled

    std::uint64_t acquisitions = 0;
    std::uint64_t attempts = 0; // = acquisitions + notObtained + errors
    std::uint64_t notObtained = 0;
    std::uint64_t errors = 0;   // attempts that failed with an error
    std::uint64_t releases = 0; // release requests sent
    std::uint64_t releaseErrors = 0;
    std::uint64_t lostLocks = 0; // releases that found the lock gone (hold outlived the ttl)
    std::uint64_t gaveUp = 0;    // obtain calls that ended unobtained (strategy or deadline)
    // Requests the lock sent to Redis: attempts + releases. (An EVALSHA answered NOSCRIPT and
    // repeated as EVAL counts as one.)
    std::uint64_t redisCalls = 0;
    double callsPerAcquisition = 0; // redisCalls / acquisitions; 0 without acquisitions
    std::chrono::nanoseconds elapsed{0};
    double throughputPerS = 0; // acquisitions per second of elapsed time
    double waitP50Ms = 0;
    double waitP90Ms = 0;
    double waitP99Ms = 0;
    double waitMaxMs = 0;
    double fairness = 0; // Jain's index over perClientAcquisitions
    // Overlapping holders seen by the harness's own check (countOverlaps over `holds`),
    // independent of the lock: 0 for a correct lock whose holds stay within the ttl.
    std::uint64_t violations = 0;
    std::size_t maxHolders = 0;
    std::string firstError; // the first error message, if any attempt failed

    std::vector<std::uint64_t> perClientAcquisitions;
    std::vector<std::chrono::nanoseconds> waits; // one per acquisition, in acquisition order
    std::vector<Attempt> attemptLog;             // every attempt, ordered by start
    std::vector<HoldInterval> holds;             // ordered by start
};

// Where a run stands, for a progress bar and live charts.
struct Progress
{
    std::size_t run = 0; // index into Settings::strategies
    std::size_t runs = 0;
    std::string strategy;
    std::chrono::nanoseconds elapsed{0};
    std::uint64_t acquisitions = 0;
    std::uint64_t attempts = 0;
    double fraction = 0; // of this run: elapsed / duration or acquisitions / wanted, 0..1
    // Attempts completed since the previous report of this run, ordered by start.
    std::vector<Attempt> newAttempts;
};

// Called on the thread that called Harness::run(), never concurrently.
struct Observer
{
    std::function<void(const Progress &)> progress;
    std::function<void(const RunResult &)> runFinished;
};

struct Report
{
    std::vector<RunResult> runs; // the last one incomplete when cancelled
    bool cancelled = false;
};

// Runs the contention harness: Settings::strategies one after the other against one
// Redis server, every run with the same clients (connected once, up front).
class Harness
{
public:
    // With no backend: RedislockBackend.
    explicit Harness(Settings settings, std::shared_ptr<const LockBackend> backend = {});

    // Blocks until every run is done, or the context's stop token is triggered (then the
    // report holds the runs so far, `cancelled` set; a client holding the lock releases it at
    // once). Errors: invalid settings (Errc::invalidArgument) or a client that cannot connect.
    [[nodiscard]] std::expected<Report, Error> run(const Context &context = {},
                                                   const Observer &observer = {}) const;

    [[nodiscard]] const Settings &settings() const noexcept { return settings_; }

private:
    Settings settings_;
    std::shared_ptr<const LockBackend> backend_;
};

} // namespace redislock::harness
