#include "connection.h"
#include "replyerror.h"
#include "tlscontext.h"

#include <redislock/printable.h>
#include <redislock/subscription.h>

#include <charconv>

namespace redislock {

using detail::Reply;

struct Subscription::State
{
    std::shared_ptr<detail::TlsContext> tls; // outlives the connection that uses it
    std::unique_ptr<detail::Connection> connection;
};

Subscription::Subscription(std::unique_ptr<State> state) : state_(std::move(state))
{}

Subscription::~Subscription() = default;
Subscription::Subscription(Subscription &&) noexcept = default;
Subscription &Subscription::operator=(Subscription &&) noexcept = default;

std::expected<Subscription, Error> Subscription::open(const Client &client,
                                                      const std::vector<std::string> &channels,
                                                      const std::vector<std::string> &patterns,
                                                      const Context &context)
{
    // A cluster's or the Sentinels' master: the seeds and sentinels are no place to subscribe
    // (see the header).
    if (client.deployment() != Deployment::standalone) {
        auto masters = client.masters(context);
        if (!masters)
            return std::unexpected(masters.error());
        return openOn(client, masters->front(), channels, patterns, context);
    }
    auto state = subscribe(client.connectionOptions(), channels, patterns, context);
    if (!state)
        return std::unexpected(state.error());
    return Subscription(std::move(*state));
}

std::expected<Subscription, Error> Subscription::openOn(const Client &client, std::string_view node,
                                                        const std::vector<std::string> &channels,
                                                        const std::vector<std::string> &patterns,
                                                        const Context &context)
{
    ConnectionOptions options = client.connectionOptions();
    if (options.transport != ConnectionOptions::Transport::unixSocket) {
        // "host:port", the host bracketed when it is an IPv6 address.
        const auto colon = node.rfind(':');
        std::uint16_t port = 0;
        const auto portText =
            colon == std::string_view::npos ? std::string_view() : node.substr(colon + 1);
        const auto [end, ec] =
            std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (colon == std::string_view::npos || ec != std::errc() ||
            end != portText.data() + portText.size() || port == 0)
            return std::unexpected(
                Error(Errc::invalidArgument,
                      "invalid node \"" + printable(node) + "\": expected host:port"));
        std::string_view host = node.substr(0, colon);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
        options.host = std::string(host);
        options.port = port;
    } else if (node != options.path) {
        return std::unexpected(
            Error(Errc::invalidArgument, "unknown node \"" + printable(node) + "\""));
    }
    auto state = subscribe(options, channels, patterns, context);
    if (!state)
        return std::unexpected(state.error());
    return Subscription(std::move(*state));
}

std::expected<Subscription, Error>
Subscription::openOnSentinel(const Client &client, const std::vector<std::string> &channels,
                             const Context &context)
{
    const ConnectionOptions &own = client.connectionOptions();
    if (own.deployment != Deployment::sentinel || own.seeds.empty())
        return std::unexpected(
            Error(Errc::invalidArgument, "not a Sentinel connection: use redis-sentinel://"));
    ConnectionOptions options = own;
    options.user = own.sentinelUser;
    options.password = own.sentinelPassword;
    options.db = 0;
    options.deployment = Deployment::standalone;
    Error last;
    for (const ServerAddress &sentinel : own.seeds) {
        options.host = sentinel.host;
        options.port = sentinel.port;
        auto state = subscribe(options, channels, {}, context);
        if (state)
            return Subscription(std::move(*state));
        last = state.error();
    }
    return std::unexpected(last);
}

std::expected<std::unique_ptr<Subscription::State>, Error>
Subscription::subscribe(const ConnectionOptions &options, const std::vector<std::string> &channels,
                        const std::vector<std::string> &patterns, const Context &context)
{
    if (channels.empty() && patterns.empty())
        return std::unexpected(
            Error(Errc::invalidArgument, "a subscription needs at least one channel or pattern"));
    auto state = std::make_unique<State>();
    if (options.transport == ConnectionOptions::Transport::tls) {
        auto tls = detail::TlsContext::create(options.tls);
        if (!tls)
            return std::unexpected(tls.error());
        state->tls = std::move(*tls);
    }
    auto connection = detail::Connection::open(options, state->tls.get(), context);
    if (!connection)
        return std::unexpected(connection.error());
    state->connection = std::move(*connection);

    // One channel per command, so that each command has exactly one confirmation to read.
    const auto subscribe = [&](std::string_view verb,
                               const std::string &name) -> std::expected<void, Error> {
        const std::string_view arguments[] = {verb, name};
        auto reply = state->connection->command(arguments, context);
        if (!reply)
            return std::unexpected(reply.error());
        if (reply->isError())
            return std::unexpected(detail::replyError(
                reply->text, std::string(verb) + " " + name + " refused by " +
                                 state->connection->peer() + ": " + reply->text));
        if (reply->type != Reply::Type::array || reply->elements.empty())
            return std::unexpected(Error(Errc::protocolError, std::string(verb) +
                                                                  " answered in an unexpected "
                                                                  "shape"));
        return {};
    };
    for (const auto &channel : channels)
        if (auto ok = subscribe("SUBSCRIBE", channel); !ok)
            return std::unexpected(ok.error());
    for (const auto &pattern : patterns)
        if (auto ok = subscribe("PSUBSCRIBE", pattern); !ok)
            return std::unexpected(ok.error());
    return state;
}

std::expected<std::optional<Message>, Error> Subscription::next(const Context &context)
{
    for (;;) {
        auto reply = state_->connection->receivePushed(context);
        if (!reply) {
            if (reply.error() == Errc::timeout)
                return std::nullopt;
            return std::unexpected(reply.error());
        }
        // Confirmations of (un)subscriptions and PING answers are not messages.
        auto &elements = reply->elements;
        if (reply->type != Reply::Type::array || elements.empty())
            continue;
        if (elements[0].text == "message" && elements.size() == 3)
            return Message{{}, std::move(elements[1].text), std::move(elements[2].text)};
        if (elements[0].text == "pmessage" && elements.size() == 4)
            return Message{std::move(elements[1].text), std::move(elements[2].text),
                           std::move(elements[3].text)};
    }
}

bool Subscription::broken() const noexcept
{
    return state_->connection->broken();
}

} // namespace redislock
