#include "clientcore.h"

#include "lockscripts.h"

#include <redislock/duration.h>
#include <redislock/options.h>

namespace redislock::detail {

std::expected<Reply, Error> ClientCore::run(const Script &script, std::span<const std::string> keys,
                                            std::span<const std::string_view> arguments,
                                            const Context &context)
{
    auto connection = pool_.acquire(context);
    if (!connection)
        return std::unexpected(connection.error());
    return script.run(**connection, keys, arguments, context);
}

std::expected<Reply, Error> ClientCore::command(const Command &command, const Context &context)
{
    auto connection = pool_.acquire(context);
    if (!connection)
        return std::unexpected(connection.error());
    return (*connection)->command(command, context);
}

std::expected<std::vector<Reply>, Error> ClientCore::pipeline(std::span<const Command> commands,
                                                              const Context &context)
{
    auto connection = pool_.acquire(context);
    if (!connection)
        return std::unexpected(connection.error());
    return (*connection)->pipeline(commands, context);
}

const Script &ClientCore::obtainScript()
{
    static const Script script(scripts::obtain);
    return script;
}

const Script &ClientCore::refreshScript()
{
    static const Script script(scripts::refresh);
    return script;
}

const Script &ClientCore::releaseScript()
{
    static const Script script(scripts::release);
    return script;
}

const Script &ClientCore::pttlScript()
{
    static const Script script(scripts::pttl);
    return script;
}

const Script &ClientCore::forceReleaseScript()
{
    static const Script script(scripts::forcerelease);
    return script;
}

std::expected<std::chrono::milliseconds, Error> validTtl(std::chrono::nanoseconds ttl)
{
    const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(ttl);
    if (milliseconds < std::chrono::milliseconds(1))
        return std::unexpected(
            Error(Errc::invalidArgument, "ttl must be at least 1ms, got " + formatDuration(ttl)));
    if (ttl > maxTtl)
        return std::unexpected(
            Error(Errc::invalidArgument,
                  "ttl must be at most 8760h (a year), got " + formatDuration(ttl)));
    return milliseconds;
}

} // namespace redislock::detail
