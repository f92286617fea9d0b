#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace redislock {

// One RESP2 reply to a command sent with Client::command(), copied out of the RESP codec.
struct Reply
{
    enum class Type
    {
        nil,
        string,
        status,
        error,
        integer,
        array,
    };

    Type type = Type::nil;
    std::string text; // string, status and error replies
    std::int64_t integer = 0;
    std::vector<Reply> elements;

    [[nodiscard]] bool isNil() const noexcept { return type == Type::nil; }
    [[nodiscard]] bool isError() const noexcept { return type == Type::error; }
};

} // namespace redislock
