#include "connection.h"

#include "plainstream.h"
#include "replyerror.h"
#include "socket.h"
#include "tlsstream.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <utility>

namespace redislock::detail {

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

namespace {

// Appends one command in RESP form (*N, then $len and the bytes of each argument), every
// argument with its exact length. Written here rather than with redisFormatCommandArgv, whose
// sprintf per argument was 43% of a lock operation's client instructions (BENCHMARKS.md); sized
// once and filled with plain copies, since a listing formats two commands per key.
void appendCommand(std::string &out, std::span<const std::string_view> command)
{
    constexpr std::size_t header = 1 + 20 + 2; // marker, a 64-bit number, CRLF
    std::size_t most = header;
    for (const auto &argument : command)
        most += header + argument.size() + 2;
    const std::size_t used = out.size();
    out.resize_and_overwrite(used + most, [&](char *start, std::size_t) {
        char *at = start + used;
        const auto number = [&at](char marker, std::size_t value) {
            *at++ = marker;
            at = std::to_chars(at, at + 20, value).ptr;
            *at++ = '\r';
            *at++ = '\n';
        };
        number('*', command.size());
        for (const auto &argument : command) {
            number('$', argument.size());
            if (!argument.empty())
                std::memcpy(at, argument.data(), argument.size());
            at += argument.size();
            *at++ = '\r';
            *at++ = '\n';
        }
        return static_cast<std::size_t>(at - start);
    });
}

Error authError(const std::string &peer, const std::string &serverText)
{
    return {Errc::authenticationFailed,
            "authentication to " + peer + " failed: " + serverText +
                " (check the user and password in the URL: redis://user:password@host)",
            classifyReplyError(serverText).kind};
}

// The server answered `command` of a new connection's handshake with an error.
Error handshakeRefusal(std::string_view command, const std::string &text, const std::string &peer,
                       int db)
{
    const ReplyError reply = classifyReplyError(text);
    switch (reply.kind) {
    case ServerError::noAuth:
        return {Errc::authenticationFailed,
                peer + " requires a password: give one in the URL (redis://:password@host)",
                reply.kind};
    // Answers to whatever a connection sends first, AUTH included, when the server will not
    // serve it (yet): they say nothing about the credentials.
    case ServerError::maxClients:
    case ServerError::loading:
    case ServerError::busy:
    case ServerError::masterDown:
        return {Errc::serverError, peer + " refused the connection: " + text, reply.kind};
    default:
        break;
    }
    if (command == "AUTH" || reply.code == Errc::authenticationFailed)
        return authError(peer, text);
    if (command == "SELECT")
        return {Errc::invalidArgument,
                "cannot select database " + std::to_string(db) + " on " + peer + ": " + text};
    return replyError(text, peer + " answered " + std::string(command) + " with: " + text);
}

} // namespace

// The replies of a Connection's reader, each with its bytes (a string's, an array's element
// pointers), made one after the other in blocks instead of by a malloc each (hiredis's own
// functions make two): a listing reads two or three replies per key, and a SCAN page holds a
// string per key, so their allocations and frees were a large part of what reading a page cost.
// Blocks start at 4 KiB and double up to 64 KiB, so that a connection that reads little keeps
// little.
// A block goes when the arena has moved on to the next one and the last reply made in it is
// freed, on whichever thread frees it (a reply may outlive its connection). Such a reply is freed
// by freeReply alone: hiredis's freeReplyObject would free its parts on their own.
class ReplyArena
{
public:
    ReplyArena() = default;
    ~ReplyArena() { release(current_); }
    ReplyArena(const ReplyArena &) = delete;
    ReplyArena &operator=(const ReplyArena &) = delete;

    // Room for `bytes`, aligned for a redisReply; null when memory ran out.
    [[nodiscard]] void *allocate(std::size_t bytes) noexcept
    {
        const std::size_t needed = roundUp(sizeof(Block *) + bytes);
        if (current_ == nullptr || current_->size - current_->used < needed) {
            const std::size_t size = std::max(nextBlockBytes_, needed);
            nextBlockBytes_ = std::min(2 * nextBlockBytes_, largestBlockBytes);
            void *memory = std::malloc(sizeof(Block) + size);
            if (memory == nullptr)
                return nullptr;
            release(std::exchange(current_, new (memory) Block(size)));
        }
        // cppcheck-suppress nullPointerRedundantCheck ; current_ was set just above when null
        std::byte *at = current_->bytes() + current_->used;
        // cppcheck-suppress nullPointerRedundantCheck ; as above
        current_->used += needed;
        // cppcheck-suppress nullPointerRedundantCheck ; as above
        current_->holds.fetch_add(1, std::memory_order_relaxed);
        new (at) Block *(current_);
        return at + sizeof(Block *);
    }
    // Gives back what allocate() returned.
    static void free(void *memory) noexcept
    {
        release(*reinterpret_cast<Block **>(static_cast<std::byte *>(memory) - sizeof(Block *)));
    }

private:
    static constexpr std::size_t largestBlockBytes = 64 * 1024;
    struct Block
    {
        explicit Block(std::size_t room) noexcept : size(room) {}
        std::byte *bytes() noexcept { return reinterpret_cast<std::byte *>(this + 1); }

        std::atomic<std::size_t> holds{1}; // the arena's while it is current, and one per reply
        std::size_t used = 0;
        std::size_t size;
    };
    static_assert(sizeof(Block) % alignof(redisReply) == 0);

    static std::size_t roundUp(std::size_t bytes) noexcept
    {
        constexpr std::size_t align = alignof(redisReply);
        return (bytes + align - 1) / align * align;
    }
    static void release(Block *block) noexcept
    {
        if (block != nullptr && block->holds.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            block->~Block();
            std::free(block);
        }
    }

    Block *current_ = nullptr;
    std::size_t nextBlockBytes_ = 4 * 1024;
};

namespace {

// The arena a task's reply is made in: the reader's, which its first task carries.
ReplyArena &arenaOf(const redisReadTask *task)
{
    while (task->parent != nullptr)
        task = task->parent;
    return *static_cast<ReplyArena *>(task->privdata);
}

redisReply *newReply(const redisReadTask *task, int type, std::size_t bytes)
{
    void *memory = arenaOf(task).allocate(sizeof(redisReply) + bytes);
    if (memory == nullptr)
        return nullptr;
    // cppcheck-suppress [legacyUninitvar, unreadVariable] ; a placement new, read below
    auto *reply = new (memory) redisReply{};
    reply->type = type;
    if (task->parent != nullptr)
        static_cast<redisReply *>(task->parent->obj)->element[task->idx] = reply;
    return reply;
}

void *createString(const redisReadTask *task, char *text, std::size_t length)
{
    redisReply *reply = newReply(task, task->type, length + 1);
    if (reply == nullptr)
        return nullptr;
    reply->str = reinterpret_cast<char *>(reply + 1);
    std::memcpy(reply->str, text, length);
    reply->str[length] = '\0';
    reply->len = length;
    return reply;
}

void *createArray(const redisReadTask *task, int elements)
{
    const std::size_t count = elements > 0 ? std::size_t(elements) : 0;
    redisReply *reply = newReply(task, REDIS_REPLY_ARRAY, count * sizeof(redisReply *));
    if (reply == nullptr)
        return nullptr;
    if (count > 0) {
        reply->element = reinterpret_cast<redisReply **>(reply + 1);
        std::fill_n(reply->element, count, nullptr);
    }
    reply->elements = count;
    return reply;
}

void *createInteger(const redisReadTask *task, long long value)
{
    redisReply *reply = newReply(task, REDIS_REPLY_INTEGER, 0);
    if (reply != nullptr)
        reply->integer = value;
    return reply;
}

void *createNil(const redisReadTask *task)
{
    return newReply(task, REDIS_REPLY_NIL, 0);
}

void freeReply(void *object)
{
    auto *reply = static_cast<redisReply *>(object);
    if (reply == nullptr)
        return;
    if (reply->type == REDIS_REPLY_ARRAY)
        for (std::size_t i = 0; i < reply->elements; ++i)
            freeReply(reply->element[i]); // null where a broken read stopped
    ReplyArena::free(reply);
}

redisReplyObjectFunctions replyFunctions{createString, createArray, createInteger, createNil,
                                         freeReply};

} // namespace

void FreeRawReply::operator()(redisReply *reply) const noexcept
{
    freeReply(reply);
}

void ReplyReader::FreeReader::operator()(redisReader *reader) const noexcept
{
    redisReaderFree(reader);
}

ReplyReader::ReplyReader()
    : arena_(std::make_unique<ReplyArena>()),
      reader_(redisReaderCreateWithFunctions(&replyFunctions))
{
    // hiredis lets go of its emptied input buffer when it has more than this room, and makes it
    // again on the next read: with its default (16 KiB, less than the 32 KiB one 16 KiB read
    // grows it to) that is once per drained pipeline, a page of a listing. What is kept is
    // bounded by this and by what one read brings.
    if (reader_) {
        reader_->maxbuf = 64 * 1024;
        reader_->privdata = arena_.get();
    }
}

ReplyReader::~ReplyReader() = default;

Connection::Connection(std::unique_ptr<Stream> stream, const ConnectionOptions &options)
    : stream_(std::move(stream)), readTimeout_(options.readTimeout),
      writeTimeout_(options.writeTimeout)
{}

Connection::~Connection() = default;

std::expected<std::unique_ptr<Connection>, Error> Connection::open(const ConnectionOptions &options,
                                                                   const TlsContext *tls,
                                                                   const Context &context,
                                                                   bool answeredBefore)
{
    const auto deadline = IoDeadline::after(options.connectTimeout, context);
    std::unique_ptr<Stream> stream;
    if (options.transport == ConnectionOptions::Transport::unixSocket) {
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
    if (!connection->reader_.get())
        return std::unexpected(Error(Errc::connectionFailed, "out of memory"));
    if (auto ok = connection->handshake(options, context, answeredBefore); !ok)
        return std::unexpected(ok.error());
    return connection;
}

std::expected<void, Error> Connection::handshake(const ConnectionOptions &options,
                                                 const Context &context, bool answeredBefore)
{
    std::vector<Command> commands;
    const std::string db = std::to_string(options.db);
    // A user without a password is sent as well: AUTH user "" logs in a nopass user and is
    // refused for any other, where silently staying the default user would hide the mistake.
    if (!options.user.empty())
        commands.push_back({"AUTH", options.user, options.password});
    else if (!options.password.empty())
        commands.push_back({"AUTH", options.password});
    if (options.db != 0)
        commands.push_back({"SELECT", db});
    commands.push_back({"PING"});

    // Replies are read one at a time: a server that will not serve us answers the first
    // command with an error and closes, and that error is what the caller needs to see.
    std::vector<Reply> replies;
    std::optional<Error> failure;
    if (auto sent = send(commands, context); !sent)
        failure = sent.error();
    while (!failure && replies.size() < commands.size()) {
        auto reply = readReply(context);
        if (!reply) {
            broken_ = true;
            failure = reply.error();
            break;
        }
        replies.push_back(std::move(*reply));
        if (replies.back().isError())
            break;
    }
    if (!replies.empty() && replies.back().isError())
        return std::unexpected(handshakeRefusal(commands[replies.size() - 1].front(),
                                                replies.back().text, peer(), options.db));
    if (failure) {
        const Error &error = *failure;
        if (error == Errc::protocolError) {
            // hiredis names the first byte it could not parse: 0x15 or 0x16 open TLS records.
            const std::string &text = error.message();
            const bool tls =
                text.find("\\x15") != std::string::npos || text.find("\\x16") != std::string::npos;
            return std::unexpected(
                Error(Errc::protocolError, peer() + " did not answer as a Redis server (" + text +
                                               (tls ? "): it speaks TLS, use rediss://" : ")")));
        }
        if (error == Errc::timeout)
            return std::unexpected(Error(Errc::timeout, "no answer from " + peer() +
                                                            " to PING: is it a Redis server?"));
        // Closed on us before saying anything by a peer that has answered as a Redis server
        // before: it is one, and it dropped this connection (CLIENT KILL, a restart, a proxy
        // failing over). Worth another try, as any connection that breaks.
        if (error == Errc::connectionClosed && answeredBefore)
            return std::unexpected(Error(Errc::connectionClosed,
                                         peer() + " closed the new connection before it answered " +
                                             std::string(commands[replies.size()].front()),
                                         error));
        // Closed on us before saying anything, and never heard from: a TLS server that wants a
        // client certificate it did not get (TLS 1.3 lets our side finish the handshake first),
        // or a TLS port or some other service that cannot parse RESP.
        if (error == Errc::connectionClosed && replies.empty()) {
            if (options.transport == ConnectionOptions::Transport::tls)
                return std::unexpected(Error(
                    Errc::tlsError, "the TLS server at " + peer() +
                                        " closed the connection after the handshake: does "
                                        "it want a client certificate (?cert=FILE&key=FILE)?"));
            return std::unexpected(Error(
                Errc::protocolError, peer() + " closed the connection without answering PING: "
                                              "not a Redis server? (a TLS port needs rediss://)"));
        }
        return std::unexpected(error);
    }
    const Reply &pong = replies.back();
    if (pong.type != Reply::Type::status || pong.text != "PONG")
        return std::unexpected(
            Error(Errc::protocolError, peer() + " did not answer PING as a Redis server would"));
    return {};
}

std::expected<Reply, Error> Connection::command(std::span<const std::string_view> command,
                                                const Context &context)
{
    // Not pipeline() of one: no vector of commands or of replies for the commonest call.
    if (broken())
        return std::unexpected(
            Error(Errc::connectionClosed, "the connection to " + peer() + " is broken"));
    out_.clear();
    queued_ = 0;
    appendCommand(out_, command);
    if (auto written = write(context); !written)
        return std::unexpected(written.error());
    auto reply = readReply(context);
    if (!reply)
        broken_ = true;
    return reply;
}

std::expected<std::vector<Reply>, Error> Connection::pipeline(std::span<const Command> commands,
                                                              const Context &context)
{
    if (auto sent = send(commands, context); !sent)
        return std::unexpected(sent.error());
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

std::expected<void, Error> Connection::send(std::span<const Command> commands,
                                            const Context &context)
{
    if (broken())
        return std::unexpected(
            Error(Errc::connectionClosed, "the connection to " + peer() + " is broken"));
    out_.clear();
    queued_ = 0;
    for (const auto &command : commands) {
        appendCommand(out_, command);
    }
    return write(context);
}

std::expected<void, Error> Connection::write(const Context &context)
{
    if (auto written = stream_->writeAll(out_, IoDeadline::after(writeTimeout_, context));
        !written) {
        broken_ = true;
        return std::unexpected(written.error());
    }
    return {};
}

std::expected<Reply, Error> Connection::readReply(const Context &context)
{
    auto raw = readRawReply(context);
    if (!raw)
        return std::unexpected(raw.error());
    return toReply(**raw);
}

std::expected<RawReply, Error> Connection::readRawReply(const Context &context)
{
    // Set when the socket is first waited on: most replies of a pipeline are already buffered,
    // and need neither the clock nor a copy of the stop token.
    std::optional<IoDeadline> deadline;
    for (;;) {
        void *raw = nullptr;
        if (redisReaderGetReply(reader_.get(), &raw) != REDIS_OK)
            return std::unexpected(Error(Errc::protocolError, reader_.get()->errstr));
        if (raw)
            return RawReply(static_cast<redisReply *>(raw));
        if (!deadline)
            deadline = IoDeadline::after(readTimeout_, context);
        char buffer[16 * 1024];
        auto received = stream_->readSome(buffer, sizeof buffer, *deadline);
        if (!received) {
            // The caller's deadline came first: the read timeout is not what ran out.
            const bool callersDeadline = context.deadline() && deadline->at == *context.deadline();
            if (received.error() == Errc::timeout)
                return std::unexpected(
                    Error(Errc::timeout,
                          "no reply from " + peer() +
                              (callersDeadline
                                   ? std::string(" before the caller's deadline")
                                   : " within " + std::to_string(readTimeout_.count()) + "ms")));
            return std::unexpected(received.error());
        }
        if (redisReaderFeed(reader_.get(), buffer, *received) != REDIS_OK)
            return std::unexpected(Error(Errc::protocolError, reader_.get()->errstr));
    }
}

std::expected<Reply, Error> Connection::receivePushed(const Context &context)
{
    // No read timeout: a subscriber may hear nothing for a long time, and that is fine.
    const IoDeadline deadline{context.deadline().value_or(Context::Clock::time_point::max()),
                              context.stopToken()};
    for (;;) {
        void *raw = nullptr;
        if (redisReaderGetReply(reader_.get(), &raw) != REDIS_OK) {
            broken_ = true;
            return std::unexpected(Error(Errc::protocolError, reader_.get()->errstr));
        }
        if (raw) {
            return toReply(*RawReply(static_cast<redisReply *>(raw)));
        }
        char buffer[16 * 1024];
        auto received = stream_->readSome(buffer, sizeof buffer, deadline);
        if (!received) {
            if (received.error() != Errc::timeout && received.error() != Errc::cancelled)
                broken_ = true;
            return std::unexpected(received.error());
        }
        if (redisReaderFeed(reader_.get(), buffer, *received) != REDIS_OK) {
            broken_ = true;
            return std::unexpected(Error(Errc::protocolError, reader_.get()->errstr));
        }
    }
}

void Connection::queue(std::initializer_list<std::string_view> arguments)
{
    if (queued_ == 0)
        out_.clear();
    appendCommand(out_, std::span(arguments.begin(), arguments.size()));
    ++queued_;
}

std::expected<void, Error> Connection::flush(const Context &context)
{
    if (broken_)
        return std::unexpected(
            Error(Errc::connectionClosed, "the connection to " + peer() + " is broken"));
    const std::size_t sending = std::exchange(queued_, 0);
    if (sending == 0)
        return {};
    if (auto written = stream_->writeAll(out_, IoDeadline::after(writeTimeout_, context));
        !written) {
        broken_ = true;
        return std::unexpected(written.error());
    }
    due_ += sending;
    return {};
}

std::expected<RawReply, Error> Connection::receive(const Context &context)
{
    if (broken_ || due_ == 0)
        return std::unexpected(
            Error(Errc::connectionClosed, broken_ ? "the connection to " + peer() + " is broken"
                                                  : "no reply is due from " + peer()));
    auto reply = readRawReply(context);
    if (!reply) {
        broken_ = true;
        return std::unexpected(reply.error());
    }
    --due_;
    return reply;
}

bool Connection::reusable()
{
    return !broken() && !stream_->hasUnexpectedInput();
}

} // namespace redislock::detail
