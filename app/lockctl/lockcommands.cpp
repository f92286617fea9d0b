#include "commands.h"
#include "jsonwriter.h"
#include "lockoutput.h"

#include <redislock/duration.h>
#include <redislock/retryspec.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stop_token>

namespace {

using redislock::Errc;
using redislock::Error;

// A usage error for an empty KEY (Redis would take "" as a key; no one means it).
std::optional<int> rejectEmptyKeys(const Invocation &invocation)
{
    for (const auto &key : invocation.arguments().positionals())
        if (key.empty())
            return invocation.usage("a KEY must not be empty");
    return std::nullopt;
}

std::vector<std::string> keysOf(const Invocation &invocation)
{
    std::vector<std::string> keys;
    for (const auto &key : invocation.arguments().positionals())
        keys.push_back(invocation.fullKey(key));
    return keys;
}

void printLock(const Invocation &invocation, const redislock::Lock &lock, std::int64_t ttlMs,
               std::string_view verb)
{
    if (invocation.json()) {
        JsonWriter json(stdout);
        auto record = recordOf(lock, ttlMs);
        writeLockJson(json, record, lock.keys());
        json.finish();
        return;
    }
    std::printf("%s %s token=%s ttl=%lldms", std::string(verb).c_str(),
                printable(lock.key()).c_str(), printable(lock.token()).c_str(),
                static_cast<long long>(ttlMs));
    if (lock.keys().size() > 1)
        std::printf(" (+%zu keys)", lock.keys().size() - 1);
    if (lock.fenceToken() != 0)
        std::printf(" fence=%lld", static_cast<long long>(lock.fenceToken()));
    if (!lock.metadata().empty())
        std::printf(" metadata=%s", printable(lock.metadata()).c_str());
    std::printf("\n");
    std::fflush(stdout);
}

void printOutcome(const Invocation &invocation, const std::string &key, std::string_view field,
                  std::int64_t value)
{
    if (invocation.json()) {
        JsonWriter json(stdout);
        json.beginObject().key("key").bytes(key).key(field).number(value).endObject().finish();
    } else {
        std::printf("%s %s=%lld\n", printable(key).c_str(), std::string(field).c_str(),
                    static_cast<long long>(value));
    }
}

// The lock named by KEY... --token T [--metadata S], held by someone, maybe us, on the
// connection the global options name.
std::expected<redislock::Lock, Error> namedLock(Invocation &invocation)
{
    const auto token = invocation.arguments().value("token");
    if (!token)
        return std::unexpected(Error(Errc::invalidArgument,
                                     "--token is required: the lock's token (see lockctl list)"));
    auto client = invocation.connect();
    if (!client)
        return std::unexpected(client.error());
    return client->adopt(keysOf(invocation), *token,
                         invocation.arguments().value("metadata").value_or(""));
}

} // namespace

int runObtain(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions(
            {"ttl", "metadata", "token", "retry", "fence-key", "hold", "reobtain", "token-length"}))
        return *rejected;
    if (invocation.arguments().positionals().empty())
        return invocation.usage("obtain needs at least one KEY");
    if (auto rejected = rejectEmptyKeys(invocation))
        return *rejected;
    const auto ttl = invocation.duration("ttl", std::nullopt);
    if (!ttl)
        return invocation.fail(ttl.error());
    const auto hold = invocation.duration("hold", std::chrono::nanoseconds::zero());
    if (!hold)
        return invocation.fail(hold.error());
    auto strategy =
        redislock::parseRetryStrategy(invocation.arguments().value("retry").value_or("none"));
    if (!strategy)
        return invocation.fail(strategy.error());
    const auto token = invocation.arguments().value("token");
    if (token && token->empty())
        return invocation.usage("--token must not be empty; leave it out for a random token");
    const auto tokenLength = invocation.integer("token-length", 0, 1, 4096);
    if (!tokenLength)
        return invocation.fail(tokenLength.error());

    redislock::Options options;
    options.retryStrategy = *strategy;
    options.metadata = invocation.arguments().value("metadata").value_or("");
    options.token = token.value_or("");
    // The Go library re-takes a key whose value merely starts with the token given, so a custom
    // token could take over another holder's lock ("worker-1" over "worker-10"). Re-obtain only
    // where a prefix match is an exact one, or when asked to with --reobtain.
    options.reobtain =
        invocation.arguments().flag("reobtain")
            ? redislock::ReobtainRule::tokenPrefix
            : redislock::toolReobtainRule(options.token, static_cast<std::size_t>(*tokenLength));
    auto client = invocation.connect();
    if (!client)
        return invocation.fail(client.error());
    // After connect(): that is where the prefix (--prefix or the config's Prefix) is known.
    if (const auto fenceKey = invocation.arguments().value("fence-key"))
        options.fenceKey = invocation.fullKey(*fenceKey);
    // Waiting for a release on a server without keyspace notifications works, more slowly:
    // say so once, as a note rather than an error.
    client->setDiagnosticHandler(
        [](const std::string &text) { std::fprintf(stderr, "lockctl: note: %s\n", text.c_str()); });
    const redislock::Context context(invocation.stopToken());
    auto lock = client->obtainMulti(keysOf(invocation), *ttl, options, context);
    if (!lock)
        return invocation.fail(lock.error());

    if (*hold <= std::chrono::nanoseconds::zero()) {
        const auto remaining = lock->ttl();
        printLock(invocation, *lock, remaining ? remaining->count() : 0, "obtained");
        return exitSuccess;
    }
    // Keep it with the Client's watchdog (a renewal every ttl/3, transient errors retried within
    // the validity) until the hold time passes, we are interrupted, or it is lost.
    redislock::KeepAliveOptions keep;
    keep.ttl = *ttl;
    auto kept = lock->keepAlive(keep);
    if (!kept)
        return invocation.fail(kept.error());
    const auto remaining = lock->ttl();
    printLock(invocation, *lock, remaining ? remaining->count() : 0, "obtained");
    std::fflush(stdout);
    {
        std::mutex mutex;
        std::condition_variable_any changed;
        const std::stop_token lost = kept->lostToken();
        const std::stop_callback wakeOnLoss(lost, [&] {
            {
                const std::lock_guard guard(mutex);
            }
            changed.notify_all();
        });
        std::unique_lock wait(mutex);
        changed.wait_until(wait, invocation.stopToken(), std::chrono::steady_clock::now() + *hold,
                           [&] { return lost.stop_requested(); });
    }
    if (const auto loss = kept->loss())
        return invocation.fail(Error(Errc::lockNotHeld, loss->message));
    if (auto released = kept->release(); !released)
        return invocation.fail(released.error());
    if (!invocation.json())
        std::printf("released %s\n", printable(lock->key()).c_str());
    return exitSuccess;
}

int runRefresh(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"ttl", "metadata", "token", "retry"}))
        return *rejected;
    if (invocation.arguments().positionals().empty())
        return invocation.usage("refresh needs a KEY");
    if (auto rejected = rejectEmptyKeys(invocation))
        return *rejected;
    const auto ttl = invocation.duration("ttl", std::nullopt);
    if (!ttl)
        return invocation.fail(ttl.error());
    auto strategy =
        redislock::parseRetryStrategy(invocation.arguments().value("retry").value_or("none"));
    if (!strategy)
        return invocation.fail(strategy.error());
    auto lock = namedLock(invocation);
    if (!lock)
        return invocation.fail(lock.error());
    redislock::Options options;
    options.retryStrategy = *strategy;
    if (auto refreshed = lock->refresh(*ttl, options, redislock::Context(invocation.stopToken()));
        !refreshed)
        return invocation.fail(refreshed.error());
    const auto remaining = lock->ttl();
    printLock(invocation, *lock, remaining ? remaining->count() : 0, "refreshed");
    return exitSuccess;
}

int runRelease(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"metadata", "token"}))
        return *rejected;
    if (invocation.arguments().positionals().empty())
        return invocation.usage("release needs a KEY");
    if (auto rejected = rejectEmptyKeys(invocation))
        return *rejected;
    auto lock = namedLock(invocation);
    if (!lock)
        return invocation.fail(lock.error());
    if (auto released = lock->release(); !released)
        return invocation.fail(released.error());
    printOutcome(invocation, lock->key(), "released", 1);
    return exitSuccess;
}

int runTtl(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"metadata", "token"}))
        return *rejected;
    if (invocation.arguments().positionals().empty())
        return invocation.usage("ttl needs a KEY");
    if (auto rejected = rejectEmptyKeys(invocation))
        return *rejected;
    auto lock = namedLock(invocation);
    if (!lock)
        return invocation.fail(lock.error());
    const auto ttl = lock->ttl();
    if (!ttl)
        return invocation.fail(ttl.error());
    printOutcome(invocation, lock->key(), "ttl_ms", ttl->count());
    // 0 means the lock is not (or no longer) held with this token: say so in the exit code,
    // and on stderr like every other outcome that is not a success.
    if (ttl->count() > 0)
        return exitSuccess;
    return invocation.fail(
        Error(Errc::lockNotHeld, "lock on \"" + printable(lock->key()) +
                                     "\" not held with this token: it expired or belongs to "
                                     "someone else (or it never expires)"));
}

int runForceRelease(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"expect-value", "regardless"}))
        return *rejected;
    if (invocation.arguments().positionals().size() != 1)
        return invocation.usage("force-release takes exactly one KEY");
    if (auto rejected = rejectEmptyKeys(invocation))
        return *rejected;
    const auto expected = invocation.arguments().value("expect-value");
    const bool regardless = invocation.arguments().flag("regardless");
    if (expected && regardless)
        return invocation.usage("give --expect-value or --regardless, not both");
    if (!expected && !regardless)
        return invocation.usage("force-release deletes only the value you saw: give "
                                "--expect-value VALUE (from lockctl list), or --regardless");
    if (expected && expected->empty())
        return invocation.usage("--expect-value must not be empty");
    auto client = invocation.connect();
    if (!client)
        return invocation.fail(client.error());
    const std::string key = invocation.fullKey(invocation.arguments().positionals().front());

    if (regardless) {
        auto deleted = client->deleteKeys({key});
        if (!deleted)
            return invocation.fail(deleted.error());
        printOutcome(invocation, key, "deleted", *deleted);
        if (*deleted == 0) {
            std::fprintf(stderr, "lockctl: %s did not exist: nothing was deleted\n",
                         printable(key).c_str());
            return exitNotObtained;
        }
        return exitSuccess;
    }
    // Compare-and-delete: the whole expected value plays the token, so only that exact value
    // is deleted, atomically, and a lock that changed hands meanwhile is left alone.
    auto lock = client->adopt({key}, *expected);
    if (!lock)
        return invocation.fail(lock.error());
    if (auto released = lock->release(); !released) {
        if (released.error() == redislock::ErrLockNotHeld)
            return invocation.fail(
                Error(Errc::lockNotHeld, printable(key) + " no longer holds the expected value "
                                                          "(it changed hands or expired): "
                                                          "nothing was deleted"));
        return invocation.fail(released.error());
    }
    printOutcome(invocation, key, "deleted", 1);
    return exitSuccess;
}
