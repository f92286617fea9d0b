#pragma once

#include <redislock/error.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redislock::detail {

// Where a cluster's MOVED or ASK reply sends a slot.
struct Redirect
{
    int slot = 0;
    std::string host;
    std::uint16_t port = 0;
};

// What an error reply says, read once here for every caller: the client, the scripts (NOSCRIPT
// fallback), the scanner, the subscription and a new connection's handshake.
struct ReplyError
{
    ServerError kind = ServerError::other;
    // The code of the Error made from it: authenticationFailed for NOAUTH, WRONGPASS and NOPERM,
    // serverError for the rest.
    Errc code = Errc::serverError;
    // MOVED and ASK only.
    std::optional<Redirect> redirect;
};

[[nodiscard]] ReplyError classifyReplyError(std::string_view text);

// The Error for the error reply `text`, with `detail` (what was being done, and the reply) as its
// one line.
[[nodiscard]] Error replyError(std::string_view text, std::string detail);

} // namespace redislock::detail
