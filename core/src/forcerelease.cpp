#include "formats/recogniser.h"

#include <redislock/forcerelease.h>
#include <redislock/lockscripts.h>
#include <redislock/printable.h>

namespace redislock {

namespace {

// python-redis-lock's default signal_expire: how long the element a release pushes waits for
// a waiter before it expires.
constexpr std::string_view signalExpiryMs = "1000";

std::string_view fieldOf(const HolderFields &fields, std::string_view name)
{
    for (const auto &[key, value] : fields)
        if (key == name)
            return value;
    return {};
}

Error invalid(std::string message)
{
    return Error(Errc::invalidArgument, std::move(message));
}

} // namespace

RedissonUnlockMessage redissonUnlockMessage(const LockRecord &shown, std::string_view holderField)
{
    // RLock, RFencedLock: "redisson_lock__channel:{NAME}", LockPubSub.UNLOCK_MESSAGE (0).
    // RReadWriteLock's two halves share "redisson_rwlock:{NAME}": its read unlock publishes
    // UNLOCK_MESSAGE, its write unlock READ_UNLOCK_MESSAGE (1).
    if (shown.format == LockFormat::redisson)
        return {detail::redissonPrefixName("redisson_lock__channel", shown.key), "0"};
    if (shown.format == LockFormat::redissonRwlock)
        return {detail::redissonPrefixName("redisson_rwlock", shown.key),
                holderField.ends_with(":write") ? "1" : "0"};
    return {};
}

std::string redissonField(const HolderFields &holder)
{
    std::string field =
        std::string(fieldOf(holder, "client_id")) + ":" + std::string(fieldOf(holder, "thread_id"));
    if (fieldOf(holder, "lock") == "write")
        field += ":write";
    return field;
}

std::expected<std::vector<std::string>, Error> forceReleaseCommand(const LockRecord &shown,
                                                                   std::string_view holderField)
{
    std::vector<std::string> keys{shown.key};
    std::vector<std::string> arguments;
    if (shown.type == "string") {
        if (shown.truncated())
            return std::unexpected(
                invalid("the value of " + printable(shown.key) +
                        " was read only in part: list it with a larger value limit to release it"));
        if (!holderField.empty())
            return std::unexpected(invalid("a holder is named only for a Redisson hash"));
        arguments = {"string", shown.value};
        if (shown.format == LockFormat::pythonRedisLock) {
            keys.push_back(detail::pythonRedisLockSignalKey(shown.key));
            arguments.emplace_back(signalExpiryMs);
        }
    } else if (shown.format == LockFormat::redisson || shown.format == LockFormat::redissonRwlock) {
        if (!shown.hashComplete)
            return std::unexpected(
                invalid("the hash " + printable(shown.key) + " was read only in part"));
        const HolderFields *chosen = nullptr;
        for (const auto &holder : shown.holders) {
            if (holderField.empty() ? shown.holders.size() == 1
                                    : redissonField(holder) == holderField)
                chosen = &holder;
        }
        if (!chosen) {
            if (holderField.empty())
                return std::unexpected(
                    invalid(printable(shown.key) + " has " + std::to_string(shown.holders.size()) +
                            " holders: name the one to release (its <client uuid>:<thread id>)"));
            return std::unexpected(
                invalid("no holder " + printable(holderField) + " in " + printable(shown.key)));
        }
        const std::string field = redissonField(*chosen);
        if (fieldOf(*chosen, "lock") == "read") {
            long count = 0;
            for (char c : fieldOf(*chosen, "hold_count"))
                count = count * 10 + (c - '0');
            const std::string prefix = detail::redissonReaderLeasePrefix(shown.key, field);
            for (long i = 1; i <= count && i <= 1000; ++i)
                keys.push_back(prefix + std::to_string(i));
        }
        auto message = redissonUnlockMessage(shown, field);
        arguments = {"hash", field, std::move(message.channel), std::move(message.payload)};
        for (const auto &[name, value] : shown.hash) {
            arguments.push_back(name);
            arguments.push_back(value);
        }
    } else {
        return std::unexpected(invalid("a " + shown.type + " that is no lock of a known format (" +
                                       printable(shown.key) +
                                       ") cannot be force-released; "
                                       "delete it regardless if it must go"));
    }
    std::vector<std::string> command{"EVAL", std::string(scriptSource(LockScript::forceRelease)),
                                     std::to_string(keys.size())};
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), arguments.begin(), arguments.end());
    return command;
}

std::expected<bool, Error> forceRelease(const Client &client, const LockRecord &shown,
                                        std::string_view holderField, const Context &context)
{
    auto command = forceReleaseCommand(shown, holderField);
    if (!command)
        return std::unexpected(command.error());
    auto reply = client.command(*command, context);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->isError())
        return std::unexpected(
            Error(Errc::serverError, "force-release failed: " + printable(reply->text)));
    return reply->type == Reply::Type::integer && reply->integer == 1;
}

} // namespace redislock
