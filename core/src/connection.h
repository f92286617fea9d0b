#pragma once

#include "stream.h"
#include "tlscontext.h"

#include <redislock/connectionoptions.h>
#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/reply.h>

#include <expected>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

struct redisReader;

namespace redislock::detail {

using Reply = redislock::Reply;

// A command as binary-safe arguments: each one is sent with its exact length.
using Command = std::vector<std::string_view>;

// One connection to a Redis server: a Stream plus hiredis's RESP reader and command formatter.
// After any I/O or protocol failure it is broken and must be dropped, never reused, because
// replies could be out of step with commands.
class Connection
{
public:
    ~Connection();

    // Connects, authenticates, selects the database and checks the peer answers PING.
    [[nodiscard]] static std::expected<std::unique_ptr<Connection>, Error>
    open(const ConnectionOptions &options, const TlsContext *tls, const Context &context);

    // Sends one command and reads its reply. An error reply is a Reply, not an Error.
    [[nodiscard]] std::expected<Reply, Error> command(const Command &command,
                                                      const Context &context);
    // Sends all commands in one write, then reads their replies in order.
    [[nodiscard]] std::expected<std::vector<Reply>, Error>
    pipeline(std::span<const Command> commands, const Context &context);

    // Reads one reply without sending anything: a message pushed to a subscribed connection.
    // Waits until the context's deadline (without one: until something arrives or the stop
    // token fires). A timeout or cancellation leaves the connection usable; anything
    // read so far stays buffered for the next call.
    [[nodiscard]] std::expected<Reply, Error> receive(const Context &context);

    // Not broken, and nothing arrived while idle (a killed connection shows up as input).
    [[nodiscard]] bool reusable();
    [[nodiscard]] bool broken() const noexcept { return broken_; }
    [[nodiscard]] const std::string &peer() const { return stream_->peer(); }

private:
    Connection(std::unique_ptr<Stream> stream, const ConnectionOptions &options);
    [[nodiscard]] std::expected<void, Error> send(std::span<const Command> commands,
                                                  const Context &context);
    [[nodiscard]] std::expected<Reply, Error> readReply(const Context &context);
    [[nodiscard]] std::expected<void, Error> handshake(const ConnectionOptions &options,
                                                       const Context &context);

    struct FreeReader
    {
        void operator()(redisReader *reader) const noexcept;
    };

    std::unique_ptr<Stream> stream_;
    std::unique_ptr<redisReader, FreeReader> reader_;
    std::chrono::milliseconds readTimeout_;
    std::chrono::milliseconds writeTimeout_;
    std::string out_;
    bool broken_ = false;
};

} // namespace redislock::detail
