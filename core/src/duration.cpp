#include <redislock/duration.h>

#include <array>
#include <cstdint>
#include <limits>

namespace redislock {
namespace {

struct Unit
{
    std::string_view name;
    std::int64_t nanoseconds;
};

// Longest names first so that "ms" is not read as "m" followed by "s".
constexpr std::array units{
    Unit{"ns", 1},
    Unit{"us", 1'000},
    Unit{"\xC2\xB5s", 1'000}, // µs
    Unit{"ms", 1'000'000},
    Unit{"s", 1'000'000'000},
    Unit{"m", 60'000'000'000},
    Unit{"h", 3'600'000'000'000},
};

Error invalid(std::string_view text, std::string_view why)
{
    return Error(Errc::invalidArgument,
                 "invalid duration \"" + std::string(text) + "\": " + std::string(why) +
                     " (use a number and a unit: ns us ms s m h, e.g. 500ms)");
}

} // namespace

std::expected<std::chrono::nanoseconds, Error> parseDuration(std::string_view text)
{
    if (text.empty())
        return std::unexpected(invalid(text, "empty"));
    if (text == "0")
        return std::chrono::nanoseconds(0);
    if (text.front() == '-')
        return std::unexpected(invalid(text, "negative"));
    std::string_view rest = text;
    if (rest.front() == '+')
        rest.remove_prefix(1);

    long double total = 0;
    while (!rest.empty()) {
        std::size_t digits = 0;
        while (digits < rest.size() &&
               ((rest[digits] >= '0' && rest[digits] <= '9') || rest[digits] == '.'))
            ++digits;
        if (digits == 0)
            return std::unexpected(invalid(text, "expected a number"));
        long double number = 0;
        const auto numberText = rest.substr(0, digits);
        if (numberText == "." || numberText.find('.') != numberText.rfind('.'))
            return std::unexpected(invalid(text, "malformed number"));
        long double scale = 0;
        for (char c : numberText) {
            if (c == '.') {
                scale = 1;
                continue;
            }
            number = number * 10 + (c - '0');
            if (scale != 0)
                scale *= 10;
        }
        if (scale != 0)
            number /= scale;
        rest.remove_prefix(digits);

        const Unit *unit = nullptr;
        for (const auto &candidate : units) {
            if (rest.starts_with(candidate.name) &&
                (!unit || candidate.name.size() > unit->name.size()))
                unit = &candidate;
        }
        if (!unit)
            return std::unexpected(invalid(text, rest.empty() ? "missing unit" : "unknown unit"));
        rest.remove_prefix(unit->name.size());
        total += number * static_cast<long double>(unit->nanoseconds);
        // Not "total > max": a number of thousands of digits is inf, and inf / inf is NaN.
        if (!(total <= static_cast<long double>(std::numeric_limits<std::int64_t>::max())))
            return std::unexpected(invalid(text, "too large"));
    }
    return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

std::string formatDuration(std::chrono::nanoseconds duration)
{
    const std::int64_t ns = duration.count();
    if (ns == 0)
        return "0s";
    std::string sign = ns < 0 ? "-" : "";
    // Unsigned, so that the most negative duration has a magnitude too.
    const std::uint64_t magnitude =
        ns < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    static constexpr std::array<Unit, 6> ladder{
        Unit{"h", 3'600'000'000'000}, Unit{"m", 60'000'000'000}, Unit{"s", 1'000'000'000},
        Unit{"ms", 1'000'000},        Unit{"us", 1'000},         Unit{"ns", 1},
    };
    for (const auto &unit : ladder) {
        const auto unitNs = static_cast<std::uint64_t>(unit.nanoseconds);
        if (magnitude % unitNs == 0)
            return sign + std::to_string(magnitude / unitNs) + std::string(unit.name);
    }
    return sign + std::to_string(magnitude) + "ns";
}

} // namespace redislock
