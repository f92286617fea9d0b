#include <redislock/duration.h>
#include <redislock/harness/settings.h>

namespace redislock::harness {

std::string HoldTime::describe() const
{
    if (fixed())
        return formatDuration(min);
    return formatDuration(min) + ".." + formatDuration(max);
}

std::expected<HoldTime, Error> parseHoldTime(std::string_view text)
{
    const auto separator = text.find("..");
    const auto invalid = [text](const std::string &why) {
        return std::unexpected(Error(Errc::invalidArgument,
                                     "invalid hold time \"" + std::string(text) + "\": " + why));
    };
    auto min = parseDuration(text.substr(0, separator));
    if (!min)
        return invalid(min.error().message());
    if (separator == std::string_view::npos)
        return HoldTime{*min, *min};
    auto max = parseDuration(text.substr(separator + 2));
    if (!max)
        return invalid(max.error().message());
    if (*max < *min)
        return invalid("the range must go from the shorter to the longer (D1..D2)");
    return HoldTime{*min, *max};
}

std::expected<void, Error> Settings::validate() const
{
    const auto invalid = [](std::string why) {
        return std::unexpected(Error(Errc::invalidArgument, std::move(why)));
    };
    if (key.empty())
        return invalid("the harness needs a key to contend on");
    if (clients < 1)
        return invalid("the harness needs at least one client");
    if (clients > 1024)
        return invalid("at most 1024 clients (each is a thread and a connection)");
    if (strategies.empty())
        return invalid("the harness needs at least one retry strategy");
    if (hold.min < std::chrono::nanoseconds(0) || hold.max < hold.min)
        return invalid("the hold time range must go from the shorter to the longer");
    if (ttl < std::chrono::milliseconds(1))
        return invalid("the ttl must be at least 1ms, got " + formatDuration(ttl));
    if ((duration > std::chrono::nanoseconds(0)) == (acquisitions > 0))
        return invalid("a run ends after a duration or after a number of acquisitions: give "
                       "exactly one");
    if (duration < std::chrono::nanoseconds(0))
        return invalid("the duration must not be negative");
    if (progressInterval < std::chrono::milliseconds(1))
        return invalid("the progress interval must be at least 1ms");
    return {};
}

} // namespace redislock::harness
