#include "clientcore.h"

#include <redislock/lock.h>

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

    const auto deadline = context.deadline().value_or(detail::deadlineAfter(ttl));
    const auto schedule = options.retryStrategy.schedule();
    for (;;) {
        auto reply = client_->run(ClientCore::refreshScript(), keys_, arguments, context);
        if (reply) {
            if (reply->isNil())
                return std::unexpected(
                    Error(Errc::notObtained, "lock on \"" + key() +
                                                 "\" not refreshed: it expired or belongs to "
                                                 "someone else now"));
            return {};
        }
        // Only transient failures are worth another try; the last one is what the caller sees.
        if (!reply.error().isTransient())
            return std::unexpected(reply.error());
        const auto wait = schedule->next();
        const auto wakeUp = detail::deadlineAfter(wait);
        if (wait < std::chrono::nanoseconds(1) || wakeUp >= deadline)
            return std::unexpected(reply.error());
        if (!context.sleepUntil(wakeUp))
            return std::unexpected(reply.error());
    }
}

std::expected<void, Error> Lock::release(const Context &context) const
{
    const std::string_view arguments[] = {value_};
    auto reply = client_->run(ClientCore::releaseScript(), keys_, arguments, context);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->isNil())
        return std::unexpected(Error(Errc::lockNotHeld, "lock on \"" + key() +
                                                            "\" not released: it expired or "
                                                            "belongs to someone else now"));
    return {};
}

} // namespace redislock
