#include <redislock/harness/harness.h>
#include <redislock/retryloop.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <random>
#include <stop_token>
#include <thread>

namespace redislock::harness {

using Clock = std::chrono::steady_clock;
using std::chrono::nanoseconds;

std::string_view outcomeName(AttemptOutcome outcome) noexcept
{
    switch (outcome) {
    case AttemptOutcome::acquired:
        return "acquired";
    case AttemptOutcome::notObtained:
        return "not-obtained";
    case AttemptOutcome::error:
        return "error";
    }
    return "unknown";
}

namespace {

// from + duration, saturating instead of wrapping into the past.
Clock::time_point after(Clock::time_point from, nanoseconds duration)
{
    return RetryLoop::after(from, duration);
}

double toMilliseconds(nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

// What one client thread records during a run. Only `attempts` is read while the run goes on
// (by the coordinator, for progress): it alone is behind the mutex. The rest is read after the
// thread has been joined.
struct ClientRecord
{
    std::mutex mutex;
    std::vector<Attempt> attempts;
    std::size_t reported = 0; // coordinator only: attempts already handed to progress

    std::uint64_t acquisitions = 0;
    std::uint64_t notObtained = 0;
    std::uint64_t errors = 0;
    std::uint64_t releases = 0;
    std::uint64_t releaseErrors = 0;
    std::uint64_t lostLocks = 0;
    std::uint64_t gaveUp = 0;
    std::vector<std::pair<nanoseconds, nanoseconds>> waits; // (acquired at, wait)
    std::vector<HoldInterval> holds;
    std::string firstError;
};

// One strategy's run: the client threads and what they share.
class StrategyRun
{
public:
    StrategyRun(const Settings &settings, const RetryStrategy &strategy,
                std::vector<std::unique_ptr<Contender>> &contenders)
        : settings_(settings), strategy_(strategy), contenders_(contenders),
          records_(contenders.size())
    {}

    // Runs to the end; `stop` cancels. Calls report() on this thread.
    RunResult execute(const std::stop_token &stop, std::size_t index, const Observer &observer)
    {
        const std::stop_callback onCancel(stop, [this] {
            cancel_.request_stop();
            finish_.request_stop();
        });
        active_ = contenders_.size();
        {
            std::latch go(1);
            std::vector<std::jthread> threads;
            threads.reserve(contenders_.size());
            for (std::size_t i = 0; i < contenders_.size(); ++i)
                threads.emplace_back([this, i, &go] {
                    go.wait();
                    clientLoop(static_cast<std::uint32_t>(i));
                    leave();
                });
            start_ = Clock::now();
            go.count_down();
            coordinate(index, observer);
        } // joins
        if (observer.progress)
            observer.progress(progress(index));
        RunResult result = collect(!cancel_.stop_requested());
        if (observer.runFinished)
            observer.runFinished(result);
        return result;
    }

private:
    [[nodiscard]] nanoseconds sinceStart() const { return Clock::now() - start_; }

    static void logAttempt(ClientRecord &record, const Attempt &attempt)
    {
        const std::lock_guard guard(record.mutex);
        record.attempts.push_back(attempt);
    }

    // One client: wants the lock, gets it, holds it, releases it, wants it again, until the
    // run is finished. The retry loop (RetryLoop, as Client::obtain's) is driven here, so that
    // each attempt can be timed.
    void clientLoop(std::uint32_t client)
    {
        Contender &contender = *contenders_[client];
        ClientRecord &record = records_[client];
        const Context finishing(finish_.get_token());
        const Context cancelling(cancel_.get_token());
        std::mt19937_64 random(settings_.seed ? *settings_.seed + client : std::random_device()());
        std::uniform_int_distribution<nanoseconds::rep> holdTime(settings_.hold.min.count(),
                                                                 settings_.hold.max.count());

        std::uint64_t efforts = 0;
        while (!finishing.stopRequested()) {
            const nanoseconds effortStart = sinceStart();
            nanoseconds acquiredAt{-1};
            // Obtain calls until one gets the lock.
            while (acquiredAt < nanoseconds(0)) {
                // A stream per client and effort: a seeded jitter strategy must not make every
                // client wait in lockstep (they all share the one seed).
                RetryLoop loop(strategy_, (std::uint64_t(client) << 32) | (efforts++ & 0xffffffffU),
                               finishing, settings_.ttl);
                for (;;) {
                    if (const auto stop = loop.beforeAttempt()) {
                        if (*stop == RetryStop::cancelled)
                            return;
                        ++record.gaveUp;
                        break;
                    }
                    if (!contender.mayAttempt()) {
                        if (const auto stop =
                                contender.waitToRetry(loop, strategy_, settings_.key)) {
                            if (*stop == RetryStop::cancelled)
                                return;
                            ++record.gaveUp;
                            break;
                        }
                        continue;
                    }
                    Attempt attempt{client, sinceStart(), {}, AttemptOutcome::notObtained};
                    const auto obtained = contender.tryObtain(settings_.key, settings_.ttl);
                    // Read after obtain returned: the hold interval starts no earlier than the
                    // server's holding time does.
                    attempt.end = sinceStart();
                    if (!obtained) {
                        attempt.outcome = AttemptOutcome::error;
                        logAttempt(record, attempt);
                        ++record.errors;
                        if (record.firstError.empty())
                            record.firstError = obtained.error().message();
                        if (!finishing.sleepFor(settings_.errorPause))
                            return;
                        break;
                    }
                    if (*obtained) {
                        attempt.outcome = AttemptOutcome::acquired;
                        logAttempt(record, attempt);
                        acquiredAt = attempt.end;
                        break;
                    }
                    logAttempt(record, attempt);
                    ++record.notObtained;
                    if (const auto stop = contender.waitToRetry(loop, strategy_, settings_.key)) {
                        if (*stop == RetryStop::cancelled)
                            return;
                        ++record.gaveUp;
                        break;
                    }
                }
            }

            ++record.acquisitions;
            record.waits.emplace_back(acquiredAt, acquiredAt - effortStart);
            const std::uint64_t count = acquisitions_.fetch_add(1) + 1;
            const bool last = settings_.acquisitions > 0 && count == settings_.acquisitions;
            if (settings_.acquisitions > 0 && count >= settings_.acquisitions)
                finish_.request_stop();
            // Only cancelling cuts a hold short; the end of a run lets it finish.
            (void)cancelling.sleepFor(nanoseconds(holdTime(random)));
            if (last) {
                // The N-th holder keeps the lock until every other client has stopped, so that
                // (with a correct lock) no acquisition can follow the N-th.
                for (std::size_t others = active_.load(); others > 1; others = active_.load())
                    active_.wait(others);
            }
            // Read before the release is sent: the hold interval ends no later than the
            // server's holding time does.
            record.holds.push_back({client, acquiredAt, sinceStart()});
            const auto released = contender.release();
            ++record.releases;
            if (!released) {
                if (released.error() == ErrLockNotHeld)
                    ++record.lostLocks;
                else
                    ++record.releaseErrors;
                if (record.firstError.empty())
                    record.firstError = released.error().message();
            }
        }
    }

    void leave()
    {
        const nanoseconds now = sinceStart();
        if (active_.fetch_sub(1) == 1) {
            const std::lock_guard guard(doneMutex_);
            done_ = true;
            end_ = now;
            doneChanged_.notify_all();
        }
        active_.notify_all();
    }

    // Ends a duration-bounded run on time and reports progress until every client is done.
    void coordinate(std::size_t index, const Observer &observer)
    {
        const auto durationEnd = settings_.duration > nanoseconds(0)
                                     ? after(start_, settings_.duration)
                                     : Clock::time_point::max();
        auto nextReport = after(start_, settings_.progressInterval);
        for (;;) {
            {
                std::unique_lock lock(doneMutex_);
                const auto wakeUp =
                    finish_.stop_requested() ? nextReport : std::min(nextReport, durationEnd);
                if (doneChanged_.wait_until(lock, wakeUp, [this] { return done_; }))
                    return;
            }
            const auto now = Clock::now();
            if (now >= durationEnd)
                finish_.request_stop();
            if (now >= nextReport) {
                if (observer.progress)
                    observer.progress(progress(index));
                nextReport = after(now, settings_.progressInterval);
            }
        }
    }

    Progress progress(std::size_t index)
    {
        Progress progress;
        progress.run = index;
        progress.runs = settings_.strategies.size();
        progress.strategy = strategy_.describe();
        {
            const std::lock_guard guard(doneMutex_);
            progress.elapsed = done_ ? end_ : sinceStart();
        }
        progress.acquisitions = acquisitions_.load();
        for (ClientRecord &record : records_) {
            const std::lock_guard guard(record.mutex);
            progress.attempts += record.attempts.size();
            progress.newAttempts.insert(progress.newAttempts.end(),
                                        record.attempts.begin() +
                                            static_cast<std::ptrdiff_t>(record.reported),
                                        record.attempts.end());
            record.reported = record.attempts.size();
        }
        std::ranges::sort(progress.newAttempts, {}, &Attempt::start);
        if (settings_.acquisitions > 0)
            progress.fraction = static_cast<double>(progress.acquisitions) /
                                static_cast<double>(settings_.acquisitions);
        else
            progress.fraction = static_cast<double>(progress.elapsed.count()) /
                                static_cast<double>(settings_.duration.count());
        progress.fraction = std::clamp(progress.fraction, 0.0, 1.0);
        return progress;
    }

    RunResult collect(bool complete)
    {
        RunResult result;
        result.strategy = strategy_.describe();
        result.clients = contenders_.size();
        result.complete = complete;
        result.elapsed = end_;
        std::vector<std::pair<nanoseconds, nanoseconds>> waits;
        for (ClientRecord &record : records_) {
            result.acquisitions += record.acquisitions;
            result.notObtained += record.notObtained;
            result.errors += record.errors;
            result.releases += record.releases;
            result.releaseErrors += record.releaseErrors;
            result.lostLocks += record.lostLocks;
            result.gaveUp += record.gaveUp;
            result.perClientAcquisitions.push_back(record.acquisitions);
            result.attemptLog.insert(result.attemptLog.end(), record.attempts.begin(),
                                     record.attempts.end());
            result.holds.insert(result.holds.end(), record.holds.begin(), record.holds.end());
            waits.insert(waits.end(), record.waits.begin(), record.waits.end());
            if (result.firstError.empty())
                result.firstError = record.firstError;
        }
        result.attempts = result.attemptLog.size();
        result.redisCalls = result.attempts + result.releases;
        if (result.acquisitions > 0)
            result.callsPerAcquisition =
                static_cast<double>(result.redisCalls) / static_cast<double>(result.acquisitions);
        if (result.elapsed > nanoseconds(0))
            result.throughputPerS = static_cast<double>(result.acquisitions) /
                                    std::chrono::duration<double>(result.elapsed).count();
        std::ranges::sort(result.attemptLog, {}, &Attempt::start);
        std::ranges::sort(result.holds, {}, &HoldInterval::start);
        std::ranges::sort(waits);
        std::vector<double> waitMs;
        for (const auto &[at, wait] : waits) {
            result.waits.push_back(wait);
            waitMs.push_back(toMilliseconds(wait));
        }
        result.waitP50Ms = percentile(waitMs, 50);
        result.waitP90Ms = percentile(waitMs, 90);
        result.waitP99Ms = percentile(waitMs, 99);
        result.waitMaxMs = percentile(waitMs, 100);
        result.fairness = jainFairness(result.perClientAcquisitions);
        const Overlaps overlaps = countOverlaps(result.holds);
        result.violations = overlaps.pairs;
        result.maxHolders = overlaps.maxHolders;
        return result;
    }

    const Settings &settings_;
    const RetryStrategy &strategy_;
    std::vector<std::unique_ptr<Contender>> &contenders_;
    std::vector<ClientRecord> records_;

    Clock::time_point start_;
    std::stop_source finish_; // no new efforts or retries: the run is over
    std::stop_source cancel_; // also cut holds short: the caller cancelled
    std::atomic<std::uint64_t> acquisitions_{0};
    std::atomic<std::size_t> active_{0};

    std::mutex doneMutex_;
    std::condition_variable doneChanged_;
    bool done_ = false;
    nanoseconds end_{0}; // when the last client stopped
};

} // namespace

Harness::Harness(Settings settings, std::shared_ptr<const LockBackend> backend)
    : settings_(std::move(settings)), backend_(std::move(backend))
{
    if (!backend_)
        backend_ = std::make_shared<RedislockBackend>();
}

std::expected<Report, Error> Harness::run(const Context &context, const Observer &observer) const
{
    if (auto valid = settings_.validate(); !valid)
        return std::unexpected(valid.error());

    Report report;
    std::vector<std::unique_ptr<Contender>> contenders;
    contenders.reserve(settings_.clients);
    for (std::size_t i = 0; i < settings_.clients; ++i) {
        if (context.stopRequested()) {
            report.cancelled = true;
            return report;
        }
        auto contender = backend_->connect(settings_.connection);
        if (!contender)
            return std::unexpected(contender.error());
        contenders.push_back(std::move(*contender));
    }

    for (std::size_t index = 0; index < settings_.strategies.size(); ++index) {
        if (context.stopRequested()) {
            report.cancelled = true;
            break;
        }
        StrategyRun run(settings_, settings_.strategies[index], contenders);
        report.runs.push_back(run.execute(context.stopToken(), index, observer));
        if (!report.runs.back().complete) {
            report.cancelled = true;
            break;
        }
    }
    return report;
}

} // namespace redislock::harness
