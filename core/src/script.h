#pragma once

#include "connection.h"

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

private:
    std::string_view source_;
    std::string sha1_;
};

} // namespace redislock::detail
