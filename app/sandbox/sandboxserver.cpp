#include "sandboxserver.h"

#include <redislock/client.h>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using redislock::Errc;
using redislock::Error;
using namespace std::chrono_literals;

namespace {

// Free loopback ports, all different: each is held by a bound socket until all are picked.
std::vector<std::uint16_t> freeLoopbackPorts(std::size_t count)
{
    std::vector<int> sockets;
    std::vector<std::uint16_t> ports;
    for (std::size_t i = 0; i < count; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            break;
        sockets.push_back(fd);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            break;
        ports.push_back(ntohs(address.sin_port));
    }
    for (const int fd : sockets)
        ::close(fd);
    if (ports.size() != count)
        ports.assign(count, 0);
    return ports;
}

} // namespace

std::expected<std::unique_ptr<SandboxServer>, Error> SandboxServer::start(const Options &options)
{
    std::unique_ptr<SandboxServer> server(new SandboxServer);
    char pattern[] = "/tmp/lockscope-sandbox-XXXXXX";
    if (!::mkdtemp(pattern))
        return std::unexpected(Error(Errc::invalidArgument, "cannot create a temporary directory"));
    server->dir_ = pattern;
    // A free port can be taken by someone else before redis-server binds it: try a few.
    Error last(Errc::connectionFailed, "redis-server did not start");
    for (int attempt = 0; attempt < (options.port ? 1 : 5); ++attempt) {
        auto launched = server->launch(options);
        if (launched)
            return server;
        last = launched.error();
    }
    return std::unexpected(last);
}

std::expected<void, Error> SandboxServer::launch(const Options &options)
{
    const auto free = freeLoopbackPorts(2);
    port_ = options.port ? options.port : free[0];
    busPort_ = options.clusterNode ? free[1] : std::uint16_t{0};
    if (port_ == 0 || (options.clusterNode && busPort_ == 0))
        return std::unexpected(Error(Errc::connectionFailed, "no free port on 127.0.0.1"));
    const std::string port = std::to_string(port_);
    const std::string busPort = std::to_string(busPort_);
    const std::string dir = dir_.string();
    const std::string log = (dir_ / "redis.log").string();
    pid_ = ::fork();
    if (pid_ < 0)
        return std::unexpected(Error(Errc::connectionFailed, "cannot fork for redis-server"));
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        // A blocked signal mask survives exec: give the server its SIGTERM back (lockctl
        // blocks SIGINT and SIGTERM to take them in a watcher thread).
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (const int null = ::open("/dev/null", O_RDWR); null >= 0) {
            ::dup2(null, STDIN_FILENO);
            ::dup2(null, STDOUT_FILENO);
        }
        // Loopback only, never every interface: the sandbox has no password.
        std::vector<const char *> argv{options.program.c_str(),
                                       "--bind",
                                       "127.0.0.1",
                                       "--port",
                                       port.c_str(),
                                       "--save",
                                       "",
                                       "--appendonly",
                                       "no",
                                       "--dir",
                                       dir.c_str(),
                                       "--logfile",
                                       log.c_str(),
                                       "--notify-keyspace-events",
                                       "KEA"};
        if (options.clusterNode)
            argv.insert(argv.end(), {"--cluster-enabled", "yes", "--cluster-config-file",
                                     "nodes.conf", "--cluster-port", busPort.c_str()});
        argv.push_back(nullptr);
        ::execvp(options.program.c_str(), const_cast<char *const *>(argv.data()));
        std::fprintf(stderr,
                     "cannot run %s: is redis-server installed (apt-get install "
                     "redis-server)?\n",
                     options.program.c_str());
        ::_exit(127);
    }
    auto client = redislock::Client::fromUrl(url() + "?connect_timeout=200ms");
    for (int i = 0; i < 100; ++i) {
        if (client && client->ping())
            return {};
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return std::unexpected(
                Error(Errc::connectionFailed,
                      "redis-server exited at start (port " + port + " taken?); its log: " + log));
        }
        std::this_thread::sleep_for(50ms);
    }
    stop();
    return std::unexpected(
        Error(Errc::timeout, "redis-server did not answer within 5s; its log: " + log));
}

void SandboxServer::stop()
{
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 60; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(50ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

SandboxServer::~SandboxServer()
{
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}
