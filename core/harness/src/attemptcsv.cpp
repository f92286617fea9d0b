#include <redislock/harness/attemptcsv.h>

#include <cstdio>
#include <string>

namespace redislock::harness {

namespace {

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
std::string field(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string milliseconds(std::chrono::nanoseconds time)
{
    // Microsecond precision: enough for a local Redis, and exact (no float formatting noise).
    char text[32];
    const long long micros = std::chrono::duration_cast<std::chrono::microseconds>(time).count();
    std::snprintf(text, sizeof text, "%lld.%03lld", micros / 1000, micros % 1000);
    return text;
}

} // namespace

void writeAttemptCsv(std::ostream &out, std::span<const RunResult> runs)
{
    out << "strategy,client,start_ms,end_ms,outcome\n";
    for (const RunResult &run : runs) {
        const std::string strategy = field(run.strategy);
        for (const Attempt &attempt : run.attemptLog) {
            out << strategy << ',' << attempt.client << ',' << milliseconds(attempt.start) << ','
                << milliseconds(attempt.end) << ',' << outcomeName(attempt.outcome) << "\n";
        }
    }
}

} // namespace redislock::harness
