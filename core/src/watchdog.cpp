#include "watchdog.h"

#include "clientcore.h"
#include "replyerror.h"

#include <redislock/lock.h>

#include <algorithm>
#include <map>
#include <pthread.h>
#include <utility>

namespace redislock {

std::string_view describe(LossReason reason) noexcept
{
    switch (reason) {
    case LossReason::notHeld:
        return "the key is gone or holds another value";
    case LossReason::expired:
        return "its validity ran out without a successful renewal";
    case LossReason::budget:
        return "its lease budget is spent";
    case LossReason::error:
        return "a renewal failed for good";
    }
    return "it was lost";
}

namespace detail {

using Clock = Context::Clock;

std::chrono::nanoseconds validityDrift(std::chrono::nanoseconds ttl) noexcept
{
    return ttl / 100 + std::chrono::milliseconds(2);
}

struct Watchdog::State
{
    std::mutex mutex;
    std::condition_variable_any changed;             // an entry came or went
    std::vector<std::shared_ptr<KeptEntry>> entries; // guarded by mutex
    bool running = false;                            // guarded by mutex
    std::stop_source stop; // guarded by mutex; cuts the thread's round trip short at the end

    std::uint64_t roundTrips = 0; // guarded by mutex
    std::uint64_t renewals = 0;   // guarded by mutex
    std::thread::id threadId;     // guarded by mutex: the running thread's, for forget() from it

    std::mutex threadMutex; // serialises starting and joining the thread
    std::thread thread;

    void renew(const std::vector<std::shared_ptr<KeptEntry>> &batch, const Context &context);
};

namespace {

std::string describeKeys(const KeptEntry &entry)
{
    std::string text = "\"" + entry.keys.front() + "\"";
    if (entry.keys.size() > 1)
        text += " and " + std::to_string(entry.keys.size() - 1) + " more";
    return text;
}

// Marks `entry` lost (its mutex held); it is reported once the mutexes are let go.
void markLost(KeptEntry &entry, LossReason reason, const std::string &why,
              std::optional<Error> cause = {})
{
    if (entry.loss)
        return;
    entry.loss =
        LockLoss{reason, "lock on " + describeKeys(entry) + " lost: " + why, std::move(cause)};
    entry.validUntil = std::min(entry.validUntil, Clock::now());
}

// Requests the stop tokens and calls the callbacks, with no mutex held: a callback may
// release its guard.
void report(const std::vector<std::shared_ptr<KeptEntry>> &lost)
{
    for (const auto &entry : lost) {
        std::optional<LockLoss> loss;
        {
            const std::lock_guard guard(entry->mutex);
            loss = entry->loss;
        }
        entry->lostSource.request_stop();
        if (entry->onLost && loss)
            entry->onLost(*loss);
    }
}

// A renewal that failed with `error` (the entry's mutex held). What retrying cannot cure loses
// the lock; a transient error is retried by the entry's strategy, never past the validity.
void renewalFailed(KeptEntry &entry, Error error, Clock::time_point now)
{
    if (!error.isTransient()) {
        markLost(entry, LossReason::error, "a renewal failed: " + error.message(),
                 std::move(error));
        return;
    }
    if (!entry.retrying)
        entry.retrying.emplace(entry.retryStrategy, Context::withDeadline(entry.validUntil),
                               entry.ttl, now);
    const RetryLoop::Step step = entry.retrying->next(now);
    if (step.stop == RetryStop::strategy) {
        markLost(entry, LossReason::expired,
                 "renewals kept failing and the retry strategy gave up: " + error.message(),
                 std::move(error));
        return;
    }
    // RetryStop::deadline: the next try would fall past the validity, which the thread's loop
    // then calls expired, with this error as the cause.
    entry.due = step.stop ? Clock::time_point::max() : step.until;
    entry.lastError = std::move(error);
}

void threadMain(const std::shared_ptr<Watchdog::State> &state, std::stop_token stopToken);

} // namespace

void Watchdog::State::renew(const std::vector<std::shared_ptr<KeptEntry>> &batch,
                            const Context &context)
{
    // The calls borrow the entries' strings, which stay put while the batch holds the entries.
    std::vector<std::string_view> arguments;
    arguments.reserve(2 * batch.size());
    std::vector<Script::Call> calls;
    calls.reserve(batch.size());
    for (const auto &entry : batch) {
        arguments.push_back(entry->value);
        arguments.push_back(entry->ttlText);
    }
    for (std::size_t i = 0; i < batch.size(); ++i)
        calls.push_back(Script::Call{batch[i]->keys, std::span(arguments).subspan(2 * i, 2)});

    // One pipelined round trip per server: on a cluster the batch splits by the master that
    // serves each lock's first key; on a single server it is the whole batch.
    std::map<std::string, std::vector<std::size_t>> byNode;
    std::vector<std::expected<Reply, Error>> results(
        batch.size(), std::unexpected(Error(Errc::cancelled, "not sent")));
    std::vector<Clock::time_point> sentAt(batch.size(), Clock::now());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (auto node = batch[i]->core->masterFor(batch[i]->keys.front(), context); node)
            byNode[*node].push_back(i);
        else
            results[i] = std::unexpected(node.error());
    }
    const std::shared_ptr<ClientCore> &core = batch.front()->core;
    std::uint64_t trips = 0;
    for (const auto &[node, indices] : byNode) {
        std::vector<Script::Call> nodeCalls;
        nodeCalls.reserve(indices.size());
        for (const std::size_t i : indices)
            nodeCalls.push_back(calls[i]);
        const auto sent = Clock::now();
        // The connection goes back to the pool before the replies are looked at.
        auto replies = [&]() -> std::expected<std::vector<Reply>, Error> {
            auto lease = core->leaseOn(node, context);
            if (!lease)
                return std::unexpected(lease.error());
            return ClientCore::refreshScript().runPipelined(**lease, nodeCalls, context);
        }();
        ++trips;
        for (std::size_t k = 0; k < indices.size(); ++k) {
            const std::size_t i = indices[k];
            sentAt[i] = sent;
            if (!replies) {
                results[i] = std::unexpected(replies.error());
                continue;
            }
            results[i] = std::move((*replies)[k]);
            // The slot moved since the map was read: that lock alone goes the routed way,
            // which follows MOVED and ASK (and updates the map for the next round).
            if (results[i]->isError() && classifyReplyError(results[i]->text).redirect) {
                sentAt[i] = Clock::now();
                results[i] = core->run(ClientCore::refreshScript(), batch[i]->keys,
                                       calls[i].arguments, context);
            }
        }
    }
    const auto now = Clock::now();

    std::uint64_t renewed = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        KeptEntry &entry = *batch[i];
        const std::lock_guard guard(entry.mutex);
        if (!entry.kept || entry.loss)
            continue;
        const auto &result = results[i];
        if (!result) {
            renewalFailed(entry, result.error(), now);
            continue;
        }
        const Reply &reply = *result;
        const auto sent = sentAt[i];
        if (reply.isError()) {
            renewalFailed(entry, replyError(reply.text, "the server answered: " + reply.text), now);
        } else if (reply.isNil()) {
            markLost(entry, LossReason::notHeld,
                     "a renewal found it expired, deleted or taken by another token");
        } else {
            entry.validUntil = std::max(entry.validUntil, entry.validityFrom(sent));
            entry.due = RetryLoop::after(sent, entry.period);
            ++entry.renewals;
            ++renewed;
            entry.retrying.reset();
            entry.lastError.reset();
        }
    }
    const std::lock_guard guard(mutex);
    renewals += renewed;
    roundTrips += trips;
}

namespace {

void threadMain(const std::shared_ptr<Watchdog::State> &state, std::stop_token stopToken)
{
    pthread_setname_np(pthread_self(), "redislock-keep");
    {
        const std::lock_guard guard(state->mutex);
        state->threadId = std::this_thread::get_id();
    }
    std::vector<std::shared_ptr<KeptEntry>> batch;
    std::vector<std::shared_ptr<KeptEntry>> lost;
    for (;;) {
        batch.clear();
        lost.clear();
        {
            std::unique_lock lock(state->mutex);
            for (;;) {
                if (state->entries.empty() || stopToken.stop_requested()) {
                    state->running = false;
                    return;
                }
                const auto now = Clock::now();
                auto wake = Clock::time_point::max();
                for (const auto &entry : state->entries) {
                    const std::lock_guard guard(entry->mutex);
                    if (!entry->loss && now >= entry->validUntil) {
                        if (entry->lastError)
                            markLost(*entry, LossReason::expired,
                                     "its validity ran out while renewals failed: " +
                                         entry->lastError->message(),
                                     entry->lastError);
                        else
                            markLost(*entry, LossReason::expired,
                                     "its validity ran out before a renewal succeeded");
                    }
                    if (!entry->loss && entry->holdUntil && now >= *entry->holdUntil)
                        markLost(*entry, LossReason::budget,
                                 "its maximum hold time is over; no more renewals");
                    const bool due = now >= entry->due - entry->period / 4;
                    if (!entry->loss && due && entry->maxRenewals &&
                        entry->renewals >= *entry->maxRenewals)
                        markLost(*entry, LossReason::budget,
                                 "its " + std::to_string(*entry->maxRenewals) +
                                     " renewals are spent");
                    if (entry->loss) {
                        lost.push_back(entry);
                        continue;
                    }
                    if (due)
                        batch.push_back(entry);
                    wake = std::min({wake, entry->due, entry->validUntil,
                                     entry->holdUntil.value_or(Clock::time_point::max())});
                }
                // A lost lock is no longer kept: its guard finds it gone.
                std::erase_if(state->entries, [](const auto &entry) {
                    const std::lock_guard guard(entry->mutex);
                    return entry->loss.has_value();
                });
                if (!batch.empty() || !lost.empty())
                    break;
                state->changed.wait_until(lock, stopToken, wake, [] { return false; });
            }
        }
        report(lost);
        if (batch.empty())
            continue;
        // The round trip ends at the earliest validity of the batch (a paused server cannot
        // hold the thread past it) or when the last kept lock is forgotten.
        auto deadline = Clock::time_point::max();
        for (const auto &entry : batch) {
            const std::lock_guard guard(entry->mutex);
            deadline = std::min(deadline, entry->validUntil);
        }
        state->renew(batch, Context::withDeadline(deadline, stopToken));
    }
}

} // namespace

Watchdog::Watchdog() : state_(std::make_shared<State>())
{}

Watchdog::~Watchdog()
{
    const std::lock_guard threadGuard(state_->threadMutex);
    {
        const std::lock_guard guard(state_->mutex);
        state_->stop.request_stop();
    }
    state_->changed.notify_all();
    if (!state_->thread.joinable())
        return;
    // The last reference to the Client may be dropped by the thread itself, after a round trip.
    if (state_->thread.get_id() == std::this_thread::get_id())
        state_->thread.detach();
    else
        state_->thread.join();
}

WatchdogStats Watchdog::stats() const
{
    const std::lock_guard guard(state_->mutex);
    return WatchdogStats{state_->entries.size(), state_->roundTrips, state_->renewals,
                         state_->running};
}

void Watchdog::keep(std::shared_ptr<KeptEntry> entry)
{
    const std::lock_guard threadGuard(state_->threadMutex);
    std::unique_lock lock(state_->mutex);
    state_->entries.push_back(std::move(entry));
    if (state_->running) {
        lock.unlock();
        state_->changed.notify_all();
        return;
    }
    // The previous thread saw no entry and is ending (or ended): wait for it, start anew.
    lock.unlock();
    if (state_->thread.joinable()) {
        if (state_->thread.get_id() == std::this_thread::get_id())
            state_->thread.detach();
        else
            state_->thread.join();
    }
    lock.lock();
    state_->running = true;
    state_->stop = std::stop_source();
    const std::stop_token token = state_->stop.get_token();
    lock.unlock();
    state_->thread = std::thread([state = state_, token] { threadMain(state, token); });
    // Named here as well as by itself, so that it carries the name from the moment keep()
    // returns (tools and tests count threads by it).
    pthread_setname_np(state_->thread.native_handle(), "redislock-keep");
}

void Watchdog::forget(const std::shared_ptr<KeptEntry> &entry)
{
    {
        const std::lock_guard guard(entry->mutex);
        entry->kept = false;
    }
    {
        // From a loss callback, on the thread itself: it ends by itself when nothing is left,
        // and must not wait for a thread that may be joining it.
        const std::lock_guard guard(state_->mutex);
        if (state_->running && state_->threadId == std::this_thread::get_id()) {
            std::erase(state_->entries, entry);
            return;
        }
    }
    const std::lock_guard threadGuard(state_->threadMutex);
    bool last = false;
    {
        const std::lock_guard guard(state_->mutex);
        std::erase(state_->entries, entry);
        last = state_->entries.empty();
        if (last)
            state_->stop.request_stop();
    }
    state_->changed.notify_all();
    if (last && state_->thread.joinable())
        state_->thread.join();
}

} // namespace detail

// ---- Lock::keepAlive and the guard ----

std::expected<KeptLock, Error> Lock::keepAlive(KeepAliveOptions options,
                                               const Context &context) const
{
    const auto milliseconds = detail::validTtl(options.ttl);
    if (!milliseconds)
        return std::unexpected(milliseconds.error());
    const std::chrono::nanoseconds ttl = *milliseconds;
    auto entry = std::make_shared<detail::KeptEntry>();
    entry->core = client_;
    entry->keys = keys_;
    entry->value = value_;
    entry->ttl = ttl;
    entry->ttlText = std::to_string(milliseconds->count());
    entry->period = ttl / 3;
    entry->drift = detail::validityDrift(ttl);
    entry->retryStrategy = options.retryStrategy ? *options.retryStrategy
                                                 : linearBackoff(std::max<std::chrono::nanoseconds>(
                                                       ttl / 30, std::chrono::milliseconds(1)));
    entry->maxRenewals = options.maxRenewals;
    entry->onLost = std::move(options.onLost);

    const auto now = Context::Clock::now();
    if (options.maxHold)
        entry->holdUntil = RetryLoop::after(now, *options.maxHold);
    if (obtainedAt_) {
        // Valid from when the obtain was sent, for the ttl it set.
        entry->validUntil =
            RetryLoop::after(*obtainedAt_, obtainedTtl_ - detail::validityDrift(obtainedTtl_));
        entry->due = RetryLoop::after(
            *obtainedAt_, std::min<std::chrono::nanoseconds>(entry->period, obtainedTtl_ / 3));
    } else {
        // An adopted lock: when it was set is unknown, so renew it now to know its validity
        // (and that it is still ours).
        const auto sent = Context::Clock::now();
        Options refreshOptions;
        refreshOptions.retryStrategy = entry->retryStrategy;
        if (auto refreshed = refresh(ttl, refreshOptions, context); !refreshed)
            return std::unexpected(refreshed.error());
        entry->validUntil = entry->validityFrom(sent);
        entry->due = RetryLoop::after(sent, entry->period);
    }
    if (entry->validUntil <= now)
        return std::unexpected(
            Error(Errc::lockNotHeld,
                  "lock on \"" + key() + "\" cannot be kept: its validity has already run out"));
    client_->watchdog().keep(entry);
    return KeptLock(*this, std::move(entry));
}

KeptLock::KeptLock(Lock lock, std::shared_ptr<detail::KeptEntry> entry)
    : lock_(std::move(lock)), entry_(std::move(entry))
{}

KeptLock::KeptLock(KeptLock &&other) noexcept
    : lock_(other.lock_), entry_(std::exchange(other.entry_, nullptr))
{}

KeptLock &KeptLock::operator=(KeptLock &&other) noexcept
{
    if (this != &other) {
        if (entry_) {
            stopKeeping();
            (void)lock_.release();
        }
        lock_ = other.lock_;
        entry_ = std::exchange(other.entry_, nullptr);
    }
    return *this;
}

KeptLock::~KeptLock()
{
    if (!entry_)
        return;
    stopKeeping();
    // Compare-and-delete: harmless when the lock was lost, and a lock whose budget is spent is
    // still ours until its ttl.
    (void)lock_.release();
}

const Lock &KeptLock::lock() const noexcept
{
    return lock_;
}

std::stop_token KeptLock::lostToken() const noexcept
{
    return entry_ ? entry_->lostSource.get_token() : std::stop_token();
}

bool KeptLock::lost() const
{
    if (!entry_)
        return false;
    const std::lock_guard guard(entry_->mutex);
    return entry_->loss.has_value();
}

std::optional<LockLoss> KeptLock::loss() const
{
    if (!entry_)
        return std::nullopt;
    const std::lock_guard guard(entry_->mutex);
    return entry_->loss;
}

Context::Clock::time_point KeptLock::validUntil() const
{
    if (!entry_)
        return {};
    const std::lock_guard guard(entry_->mutex);
    return entry_->validUntil;
}

std::uint64_t KeptLock::renewals() const
{
    if (!entry_)
        return 0;
    const std::lock_guard guard(entry_->mutex);
    return entry_->renewals;
}

void KeptLock::stopKeeping()
{
    entry_->core->watchdog().forget(entry_);
}

std::expected<void, Error> KeptLock::release(const Context &context)
{
    if (!entry_)
        return std::unexpected(Error(Errc::lockNotHeld, "lock on \"" + lock_.key() +
                                                            "\" not released: released before"));
    stopKeeping();
    entry_.reset();
    return lock_.release(context);
}

Lock KeptLock::detach()
{
    if (entry_) {
        stopKeeping();
        entry_.reset();
    }
    return lock_;
}

} // namespace redislock
