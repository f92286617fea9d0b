#include "replyerror.h"

#include <array>
#include <charconv>
#include <utility>

namespace redislock::detail {
namespace {

// "MOVED 3999 127.0.0.1:6381" and "ASK 3999 [::1]:6381": the slot and where it lives now.
std::optional<Redirect> parseRedirect(std::string_view rest)
{
    const auto space = rest.find(' ');
    if (space == std::string_view::npos)
        return std::nullopt;
    Redirect redirect;
    const std::string_view slot = rest.substr(0, space);
    if (std::from_chars(slot.data(), slot.data() + slot.size(), redirect.slot).ec != std::errc())
        return std::nullopt;
    std::string_view address = rest.substr(space + 1);
    const auto colon = address.rfind(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    const std::string_view port = address.substr(colon + 1);
    if (std::from_chars(port.data(), port.data() + port.size(), redirect.port).ec != std::errc())
        return std::nullopt;
    address = address.substr(0, colon);
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']')
        address = address.substr(1, address.size() - 2);
    redirect.host = address;
    return redirect;
}

} // namespace

ReplyError classifyReplyError(std::string_view text)
{
    // The first word of an error reply is its kind (Redis's "error prefix").
    static constexpr std::array<std::pair<std::string_view, ServerError>, 15> prefixes{{
        {"NOAUTH", ServerError::noAuth},
        {"WRONGPASS", ServerError::wrongPass},
        {"NOPERM", ServerError::noPermission},
        {"LOADING", ServerError::loading},
        {"BUSY", ServerError::busy},
        {"NOSCRIPT", ServerError::noScript},
        {"READONLY", ServerError::readOnly},
        {"MASTERDOWN", ServerError::masterDown},
        {"OOM", ServerError::outOfMemory},
        {"WRONGTYPE", ServerError::wrongType},
        {"MOVED", ServerError::moved},
        {"ASK", ServerError::ask},
        {"TRYAGAIN", ServerError::tryAgain},
        {"CLUSTERDOWN", ServerError::clusterDown},
        {"ERR", ServerError::other},
    }};
    const std::string_view word = text.substr(0, text.find(' '));
    ReplyError result;
    for (const auto &[prefix, kind] : prefixes) {
        if (word == prefix) {
            result.kind = kind;
            break;
        }
    }
    switch (result.kind) {
    case ServerError::noAuth:
    case ServerError::wrongPass:
    case ServerError::noPermission:
        result.code = Errc::authenticationFailed;
        break;
    case ServerError::moved:
    case ServerError::ask:
        result.redirect = parseRedirect(text.substr(std::min(text.size(), word.size() + 1)));
        break;
    case ServerError::other:
        if (text.starts_with("ERR max number of clients"))
            result.kind = ServerError::maxClients;
        // A script's own error (redis.error_reply, error()) and a command failing inside one:
        // "ERR user_script:1: ..." (Redis 7) or "ERR Error running script ..." (Redis 6).
        else if (text.find("user_script:") != std::string_view::npos ||
                 text.starts_with("ERR Error running script"))
            result.kind = ServerError::script;
        break;
    default:
        break;
    }
    return result;
}

Error replyError(std::string_view text, std::string detail)
{
    const ReplyError reply = classifyReplyError(text);
    return {reply.code, std::move(detail), reply.kind};
}

} // namespace redislock::detail
