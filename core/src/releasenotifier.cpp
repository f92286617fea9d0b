#include "releasenotifier.h"

#include "clientcore.h"

#include <redislock/client.h>
#include <redislock/retryloop.h>
#include <redislock/subscription.h>

#include <algorithm>
#include <optional>
#include <pthread.h>

namespace redislock::detail {

namespace {

// The ttl of a retry loop that should run for as long as the Client does.
constexpr std::chrono::hours forever{24 * 365};

std::vector<std::string> eventChannels(int db)
{
    const std::string prefix = "__keyevent@" + std::to_string(db) + "__:";
    return {prefix + "del", prefix + "expired", prefix + "evicted"};
}

} // namespace

struct ReleaseNotifier::Waiter
{
    std::vector<std::string> keys;
    bool signalled = false; // woken by a release since its last attempt was sent
    // When it was first woken: from then on it counts the time barging obtains keep it out.
    std::optional<Clock::time_point> firstWoken;
    Clock::time_point signalledAt{}; // the last wake, for the wake-up latency
    // Handover: the obtain's terms (none for a waiter that makes its attempts itself), whether
    // it is inside wait() now (only then may a release claim it), and a claim's state.
    std::optional<HandoverTerms> terms;
    bool waiting = false;
    std::stop_token stop; // its obtain's, while waiting: one that gave up is handed nothing
    enum class Offer
    {
        none,
        pending,
        accepted
    } offer = Offer::none;
    Handover handover;

    [[nodiscard]] bool overdue(Clock::time_point now, Clock::duration patience) const
    {
        return firstWoken && now - *firstWoken >= patience;
    }
    std::condition_variable_any wakeUp;
};

// One subscription, on one server, on a thread of its own.
struct ReleaseNotifier::Listener
{
    std::string node; // "" for the Client's one server
    Status status = Status::notStarted;
    bool subscribed = false;
    bool starting = false;
    Clock::time_point recheckAt{};
    std::jthread thread;
};

ReleaseNotifier::ReleaseNotifier(ConnectionOptions options) : options_(std::move(options))
{}

ReleaseNotifier::~ReleaseNotifier()
{
    // The threads read listeners_ and the queues: they go first.
    for (auto &[node, listener] : listeners_)
        listener->thread.request_stop();
    for (auto &[node, listener] : listeners_)
        if (listener->thread.joinable())
            listener->thread.join();
}

// ---- Registration ----

ReleaseNotifier::Registration::Registration(ReleaseNotifier *notifier,
                                            std::unique_ptr<Waiter> waiter)
    : notifier_(notifier), waiter_(std::move(waiter))
{}

ReleaseNotifier::Registration::~Registration()
{
    notifier_->deregister(*waiter_, obtained_);
}

bool ReleaseNotifier::Registration::shouldYield() const
{
    const std::lock_guard guard(notifier_->mutex_);
    const auto patience = notifier_->patience();
    const auto now = Clock::now();
    if (waiter_->signalled)
        return false;
    // A waiter of this Client holds a key it was handed: its release hands it on, in turn.
    for (const auto &key : waiter_->keys) {
        const auto handed = notifier_->handedOver_.find(key);
        if (handed != notifier_->handedOver_.end() && now < handed->second)
            return true;
    }
    if (waiter_->overdue(now, patience))
        return false;
    // Another waiter was woken and kept out too long: the lock is handed to it.
    for (const auto &key : waiter_->keys) {
        const auto queue = notifier_->queues_.find(key);
        if (queue != notifier_->queues_.end() &&
            std::ranges::any_of(queue->second, [&](const Waiter *w) {
                return w != waiter_.get() && w->overdue(now, patience);
            }))
            return true;
    }
    return false;
}

bool ReleaseNotifier::Registration::wait(Clock::time_point until, const std::stop_token &stop)
{
    std::unique_lock lock(notifier_->mutex_);
    // After a lost wake, it tries again once its patience is over (releases meanwhile do not
    // wake it: see wakeOne), and from then on the others yield to it.
    bool patience = false;
    if (waiter_->firstWoken && !waiter_->signalled) {
        const auto due = *waiter_->firstWoken + notifier_->patience();
        if (due > Clock::now() && due < until) {
            until = due;
            patience = true;
        }
    }
    waiter_->waiting = true;
    waiter_->stop = stop;
    const bool woken = waiter_->wakeUp.wait_until(lock, stop, until, [this] {
        return waiter_->signalled || waiter_->offer == Waiter::Offer::accepted;
    });
    waiter_->waiting = false;
    // A release that claimed this waiter is on its way: its outcome decides, whatever the
    // deadline or the stop token say (the lock may be this waiter's already). The release's
    // round trip bounds this wait.
    waiter_->wakeUp.wait(lock, [this] { return waiter_->offer != Waiter::Offer::pending; });
    if (waiter_->offer == Waiter::Offer::accepted)
        return true;
    return woken || (patience && !stop.stop_requested());
}

void ReleaseNotifier::Registration::offerHandover(const HandoverTerms &terms)
{
    const std::lock_guard guard(notifier_->mutex_);
    waiter_->terms = terms;
}

std::optional<ReleaseNotifier::Handover> ReleaseNotifier::Registration::handedOver() const
{
    const std::lock_guard guard(notifier_->mutex_);
    if (waiter_->offer != Waiter::Offer::accepted)
        return std::nullopt;
    return waiter_->handover;
}

void ReleaseNotifier::Registration::attempting()
{
    const std::lock_guard guard(notifier_->mutex_);
    if (waiter_->signalled) {
        // From the wake to this attempt: what a handoff costs on this machine now. A moving
        // average over the last eight or so; a stall of a second says little about the next.
        const auto sample =
            std::min<Clock::duration>(Clock::now() - waiter_->signalledAt, maxHandoffPatience * 4);
        notifier_->wakeLatency_ += (sample - notifier_->wakeLatency_) / 8;
    }
    waiter_->signalled = false;
}

void ReleaseNotifier::Registration::obtained()
{
    obtained_ = true;
}

// ---- the notifier ----

ReleaseNotifier::Clock::duration ReleaseNotifier::patience() const
{
    return std::clamp<Clock::duration>(wakeLatency_ * handoffsPerTurn, minHandoffPatience,
                                       maxHandoffPatience);
}

std::unique_ptr<ReleaseNotifier::Registration>
ReleaseNotifier::listen(const std::vector<std::string> &keys)
{
    auto waiter = std::make_unique<Waiter>();
    waiter->keys = keys;
    const std::lock_guard guard(mutex_);
    for (const auto &key : keys)
        queues_[key].push_back(waiter.get());
    return std::make_unique<Registration>(this, std::move(waiter));
}

void ReleaseNotifier::deregister(Waiter &waiter, bool obtained)
{
    const std::lock_guard guard(mutex_);
    for (const auto &key : waiter.keys) {
        const auto queue = queues_.find(key);
        if (queue == queues_.end())
            continue;
        std::erase(queue->second, &waiter);
        if (queue->second.empty())
            queues_.erase(queue);
        else if (waiter.signalled && !obtained)
            wakeOne(key); // it gave up with the wake: the key may be free, pass it on
    }
}

void ReleaseNotifier::wakeOne(const std::string &key)
{
    const auto queue = queues_.find(key);
    if (queue == queues_.end())
        return;
    const auto now = Clock::now();
    Waiter *front = queue->second.front();
    if (front->signalled)
        return;
    if (front->firstWoken && !front->overdue(now, patience()))
        return;
    front->signalled = true;
    front->signalledAt = now;
    if (!front->firstWoken)
        front->firstWoken = now;
    front->wakeUp.notify_one();
}

std::optional<ReleaseNotifier::HandoverClaim>
ReleaseNotifier::claimHandover(const std::vector<std::string> &keys)
{
    const std::lock_guard guard(mutex_);
    const auto queue = queues_.find(keys.front());
    if (queue == queues_.end())
        return std::nullopt;
    // In the order they came; one on its way with an attempt of its own is passed over (that
    // attempt reaches the server while the key is still held, or after the handover: it fails).
    for (Waiter *waiter : queue->second) {
        if (!waiter->terms || !waiter->waiting || waiter->signalled ||
            waiter->offer != Waiter::Offer::none || waiter->stop.stop_requested() ||
            waiter->keys != keys)
            continue;
        const HandoverTerms &terms = *waiter->terms;
        waiter->offer = Waiter::Offer::pending;
        return HandoverClaim{
            waiter,
            std::vector<std::string>(terms.scriptKeys.begin(), terms.scriptKeys.end()),
            std::string(terms.value),
            terms.ttl,
            std::to_string(terms.ttl.count()),
            std::to_string(waiter->keys.size())};
    }
    return std::nullopt;
}

void ReleaseNotifier::handoverDone(const HandoverClaim &claim, HandoverOutcome outcome,
                                   std::int64_t fenceToken, Clock::time_point sentAt)
{
    const std::lock_guard guard(mutex_);
    Waiter &waiter = *claim.waiter; // registered still: it waits for this outcome
    const auto now = Clock::now();
    switch (outcome) {
    case HandoverOutcome::handed: {
        waiter.offer = Waiter::Offer::accepted;
        waiter.handover = Handover{fenceToken, sentAt};
        for (const auto &key : waiter.keys)
            handedOver_[key] = sentAt + claim.ttl;
        break;
    }
    case HandoverOutcome::notHeld:
        // The releasing lock had expired or been taken: the key's own events tell the waiter.
        waiter.offer = Waiter::Offer::none;
        break;
    case HandoverOutcome::unknown:
        // The lock may be the waiter's now, or still the releaser's: an attempt finds out (with
        // the same token it re-takes a key handed to it).
        waiter.offer = Waiter::Offer::none;
        waiter.signalled = true;
        waiter.signalledAt = now;
        if (!waiter.firstWoken)
            waiter.firstWoken = now;
        break;
    }
    waiter.wakeUp.notify_one();
}

void ReleaseNotifier::releasedLocally(const std::vector<std::string> &keys)
{
    const std::lock_guard guard(mutex_);
    for (const auto &key : keys)
        handedOver_.erase(key);
    if (std::ranges::none_of(listeners_,
                             [](const auto &entry) { return entry.second->subscribed; }))
        return;
    for (const auto &key : keys) {
        if (!queues_.contains(key))
            continue;
        wakeOne(key);
        auto &pending = handedOn_[key];
        ++pending.first;
        pending.second = Clock::now();
    }
}

void ReleaseNotifier::topologyChanged()
{
    const std::lock_guard guard(mutex_);
    topologyChanged_ = true;
    handedOn_.clear();
    handedOver_.clear();
    for (auto &[key, queue] : queues_)
        for (Waiter *waiter : queue) {
            waiter->signalled = true;
            waiter->signalledAt = Clock::now();
            waiter->wakeUp.notify_one();
        }
}

bool ReleaseNotifier::listening(const std::string &node) const
{
    const std::lock_guard guard(mutex_);
    const auto listener = listeners_.find(node);
    return listener != listeners_.end() && listener->second->subscribed;
}

ReleaseNotifier::Status ReleaseNotifier::status() const
{
    const std::lock_guard guard(mutex_);
    // Listening when any subscription is; unavailable when one was refused and none listens.
    Status status = Status::notStarted;
    for (const auto &[node, listener] : listeners_) {
        if (listener->subscribed)
            return Status::listening;
        if (listener->status == Status::unavailable)
            status = Status::unavailable;
    }
    return status;
}

void ReleaseNotifier::setDiagnosticHandler(std::function<void(const std::string &)> handler)
{
    const std::lock_guard guard(mutex_);
    diagnostics_ = std::move(handler);
}

void ReleaseNotifier::diagnose(const std::string &kind, const std::string &text)
{
    std::function<void(const std::string &)> handler;
    {
        const std::lock_guard guard(mutex_);
        if (std::ranges::find(said_, kind) != said_.end())
            return;
        said_.push_back(kind);
        handler = diagnostics_;
    }
    if (handler)
        handler(text);
}

std::expected<std::string, Error> ReleaseNotifier::nodeFor(ClientCore &core, std::string_view key,
                                                           const Context &context) const
{
    if (options_.deployment != Deployment::cluster)
        return std::string();
    return core.masterFor(key, context);
}

void ReleaseNotifier::closeRetired(ClientCore &core, const Context &context)
{
    {
        const std::lock_guard guard(mutex_);
        if (!topologyChanged_)
            return;
    }
    auto masters = core.masters(context);
    if (!masters)
        return; // next time
    std::vector<std::unique_ptr<Listener>> retired;
    {
        const std::lock_guard guard(mutex_);
        topologyChanged_ = false;
        for (auto listener = listeners_.begin(); listener != listeners_.end();) {
            if (!listener->second->starting &&
                std::ranges::find(*masters, listener->first) == masters->end()) {
                listener->second->thread.request_stop();
                retired.push_back(std::move(listener->second));
                listener = listeners_.erase(listener);
            } else {
                ++listener;
            }
        }
    }
    retired.clear(); // joins their threads, outside the mutex they take
}

bool ReleaseNotifier::start(ClientCore &core, const std::string &node, const Context &context)
{
    if (options_.deployment == Deployment::cluster)
        closeRetired(core, context);
    Listener *listener = nullptr;
    {
        std::unique_lock lock(mutex_);
        auto &slot = listeners_[node];
        if (!slot) {
            slot = std::make_unique<Listener>();
            slot->node = node;
        }
        listener = slot.get();
        // Another obtain is starting it: wait for the outcome, within this one's bounds.
        const auto until = context.deadline().value_or(Clock::now() + std::chrono::seconds(2));
        changed_.wait_until(lock, context.stopToken(), until,
                            [listener] { return !listener->starting; });
        if (listener->subscribed)
            return true;
        if (listener->starting ||
            (listener->status == Status::unavailable && Clock::now() < listener->recheckAt))
            return false;
        listener->starting = true;
    }
    const auto finish = [this, listener](Status status) {
        {
            const std::lock_guard guard(mutex_);
            listener->starting = false;
            listener->status = status;
            if (status == Status::unavailable)
                listener->recheckAt = Clock::now() + std::chrono::seconds(10);
        }
        changed_.notify_all();
        return status == Status::listening;
    };
    const std::string where =
        node.empty() ? options_.displayUrl() : node + " (of " + options_.displayUrl() + ")";

    // Is the server publishing the events? Read, never set: the operator decides.
    const Command configGet{"CONFIG", "GET", "notify-keyspace-events"};
    std::expected<Reply, Error> reply = std::unexpected(Error(Errc::invalidArgument, ""));
    if (node.empty()) {
        reply = core.command(configGet, context);
    } else {
        auto connection = core.leaseOn(node, context);
        if (!connection)
            return finish(Status::unavailable); // the obtain's own attempts will say more
        reply = (*connection)->command(configGet, context);
    }
    if (!reply)
        return finish(Status::unavailable); // the obtain's own attempts will say what is wrong
    if (reply->type == Reply::Type::array && reply->elements.size() == 2) {
        const std::string &flags = reply->elements[1].text;
        const bool keyevents = flags.find('E') != std::string::npos;
        const bool generic = flags.find_first_of("gA") != std::string::npos;
        if (!keyevents || !generic) {
            diagnose("off", "keyspace notifications are off on " + where +
                                " (notify-keyspace-events \"" + flags +
                                "\"): waiting for a release falls back to the retry "
                                "strategy alone; the server needs E and g (\"Egx\" with "
                                "expiries) to wake waiters");
            return finish(Status::unavailable);
        }
    } else {
        diagnose("unknown", "cannot read notify-keyspace-events on " + where + " (" +
                                (reply->isError() ? reply->text : "unexpected reply") +
                                "): listening anyway; waits stay bounded by the strategy");
    }

    // A thread that ended (its subscription could not be opened again) is replaced.
    if (listener->thread.joinable()) {
        listener->thread.request_stop();
        listener->thread.join();
    }
    {
        const std::lock_guard guard(mutex_);
        listener->status = Status::notStarted; // until the new thread says how it went
    }
    listener->thread =
        std::jthread([this, listener](std::stop_token stop) { run(*listener, std::move(stop)); });
    std::unique_lock lock(mutex_);
    const auto until = context.deadline().value_or(Clock::now() + std::chrono::seconds(5));
    changed_.wait_until(lock, context.stopToken(), until, [listener] {
        return listener->subscribed || listener->status == Status::unavailable;
    });
    const bool ok = listener->subscribed;
    listener->starting = false;
    lock.unlock();
    changed_.notify_all();
    return ok;
}

void ReleaseNotifier::run(Listener &listener, std::stop_token stop)
{
    pthread_setname_np(pthread_self(), "redislock-wake");
    const Client client(options_);
    const std::string &node = listener.node;
    const std::string where = node.empty() ? options_.displayUrl() : node;
    const auto channels = eventChannels(options_.db);
    const std::string delChannel = channels.front();
    const auto open = [&] {
        return node.empty() ? Subscription::open(client, channels, {}, Context(stop))
                            : Subscription::openOn(client, node, channels, {}, Context(stop));
    };
    bool everSubscribed = false;
    // Reconnecting after the subscription broke follows the retry rule, until the Client goes.
    // On a cluster a node that cannot be reached again may have failed over: the thread ends,
    // and the next wait for one of its keys subscribes where the key is served then.
    const auto reconnectStrategy =
        exponentialBackoff(std::chrono::milliseconds(10), std::chrono::seconds(1));
    const bool giveUpOnBreak = !node.empty();
    RetryLoop reconnect(reconnectStrategy, Context(stop), forever);
    while (!stop.stop_requested()) {
        auto subscription = open();
        if (!subscription) {
            if (!everSubscribed || giveUpOnBreak) {
                if (!everSubscribed)
                    diagnose("subscribe", "cannot subscribe to keyspace events on " + where + " (" +
                                              subscription.error().message() +
                                              "): waiting for a release falls back to the "
                                              "retry strategy alone");
                {
                    const std::lock_guard guard(mutex_);
                    listener.status = everSubscribed ? Status::notStarted : Status::unavailable;
                    listener.recheckAt =
                        Clock::now() + std::chrono::seconds(everSubscribed ? 0 : 10);
                }
                changed_.notify_all();
                return;
            }
            if (reconnect.wait())
                return;
            continue;
        }
        everSubscribed = true;
        reconnect = RetryLoop(reconnectStrategy, Context(stop), forever);
        {
            const std::lock_guard guard(mutex_);
            listener.subscribed = true;
            listener.status = Status::listening;
            handedOn_.clear();
        }
        changed_.notify_all();
        for (;;) {
            auto message = subscription->next(Context(stop));
            if (!message) {
                if (message.error() == Errc::cancelled) {
                    const std::lock_guard guard(mutex_);
                    listener.subscribed = false;
                    return;
                }
                break; // broken: reconnect; waiters wait out their strategy meanwhile
            }
            if (!*message)
                continue;
            const std::string &key = (*message)->payload;
            const std::lock_guard guard(mutex_);
            if ((*message)->channel == delChannel) {
                // The event of a release this Client handed on already (recent ones only: an
                // event lost on a broken subscription must not swallow a later one forever).
                const auto pending = handedOn_.find(key);
                if (pending != handedOn_.end()) {
                    const bool recent =
                        Clock::now() - pending->second.second < std::chrono::seconds(2);
                    if (--pending->second.first <= 0)
                        handedOn_.erase(pending);
                    if (recent)
                        continue;
                }
            }
            // Whoever held it, the key is free now: nobody to wait for in turn.
            handedOver_.erase(key);
            wakeOne(key);
        }
        const std::lock_guard guard(mutex_);
        listener.subscribed = false;
        // Events published while nobody listened are lost: a waiter may be waiting for a
        // release that already happened. Each key's front waiter tries again.
        for (auto &[key, queue] : queues_)
            wakeOne(key);
    }
}

} // namespace redislock::detail
