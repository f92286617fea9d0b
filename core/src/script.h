#pragma once

#include "connection.h"

#include <functional>
#include <string>
#include <string_view>

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

private:
    std::string_view source_;
    std::string sha1_;
};

} // namespace redislock::detail
