#include "socket.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <utility>

namespace redislock::detail {
namespace {

using namespace std::chrono_literals;

std::string systemMessage(int error)
{
    return std::strerror(error);
}

Error connectError(int error, const std::string &peer)
{
    switch (error) {
    case ECONNREFUSED:
        return {Errc::connectionFailed,
                "connection to " + peer + " refused: is redis-server running there?"};
    case ENOENT:
        return {Errc::connectionFailed, "no socket at " + peer + ": is redis-server running?"};
    case EACCES:
        return {Errc::connectionFailed, "permission denied for " + peer};
    default:
        return {Errc::connectionFailed, "cannot connect to " + peer + ": " + systemMessage(error)};
    }
}

void setOption(int fd, int level, int name, int value)
{
    ::setsockopt(fd, level, name, &value, sizeof value);
}

// The longest a blocking recv() waits before the deadline and the stop token are looked at
// again: the same slice as the poll() path's, so cancellation is as prompt either way.
constexpr auto receiveSlice = 20ms;

// Connected sockets block, with a receive timeout of one slice: a reply that is not there yet
// is then waited for inside recv() itself, one system call, where a non-blocking socket needs a
// recv() that fails, a poll() and a second recv(). Sends and non-waiting reads pass
// MSG_DONTWAIT instead. Best effort: a socket left non-blocking still works, by poll().
bool makeBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
        return false;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(receiveSlice);
    timeval timeout{static_cast<time_t>(micros.count() / 1'000'000),
                    static_cast<suseconds_t>(micros.count() % 1'000'000)};
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0) {
        ::fcntl(fd, F_SETFL, flags);
        return false;
    }
    return true;
}

} // namespace

Socket::Socket(Socket &&other) noexcept
    : fd_(std::exchange(other.fd_, -1)), blocking_(std::exchange(other.blocking_, false)),
      peer_(std::move(other.peer_))
{}

Socket &Socket::operator=(Socket &&other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        blocking_ = std::exchange(other.blocking_, false);
        peer_ = std::move(other.peer_);
    }
    return *this;
}

Socket::~Socket()
{
    if (fd_ >= 0)
        ::close(fd_);
}

std::expected<void, Error> Socket::wait(short events, const IoDeadline &deadline,
                                        std::string_view doing) const
{
    // A stop token cannot wake poll(), so when one may fire we poll in short slices.
    const bool stoppable = deadline.stop.stop_possible();
    for (;;) {
        if (deadline.stop.stop_requested())
            return std::unexpected(
                Error(Errc::cancelled, std::string(doing) + " " + peer_ + ": cancelled"));
        const auto now = Context::Clock::now();
        if (now >= deadline.at)
            return std::unexpected(
                Error(Errc::timeout, std::string(doing) + " " + peer_ + " timed out"));
        auto slice = std::chrono::ceil<std::chrono::milliseconds>(deadline.at - now);
        if (stoppable)
            slice = std::min(slice, 20ms);
        slice = std::min(slice, std::chrono::milliseconds(INT_MAX));
        pollfd entry{fd_, events, 0};
        const int ready = ::poll(&entry, 1, static_cast<int>(slice.count()));
        if (ready > 0)
            return {};
        if (ready < 0 && errno != EINTR)
            return std::unexpected(Error(Errc::connectionClosed, std::string(doing) + " " + peer_ +
                                                                     ": " + systemMessage(errno)));
    }
}

std::expected<Socket, Error> Socket::connectTcp(const std::string &host, std::uint16_t port,
                                                std::chrono::seconds keepAlive,
                                                const IoDeadline &deadline)
{
    const std::string peer = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                             std::to_string(port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const std::string service = std::to_string(port);
    if (const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
        status != 0) {
        return std::unexpected(Error(Errc::connectionFailed, "cannot resolve host \"" + host +
                                                                 "\": " + gai_strerror(status)));
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);

    Error last(Errc::connectionFailed, "cannot connect to " + peer);
    for (const addrinfo *address = found; address; address = address->ai_next) {
        const int fd =
            ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                     address->ai_protocol);
        if (fd < 0) {
            last = connectError(errno, peer);
            continue;
        }
        Socket socket(fd, peer);
        if (::connect(fd, address->ai_addr, address->ai_addrlen) != 0) {
            if (errno != EINPROGRESS) {
                last = connectError(errno, peer);
                continue;
            }
            if (auto ready = socket.wait(POLLOUT, deadline, "connecting to"); !ready) {
                last = ready.error();
                if (last == Errc::timeout)
                    last = Error(Errc::timeout, "connecting to " + peer + " timed out");
                continue;
            }
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0) {
                last = connectError(error, peer);
                continue;
            }
        }
        setOption(fd, IPPROTO_TCP, TCP_NODELAY, 1);
        if (keepAlive > 0s) {
            setOption(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
            setOption(fd, IPPROTO_TCP, TCP_KEEPIDLE, static_cast<int>(keepAlive.count()));
            setOption(fd, IPPROTO_TCP, TCP_KEEPINTVL, static_cast<int>(keepAlive.count()));
            setOption(fd, IPPROTO_TCP, TCP_KEEPCNT, 3);
        }
        socket.blocking_ = makeBlocking(fd);
        return socket;
    }
    return std::unexpected(last);
}

std::expected<Socket, Error> Socket::connectUnix(const std::string &path,
                                                 const IoDeadline &deadline)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof address.sun_path)
        return std::unexpected(
            Error(Errc::invalidUrl, "unix socket path \"" + path + "\" is empty or too long"));
    std::memcpy(address.sun_path, path.data(), path.size());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return std::unexpected(connectError(errno, path));
    Socket socket(fd, path);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        if (errno != EINPROGRESS && errno != EAGAIN)
            return std::unexpected(connectError(errno, path));
        if (auto ready = socket.wait(POLLOUT, deadline, "connecting to"); !ready)
            return std::unexpected(ready.error());
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0)
            return std::unexpected(connectError(error, path));
    }
    socket.blocking_ = makeBlocking(fd);
    return socket;
}

std::expected<std::size_t, Error> Socket::sendSome(std::string_view data,
                                                   const IoDeadline &deadline)
{
    for (;;) {
        const auto sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent >= 0)
            return static_cast<std::size_t>(sent);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return std::unexpected(
                Error(Errc::connectionClosed,
                      "writing to " + peer_ + " failed: " + systemMessage(errno)));
        if (auto ready = wait(POLLOUT, deadline, "writing to"); !ready)
            return std::unexpected(ready.error());
    }
}

std::expected<std::size_t, Error> Socket::receiveSome(char *buffer, std::size_t size,
                                                      const IoDeadline &deadline)
{
    for (;;) {
        // Block in recv() for one slice when a whole slice is left before the deadline;
        // otherwise (the end is near, a stop was requested, a non-blocking socket) look
        // without waiting and let poll() wait for exactly what is left.
        const bool block = blocking_ && !deadline.stop.stop_requested() &&
                           deadline.at - Context::Clock::now() >= receiveSlice;
        const auto received = ::recv(fd_, buffer, size, block ? 0 : MSG_DONTWAIT);
        if (received > 0)
            return static_cast<std::size_t>(received);
        if (received == 0)
            return std::unexpected(
                Error(Errc::connectionClosed, "the server at " + peer_ + " closed the connection"));
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return std::unexpected(
                Error(Errc::connectionClosed,
                      "reading from " + peer_ + " failed: " + systemMessage(errno)));
        if (block)
            continue; // a slice passed without data: look at the stop token and deadline again
        if (auto ready = wait(POLLIN, deadline, "waiting for a reply from"); !ready)
            return std::unexpected(ready.error());
    }
}

bool Socket::readable() const
{
    pollfd entry{fd_, POLLIN, 0};
    return ::poll(&entry, 1, 0) != 0;
}

} // namespace redislock::detail
