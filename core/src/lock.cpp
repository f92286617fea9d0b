#include "clientcore.h"

#include <redislock/lock.h>
#include <redislock/retryloop.h>

namespace redislock {

using detail::ClientCore;

Lock::Lock(std::shared_ptr<ClientCore> client, std::vector<std::string> keys, std::string value,
           std::size_t tokenLength, std::int64_t fenceToken)
    : client_(std::move(client)), keys_(std::move(keys)), value_(std::move(value)),
      tokenLength_(tokenLength), fenceToken_(fenceToken)
{}

std::expected<std::chrono::milliseconds, Error> Lock::ttl(const Context &context) const
{
    const std::string_view arguments[] = {value_};
    auto reply = client_->run(ClientCore::pttlScript(), keys_, arguments, context);
    if (!reply)
        return std::unexpected(reply.error());
    return std::chrono::milliseconds(reply->integer);
}

std::expected<void, Error> Lock::refresh(std::chrono::nanoseconds ttl, const Options &options,
                                         const Context &context) const
{
    const auto milliseconds = detail::validTtl(ttl);
    if (!milliseconds)
        return std::unexpected(milliseconds.error());
    const std::string ttlText = std::to_string(milliseconds->count());
    const std::string_view arguments[] = {value_, ttlText};

    RetryLoop loop(options.retryStrategy, context, ttl);
    for (std::size_t attempts = 1;; ++attempts) {
        auto reply = client_->run(ClientCore::refreshScript(), keys_, arguments, context);
        if (reply) {
            if (reply->isNil())
                return std::unexpected(
                    Error(Errc::notObtained, "lock on \"" + key() +
                                                 "\" not refreshed: it expired or belongs to "
                                                 "someone else now"));
            return {};
        }
        // Only transient failures are worth another try.
        if (!reply.error().isTransient())
            return std::unexpected(reply.error());
        // Giving up: the last error, with its code, and why retrying stopped. There is no point
        // in waiting out the deadline (the loop's: usually the lock's own expiry) first.
        const auto giveUp = [&](RetryStop stop) {
            return Error(
                reply.error().code(),
                "lock on \"" + key() + "\" not refreshed after " + std::to_string(attempts) +
                    (attempts == 1 ? " attempt, " : " attempts, ") + std::string(describe(stop)),
                std::move(reply.error()));
        };
        if (const auto stop = loop.cutShort())
            return std::unexpected(giveUp(*stop));
        const auto step = loop.next();
        if (step.stop)
            return std::unexpected(giveUp(*step.stop));
        if (!loop.context().sleepUntil(step.until))
            return std::unexpected(giveUp(RetryStop::cancelled));
    }
}

std::expected<void, Error> Lock::release(const Context &context) const
{
    const auto notHeld = [this] {
        return Error(Errc::lockNotHeld, "lock on \"" + key() +
                                            "\" not released: it expired or belongs to someone "
                                            "else now");
    };
    // A waiter of this Client for the same keys gets the lock in the same step (handover.lua).
    detail::ReleaseNotifier &notifier = client_->releaseNotifier();
    if (auto claim = notifier.claimHandover(keys_)) {
        const std::string_view arguments[] = {value_, claim->value, claim->ttlText,
                                              claim->lockKeys};
        const auto sent = Context::Clock::now();
        auto reply =
            client_->run(ClientCore::handoverScript(), claim->scriptKeys, arguments, context);
        using Handed = detail::ReleaseNotifier::HandoverOutcome;
        // An error reply is an Error here too: the keys may have been set before it.
        const Handed outcome = !reply           ? Handed::unknown
                               : reply->isNil() ? Handed::notHeld
                                                : Handed::handed;
        notifier.handoverDone(*claim, outcome, outcome == Handed::handed ? reply->integer : 0,
                              sent);
        if (!reply)
            return std::unexpected(reply.error());
        if (reply->isNil())
            return std::unexpected(notHeld());
        return {};
    }
    const std::string_view arguments[] = {value_};
    auto reply = client_->run(ClientCore::releaseScript(), keys_, arguments, context);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->isNil())
        return std::unexpected(notHeld());
    // Waiters of this Client get the key at once, without waiting for the server's event.
    client_->releaseNotifier().releasedLocally(keys_);
    return {};
}

} // namespace redislock
