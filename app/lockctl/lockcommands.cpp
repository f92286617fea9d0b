#include "commands.h"
#include "jsonwriter.h"
#include "lockoutput.h"

#include <redislock/duration.h>
#include <redislock/forcerelease.h>
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

namespace {

// "field=value,field=value" as list's expect_hash prints a hash, into its pairs.
std::optional<std::vector<std::pair<std::string, std::string>>> parseHash(std::string_view text)
{
    std::vector<std::pair<std::string, std::string>> pairs;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        const auto equals = item.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return std::nullopt;
        pairs.emplace_back(item.substr(0, equals), item.substr(equals + 1));
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    if (pairs.empty())
        return std::nullopt;
    return pairs;
}

} // namespace

int runForceRelease(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions(
            {"expect-value", "expect-hash", "holder", "regardless"}))
        return *rejected;
    if (invocation.arguments().positionals().size() != 1)
        return invocation.usage("force-release takes exactly one KEY");
    if (auto rejected = rejectEmptyKeys(invocation))
        return *rejected;
    const auto expected = invocation.arguments().value("expect-value");
    const auto expectedHash = invocation.arguments().value("expect-hash");
    const auto holder = invocation.arguments().value("holder");
    const bool regardless = invocation.arguments().flag("regardless");
    if (int(expected.has_value()) + int(expectedHash.has_value()) + int(regardless) > 1)
        return invocation.usage("give one of --expect-value, --expect-hash or --regardless");
    if (!expected && !expectedHash && !regardless)
        return invocation.usage("force-release deletes only what you saw: give "
                                "--expect-value VALUE or --expect-hash F=V,... (from lockctl "
                                "list), or --regardless");
    if (expected && expected->empty())
        return invocation.usage("--expect-value must not be empty");
    if (holder && !expectedHash)
        return invocation.usage("--holder names one holder of a Redisson hash: give it with "
                                "--expect-hash");
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
    // What the operator was shown, read as list reads it, so that the release is the one its
    // format needs: a compare-and-delete of the value (and python-redis-lock's signal), or the
    // removal of one Redisson holder while the hash is exactly as shown.
    redislock::LockRecord shown;
    shown.key = key;
    if (expected) {
        shown.value = *expected;
        shown.valueSize = shown.value.size();
    } else {
        auto pairs = parseHash(*expectedHash);
        if (!pairs)
            return invocation.usage("--expect-hash takes field=value pairs joined by commas, as "
                                    "lockctl list prints it (expect_hash)");
        shown.type = "hash";
        shown.hash = std::move(*pairs);
    }
    shown.classify(0);
    auto released = redislock::forceRelease(*client, shown, holder.value_or(""),
                                            redislock::Context(invocation.stopToken()));
    if (!released) {
        if (released.error() == Errc::invalidArgument)
            return invocation.usage(released.error().message());
        return invocation.fail(released.error());
    }
    if (!*released)
        return invocation.fail(
            Error(Errc::lockNotHeld, printable(key) + " no longer holds what was shown (it "
                                                      "changed hands or expired): nothing was "
                                                      "deleted"));
    const std::string_view format = redislock::formatName(shown.format);
    if (invocation.json()) {
        JsonWriter json(stdout);
        json.beginObject().key("key").bytes(key).key("deleted").number(std::int64_t{1});
        json.key("format").bytes(format);
        if (shown.type == "hash")
            json.key("holder").bytes(holder ? *holder
                                            : redislock::redissonField(shown.holders.front()));
        json.endObject().finish();
    } else {
        std::printf("%s deleted=1 format=%s\n", printable(key).c_str(),
                    std::string(format).c_str());
    }
    return exitSuccess;
}
