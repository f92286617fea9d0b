// rawpair: the floor under lockbench single, with no library at all.
//
//   rawpair [--host H] --port P [-n N] [--scripts DIR]
//
// N times (100000 by default): obtain a distinct key ("raw:<i>", ttl 10 s) with EVALSHA of
// DIR/obtain.lua, then release it with EVALSHA of DIR/release.lua (DIR: core/scripts), the same
// scripts and arguments as the library. One blocking TCP socket with TCP_NODELAY; each round trip
// is one send() and one recv() (two system calls, where a command needs at least that), the
// command is formatted with no allocation to speak of, and a reply is only looked at for its
// first byte and its final CRLF. No token generation, no pool, no liveness check, no reply
// parsing. Prints {"workload":"raw-single","ops":N,"secs":S,"ops_per_sec":R}: ops_per_sec ÷
// redis-benchmark EVALSHA -c 1 is the ratio that any client making the two round trips of a
// pair could reach on this machine. Exit status 3 on a connection or server error.

#include <arpa/inet.h>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int fd = -1;
char in[4096];

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "rawpair: %s\n", what.c_str());
    std::exit(3);
}

void appendBulk(std::string &out, std::string_view argument)
{
    char digits[24];
    out += '$';
    out.append(digits, std::to_chars(digits, digits + sizeof digits, argument.size()).ptr);
    out += "\r\n";
    out += argument;
    out += "\r\n";
}

// Sends a command and reads until the reply's last CRLF; returns the reply's length. Only
// replies that fit the buffer and end with CRLF in one piece are expected (integers, nil, short
// bulk strings, errors).
std::size_t roundTrip(const std::string &command)
{
    if (::send(fd, command.data(), command.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(command.size()))
        fail("send failed");
    std::size_t got = 0;
    for (;;) {
        const auto received = ::recv(fd, in + got, sizeof in - got, 0);
        if (received <= 0)
            fail("the server closed the connection");
        got += static_cast<std::size_t>(received);
        if (got >= 2 && in[got - 2] == '\r' && in[got - 1] == '\n')
            return got;
        if (got == sizeof in)
            fail("reply too long");
    }
}

std::string scriptLoad(const std::string &path)
{
    std::ifstream file(path);
    if (!file)
        fail("cannot read " + path);
    std::stringstream text;
    text << file.rdbuf();
    std::string command = "*3\r\n";
    appendBulk(command, "SCRIPT");
    appendBulk(command, "LOAD");
    appendBulk(command, text.str());
    const std::size_t length = roundTrip(command);
    // "$40\r\n<sha>\r\n"
    if (in[0] != '$' || length != 5 + 40 + 2)
        fail("SCRIPT LOAD answered " + std::string(in, length));
    return std::string(in + 5, 40);
}

} // namespace

int main(int argc, char **argv)
{
    std::string host = "127.0.0.1";
    std::string port; // required
    long pairs = 100000;
    std::string scripts = "core/scripts";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view option = argv[i];
        const char *value = argv[i + 1];
        if (option == "--host")
            host = value;
        else if (option == "--port")
            port = value;
        else if (option == "-n")
            pairs = std::atol(value);
        else if (option == "--scripts")
            scripts = value;
        else {
            std::fprintf(stderr, "usage: rawpair [--host H] --port P [-n N] [--scripts DIR]\n");
            return 2;
        }
    }

    if (port.empty()) {
        std::fprintf(
            stderr,
            "rawpair: needs --port P, the private server to measure (there is no default)\n");
        return 2;
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
        fail("cannot resolve " + host);
    fd = ::socket(found->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || ::connect(fd, found->ai_addr, found->ai_addrlen) != 0)
        fail("cannot connect to " + host + ":" + port);
    ::freeaddrinfo(found);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    const std::string obtainSha = scriptLoad(scripts + "/obtain.lua");
    const std::string releaseSha = scriptLoad(scripts + "/release.lua");
    const std::string value = "bench0123456789abcdefg"; // 22 characters, like a default token

    std::string obtain;
    std::string release;
    char key[32] = "raw:";
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < pairs; ++i) {
        const std::string_view name(key, std::to_chars(key + 4, key + sizeof key, i).ptr);
        obtain.assign("*8\r\n");
        appendBulk(obtain, "EVALSHA");
        appendBulk(obtain, obtainSha);
        appendBulk(obtain, "1");
        appendBulk(obtain, name);
        appendBulk(obtain, value);
        appendBulk(obtain, "22");
        appendBulk(obtain, "10000");
        appendBulk(obtain, "1");
        if (roundTrip(obtain) == 0 || in[0] != ':')
            fail("obtain was not granted: " + std::string(in, 20));
        release.assign("*5\r\n");
        appendBulk(release, "EVALSHA");
        appendBulk(release, releaseSha);
        appendBulk(release, "1");
        appendBulk(release, name);
        appendBulk(release, value);
        if (roundTrip(release) == 0 || in[0] != ':')
            fail("release failed: " + std::string(in, 20));
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"workload\":\"raw-single\",\"ops\":%ld,\"secs\":%.6f,\"ops_per_sec\":%.1f}\n",
                pairs, seconds, static_cast<double>(pairs) / seconds);
    ::close(fd);
    return 0;
}
