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
    bool signalled = false; // woken by a release, and not yet through its attempt
    // When it was first woken: from then on it counts the time barging obtains keep it out.
    std::optional<Clock::time_point> firstWoken;

    [[nodiscard]] bool overdue(Clock::time_point now) const
    {
        return firstWoken && now - *firstWoken >= handoffPatience;
    }
    std::condition_variable_any wakeUp;
};

ReleaseNotifier::ReleaseNotifier(ConnectionOptions options) : options_(std::move(options))
{}

ReleaseNotifier::~ReleaseNotifier()
{
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
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
    if (waiter_->signalled || waiter_->overdue(Clock::now()))
        return false;
    // Another waiter was woken and kept out too long: the lock is handed to it.
    const auto now = Clock::now();
    for (const auto &key : waiter_->keys) {
        const auto queue = notifier_->queues_.find(key);
        if (queue != notifier_->queues_.end() &&
            std::ranges::any_of(queue->second, [&](const Waiter *w) {
                return w != waiter_.get() && w->overdue(now);
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
        const auto due = *waiter_->firstWoken + handoffPatience;
        if (due > Clock::now() && due < until) {
            until = due;
            patience = true;
        }
    }
    const bool woken =
        waiter_->wakeUp.wait_until(lock, stop, until, [this] { return waiter_->signalled; });
    return woken || (patience && !stop.stop_requested());
}

void ReleaseNotifier::Registration::attemptFailed()
{
    const std::lock_guard guard(notifier_->mutex_);
    waiter_->signalled = false;
}

void ReleaseNotifier::Registration::obtained()
{
    obtained_ = true;
}

// ---- the notifier ----

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
    for (Waiter *waiter : queue->second) {
        if (waiter->signalled)
            continue;
        // The front waiter lost its wake to a barging obtain and waits out its patience: it
        // comes back by itself, and waking the next in line would only make another loser.
        if (waiter->firstWoken && !waiter->overdue(now))
            return;
        waiter->signalled = true;
        if (!waiter->firstWoken)
            waiter->firstWoken = now;
        waiter->wakeUp.notify_one();
        return;
    }
}

void ReleaseNotifier::releasedLocally(const std::vector<std::string> &keys)
{
    const std::lock_guard guard(mutex_);
    if (!subscribed_)
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

bool ReleaseNotifier::listening() const
{
    const std::lock_guard guard(mutex_);
    return subscribed_;
}

ReleaseNotifier::Status ReleaseNotifier::status() const
{
    const std::lock_guard guard(mutex_);
    return status_;
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

bool ReleaseNotifier::start(ClientCore &core, const Context &context)
{
    {
        std::unique_lock lock(mutex_);
        // Another obtain is starting it: wait for the outcome, within this one's bounds.
        const auto until = context.deadline().value_or(Clock::now() + std::chrono::seconds(2));
        changed_.wait_until(lock, context.stopToken(), until, [this] { return !starting_; });
        if (subscribed_)
            return true;
        if (starting_ || (status_ == Status::unavailable && Clock::now() < recheckAt_))
            return false;
        starting_ = true;
    }
    const auto finish = [this](Status status) {
        {
            const std::lock_guard guard(mutex_);
            starting_ = false;
            status_ = status;
            if (status == Status::unavailable)
                recheckAt_ = Clock::now() + std::chrono::seconds(10);
        }
        changed_.notify_all();
        return status == Status::listening;
    };

    // A cluster publishes each key's events on the master that serves it, and one subscription
    // hears one node: until there is one per master, waits there are the strategy's alone.
    if (options_.deployment == Deployment::cluster) {
        diagnose("cluster", "waiting for a release on a Redis Cluster falls back to the retry "
                            "strategy alone: keyspace events are per node, and this client "
                            "listens on one server only");
        return finish(Status::unavailable);
    }

    // Is the server publishing the events? Read, never set: the operator decides.
    const Command configGet{"CONFIG", "GET", "notify-keyspace-events"};
    auto reply = core.command(configGet, context);
    if (!reply)
        return finish(Status::unavailable); // the obtain's own attempts will say what is wrong
    if (reply->type == Reply::Type::array && reply->elements.size() == 2) {
        const std::string &flags = reply->elements[1].text;
        const bool keyevents = flags.find('E') != std::string::npos;
        const bool generic = flags.find_first_of("gA") != std::string::npos;
        if (!keyevents || !generic) {
            diagnose("off", "keyspace notifications are off on " + options_.displayUrl() +
                                " (notify-keyspace-events \"" + flags +
                                "\"): waiting for a release falls back to the retry "
                                "strategy alone; the server needs E and g (\"Egx\" with "
                                "expiries) to wake waiters");
            return finish(Status::unavailable);
        }
    } else {
        diagnose("unknown", "cannot read notify-keyspace-events on " + options_.displayUrl() +
                                " (" + (reply->isError() ? reply->text : "unexpected reply") +
                                "): listening anyway; waits stay bounded by the strategy");
    }

    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
    {
        const std::lock_guard guard(mutex_);
        status_ = Status::notStarted; // until the new thread says how it went
    }
    thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
    std::unique_lock lock(mutex_);
    const auto until = context.deadline().value_or(Clock::now() + std::chrono::seconds(5));
    changed_.wait_until(lock, context.stopToken(), until,
                        [this] { return subscribed_ || status_ == Status::unavailable; });
    const bool ok = subscribed_;
    starting_ = false;
    lock.unlock();
    changed_.notify_all();
    return ok;
}

void ReleaseNotifier::run(std::stop_token stop)
{
    pthread_setname_np(pthread_self(), "redislock-wake");
    const Client client(options_);
    const auto channels = eventChannels(options_.db);
    const std::string delChannel = channels.front();
    bool everSubscribed = false;
    // Reconnecting after the subscription broke follows the retry rule, until the Client goes.
    RetryLoop reconnect(exponentialBackoff(std::chrono::milliseconds(10), std::chrono::seconds(1)),
                        Context(stop), forever);
    while (!stop.stop_requested()) {
        auto subscription = Subscription::open(client, channels, {}, Context(stop));
        if (!subscription) {
            if (!everSubscribed) {
                diagnose("subscribe", "cannot subscribe to keyspace events on " +
                                          options_.displayUrl() + " (" +
                                          subscription.error().message() +
                                          "): waiting for a release falls back to the retry "
                                          "strategy alone");
                {
                    const std::lock_guard guard(mutex_);
                    status_ = Status::unavailable;
                    recheckAt_ = Clock::now() + std::chrono::seconds(10);
                }
                changed_.notify_all();
                return;
            }
            if (reconnect.wait())
                return;
            continue;
        }
        everSubscribed = true;
        reconnect =
            RetryLoop(exponentialBackoff(std::chrono::milliseconds(10), std::chrono::seconds(1)),
                      Context(stop), forever);
        {
            const std::lock_guard guard(mutex_);
            subscribed_ = true;
            status_ = Status::listening;
            handedOn_.clear();
        }
        changed_.notify_all();
        for (;;) {
            auto message = subscription->next(Context(stop));
            if (!message) {
                if (message.error() == Errc::cancelled)
                    return;
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
            wakeOne(key);
        }
        const std::lock_guard guard(mutex_);
        subscribed_ = false;
    }
}

} // namespace redislock::detail
