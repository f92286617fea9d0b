#include "script.h"

#include <openssl/sha.h>

namespace redislock::detail {

Script::Script(std::string_view source) : source_(source)
{
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char *>(source.data()), source.size(), digest);
    static constexpr char hex[] = "0123456789abcdef";
    sha1_.reserve(2 * SHA_DIGEST_LENGTH);
    for (unsigned char byte : digest) {
        sha1_ += hex[byte >> 4];
        sha1_ += hex[byte & 0x0f];
    }
}

std::expected<Reply, Error> Script::run(Connection &connection, std::span<const std::string> keys,
                                        std::span<const std::string_view> arguments,
                                        const Context &context) const
{
    const std::string keyCount = std::to_string(keys.size());
    Command command;
    command.reserve(3 + keys.size() + arguments.size());
    command.push_back("EVALSHA");
    command.push_back(sha1_);
    command.push_back(keyCount);
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), arguments.begin(), arguments.end());

    auto reply = connection.command(command, context);
    if (reply && reply->isError() && reply->text.starts_with("NOSCRIPT")) {
        command[0] = "EVAL";
        command[1] = source_;
        reply = connection.command(command, context);
    }
    if (reply && reply->isError()) {
        const Errc code = reply->text.starts_with("NOAUTH") || reply->text.starts_with("NOPERM")
                              ? Errc::authenticationFailed
                              : Errc::serverError;
        return std::unexpected(
            Error(code, "the server at " + connection.peer() + " answered: " + reply->text));
    }
    return reply;
}

} // namespace redislock::detail
