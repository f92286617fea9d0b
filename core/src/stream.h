#pragma once

#include "iodeadline.h"

#include <redislock/error.h>

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace redislock::detail {

// A byte stream to a Redis server: plain TCP, Unix socket or TLS. The RESP codec above it is
// the same for every transport.
class Stream
{
public:
    virtual ~Stream() = default;
    [[nodiscard]] virtual std::expected<void, Error> writeAll(std::string_view data,
                                                              const IoDeadline &deadline) = 0;
    // Reads at least one byte.
    [[nodiscard]] virtual std::expected<std::size_t, Error>
    readSome(char *buffer, std::size_t size, const IoDeadline &deadline) = 0;
    // The peer sent something, or closed, while no reply was expected: the stream is not
    // fit for reuse (for example after CLIENT KILL or a server restart).
    [[nodiscard]] virtual bool hasUnexpectedInput() = 0;
    [[nodiscard]] virtual const std::string &peer() const = 0;
};

} // namespace redislock::detail
