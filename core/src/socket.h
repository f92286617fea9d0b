#pragma once

#include "iodeadline.h"

#include <redislock/error.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace redislock::detail {

// A stream socket (TCP or Unix) that owns its file descriptor. It connects without blocking,
// then blocks in recv() for slices of 20 ms at most; every wait is bounded by an IoDeadline and
// its stop token, and writes never block nor raise SIGPIPE.
class Socket
{
public:
    Socket() = default;
    Socket(const Socket &) = delete;
    Socket &operator=(const Socket &) = delete;
    Socket(Socket &&other) noexcept;
    Socket &operator=(Socket &&other) noexcept;
    ~Socket();

    [[nodiscard]] static std::expected<Socket, Error> connectTcp(const std::string &host,
                                                                 std::uint16_t port,
                                                                 std::chrono::seconds keepAlive,
                                                                 const IoDeadline &deadline);
    [[nodiscard]] static std::expected<Socket, Error> connectUnix(const std::string &path,
                                                                  const IoDeadline &deadline);

    // Sends some bytes, waiting until the socket can take them; returns how many were sent.
    [[nodiscard]] std::expected<std::size_t, Error> sendSome(std::string_view data,
                                                             const IoDeadline &deadline);
    // Receives at least one byte, waiting for it; a closed peer is Errc::connectionClosed.
    [[nodiscard]] std::expected<std::size_t, Error> receiveSome(char *buffer, std::size_t size,
                                                                const IoDeadline &deadline);
    // True when the peer has sent data or closed the connection, without waiting.
    [[nodiscard]] bool readable() const;

    [[nodiscard]] const std::string &peer() const noexcept { return peer_; }

private:
    Socket(int fd, std::string peer) : fd_(fd), peer_(std::move(peer)) {}
    [[nodiscard]] std::expected<void, Error> wait(short events, const IoDeadline &deadline,
                                                  std::string_view doing) const;

    int fd_ = -1;
    bool blocking_ = false; // recv() may block, for one receive slice at most
    std::string peer_;
};

} // namespace redislock::detail
