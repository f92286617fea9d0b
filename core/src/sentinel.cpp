#include "sentinel.h"

#include "connection.h"
#include "replyerror.h"

#include <redislock/printable.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

namespace redislock::detail {

namespace {

// The value of `field` in one of Sentinel's flat field/value arrays (SENTINEL MASTERS,
// SENTINEL REPLICAS), empty when missing.
std::string_view field(const Reply &entry, std::string_view name)
{
    for (std::size_t i = 0; i + 1 < entry.elements.size(); i += 2)
        if (entry.elements[i].text == name)
            return entry.elements[i + 1].text;
    return {};
}

std::optional<std::uint16_t> port(std::string_view text)
{
    std::uint16_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0)
        return std::nullopt;
    return value;
}

std::string join(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

} // namespace

SentinelResolver::SentinelResolver(const ConnectionOptions &options)
    : options_(options), sentinels_(options.seeds)
{}

std::vector<ServerAddress> SentinelResolver::sentinels() const
{
    const std::scoped_lock lock(mutex_);
    return sentinels_;
}

std::expected<const TlsContext *, Error> SentinelResolver::tls()
{
    const std::scoped_lock lock(mutex_);
    return sharedTlsContext(options_, tls_);
}

std::expected<std::unique_ptr<Connection>, Error>
SentinelResolver::connect(const ServerAddress &sentinel, const Context &context)
{
    ConnectionOptions options = nodeOptions(options_, sentinel);
    options.user = options_.sentinelUser;
    options.password = options_.sentinelPassword;
    options.db = 0; // sentinels have no databases: SELECT would fail
    auto tlsContext = tls();
    if (!tlsContext)
        return std::unexpected(tlsContext.error());
    return Connection::open(options, *tlsContext, context);
}

std::expected<Reply, Error> SentinelResolver::ask(const ServerAddress &sentinel,
                                                  const std::vector<std::string> &command,
                                                  const Context &context)
{
    auto connection = connect(sentinel, context);
    if (!connection)
        return std::unexpected(connection.error());
    const Command arguments(command.begin(), command.end());
    return (*connection)->command(arguments, context);
}

std::expected<std::string, Error> SentinelResolver::role(const ServerAddress &address,
                                                         const Context &context)
{
    auto tlsContext = tls();
    if (!tlsContext)
        return std::unexpected(tlsContext.error());
    auto connection = Connection::open(nodeOptions(options_, address), *tlsContext, context);
    if (!connection)
        return std::unexpected(connection.error());
    const std::string_view command[] = {"ROLE"};
    auto reply = (*connection)->command(command, context);
    if (!reply)
        return std::unexpected(reply.error());
    if (reply->isError()) {
        // An ACL user that may not run ROLE cannot have the answer checked; the sentinels'
        // word stands then (what a client without the check would do anyway).
        if (classifyReplyError(reply->text).kind == ServerError::noPermission)
            return std::string("master");
        return std::unexpected(
            replyError(reply->text, address.text() + " answered ROLE with: " + reply->text));
    }
    if (reply->type != Reply::Type::array || reply->elements.empty())
        return std::unexpected(
            Error(Errc::protocolError, address.text() + " answered ROLE with an unexpected reply"));
    return reply->elements.front().text;
}

std::expected<ServerAddress, Error> SentinelResolver::askMaster(const Context &context)
{
    const std::string &name = options_.masterName;
    const std::vector<std::string> command = {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name};
    // Why each sentinel did not name a master, sorted by kind for the one-line error.
    std::vector<std::string> unreachable;
    std::optional<Error> firstUnreachable;
    std::vector<std::string> notSentinels;
    std::string notSentinelReply;
    std::vector<std::string> unknowing;
    const std::vector<ServerAddress> order = sentinels();
    for (std::size_t i = 0; i < order.size(); ++i) {
        const ServerAddress &sentinel = order[i];
        auto reply = ask(sentinel, command, context);
        if (!reply) {
            if (context.stopRequested())
                return std::unexpected(reply.error());
            // A wrong sentinel password is the user's to fix, not a sentinel that is down.
            if (reply.error() == Errc::tlsError)
                return std::unexpected(reply.error());
            if (reply.error() == Errc::authenticationFailed) {
                // The connection's hint speaks of the URL's userinfo, the master's: replaced.
                std::string why = reply.error().message();
                for (const std::string_view hint : {" (check ", ": give one"})
                    if (const auto at = why.find(hint); at != std::string::npos)
                        why.resize(at);
                return std::unexpected(
                    Error(Errc::authenticationFailed,
                          "sentinel " + why +
                              "; the sentinels' own credentials are the URL's sentinel_user "
                              "and sentinel_password",
                          reply.error().serverError()));
            }
            unreachable.push_back(sentinel.text());
            if (!firstUnreachable)
                firstUnreachable = reply.error();
            continue;
        }
        if (reply->isError()) {
            notSentinels.push_back(sentinel.text());
            if (notSentinelReply.empty())
                notSentinelReply = reply->text;
            continue;
        }
        if (reply->type != Reply::Type::array || reply->elements.size() != 2) {
            unknowing.push_back(sentinel.text());
            continue;
        }
        const auto masterPort = port(reply->elements[1].text);
        if (reply->elements[0].text.empty() || !masterPort)
            return std::unexpected(
                Error(Errc::protocolError, "sentinel " + sentinel.text() +
                                               " named an invalid address for master \"" +
                                               printable(name) + "\""));
        {
            // The sentinel that answered is asked first from now on, as go-redis does.
            const std::scoped_lock lock(mutex_);
            const auto at = std::ranges::find(sentinels_, sentinel);
            if (at != sentinels_.end() && at != sentinels_.begin())
                std::iter_swap(sentinels_.begin(), at);
        }
        return ServerAddress{reply->elements[0].text, *masterPort};
    }

    if (unreachable.empty() && notSentinels.empty()) {
        // Every sentinel answered, and none knows the name: a typo, most likely. The names
        // they do know say which one was meant.
        std::string known = "lists none";
        for (const auto &sentinel : order) {
            auto masters = ask(sentinel, {"SENTINEL", "MASTERS"}, context);
            if (!masters || masters->type != Reply::Type::array)
                continue;
            std::vector<std::string> names;
            for (const Reply &master : masters->elements)
                names.push_back(printable(field(master, "name")));
            if (!names.empty())
                known = "lists: " + join(names);
            break;
        }
        return std::unexpected(Error(
            Errc::invalidArgument, "sentinels at " + join(unknowing) + " know no master named \"" +
                                       printable(name) + "\"; SENTINEL MASTERS " + known));
    }
    if (unreachable.empty() && unknowing.empty())
        return std::unexpected(Error(
            Errc::invalidArgument,
            join(notSentinels) + (notSentinels.size() == 1 ? " is" : " are") +
                " not a Sentinel (SENTINEL: " + printable(notSentinelReply) +
                "): give the sentinels' host:port in a redis-sentinel:// URL, or use redis:// "
                "for a single server"));
    std::string why = "no sentinel named the master \"" + printable(name) + "\": ";
    if (!unreachable.empty())
        why += "cannot reach " + join(unreachable) + " (" + firstUnreachable->message() + ")";
    if (!notSentinels.empty())
        why += "; " + join(notSentinels) + " not a Sentinel";
    if (!unknowing.empty())
        why += "; " + join(unknowing) + " know no such master";
    why += "; check the URL's hosts and ports";
    return std::unexpected(Error(Errc::connectionFailed, why));
}

std::expected<ServerAddress, Error> SentinelResolver::master(const Context &context)
{
    using Clock = Context::Clock;
    auto until = Clock::now() + options_.connectTimeout;
    if (context.deadline() && *context.deadline() < until)
        until = *context.deadline();
    auto pause = std::chrono::milliseconds(50);
    for (;;) {
        auto address = askMaster(context);
        if (!address)
            return address;
        auto said = role(*address, context);
        if (said && *said == "master")
            return address;
        // The master's own password or database refused: asking again would not help.
        if (!said && !said.error().isTransient())
            return std::unexpected(said.error());
        if (Clock::now() + pause >= until || !context.sleepFor(pause)) {
            const std::string what = said ? "says it is a " + printable(*said)
                                          : "cannot be reached: " + said.error().message();
            return std::unexpected(
                Error(Errc::connectionFailed, "the sentinels name " + address->text() +
                                                  " as the master of \"" +
                                                  printable(options_.masterName) + "\", but it " +
                                                  what + "; a failover may be in progress"));
        }
        pause = std::min(pause * 2, std::chrono::milliseconds(500));
    }
}

std::expected<std::vector<ServerAddress>, Error> SentinelResolver::replicas(const Context &context)
{
    std::optional<Error> last;
    for (const auto &sentinel : sentinels()) {
        auto reply = ask(sentinel, {"SENTINEL", "REPLICAS", options_.masterName}, context);
        if (!reply) {
            last = reply.error();
            continue;
        }
        if (reply->isError() || reply->type != Reply::Type::array) {
            last = Error(Errc::serverError,
                         "sentinel " + sentinel.text() +
                             " answered SENTINEL REPLICAS with: " + printable(reply->text));
            continue;
        }
        std::vector<ServerAddress> replicas;
        for (const Reply &entry : reply->elements) {
            // go-redis skips the same: a replica the sentinels consider down or cut off.
            const std::string_view flags = field(entry, "flags");
            if (flags.find("s_down") != std::string_view::npos ||
                flags.find("o_down") != std::string_view::npos ||
                flags.find("disconnected") != std::string_view::npos)
                continue;
            const auto replicaPort = port(field(entry, "port"));
            const std::string_view ip = field(entry, "ip");
            if (ip.empty() || !replicaPort)
                continue;
            replicas.push_back({std::string(ip), *replicaPort});
        }
        return replicas;
    }
    return std::unexpected(last.value_or(Error(Errc::connectionFailed, "no sentinel to ask")));
}

} // namespace redislock::detail
