#include "clientcore.h"
#include "randomtoken.h"
#include "replyerror.h"

#include <redislock/client.h>
#include <redislock/hashslot.h>
#include <redislock/printable.h>
#include <redislock/retryloop.h>

#include <algorithm>
#include <memory>
#include <span>

namespace redislock {

using detail::ClientCore;

namespace {

// The caller's argument lists as the commands of one batch; every command needs its name.
std::expected<std::vector<detail::Command>, Error>
toBatch(const std::vector<std::vector<std::string>> &commands)
{
    std::vector<detail::Command> batch;
    batch.reserve(commands.size());
    for (const auto &arguments : commands) {
        if (arguments.empty())
            return std::unexpected(
                Error(Errc::invalidArgument, "a command needs at least its name"));
        batch.emplace_back(arguments.begin(), arguments.end());
    }
    return batch;
}

std::string describeKeys(const std::vector<std::string> &keys)
{
    std::string text = "\"" + keys.front() + "\"";
    if (keys.size() > 1)
        text += " and " + std::to_string(keys.size() - 1) + " more";
    return text;
}

// A cluster runs a script on one node, so every key it touches must live in one hash slot:
// the lock keys and the fence key. Checked before anything is sent.
std::expected<void, Error> oneSlot(const std::vector<std::string> &keys,
                                   const std::string &fenceKey)
{
    const std::uint16_t slot = hashSlot(keys.front());
    // `what`: "keys", or "lock key" and "fence key" (the second one before the other key).
    const auto differ = [&](const std::string &other, std::string_view what,
                            std::string_view otherWhat) -> Error {
        // A tag for the suggestion: the first key's prefix before ':', as in "order:1", else
        // a placeholder the operator replaces.
        const std::string &first = keys.front();
        const auto colon = first.find(':');
        const std::string tag = colon != std::string::npos && colon > 0
                                    ? printable(std::string_view(first).substr(0, colon))
                                    : std::string("order");
        // "order:1" becomes "{order}:1", any other key gets the tag in front.
        const auto tagged = [&](const std::string &key) {
            const std::string shown = printable(key);
            if (shown.starts_with(tag + ":"))
                return "\"{" + tag + "}" + shown.substr(tag.size()) + "\"";
            return "\"{" + tag + "}:" + shown + "\"";
        };
        return Error(Errc::invalidArgument,
                     std::string(what) + " \"" + printable(first) + "\" (slot " +
                         std::to_string(slot) + ") and " + std::string(otherWhat) + "\"" +
                         printable(other) + "\" (slot " + std::to_string(hashSlot(other)) +
                         ") are in different hash slots; a cluster can lock them together only "
                         "in one slot: use a hash tag, e.g. " +
                         tagged(first) + " and " + tagged(other));
    };
    for (const std::string &key : keys)
        if (hashSlot(key) != slot)
            return std::unexpected(differ(key, "keys", ""));
    if (!fenceKey.empty() && hashSlot(fenceKey) != slot)
        return std::unexpected(differ(fenceKey, "lock key", "fence key "));
    return {};
}

} // namespace

Client::Client(ConnectionOptions options) : core_(std::make_shared<ClientCore>(std::move(options)))
{}

std::expected<Client, Error> Client::fromUrl(std::string_view url)
{
    auto options = ConnectionOptions::fromUrl(url);
    if (!options)
        return std::unexpected(options.error());
    return Client(std::move(*options));
}

const ConnectionOptions &Client::connectionOptions() const noexcept
{
    return core_->options();
}

Deployment Client::deployment() const noexcept
{
    return core_->options().deployment;
}

std::expected<std::vector<std::string>, Error> Client::masters(const Context &context) const
{
    return core_->masters(context);
}

std::expected<std::string, Error> Client::masterFor(std::string_view key,
                                                    const Context &context) const
{
    return core_->masterFor(key, context);
}

std::expected<ClusterTopology, Error> Client::topology(const Context &context) const
{
    return core_->topology(context);
}

std::expected<Reply, Error> Client::commandOn(std::string_view node,
                                              const std::vector<std::string> &arguments,
                                              const Context &context) const
{
    if (arguments.empty())
        return std::unexpected(Error(Errc::invalidArgument, "a command needs at least its name"));
    auto connection = core_->leaseOn(node, context);
    if (!connection)
        return std::unexpected(connection.error());
    const detail::Command command(arguments.begin(), arguments.end());
    return (*connection)->command(command, context);
}

std::expected<std::vector<Reply>, Error>
Client::pipelineOn(std::string_view node, const std::vector<std::vector<std::string>> &commands,
                   const Context &context) const
{
    auto batch = toBatch(commands);
    if (!batch)
        return std::unexpected(batch.error());
    if (batch->empty())
        return std::vector<Reply>{};
    auto connection = core_->leaseOn(node, context);
    if (!connection)
        return std::unexpected(connection.error());
    return (*connection)->pipeline(*batch, context);
}

void Client::setTopologyObserver(std::function<void(const TopologyEvent &)> observer) const
{
    core_->setTopologyObserver(std::move(observer));
}

void Client::setDiagnosticHandler(std::function<void(const std::string &)> handler) const
{
    core_->releaseNotifier().setDiagnosticHandler(std::move(handler));
}

ReleaseNotifications Client::releaseNotifications() const
{
    return core_->releaseNotifier().status();
}

WatchdogStats Client::watchdogStats() const
{
    return core_->watchdog().stats();
}

std::expected<void, Error> Client::ping(const Context &context) const
{
    // A cluster is reachable when every master is: each serves its own part of the keys.
    if (deployment() == Deployment::cluster) {
        auto masters = core_->masters(context);
        if (!masters)
            return std::unexpected(masters.error());
        for (const std::string &master : *masters) {
            auto reply = commandOn(master, {"PING"}, context);
            if (!reply)
                return std::unexpected(reply.error());
            if (reply->isError())
                return std::unexpected(
                    detail::replyError(reply->text, master + " answered PING: " + reply->text));
        }
        return {};
    }
    auto reply = core_->command({"PING"}, context);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->isError())
        return std::unexpected(detail::replyError(reply->text, reply->text));
    return {};
}

std::expected<Reply, Error> Client::command(const std::vector<std::string> &arguments,
                                            const Context &context) const
{
    if (arguments.empty())
        return std::unexpected(Error(Errc::invalidArgument, "a command needs at least its name"));
    const detail::Command command(arguments.begin(), arguments.end());
    return core_->command(command, context);
}

std::expected<std::vector<Reply>, Error>
Client::pipeline(const std::vector<std::vector<std::string>> &commands,
                 const Context &context) const
{
    if (commands.empty())
        return std::vector<Reply>{};
    auto batch = toBatch(commands);
    if (!batch)
        return std::unexpected(batch.error());
    return core_->pipeline(*batch, context);
}

std::expected<std::int64_t, Error> Client::deleteKeys(const std::vector<std::string> &keys,
                                                      const Context &context) const
{
    if (keys.empty())
        return std::unexpected(Error(Errc::invalidArgument, "delete needs at least one key"));
    detail::Command command{"DEL"};
    command.insert(command.end(), keys.begin(), keys.end());
    auto reply = core_->command(command, context);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->isError())
        return std::unexpected(detail::replyError(reply->text, "DEL failed: " + reply->text));
    return reply->integer;
}

std::expected<Lock, Error> Client::obtain(std::string key, std::chrono::nanoseconds ttl,
                                          const Options &options, const Context &context) const
{
    return obtainMulti({std::move(key)}, ttl, options, context);
}

std::expected<Lock, Error> Client::obtainMulti(std::vector<std::string> keys,
                                               std::chrono::nanoseconds ttl, const Options &options,
                                               const Context &context) const
{
    if (keys.empty())
        return std::unexpected(Error(Errc::invalidArgument, "obtain needs at least one key"));
    if (std::ranges::any_of(keys, &std::string::empty))
        return std::unexpected(Error(Errc::invalidArgument, "a lock key must not be empty"));
    const auto milliseconds = detail::validTtl(ttl);
    if (!milliseconds)
        return std::unexpected(milliseconds.error());
    if (!options.fenceKey.empty() && std::ranges::find(keys, options.fenceKey) != keys.end())
        return std::unexpected(
            Error(Errc::invalidArgument,
                  "the fence key \"" + options.fenceKey + "\" must not be one of the lock keys"));
    if (deployment() == Deployment::cluster)
        if (auto same = oneSlot(keys, options.fenceKey); !same)
            return std::unexpected(same.error());

    std::string token = options.token;
    if (token.empty()) {
        auto random = detail::randomToken();
        if (!random)
            return std::unexpected(random.error());
        token = std::move(*random);
    }
    const std::size_t tokenLength = token.size();
    std::string value = std::move(token) + options.metadata;

    // The keys as the script takes them: the lock keys, then the fence key if there is one
    // (copied only then).
    std::vector<std::string> withFence;
    if (!options.fenceKey.empty()) {
        withFence = keys;
        withFence.push_back(options.fenceKey);
    }
    const std::span<const std::string> scriptKeys =
        options.fenceKey.empty() ? std::span<const std::string>(keys) : withFence;
    const std::string tokenLengthText = std::to_string(tokenLength);
    const std::string ttlText = std::to_string(milliseconds->count());
    const std::string keyCount = std::to_string(keys.size());
    const std::string_view reobtain = options.reobtain == ReobtainRule::never ? "never" : "prefix";
    const std::string_view arguments[] = {value, tokenLengthText, ttlText, keyCount, reobtain};

    const auto notObtained = [&keys](RetryStop stop) {
        switch (stop) {
        case RetryStop::strategy:
            return Error(Errc::notObtained,
                         "lock on " + describeKeys(keys) + " not obtained: held by another token");
        case RetryStop::deadline:
            return Error(Errc::deadlineExceeded,
                         "lock on " + describeKeys(keys) + " not obtained before the deadline");
        case RetryStop::cancelled:
            break;
        }
        return Error(Errc::cancelled, "obtaining " + describeKeys(keys) + " was cancelled");
    };
    RetryLoop loop(options.retryStrategy, context, ttl);
    // notifyOnRelease: this obtain's place among the Client's waiters for the keys.
    std::optional<ReleaseWaiter> waiter;
    if (options.retryStrategy.waitsForRelease()) {
        waiter.emplace(core_, keys, context);
        waiter->offerHandover(scriptKeys, value, *milliseconds);
    }
    // A release through this Client handed the lock to this obtain while it waited.
    const auto handedOver = [&]() -> std::optional<std::expected<Lock, Error>> {
        const auto handover = waiter->handedOver();
        if (!handover)
            return std::nullopt;
        waiter->obtained();
        if (context.stopRequested()) {
            // Handed over just as the caller gave up: it asked for no lock, so none is left
            // behind (released with a bound of its own, as the caller's context is done).
            const Lock lock(core_, keys, value, tokenLength, handover->first);
            (void)lock.release(Context::withTimeout(*milliseconds));
            return std::unexpected(notObtained(RetryStop::cancelled));
        }
        Lock lock(core_, std::move(keys), std::move(value), tokenLength, handover->first);
        lock.obtainedAt_ = handover->second;
        lock.obtainedTtl_ = *milliseconds;
        return lock;
    };
    for (;;) {
        if (const auto stop = loop.beforeAttempt())
            return std::unexpected(notObtained(*stop));
        if (waiter && !waiter->mayAttempt()) {
            // Another waiter of this Client was handed the release: its turn, not ours.
            const auto stop = waiter->wait(loop);
            if (auto handed = handedOver())
                return std::move(*handed);
            if (stop)
                return std::unexpected(notObtained(*stop));
            continue;
        }
        const auto sent = Context::Clock::now();
        auto reply = core_->run(ClientCore::obtainScript(), scriptKeys, arguments, context);
        if (!reply) {
            // The caller's deadline or stop token ended the round trip: that is the outcome,
            // and the I/O error it cut short is its cause.
            if (const auto stop = loop.cutShort()) {
                const Error outcome = notObtained(*stop);
                return std::unexpected(
                    Error(outcome.code(), outcome.detail(), std::move(reply.error())));
            }
            return std::unexpected(reply.error());
        }
        if (reply->type == detail::Reply::Type::integer) {
            if (waiter)
                waiter->obtained();
            Lock lock(core_, std::move(keys), std::move(value), tokenLength, reply->integer);
            lock.obtainedAt_ = sent; // the start of its validity, for keepAlive
            lock.obtainedTtl_ = *milliseconds;
            return lock;
        }
        const auto stop = waiter ? waiter->wait(loop) : loop.wait();
        if (waiter)
            if (auto handed = handedOver())
                return std::move(*handed);
        if (stop)
            return std::unexpected(notObtained(*stop));
    }
}

ReleaseWaiter Client::releaseWaiter(std::vector<std::string> keys, const Context &context) const
{
    return ReleaseWaiter(core_, std::move(keys), context);
}

std::expected<Lock, Error> Client::adopt(std::vector<std::string> keys, std::string token,
                                         std::string_view metadata) const
{
    if (keys.empty())
        return std::unexpected(Error(Errc::invalidArgument, "a lock needs at least one key"));
    if (std::ranges::any_of(keys, &std::string::empty))
        return std::unexpected(Error(Errc::invalidArgument, "a lock key must not be empty"));
    if (token.empty())
        return std::unexpected(
            Error(Errc::invalidArgument, "a lock needs its token: the empty string cannot be one"));
    if (deployment() == Deployment::cluster)
        if (auto same = oneSlot(keys, {}); !same)
            return std::unexpected(same.error());
    const std::size_t tokenLength = token.size();
    return Lock(core_, std::move(keys), std::move(token).append(metadata), tokenLength, 0);
}

} // namespace redislock
