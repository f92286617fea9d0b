#include <redislock/duration.h>
#include <redislock/printable.h>

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

// Wide enough for any whole part times any unit: the sum is checked against the int64 range.
__extension__ using Wide = unsigned __int128;

Error invalid(std::string_view text, std::string_view why)
{
    return Error(Errc::invalidArgument,
                 "invalid duration \"" + printable(text, 40) + "\": " + std::string(why) +
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

    // Exact integer arithmetic, as Go's time.ParseDuration: a floating-point sum lost precision
    // and turned thousands of fraction digits into NaN, cast to an integer (undefined).
    constexpr auto maximum = static_cast<Wide>(std::numeric_limits<std::int64_t>::max());
    const auto tooLarge = [&] {
        return std::unexpected(invalid(text, "too large (at most 2562047h, about 292 years)"));
    };
    Wide total = 0;
    while (!rest.empty()) {
        std::size_t digits = 0;
        while (digits < rest.size() &&
               ((rest[digits] >= '0' && rest[digits] <= '9') || rest[digits] == '.'))
            ++digits;
        if (digits == 0)
            return std::unexpected(invalid(text, "expected a number"));
        const auto numberText = rest.substr(0, digits);
        if (numberText == "." || numberText.find('.') != numberText.rfind('.'))
            return std::unexpected(invalid(text, "malformed number"));
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

        // The whole part, then the fraction: its first 18 digits count (below a nanosecond of
        // the largest unit); later ones are dropped, as Go drops them.
        const auto point = numberText.find('.');
        const auto whole = numberText.substr(0, point);
        const auto fraction =
            point == std::string_view::npos ? std::string_view() : numberText.substr(point + 1);
        Wide wholeValue = 0;
        for (char c : whole) {
            wholeValue = wholeValue * 10 + static_cast<unsigned>(c - '0');
            if (wholeValue > maximum)
                return tooLarge();
        }
        std::uint64_t fractionValue = 0;
        std::uint64_t scale = 1;
        for (char c : fraction.substr(0, 18)) {
            fractionValue = fractionValue * 10 + static_cast<unsigned>(c - '0');
            scale *= 10;
        }
        const auto unitNs = static_cast<Wide>(unit->nanoseconds);
        total += wholeValue * unitNs + fractionValue * unitNs / scale;
        if (total > maximum)
            return tooLarge();
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
