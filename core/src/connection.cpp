#include "connection.h"

#include "plainstream.h"
#include "socket.h"
#include "tlsstream.h"

#include <hiredis/hiredis.h>

namespace redislock::detail {
namespace {

Reply toReply(const redisReply &raw)
{
    Reply reply;
    switch (raw.type) {
    case REDIS_REPLY_STRING:
        reply.type = Reply::Type::string;
        reply.text.assign(raw.str, raw.len);
        break;
    case REDIS_REPLY_STATUS:
        reply.type = Reply::Type::status;
        reply.text.assign(raw.str, raw.len);
        break;
    case REDIS_REPLY_ERROR:
        reply.type = Reply::Type::error;
        reply.text.assign(raw.str, raw.len);
        break;
    case REDIS_REPLY_INTEGER:
        reply.type = Reply::Type::integer;
        reply.integer = raw.integer;
        break;
    case REDIS_REPLY_ARRAY:
        reply.type = Reply::Type::array;
        reply.elements.reserve(raw.elements);
        for (std::size_t i = 0; i < raw.elements; ++i)
            reply.elements.push_back(toReply(*raw.element[i]));
        break;
    default:
        reply.type = Reply::Type::nil;
        break;
    }
    return reply;
}

// Appends one command in RESP form, with every argument's exact length.
bool appendCommand(std::string &out, const Command &command)
{
    std::vector<const char *> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(command.size());
    lengths.reserve(command.size());
    for (const auto &argument : command) {
        argv.push_back(argument.data());
        lengths.push_back(argument.size());
    }
    char *formatted = nullptr;
    const int length = redisFormatCommandArgv(&formatted, static_cast<int>(argv.size()),
                                              argv.data(), lengths.data());
    if (length < 0)
        return false;
    out.append(formatted, static_cast<std::size_t>(length));
    redisFreeCommand(formatted);
    return true;
}

Error authError(const std::string &peer, const std::string &serverText)
{
    return {Errc::authenticationFailed,
            "authentication to " + peer + " failed: " + serverText +
                " (check the user and password in the URL: redis://user:password@host)"};
}

} // namespace

void Connection::FreeReader::operator()(redisReader *reader) const noexcept
{
    redisReaderFree(reader);
}

Connection::Connection(std::unique_ptr<Stream> stream, const ConnectionOptions &options)
    : stream_(std::move(stream)), reader_(redisReaderCreate()), readTimeout_(options.readTimeout),
      writeTimeout_(options.writeTimeout)
{}

Connection::~Connection() = default;

std::expected<std::unique_ptr<Connection>, Error>
Connection::open(const ConnectionOptions &options, const TlsContext *tls, const Context &context)
{
    const auto deadline = IoDeadline::after(options.connectTimeout, context);
    std::unique_ptr<Stream> stream;
    if (options.transport == ConnectionOptions::Transport::unix) {
        auto socket = Socket::connectUnix(options.path, deadline);
        if (!socket)
            return std::unexpected(socket.error());
        stream = std::make_unique<PlainStream>(std::move(*socket));
    } else {
        auto socket = Socket::connectTcp(options.host, options.port, options.keepAlive, deadline);
        if (!socket)
            return std::unexpected(socket.error());
        if (options.transport == ConnectionOptions::Transport::tls) {
            auto secure =
                TlsStream::handshake(std::move(*socket), *tls, options.host, options.tls, deadline);
            if (!secure)
                return std::unexpected(secure.error());
            stream = std::move(*secure);
        } else {
            stream = std::make_unique<PlainStream>(std::move(*socket));
        }
    }
    std::unique_ptr<Connection> connection(new Connection(std::move(stream), options));
    if (!connection->reader_)
        return std::unexpected(Error(Errc::connectionFailed, "out of memory"));
    if (auto ok = connection->handshake(options, context); !ok)
        return std::unexpected(ok.error());
    return connection;
}

std::expected<void, Error> Connection::handshake(const ConnectionOptions &options,
                                                 const Context &context)
{
    std::vector<Command> commands;
    const std::string db = std::to_string(options.db);
    if (!options.password.empty() && !options.user.empty())
        commands.push_back({"AUTH", options.user, options.password});
    else if (!options.password.empty())
        commands.push_back({"AUTH", options.password});
    if (options.db != 0)
        commands.push_back({"SELECT", db});
    commands.push_back({"PING"});

    auto replies = pipeline(commands, context);
    if (!replies) {
        const auto &error = replies.error();
        if (error == Errc::protocolError)
            return std::unexpected(
                Error(Errc::protocolError,
                      peer() + " did not answer as a Redis server (" + error.message() + ")"));
        if (error == Errc::timeout)
            return std::unexpected(Error(Errc::timeout, "no answer from " + peer() +
                                                            " to PING: is it a Redis server?"));
        return std::unexpected(error);
    }
    std::size_t index = 0;
    if (!options.password.empty()) {
        const Reply &auth = (*replies)[index++];
        if (auth.isError())
            return std::unexpected(authError(peer(), auth.text));
    }
    if (options.db != 0) {
        const Reply &select = (*replies)[index++];
        if (select.isError()) {
            if (select.text.starts_with("NOAUTH"))
                return std::unexpected(authError(peer(), select.text));
            return std::unexpected(
                Error(Errc::invalidArgument,
                      "cannot select database " + db + " on " + peer() + ": " + select.text));
        }
    }
    const Reply &pong = (*replies)[index];
    if (pong.isError()) {
        if (pong.text.starts_with("NOAUTH"))
            return std::unexpected(Error(
                Errc::authenticationFailed,
                peer() + " requires a password: give one in the URL (redis://:password@host)"));
        return std::unexpected(authError(peer(), pong.text));
    }
    if (pong.type != Reply::Type::status || pong.text != "PONG")
        return std::unexpected(
            Error(Errc::protocolError, peer() + " did not answer PING as a Redis server would"));
    return {};
}

std::expected<Reply, Error> Connection::command(const Command &command, const Context &context)
{
    auto replies = pipeline(std::span(&command, 1), context);
    if (!replies)
        return std::unexpected(replies.error());
    return std::move(replies->front());
}

std::expected<std::vector<Reply>, Error> Connection::pipeline(std::span<const Command> commands,
                                                              const Context &context)
{
    if (broken_)
        return std::unexpected(
            Error(Errc::connectionClosed, "the connection to " + peer() + " is broken"));
    out_.clear();
    for (const auto &command : commands) {
        if (!appendCommand(out_, command))
            return std::unexpected(Error(Errc::invalidArgument, "cannot format a command"));
    }
    if (auto written = stream_->writeAll(out_, IoDeadline::after(writeTimeout_, context));
        !written) {
        broken_ = true;
        return std::unexpected(written.error());
    }
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        auto reply = readReply(context);
        if (!reply) {
            broken_ = true;
            return std::unexpected(reply.error());
        }
        replies.push_back(std::move(*reply));
    }
    return replies;
}

std::expected<Reply, Error> Connection::readReply(const Context &context)
{
    const auto deadline = IoDeadline::after(readTimeout_, context);
    for (;;) {
        void *raw = nullptr;
        if (redisReaderGetReply(reader_.get(), &raw) != REDIS_OK)
            return std::unexpected(Error(Errc::protocolError, reader_->errstr));
        if (raw) {
            Reply reply = toReply(*static_cast<redisReply *>(raw));
            freeReplyObject(raw);
            return reply;
        }
        char buffer[16 * 1024];
        auto received = stream_->readSome(buffer, sizeof buffer, deadline);
        if (!received) {
            if (received.error() == Errc::timeout)
                return std::unexpected(
                    Error(Errc::timeout, "no reply from " + peer() + " within " +
                                             std::to_string(readTimeout_.count()) + "ms"));
            return std::unexpected(received.error());
        }
        if (redisReaderFeed(reader_.get(), buffer, *received) != REDIS_OK)
            return std::unexpected(Error(Errc::protocolError, reader_->errstr));
    }
}

bool Connection::reusable()
{
    return !broken_ && !stream_->hasUnexpectedInput();
}

} // namespace redislock::detail
