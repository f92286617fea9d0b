// lockctl harness: N clients contend on one key, one retry strategy after another.

#include "commands.h"
#include "jsonwriter.h"

#include <redislock/duration.h>
#include <redislock/harness/attemptcsv.h>
#include <redislock/harness/harness.h>
#include <redislock/retryspec.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using redislock::Errc;
using redislock::Error;
using namespace redislock::harness;

namespace {

double milliseconds(std::chrono::nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

void writeJson(const Settings &settings, const Report &report)
{
    JsonWriter json(stdout);
    json.beginObject();
    json.key("key").bytes(settings.key);
    json.key("hold").bytes(settings.hold.describe());
    json.key("ttl_ms").number(milliseconds(settings.ttl));
    json.key("cancelled").boolean(report.cancelled);
    json.key("runs").beginArray();
    for (const RunResult &run : report.runs) {
        json.beginObject();
        json.key("strategy").bytes(run.strategy);
        json.key("clients").number(static_cast<std::int64_t>(run.clients));
        json.key("complete").boolean(run.complete);
        json.key("acquisitions").number(static_cast<std::int64_t>(run.acquisitions));
        json.key("attempts").number(static_cast<std::int64_t>(run.attempts));
        json.key("not_obtained").number(static_cast<std::int64_t>(run.notObtained));
        json.key("errors").number(static_cast<std::int64_t>(run.errors));
        json.key("releases").number(static_cast<std::int64_t>(run.releases));
        json.key("lost_locks").number(static_cast<std::int64_t>(run.lostLocks));
        json.key("gave_up").number(static_cast<std::int64_t>(run.gaveUp));
        json.key("redis_calls").number(static_cast<std::int64_t>(run.redisCalls));
        json.key("calls_per_acquisition").number(run.callsPerAcquisition);
        json.key("elapsed_ms").number(milliseconds(run.elapsed));
        json.key("throughput_per_s").number(run.throughputPerS);
        json.key("wait_p50_ms").number(run.waitP50Ms);
        json.key("wait_p90_ms").number(run.waitP90Ms);
        json.key("wait_p99_ms").number(run.waitP99Ms);
        json.key("wait_max_ms").number(run.waitMaxMs);
        json.key("fairness").number(run.fairness);
        json.key("violations").number(static_cast<std::int64_t>(run.violations));
        json.key("max_holders").number(static_cast<std::int64_t>(run.maxHolders));
        json.key("per_client_acquisitions").beginArray();
        for (const std::uint64_t count : run.perClientAcquisitions)
            json.number(static_cast<std::int64_t>(count));
        json.endArray();
        if (!run.firstError.empty())
            json.key("first_error").bytes(run.firstError);
        json.endObject();
    }
    json.endArray();
    json.endObject().finish();
}

void writeTable(const Settings &settings, const Report &report)
{
    std::printf("%zu clients on \"%s\", hold %s, ttl %s, %s\n\n", settings.clients,
                settings.key.c_str(), settings.hold.describe().c_str(),
                redislock::formatDuration(settings.ttl).c_str(),
                settings.acquisitions > 0
                    ? (std::to_string(settings.acquisitions) + " acquisitions per run").c_str()
                    : (redislock::formatDuration(settings.duration) + " per run").c_str());
    std::printf("%-28s %8s %9s %8s %9s %10s %9s %9s %9s %8s %10s\n", "strategy", "acquired",
                "attempts", "wasted", "calls/acq", "acq/s", "p50 ms", "p90 ms", "p99 ms",
                "fairness", "violations");
    for (const RunResult &run : report.runs) {
        std::printf("%-28s %8llu %9llu %8llu %9.2f %10.1f %9.3f %9.3f %9.3f %8.3f %10llu%s\n",
                    run.strategy.c_str(), static_cast<unsigned long long>(run.acquisitions),
                    static_cast<unsigned long long>(run.attempts),
                    static_cast<unsigned long long>(run.notObtained), run.callsPerAcquisition,
                    run.throughputPerS, run.waitP50Ms, run.waitP90Ms, run.waitP99Ms, run.fairness,
                    static_cast<unsigned long long>(run.violations),
                    run.complete ? "" : "  (cancelled)");
    }
    for (const RunResult &run : report.runs) {
        if (run.errors > 0 || run.releaseErrors > 0)
            std::printf("\n%s: %llu attempt(s) failed, first: %s\n", run.strategy.c_str(),
                        static_cast<unsigned long long>(run.errors + run.releaseErrors),
                        run.firstError.c_str());
        if (run.lostLocks > 0)
            std::printf("\n%s: %llu hold(s) outlived the ttl: the lock expired under its holder\n",
                        run.strategy.c_str(), static_cast<unsigned long long>(run.lostLocks));
    }
}

} // namespace

int runHarness(Invocation &invocation)
{
    const Arguments &arguments = invocation.arguments();
    if (auto rejected =
            invocation.rejectUnknownOptions({"clients", "strategy", "hold", "ttl", "duration",
                                             "acquisitions", "key", "csv", "seed"}))
        return *rejected;
    if (!arguments.positionals().empty())
        return invocation.usage("harness takes no positional arguments, got \"" +
                                arguments.positionals().front() + "\"");

    Settings settings;
    if (!arguments.value("clients"))
        return invocation.usage("--clients is required, e.g. --clients 16");
    // Each client is a thread with its own connection: a bound keeps a typo from starting a
    // million of them.
    const auto clients = invocation.integer("clients", 0, 1, 1000);
    if (!clients)
        return invocation.fail(clients.error());
    settings.clients = static_cast<std::size_t>(*clients);

    const auto specs = arguments.values("strategy");
    if (specs.empty())
        return invocation.usage("--strategy is required (it may repeat), e.g. --strategy "
                                "'linear(1ms)'");
    for (const std::string &spec : specs) {
        auto strategy = redislock::parseRetryStrategy(spec);
        if (!strategy)
            return invocation.fail(
                Error(Errc::invalidArgument, "--strategy: " + strategy.error().message()));
        settings.strategies.push_back(std::move(*strategy));
    }

    const auto holdText = arguments.value("hold");
    if (!holdText)
        return invocation.usage("--hold is required, e.g. --hold 1ms or --hold 1ms..5ms");
    auto hold = parseHoldTime(*holdText);
    if (!hold)
        return invocation.fail(Error(Errc::invalidArgument, "--hold: " + hold.error().message()));
    settings.hold = *hold;

    const auto ttl = invocation.duration("ttl", std::nullopt);
    if (!ttl)
        return invocation.fail(ttl.error());
    settings.ttl = *ttl;

    const bool byDuration = arguments.value("duration").has_value();
    const bool byCount = arguments.value("acquisitions").has_value();
    if (byDuration == byCount)
        return invocation.usage("give exactly one of --duration D and --acquisitions N");
    if (byDuration) {
        const auto duration = invocation.duration("duration", std::nullopt);
        if (!duration)
            return invocation.fail(duration.error());
        settings.duration = *duration;
        if (settings.duration <= std::chrono::nanoseconds(0))
            return invocation.usage("--duration must be longer than 0");
    } else {
        const auto count = invocation.integer("acquisitions", 0, 1);
        if (!count)
            return invocation.fail(count.error());
        settings.acquisitions = static_cast<std::uint64_t>(*count);
    }
    if (arguments.value("seed")) {
        const auto seed = invocation.integer("seed", 0, 0);
        if (!seed)
            return invocation.fail(seed.error());
        settings.seed = static_cast<std::uint64_t>(*seed);
    }
    if (auto valid = settings.validate(); !valid)
        return invocation.fail(valid.error());

    auto client = invocation.connect();
    if (!client)
        return invocation.fail(client.error());
    settings.connection = client->connectionOptions();
    settings.key = invocation.fullKey(arguments.value("key").value_or("lockscope:harness"));
    if (settings.key.empty())
        return invocation.usage("--key must not be empty");

    // Opened before the run, so that a path that cannot be written fails at once; removed
    // again when the run fails, so that a failure leaves nothing behind.
    const auto csvPath = arguments.value("csv");
    std::ofstream csv;
    if (csvPath) {
        csv.open(*csvPath, std::ios::out | std::ios::trunc);
        if (!csv)
            return invocation.fail(
                Error(Errc::invalidArgument, "--csv: cannot write \"" + *csvPath + "\""));
    }
    const auto discardCsv = [&] {
        if (csvPath) {
            csv.close();
            std::error_code ignored;
            std::filesystem::remove(*csvPath, ignored);
        }
    };

    Observer observer;
    if (!invocation.json() && isatty(STDERR_FILENO)) {
        observer.runFinished = [](const RunResult &run) {
            std::fprintf(stderr, "%s: %llu acquisitions in %.0f ms\n", run.strategy.c_str(),
                         static_cast<unsigned long long>(run.acquisitions),
                         milliseconds(run.elapsed));
        };
    }
    const Harness harness(settings);
    const auto report = harness.run(redislock::Context(invocation.stopToken()), observer);
    if (!report) {
        discardCsv();
        return invocation.fail(report.error());
    }
    if (csvPath) {
        writeAttemptCsv(csv, report->runs);
        csv.close();
        if (!csv) {
            discardCsv();
            return invocation.fail(
                Error(Errc::invalidArgument, "--csv: writing \"" + *csvPath + "\" failed"));
        }
    }
    if (invocation.json())
        writeJson(settings, *report);
    else
        writeTable(settings, *report);

    // Measured, but not on a healthy connection: say so in the exit code as well.
    for (const RunResult &run : report->runs) {
        if (run.errors > 0 || run.releaseErrors > 0) {
            std::fprintf(stderr, "lockctl: %s: %s\n", run.strategy.c_str(), run.firstError.c_str());
            return exitConnection;
        }
    }
    return exitSuccess;
}
