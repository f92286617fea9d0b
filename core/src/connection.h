#pragma once

#include "stream.h"
#include "tlscontext.h"

#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/reply.h>

#include <expected>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

struct redisReader;
struct redisReply;

namespace redislock::detail {

using Reply = redislock::Reply;

// A command as binary-safe arguments: each one is sent with its exact length.
using Command = std::vector<std::string_view>;

// A reply as hiredis parsed it, for callers that read many and keep little of each.
struct FreeRawReply
{
    void operator()(redisReply *reply) const noexcept;
};
using RawReply = std::unique_ptr<redisReply, FreeRawReply>;

// Where a Connection's reader makes its replies (see connection.cpp).
class ReplyArena;

// A hiredis reader that makes its replies as every Connection's does: in blocks of its own, so
// that a reply it hands out is freed by FreeRawReply and by nothing else (not freeReplyObject).
// For a Connection, and for code that feeds a reader bytes itself (the RESP fuzzer).
class ReplyReader
{
public:
    ReplyReader();
    ~ReplyReader();
    ReplyReader(const ReplyReader &) = delete;
    ReplyReader &operator=(const ReplyReader &) = delete;

    // Null when it could not be made (out of memory).
    [[nodiscard]] redisReader *get() const noexcept { return reader_.get(); }

private:
    struct FreeReader
    {
        void operator()(redisReader *reader) const noexcept;
    };
    std::unique_ptr<ReplyArena> arena_; // before reader_, which makes its replies in it
    std::unique_ptr<redisReader, FreeReader> reader_;
};

// A reply copied out of hiredis's reader into the core's own type, as every Connection does.
[[nodiscard]] Reply toReply(const redisReply &raw);

// One connection to a Redis server: a Stream plus hiredis's RESP reader and command formatter.
// After any I/O or protocol failure it is broken and must be dropped, never reused, because
// replies could be out of step with commands.
class Connection
{
public:
    ~Connection();

    // Connects, authenticates, selects the database and checks the peer answers PING.
    // `answeredBefore`: this server has answered a handshake of ours before, so a connection it
    // closes during this one is a dropped connection (transient), not a peer that is no Redis.
    [[nodiscard]] static std::expected<std::unique_ptr<Connection>, Error>
    open(const ConnectionOptions &options, const TlsContext *tls, const Context &context,
         bool answeredBefore = false);

    // Sends one command and reads its reply. An error reply is a Reply, not an Error.
    [[nodiscard]] std::expected<Reply, Error> command(std::span<const std::string_view> command,
                                                      const Context &context);
    // Sends all commands in one write, then reads their replies in order.
    [[nodiscard]] std::expected<std::vector<Reply>, Error>
    pipeline(std::span<const Command> commands, const Context &context);

    // Pipelining in steps, for a caller that does its own work while the server works on the
    // next batch: queue() formats a command, flush() sends all that is queued, receive() reads
    // the next reply due. Not to be mixed with command() or pipeline() while replies are due;
    // a connection given back with replies still due is dropped, not reused.
    void queue(std::initializer_list<std::string_view> arguments);
    [[nodiscard]] std::expected<void, Error> flush(const Context &context);
    [[nodiscard]] std::expected<RawReply, Error> receive(const Context &context);
    [[nodiscard]] std::size_t due() const noexcept { return due_; }

    // Reads one reply without sending anything: a message pushed to a subscribed connection.
    // Waits until the context's deadline (without one: until something arrives or the stop
    // token fires). A timeout or cancellation leaves the connection usable; anything
    // read so far stays buffered for the next call.
    [[nodiscard]] std::expected<Reply, Error> receivePushed(const Context &context);

    // Not broken, no replies due, and nothing arrived while idle (a killed connection shows
    // up as input).
    [[nodiscard]] bool reusable();
    [[nodiscard]] bool broken() const noexcept { return broken_ || due_ > 0; }
    [[nodiscard]] const std::string &peer() const { return stream_->peer(); }

private:
    Connection(std::unique_ptr<Stream> stream, const ConnectionOptions &options);
    [[nodiscard]] std::expected<void, Error> send(std::span<const Command> commands,
                                                  const Context &context);
    [[nodiscard]] std::expected<void, Error> write(const Context &context);
    [[nodiscard]] std::expected<Reply, Error> readReply(const Context &context);
    [[nodiscard]] std::expected<RawReply, Error> readRawReply(const Context &context);
    [[nodiscard]] std::expected<void, Error> handshake(const ConnectionOptions &options,
                                                       const Context &context, bool answeredBefore);

    std::unique_ptr<Stream> stream_;
    ReplyReader reader_;
    std::chrono::milliseconds readTimeout_;
    std::chrono::milliseconds writeTimeout_;
    std::string out_;
    std::size_t queued_ = 0; // commands in out_, not yet flushed
    std::size_t due_ = 0;    // replies flushed commands still owe
    bool broken_ = false;
};

} // namespace redislock::detail
