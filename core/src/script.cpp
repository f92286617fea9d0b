#include "script.h"

#include "replyerror.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>

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
    return run(
        [&](std::span<const std::string_view> command, std::string &peer) {
            peer = connection.peer();
            return connection.command(command, context);
        },
        keys, arguments);
}

std::expected<Reply, Error> Script::run(const Sender &send, std::span<const std::string> keys,
                                        std::span<const std::string_view> arguments) const
{
    const std::string keyCount = std::to_string(keys.size());
    // A lock call's command fits on the stack; only long multi-key calls take the heap.
    std::array<std::string_view, 16> onStack;
    Command heap;
    const std::size_t size = 3 + keys.size() + arguments.size();
    std::span<std::string_view> command(onStack.data(), size);
    if (size > onStack.size()) {
        heap.resize(size);
        command = heap;
    }
    command[0] = "EVALSHA";
    command[1] = sha1_;
    command[2] = keyCount;
    std::ranges::copy(keys, command.begin() + 3);
    std::ranges::copy(arguments, command.begin() + 3 + static_cast<std::ptrdiff_t>(keys.size()));

    std::string peer;
    auto reply = send(command, peer);
    if (reply && reply->isError() &&
        classifyReplyError(reply->text).kind == ServerError::noScript) {
        command[0] = "EVAL";
        command[1] = source_;
        reply = send(command, peer);
    }
    if (reply && reply->isError())
        return std::unexpected(
            replyError(reply->text, "the server at " + peer + " answered: " + reply->text));
    return reply;
}

} // namespace redislock::detail
