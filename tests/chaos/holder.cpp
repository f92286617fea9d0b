#include "holder.h"

#include "support/errcname.h"

#include <redislock/error.h>
#include <redislock/options.h>

#include <cstdio>
#include <random>
#include <thread>

namespace chaos {

namespace {

std::string_view serverErrorName(redislock::ServerError error)
{
    using redislock::ServerError;
    switch (error) {
    case ServerError::loading:
        return "loading";
    case ServerError::busy:
        return "busy";
    case ServerError::noScript:
        return "noScript";
    case ServerError::readOnly:
        return "readOnly";
    case ServerError::script:
        return "script";
    case ServerError::outOfMemory:
        return "outOfMemory";
    case ServerError::maxClients:
        return "maxClients";
    default:
        return "other";
    }
}

} // namespace

std::chrono::nanoseconds validityMargin(std::chrono::milliseconds ttl) noexcept
{
    return std::chrono::milliseconds(2) + std::chrono::nanoseconds(ttl) / 100;
}

std::string errorKind(std::string_view operation, const redislock::Error &error)
{
    std::string kind(operation);
    kind += ':';
    const std::error_code code = error.code();
    if (code.category() == redislock::make_error_code(redislock::Errc::timeout).category())
        kind += errcName(static_cast<redislock::Errc>(code.value()));
    else
        kind += code.category().name() + std::string("-") + std::to_string(code.value());
    if (error.serverError() != redislock::ServerError::none) {
        kind += ':';
        kind += serverErrorName(error.serverError());
    }
    return kind;
}

bool runHolder(const redislock::Client &client, const HolderSettings &settings,
               ResourceClient &resource, LeaseWatch &watch, const std::atomic<bool> &stop,
               std::atomic<std::int64_t> &acquisitions)
{
    std::mt19937_64 random(settings.seed);
    std::uniform_int_distribution<std::size_t> pickKey(0, settings.keys.size() - 1);
    std::uniform_int_distribution<std::int64_t> pickHold(settings.minHold.count() * 1000,
                                                         settings.maxHold.count() * 1000);
    std::uniform_int_distribution<int> pickBackoff(500, 3000); // microseconds
    const auto margin = validityMargin(settings.ttl);

    // The resource did not answer: the run is broken. Says what was being done, once.
    const auto lostResource = [&](const char *doing) {
        std::fprintf(stderr, "chaos_worker: %s: the resource did not answer %s\n",
                     settings.holder.c_str(), doing);
        return false;
    };
    const auto reportError = [&](std::string_view operation, const redislock::Error &error) {
        return resource.report(
            ErrorEvent{monotonicNow(), settings.holder, errorKind(operation, error)});
    };

    while (!stop.load(std::memory_order_relaxed)) {
        const std::string &key = settings.keys[pickKey(random)];
        redislock::Options options;
        options.metadata = settings.holder;
        options.fenceKey = key + ":fence";

        // The retries are this loop's own (one attempt per obtain), so that the validity is
        // measured from the attempt that won, not from the first of several.
        const Nanos sent = monotonicNow();
        auto lock = client.obtain(key, settings.ttl, options);
        if (!lock) {
            if (lock.error() != redislock::ErrNotObtained) {
                if (!reportError("obtain", lock.error()))
                    return lostResource("an error report");
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            } else {
                std::this_thread::sleep_for(std::chrono::microseconds(pickBackoff(random)));
            }
            continue;
        }
        ++acquisitions;
        HoldEvent hold;
        hold.key = key;
        hold.fence = lock->fenceToken();
        hold.holder = settings.holder;
        hold.start = monotonicNow();
        hold.validUntil = sent + std::chrono::nanoseconds(settings.ttl).count() - margin.count();
        watch.held(*lock);

        // A write at the start of the hold and one at its end; a rejected write (or a loss the
        // watch reports) ends the hold at once: the lock is not ours any more.
        const auto writeOnce = [&]() -> std::optional<bool> {
            if (watch.lost()) {
                hold.lossReported = true;
                return false;
            }
            const auto verdict = resource.write(key, hold.fence, settings.holder);
            if (!verdict)
                return std::nullopt;
            if (*verdict == Verdict::accepted) {
                ++hold.writesAccepted;
                return true;
            }
            ++hold.writesRejected;
            return false;
        };
        auto written = writeOnce();
        if (!written)
            return lostResource("the first write");
        if (*written) {
            std::this_thread::sleep_for(std::chrono::microseconds(pickHold(random)));
            written = writeOnce();
            if (!written)
                return lostResource("the second write");
        }
        hold.end = monotonicNow();
        watch.released();

        if (auto released = lock->release(); !released && !reportError("release", released.error()))
            return lostResource("an error report");
        if (!resource.report(hold))
            return lostResource("a hold report");
    }
    return true;
}

} // namespace chaos
