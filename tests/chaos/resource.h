#pragma once

// The "resource" the locks protect, independent of Redis and of the holders: a service on a Unix
// socket that takes writes carrying a fencing token and rejects a write whose fence is older than
// the newest it has accepted on that key (the storage side of Kleppmann's fencing argument). It
// also collects the holders' reports of their holds and errors, and writes every event, with its
// verdict, to the run's history for the checker.
//
// Protocol: one request line, one answer line.
//   W KEY FENCE HOLDER            -> accepted | stale | collision   (logged as a WriteEvent)
//   a HoldEvent or ErrorEvent line, as formatLine() makes it -> ok  (logged as it is)

#include "history.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace chaos {

// The fencing rule alone: per key, the newest fence accepted and who wrote with it.
class FencedResource
{
public:
    [[nodiscard]] Verdict write(const std::string &key, std::int64_t fence,
                                const std::string &holder);

private:
    struct Newest
    {
        std::int64_t fence = 0;
        std::string holder;
    };
    std::mutex mutex_;
    std::map<std::string, Newest, std::less<>> newest_;
};

// The events of a run, appended to a file as lines; safe to use from several threads.
class HistoryLog
{
public:
    explicit HistoryLog(const std::string &path);
    ~HistoryLog();
    HistoryLog(const HistoryLog &) = delete;
    HistoryLog &operator=(const HistoryLog &) = delete;

    [[nodiscard]] bool isOpen() const noexcept { return file_ != nullptr; }
    void append(const std::string &line);
    void flush();

private:
    std::mutex mutex_;
    std::FILE *file_ = nullptr;
};

// Serves a FencedResource on a Unix socket, one thread per connection (a holder thread each),
// logging to a HistoryLog. Stops (and joins its threads) in stop() and in the destructor.
class ResourceServer
{
public:
    ResourceServer(std::string socketPath, HistoryLog &history);
    ~ResourceServer();
    ResourceServer(const ResourceServer &) = delete;
    ResourceServer &operator=(const ResourceServer &) = delete;

    // Binds and listens; false with error() when it cannot.
    [[nodiscard]] bool start();
    void stop();
    [[nodiscard]] const std::string &error() const noexcept { return error_; }

    // Holds reported so far: the acquisitions of the run.
    [[nodiscard]] std::int64_t holdsReported() const noexcept { return holds_.load(); }
    // When the holders of process `pid` (holder ids "p<pid>.t<n>") last sent anything; nullopt
    // before their first request. A worker that stops making requests is stuck.
    [[nodiscard]] std::optional<Nanos> lastHeardFrom(long long pid);

private:
    void acceptLoop();
    void serve(int fd);
    [[nodiscard]] std::string answer(const std::string &request);

    std::string socketPath_;
    HistoryLog &history_;
    FencedResource resource_;
    std::string error_;
    int listenFd_ = -1;
    std::atomic<bool> stopping_{false};
    std::atomic<std::int64_t> holds_{0};
    std::mutex heardMutex_;
    std::map<long long, Nanos> lastHeard_;
    std::thread acceptThread_;
    std::mutex connectionsMutex_;
    std::vector<int> connectionFds_;
    std::vector<std::thread> connectionThreads_;
};

// A holder's connection to the resource. Blocking; one per thread.
class ResourceClient
{
public:
    ResourceClient() = default;
    ~ResourceClient();
    ResourceClient(const ResourceClient &) = delete;
    ResourceClient &operator=(const ResourceClient &) = delete;

    [[nodiscard]] bool connect(const std::string &socketPath);
    // The resource's verdict; nullopt when the resource cannot be reached (the run is broken).
    [[nodiscard]] std::optional<Verdict> write(const std::string &key, std::int64_t fence,
                                               const std::string &holder);
    [[nodiscard]] bool report(const HoldEvent &hold);
    [[nodiscard]] bool report(const ErrorEvent &error);

private:
    [[nodiscard]] std::optional<std::string> request(const std::string &line);

    int fd_ = -1;
    std::string buffer_;
};

} // namespace chaos
