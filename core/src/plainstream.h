#pragma once

#include "socket.h"
#include "stream.h"

namespace redislock::detail {

// A Stream straight over a TCP or Unix socket.
class PlainStream final : public Stream
{
public:
    explicit PlainStream(Socket socket) : socket_(std::move(socket)) {}

    std::expected<void, Error> writeAll(std::string_view data, const IoDeadline &deadline) override;
    std::expected<std::size_t, Error> readSome(char *buffer, std::size_t size,
                                               const IoDeadline &deadline) override;
    bool hasUnexpectedInput() override { return socket_.readable(); }
    const std::string &peer() const override { return socket_.peer(); }

private:
    Socket socket_;
};

} // namespace redislock::detail
