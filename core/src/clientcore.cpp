#include "clientcore.h"

#include "lockscripts.h"

#include <redislock/duration.h>
#include <redislock/options.h>
#include <redislock/printable.h>

namespace redislock::detail {

ClientCore::ClientCore(ConnectionOptions options)
    : options_(std::move(options)), releaseNotifier_(options_),
      router_(makeRouter(options_, [this](const TopologyEvent &event) { notifyTopology(event); }))
{}

// Members go in reverse order: the watchdog's thread first, then the router (whose own thread,
// the Sentinel router's, may call notifyTopology until it is joined), and only then the release
// notifier and the observer it calls.
ClientCore::~ClientCore() = default;

std::expected<Reply, Error> ClientCore::run(const Script &script, std::span<const std::string> keys,
                                            std::span<const std::string_view> arguments,
                                            const Context &context)
{
    return router_->run(script, keys, arguments, context);
}

std::expected<Reply, Error> ClientCore::command(const Command &command, const Context &context)
{
    return router_->command(command, context);
}

std::expected<std::vector<Reply>, Error> ClientCore::pipeline(std::span<const Command> commands,
                                                              const Context &context)
{
    return router_->pipeline(commands, context);
}

std::string ClientCore::ownAddress() const
{
    const ConnectionOptions &own = options();
    if (own.transport == ConnectionOptions::Transport::unixSocket)
        return own.path;
    return ServerAddress{own.host, own.port}.text();
}

std::expected<std::vector<std::string>, Error> ClientCore::masters(const Context &context)
{
    return router_->masters(context);
}

std::expected<std::string, Error> ClientCore::masterFor(std::string_view key,
                                                        const Context &context)
{
    return router_->masterFor(key, context);
}

std::expected<ConnectionPool::Lease, Error> ClientCore::leaseOn(std::string_view node,
                                                                const Context &context)
{
    return router_->leaseOn(node, context);
}

void ClientCore::setTopologyObserver(std::function<void(const TopologyEvent &)> observer)
{
    const std::scoped_lock lock(observerMutex_);
    observer_ = std::move(observer);
}

void ClientCore::notifyTopology(const TopologyEvent &event)
{
    releaseNotifier_.topologyChanged();
    std::function<void(const TopologyEvent &)> observer;
    {
        const std::scoped_lock lock(observerMutex_);
        observer = observer_;
    }
    if (observer)
        observer(event);
}

const Script &ClientCore::obtainScript()
{
    static const Script script(scripts::obtain);
    return script;
}

const Script &ClientCore::refreshScript()
{
    static const Script script(scripts::refresh);
    return script;
}

const Script &ClientCore::releaseScript()
{
    static const Script script(scripts::release);
    return script;
}

const Script &ClientCore::handoverScript()
{
    static const Script script(scripts::handover);
    return script;
}

const Script &ClientCore::pttlScript()
{
    static const Script script(scripts::pttl);
    return script;
}

const Script &ClientCore::forceReleaseScript()
{
    static const Script script(scripts::forcerelease);
    return script;
}

std::expected<std::chrono::milliseconds, Error> validTtl(std::chrono::nanoseconds ttl)
{
    const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(ttl);
    if (milliseconds < std::chrono::milliseconds(1))
        return std::unexpected(
            Error(Errc::invalidArgument, "ttl must be at least 1ms, got " + formatDuration(ttl)));
    if (ttl > maxTtl)
        return std::unexpected(
            Error(Errc::invalidArgument,
                  "ttl must be at most 8760h (a year), got " + formatDuration(ttl)));
    return milliseconds;
}

} // namespace redislock::detail
