#include "clientcore.h"
#include "releasenotifier.h"

#include <redislock/releasewaiter.h>

namespace redislock {

struct ReleaseWaiter::State
{
    std::shared_ptr<detail::ClientCore> core;
    std::vector<std::string> keys;
    std::string node; // the server that publishes the keys' events (a cluster master)
    std::unique_ptr<detail::ReleaseNotifier::Registration> registration;
    // The obtain's terms for a handover, given to a registration made later too.
    std::optional<detail::ReleaseNotifier::HandoverTerms> terms;

    void registerNow(detail::ReleaseNotifier &notifier)
    {
        registration = notifier.listen(keys);
        if (terms)
            registration->offerHandover(*terms);
    }
};

ReleaseWaiter::ReleaseWaiter(std::shared_ptr<detail::ClientCore> core,
                             std::vector<std::string> keys, const Context &context)
    : state_(std::make_unique<State>())
{
    state_->core = std::move(core);
    state_->keys = std::move(keys);
    detail::ReleaseNotifier &notifier = state_->core->releaseNotifier();
    // A place among the waiters before the first attempt, once the Client listens there, so
    // that no release after that attempt goes unnoticed.
    if (auto where = notifier.nodeFor(*state_->core, state_->keys.front(), context)) {
        state_->node = std::move(*where);
        if (notifier.listening(state_->node))
            state_->registerNow(notifier);
    }
}

ReleaseWaiter::~ReleaseWaiter() = default;
ReleaseWaiter::ReleaseWaiter(ReleaseWaiter &&) noexcept = default;
ReleaseWaiter &ReleaseWaiter::operator=(ReleaseWaiter &&) noexcept = default;

bool ReleaseWaiter::mayAttempt()
{
    if (!state_->registration)
        return true;
    if (state_->registration->shouldYield())
        return false;
    state_->registration->attempting();
    return true;
}

std::optional<RetryStop> ReleaseWaiter::wait(RetryLoop &loop)
{
    detail::ReleaseNotifier &notifier = state_->core->releaseNotifier();
    // The keys' master may have changed since (a failover, a slot moved).
    auto where = notifier.nodeFor(*state_->core, state_->keys.front(), loop.context());
    if (where)
        state_->node = std::move(*where);
    else if (!state_->registration)
        return loop.wait(); // the cluster's map cannot be read: the attempts will say why
    if (!state_->registration || (where && !notifier.listening(state_->node))) {
        // Not listening where the keys are served: the first wait there, or the keys' master
        // changed. A release between the failed attempt and the subscription sent its event to
        // nobody: one more attempt before waiting.
        if (notifier.start(*state_->core, state_->node, loop.context())) {
            if (!state_->registration)
                state_->registerNow(notifier);
            return std::nullopt;
        }
        if (!state_->registration)
            return loop.wait(); // no events: the strategy alone
    }
    const RetryLoop::Step step = loop.next();
    if (step.stop == RetryStop::strategy)
        return step.stop;
    const bool woken = state_->registration->wait(step.until, loop.context().stopToken());
    if (state_->registration->handedOver())
        return std::nullopt; // the lock is this waiter's already, whatever else happened
    if (loop.context().stopRequested())
        return RetryStop::cancelled;
    // Woken before the deadline: an attempt still fits in.
    if (woken)
        return loop.beforeAttempt();
    return step.stop;
}

void ReleaseWaiter::offerHandover(std::span<const std::string> scriptKeys, std::string_view value,
                                  std::chrono::milliseconds ttl)
{
    state_->terms = {scriptKeys, value, ttl};
    if (state_->registration)
        state_->registration->offerHandover(*state_->terms);
}

std::optional<std::pair<std::int64_t, Context::Clock::time_point>> ReleaseWaiter::handedOver() const
{
    if (!state_->registration)
        return std::nullopt;
    const auto handover = state_->registration->handedOver();
    if (!handover)
        return std::nullopt;
    return std::pair{handover->fenceToken, handover->sentAt};
}

void ReleaseWaiter::obtained()
{
    if (state_->registration)
        state_->registration->obtained();
}

} // namespace redislock
