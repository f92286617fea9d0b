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

std::expected<std::vector<Reply>, Error> Script::runPipelined(Connection &connection,
                                                              std::span<const Call> calls,
                                                              const Context &context) const
{
    std::vector<std::string> keyCounts;
    keyCounts.reserve(calls.size());
    std::vector<Command> commands;
    commands.reserve(calls.size());
    for (const Call &call : calls) {
        keyCounts.push_back(std::to_string(call.keys.size()));
        Command &command = commands.emplace_back();
        command.reserve(3 + call.keys.size() + call.arguments.size());
        command.push_back("EVALSHA");
        command.push_back(sha1_);
        command.push_back(keyCounts.back());
        command.insert(command.end(), call.keys.begin(), call.keys.end());
        command.insert(command.end(), call.arguments.begin(), call.arguments.end());
    }
    auto replies = connection.pipeline(commands, context);
    if (!replies)
        return replies;
    // After a restart or SCRIPT FLUSH every call says NOSCRIPT: send those again with the source.
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < replies->size(); ++i)
        if ((*replies)[i].isError() &&
            classifyReplyError((*replies)[i].text).kind == ServerError::noScript)
            missing.push_back(i);
    if (missing.empty())
        return replies;
    std::vector<Command> again;
    again.reserve(missing.size());
    for (const std::size_t i : missing) {
        Command command = commands[i];
        command[0] = "EVAL";
        command[1] = source_;
        again.push_back(std::move(command));
    }
    auto second = connection.pipeline(again, context);
    if (!second)
        return std::unexpected(second.error());
    for (std::size_t j = 0; j < missing.size(); ++j)
        (*replies)[missing[j]] = std::move((*second)[j]);
    return replies;
}

} // namespace redislock::detail
