#pragma once

#include <redislock/retrystrategy.h>

#include <QString>
#include <QStringList>

#include <chrono>
#include <cstdint>
#include <optional>

// A retry strategy as the Backoff lab's form holds it: one kind, its durations, a retry limit
// and a seed. It writes and reads the SPEC grammar (lockctl --retry, redislock's
// parseRetryStrategy), including the jitter seed that RetryStrategy::describe() leaves out.
struct StrategySpec
{
    enum class Kind
    {
        none,
        linear,
        exponential,
        limit, // `inner` at most `maxRetries` times
        fullJitter,
        equalJitter,
        decorrelated,
    };

    Kind kind = Kind::exponential;
    Kind inner = Kind::exponential; // what limit() retries; never limit itself
    // linear: the interval; exponential: min; jitter: base.
    std::chrono::nanoseconds first = std::chrono::milliseconds(16);
    // exponential: max (0 = none); jitter: cap. Unused by none and linear.
    std::chrono::nanoseconds second = std::chrono::seconds(1);
    int maxRetries = 5;
    std::optional<std::uint64_t> seed; // jitter only; none = a new draw every schedule

    // The SPEC text: "limit(exponential(16ms,1s),5)", "fulljitter(16ms,1s,42)".
    [[nodiscard]] QString text() const;
    // The kind that draws the waits: `inner` for limit, else `kind`.
    [[nodiscard]] Kind waitKind() const { return kind == Kind::limit ? inner : kind; }

    // Reads a SPEC the form can show: one kind, optionally inside one limit(). Returns nothing
    // for text parseRetryStrategy rejects and for valid text the form cannot hold (a limit
    // inside a limit); the caller shows the parser's error for the former.
    [[nodiscard]] static std::optional<StrategySpec> fromText(const QString &text);

    // The grammar's keyword for a kind: "none", "linear", ..., "decorrelated".
    [[nodiscard]] static QString keyword(Kind kind);
    [[nodiscard]] static QStringList keywords(); // in Kind order
    [[nodiscard]] static bool isJitter(Kind kind);
    // How many durations a kind takes: 0, 1 or 2.
    [[nodiscard]] static int durationCount(Kind kind);

    friend bool operator==(const StrategySpec &, const StrategySpec &) = default;
};
