#include "commands.h"
#include "jsonwriter.h"

#include <redislock/duration.h>
#include <redislock/retryschedule.h>
#include <redislock/retryspec.h>

#include <cstdio>

int runBackoff(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"attempts", "ttl"}))
        return *rejected;
    if (invocation.arguments().positionals().size() != 1)
        return invocation.usage(
            "backoff takes one SPEC, e.g. lockctl backoff 'exponential(16ms,1s)'");
    auto strategy = redislock::parseRetryStrategy(invocation.arguments().positionals().front());
    if (!strategy)
        return invocation.fail(strategy.error());
    // A table of more attempts than anyone reads; the bound keeps a typo from allocating
    // gigabytes.
    const auto attempts = invocation.integer("attempts", 10, 1, 10'000);
    if (!attempts)
        return invocation.fail(attempts.error());
    // The retry loop's own rule: without a deadline of the caller's, retrying ends at now + ttl.
    const auto ttl = invocation.duration("ttl", std::chrono::seconds(1));
    if (!ttl)
        return invocation.fail(ttl.error());

    const redislock::RetrySchedule schedule =
        redislock::computeSchedule(*strategy, static_cast<std::size_t>(*attempts), *ttl);
    using Milliseconds = std::chrono::duration<double, std::milli>;
    std::vector<double> waits;
    std::vector<double> cumulative;
    for (std::size_t i = 0; i < schedule.waits.size(); ++i) {
        waits.push_back(Milliseconds(schedule.waits[i]).count());
        cumulative.push_back(Milliseconds(schedule.startsAt[i]).count());
    }
    const double deadline = Milliseconds(*ttl).count();
    const auto beforeDeadline = static_cast<std::int64_t>(schedule.attemptsBeforeDeadline);

    if (invocation.json()) {
        JsonWriter json(stdout);
        json.beginObject();
        json.key("strategy").bytes(strategy->describe());
        json.key("waits_ms").beginArray();
        for (const double wait : waits)
            json.number(wait);
        json.endArray();
        json.key("cumulative_ms").beginArray();
        for (const double sum : cumulative)
            json.number(sum);
        json.endArray();
        json.key("deadline_ms").number(deadline);
        json.key("attempts_before_deadline").number(beforeDeadline);
        // notify(SPEC): every wait above may end early, when the key is released.
        json.key("wakes_on_release").boolean(strategy->waitsForRelease());
        json.endObject().finish();
        return exitSuccess;
    }
    std::printf("%s, deadline %s (the ttl)\n\n", strategy->describe().c_str(),
                redislock::formatDuration(*ttl).c_str());
    std::printf("%8s %14s %14s\n", "attempt", "wait before", "starts at");
    std::printf("%8d %14s %14s\n", 1, "-", "0ms");
    for (std::size_t i = 0; i < waits.size(); ++i) {
        const bool cut = !schedule.beforeDeadline(i + 2);
        std::printf("%8zu %12.3fms %12.3fms%s\n", i + 2, waits[i], cumulative[i],
                    cut ? "  past the deadline: never made" : "");
    }
    if (schedule.cutByDeadline())
        std::printf("\nThe deadline cuts retrying off after %lld attempt(s).\n",
                    static_cast<long long>(beforeDeadline));
    else if (schedule.strategyStopped)
        std::printf("\nThe strategy stops after %zu attempt(s).\n", schedule.attemptsAllowed());
    if (strategy->waitsForRelease())
        std::printf("\nEach wait ends early when the key is released (keyspace notifications, one\n"
                    "waiter woken per release): the waits above are only its upper bound, and\n"
                    "all there is when the server does not publish the events.\n");
    return exitSuccess;
}
