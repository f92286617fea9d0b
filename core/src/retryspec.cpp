#include <redislock/duration.h>
#include <redislock/printable.h>
#include <redislock/retryspec.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace redislock {
namespace {

constexpr std::string_view grammar =
    "expected none, linear(D), exponential(MIN,MAX), limit(SPEC,N), fulljitter(BASE,CAP), "
    "equaljitter(BASE,CAP), decorrelated(BASE,CAP) or notify(SPEC)";

// A recursive-descent reader over the spec text; every error names the spec and the place.
class Reader
{
public:
    explicit Reader(std::string_view spec) : spec_(spec) {}

    std::expected<RetryStrategy, Error> strategy()
    {
        skipBlanks();
        const std::string name = word();
        if (name.empty())
            return fail(grammar);
        skipBlanks();
        if (name == "none" || name == "noretry") {
            if (peek() == '(') {
                ++at_;
                if (!expect(')'))
                    return fail("none takes no arguments");
            }
            return noRetry();
        }
        if (!expect('('))
            return fail("expected ( after " + name);
        if (name == "limit") {
            auto inner = strategy();
            if (!inner)
                return inner;
            if (!expect(','))
                return fail("expected , and a retry count in limit(SPEC,N)");
            auto count = unsignedNumber();
            if (!count || *count > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
                return fail("expected a retry count from 0 in limit(SPEC,N)");
            if (!expect(')'))
                return fail("expected ) to close limit(");
            return limitRetry(*inner, static_cast<int>(*count));
        }
        if (name == "notify") {
            auto inner = strategy();
            if (!inner)
                return inner;
            if (!expect(')'))
                return fail("expected ) to close notify(");
            // Every wait is the inner strategy's: without waits there is nothing to wake from.
            if (inner->describe() == "none")
                return fail("notify(SPEC) needs a SPEC that waits, e.g. notify(exponential(1ms,"
                            "50ms)); notify(none) would never wait for a release");
            return notifyOnRelease(*inner);
        }
        std::vector<std::chrono::nanoseconds> durations;
        std::optional<std::uint64_t> seed;
        for (;;) {
            skipBlanks();
            const std::string text = argument();
            const bool seedSlot = durations.size() == 2;
            if (seedSlot) {
                std::uint64_t value = 0;
                const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
                if (text.empty() || result.ec != std::errc() ||
                    result.ptr != text.data() + text.size())
                    return fail("the seed \"" + printable(text, 30) +
                                "\" is not an unsigned integer");
                seed = value;
            } else {
                auto duration = parseDuration(text);
                if (!duration)
                    return std::unexpected(
                        Error(Errc::invalidArgument, prefix() + duration.error().message()));
                durations.push_back(*duration);
            }
            skipBlanks();
            if (expect(')'))
                break;
            if (!expect(','))
                return fail("expected , or ) in " + name + "(");
        }
        const std::size_t count = durations.size();
        const bool jitter = name == "fulljitter" || name == "equaljitter" || name == "decorrelated";
        if (name == "linear" && count == 1 && !seed)
            return linearBackoff(durations[0]);
        if (name == "exponential" && count == 2 && !seed) {
            // A maximum of 0 means "no maximum", as in Go; any other below the minimum would
            // make every wait the maximum, which is not what anyone writing both meant.
            if (durations[1] != std::chrono::nanoseconds::zero() && durations[0] > durations[1])
                return fail("exponential(MIN,MAX) needs MIN at most MAX (or MAX 0 for no "
                            "maximum), got " +
                            formatDuration(durations[0]) + " above " +
                            formatDuration(durations[1]));
            return exponentialBackoff(durations[0], durations[1]);
        }
        if (jitter && count == 2) {
            if (durations[0] <= std::chrono::nanoseconds::zero())
                return fail(name + " needs a base above 0");
            if (durations[1] < durations[0])
                return fail(name + "(BASE,CAP) needs CAP at least BASE, got " +
                            formatDuration(durations[1]) + " below " +
                            formatDuration(durations[0]));
            if (name == "fulljitter")
                return fullJitter(durations[0], durations[1], seed);
            if (name == "equaljitter")
                return equalJitter(durations[0], durations[1], seed);
            return decorrelatedJitter(durations[0], durations[1], seed);
        }
        if (name == "linear" || name == "exponential" || jitter)
            return fail("wrong number of arguments to " + name + "(");
        return fail("unknown strategy \"" + printable(name, 30) + "\"; " + std::string(grammar));
    }

    bool atEnd()
    {
        skipBlanks();
        return at_ == spec_.size();
    }

    std::unexpected<Error> fail(std::string_view why) const
    {
        return std::unexpected(Error(Errc::invalidArgument, prefix() + std::string(why)));
    }

private:
    std::string prefix() const { return "invalid retry spec \"" + printable(spec_, 60) + "\": "; }
    char peek() const { return at_ < spec_.size() ? spec_[at_] : '\0'; }
    void skipBlanks()
    {
        while (peek() == ' ' || peek() == '\t')
            ++at_;
    }
    bool expect(char c)
    {
        skipBlanks();
        if (peek() != c)
            return false;
        ++at_;
        return true;
    }
    std::string word()
    {
        std::string text;
        while ((peek() >= 'a' && peek() <= 'z') || (peek() >= 'A' && peek() <= 'Z'))
            text += static_cast<char>(spec_[at_++] | 0x20);
        return text;
    }
    std::string argument()
    {
        std::string text;
        while (at_ < spec_.size() && peek() != ',' && peek() != ')' && peek() != ' ' &&
               peek() != '\t')
            text += spec_[at_++];
        return text;
    }
    std::optional<std::uint64_t> unsignedNumber()
    {
        skipBlanks();
        const std::string text = argument();
        std::uint64_t value = 0;
        const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size())
            return std::nullopt;
        return value;
    }

    std::string_view spec_;
    std::size_t at_ = 0;
};

} // namespace

std::expected<RetryStrategy, Error> parseRetryStrategy(std::string_view spec)
{
    Reader reader(spec);
    auto strategy = reader.strategy();
    if (!strategy)
        return strategy;
    if (!reader.atEnd())
        return reader.fail("unexpected text after the strategy");
    return strategy;
}

} // namespace redislock
