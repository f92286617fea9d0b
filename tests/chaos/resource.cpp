#include "resource.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace chaos {

namespace {

bool sendAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const auto sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

// The next line from fd (without its newline), buffering what came after it.
std::optional<std::string> readLine(int fd, std::string &buffer)
{
    for (;;) {
        if (const auto newline = buffer.find('\n'); newline != std::string::npos) {
            std::string line = buffer.substr(0, newline);
            buffer.erase(0, newline + 1);
            return line;
        }
        char chunk[4096];
        const auto got = ::recv(fd, chunk, sizeof chunk, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return std::nullopt;
        buffer.append(chunk, static_cast<std::size_t>(got));
    }
}

bool socketAddress(const std::string &path, sockaddr_un &address)
{
    address = {};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path)
        return false;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return true;
}

} // namespace

Verdict FencedResource::write(const std::string &key, std::int64_t fence, const std::string &holder)
{
    const std::scoped_lock lock(mutex_);
    Newest &newest = newest_[key];
    if (fence < newest.fence)
        return Verdict::stale;
    if (fence == newest.fence && !newest.holder.empty() && newest.holder != holder)
        return Verdict::collision;
    newest.fence = fence;
    newest.holder = holder;
    return Verdict::accepted;
}

HistoryLog::HistoryLog(const std::string &path) : file_(std::fopen(path.c_str(), "we"))
{}

HistoryLog::~HistoryLog()
{
    if (file_)
        std::fclose(file_);
}

void HistoryLog::append(const std::string &line)
{
    const std::scoped_lock lock(mutex_);
    if (!file_)
        return;
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
}

void HistoryLog::flush()
{
    const std::scoped_lock lock(mutex_);
    if (file_)
        std::fflush(file_);
}

ResourceServer::ResourceServer(std::string socketPath, HistoryLog &history)
    : socketPath_(std::move(socketPath)), history_(history)
{}

ResourceServer::~ResourceServer()
{
    stop();
}

bool ResourceServer::start()
{
    sockaddr_un address{};
    if (!socketAddress(socketPath_, address)) {
        error_ = "socket path too long: " + socketPath_;
        return false;
    }
    listenFd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listenFd_ < 0 ||
        ::bind(listenFd_, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(listenFd_, 128) != 0) {
        error_ = "cannot listen on " + socketPath_ + ": " + std::strerror(errno);
        return false;
    }
    acceptThread_ = std::thread([this] { acceptLoop(); });
    return true;
}

void ResourceServer::stop()
{
    if (stopping_.exchange(true))
        return;
    if (listenFd_ >= 0)
        ::shutdown(listenFd_, SHUT_RDWR);
    if (acceptThread_.joinable())
        acceptThread_.join();
    if (listenFd_ >= 0)
        ::close(listenFd_);
    {
        const std::scoped_lock lock(connectionsMutex_);
        for (const int fd : connectionFds_)
            ::shutdown(fd, SHUT_RDWR);
    }
    for (std::thread &thread : connectionThreads_)
        thread.join();
    for (const int fd : connectionFds_)
        ::close(fd);
    ::unlink(socketPath_.c_str());
    history_.flush();
}

void ResourceServer::acceptLoop()
{
    while (!stopping_) {
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return; // shut down by stop()
        }
        const std::scoped_lock lock(connectionsMutex_);
        if (stopping_) {
            ::close(fd);
            return;
        }
        connectionFds_.push_back(fd);
        connectionThreads_.emplace_back([this, fd] { serve(fd); });
    }
}

void ResourceServer::serve(int fd)
{
    std::string buffer;
    while (const auto request = readLine(fd, buffer)) {
        if (!sendAll(fd, answer(*request) + '\n'))
            return;
    }
}

std::optional<Nanos> ResourceServer::lastHeardFrom(long long pid)
{
    const std::scoped_lock lock(heardMutex_);
    const auto heard = lastHeard_.find(pid);
    return heard == lastHeard_.end() ? std::nullopt : std::optional(heard->second);
}

std::string ResourceServer::answer(const std::string &request)
{
    // Every request names its holder, "p<pid>.t<n>": after "W KEY FENCE " or as a report's
    // third word.
    if (const auto p = request.find(" p"); p != std::string::npos) {
        long long pid = 0;
        const char *begin = request.data() + p + 2;
        if (std::from_chars(begin, request.data() + request.size(), pid).ec == std::errc()) {
            const std::scoped_lock lock(heardMutex_);
            lastHeard_[pid] = monotonicNow();
        }
    }
    if (request.starts_with("W ")) {
        // W KEY FENCE HOLDER
        const auto keyEnd = request.find(' ', 2);
        const auto fenceEnd = keyEnd == std::string::npos ? keyEnd : request.find(' ', keyEnd + 1);
        if (fenceEnd == std::string::npos)
            return "error: malformed write";
        WriteEvent event;
        event.key = request.substr(2, keyEnd - 2);
        const char *fenceBegin = request.data() + keyEnd + 1;
        if (std::from_chars(fenceBegin, request.data() + fenceEnd, event.fence).ec != std::errc())
            return "error: malformed fence";
        event.holder = request.substr(fenceEnd + 1);
        event.verdict = resource_.write(event.key, event.fence, event.holder);
        event.at = monotonicNow();
        history_.append(formatLine(event));
        return std::string(verdictName(event.verdict));
    }
    const auto event = parseLine(request);
    if (!event ||
        (!std::holds_alternative<HoldEvent>(*event) && !std::holds_alternative<ErrorEvent>(*event)))
        return "error: not a hold or error line";
    if (std::holds_alternative<HoldEvent>(*event))
        ++holds_;
    history_.append(request);
    return "ok";
}

ResourceClient::~ResourceClient()
{
    if (fd_ >= 0)
        ::close(fd_);
}

bool ResourceClient::connect(const std::string &socketPath)
{
    sockaddr_un address{};
    if (!socketAddress(socketPath, address))
        return false;
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    return fd_ >= 0 &&
           ::connect(fd_, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
}

std::optional<std::string> ResourceClient::request(const std::string &line)
{
    if (fd_ < 0 || !sendAll(fd_, line + '\n'))
        return std::nullopt;
    return readLine(fd_, buffer_);
}

std::optional<Verdict> ResourceClient::write(const std::string &key, std::int64_t fence,
                                             const std::string &holder)
{
    const auto answer = request("W " + key + ' ' + std::to_string(fence) + ' ' + holder);
    if (!answer)
        return std::nullopt;
    for (const Verdict verdict : {Verdict::accepted, Verdict::stale, Verdict::collision}) {
        if (*answer == verdictName(verdict))
            return verdict;
    }
    return std::nullopt;
}

bool ResourceClient::report(const HoldEvent &hold)
{
    return request(formatLine(hold)) == std::optional<std::string>("ok");
}

bool ResourceClient::report(const ErrorEvent &error)
{
    return request(formatLine(error)) == std::optional<std::string>("ok");
}

} // namespace chaos
