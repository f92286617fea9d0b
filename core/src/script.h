#pragma once

#include "connection.h"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace redislock::detail {

// A Lua script run with EVALSHA, falling back to EVAL (which also caches it on the server)
// when the server answers NOSCRIPT: after a restart or SCRIPT FLUSH.
class Script
{
public:
    explicit Script(std::string_view source);

    [[nodiscard]] std::string_view source() const noexcept { return source_; }
    [[nodiscard]] const std::string &sha1() const noexcept { return sha1_; }

    [[nodiscard]] std::expected<Reply, Error> run(Connection &connection,
                                                  std::span<const std::string> keys,
                                                  std::span<const std::string_view> arguments,
                                                  const Context &context) const;

    // Sends one command (EVALSHA, then EVAL) and sets `peer` to the server that answered: a
    // router's way of running a script where redirects may move it to another server.
    using Sender = std::function<std::expected<Reply, Error>(std::span<const std::string_view>,
                                                             std::string &peer)>;
    [[nodiscard]] std::expected<Reply, Error>
    run(const Sender &send, std::span<const std::string> keys,
        std::span<const std::string_view> arguments) const;

    // One call among many sent together by runPipelined().
    struct Call
    {
        std::span<const std::string> keys;
        std::span<const std::string_view> arguments;
    };
    // Sends every call with EVALSHA in one write and reads the replies in order: one round trip
    // for a batch (the watchdog's renewals). The calls answered NOSCRIPT are sent again with
    // EVAL in a second round trip. Error replies stay Replies, one per call, for the caller to
    // judge call by call; only a failure of the connection is an Error.
    [[nodiscard]] std::expected<std::vector<Reply>, Error>
    runPipelined(Connection &connection, std::span<const Call> calls, const Context &context) const;

private:
    std::string_view source_;
    std::string sha1_;
};

} // namespace redislock::detail
