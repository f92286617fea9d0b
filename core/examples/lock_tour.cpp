// A guided tour of the redislock core on a private redis-server that it starts and stops
// itself (on a Unix socket in a temporary directory, so no port is taken).
//
//     lock_tour [redis-server path]

#include <redislock/redislock.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// The private server: a child that dies with us, even if we are killed.
class PrivateRedis
{
public:
    explicit PrivateRedis(const char *program)
    {
        char pattern[] = "/tmp/lock-tour-XXXXXX";
        if (!::mkdtemp(pattern))
            throw std::runtime_error("cannot create a temporary directory");
        dir_ = pattern;
        socket_ = dir_ / "redis.sock";
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            const std::string socket = socket_.string();
            const std::string dir = dir_.string();
            const std::string log = (dir_ / "redis.log").string();
            // The server's chatter goes to its log, not over the tour.
            if (const int null = ::open("/dev/null", O_WRONLY); null >= 0)
                ::dup2(null, STDOUT_FILENO);
            ::execlp(program, program, "--port", "0", "--unixsocket", socket.c_str(), "--save", "",
                     "--appendonly", "no", "--dir", dir.c_str(), "--logfile", log.c_str(),
                     static_cast<char *>(nullptr));
            std::fprintf(stderr, "lock_tour: cannot run %s: is redis-server installed?\n", program);
            ::_exit(127);
        }
    }
    ~PrivateRedis()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    PrivateRedis(const PrivateRedis &) = delete;
    PrivateRedis &operator=(const PrivateRedis &) = delete;

    [[nodiscard]] std::string url() const { return "unix://" + socket_.string(); }

private:
    std::filesystem::path dir_;
    std::filesystem::path socket_;
    pid_t pid_ = -1;
};

const Clock::time_point started = Clock::now();
std::mutex printMutex;

void say(const std::string &line)
{
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    const std::lock_guard guard(printMutex);
    std::printf("[%5lld ms] %s\n", static_cast<long long>(ms), line.c_str());
}

void section(const char *title)
{
    std::printf("\n== %s\n", title);
}

} // namespace

int main(int argc, char **argv)
{
    PrivateRedis server(argc > 1 ? argv[1] : "redis-server");
    auto client = redislock::Client::fromUrl(server.url());
    if (!client) {
        std::cerr << client.error().message() << '\n';
        return 1;
    }
    // Wait for the server to come up: ping until it answers.
    for (int i = 0;; ++i) {
        if (client->ping())
            break;
        if (i == 100) {
            std::cerr << "lock_tour: the private redis-server did not start\n";
            return 1;
        }
        std::this_thread::sleep_for(50ms);
    }
    say("private redis-server at " + server.url());

    section("Obtain a lock: token + metadata, with a ttl");
    redislock::Options options;
    options.metadata = R"({"service":"billing","host":"tour"})";
    auto report = client->obtain("tour:report", 2s, options);
    if (!report) {
        std::cerr << report.error().message() << '\n';
        return 1;
    }
    say("obtained " + report->key() + " token=" + std::string(report->token()) +
        " metadata=" + std::string(report->metadata()));
    say("ttl " + std::to_string(report->ttl().value_or(0ms).count()) + " ms");
    auto again = client->obtain("tour:report", 2s);
    say(std::string("a second obtain: ") + (again ? "obtained?!" : again.error().message()));
    (void)report->refresh(5s);
    say("refreshed: ttl " + std::to_string(report->ttl().value_or(0ms).count()) + " ms");
    (void)report->release();
    say("released");

    section("Four workers contend on one key, exponential backoff, fencing tokens");
    redislock::Options contended;
    contended.retryStrategy = redislock::exponentialBackoff(4ms, 64ms);
    contended.fenceKey = "tour:invoice-42:fence";
    std::atomic<int> holders{0};
    {
        std::vector<std::jthread> workers;
        for (int w = 1; w <= 4; ++w) {
            workers.emplace_back([&, w] {
                for (int round = 0; round < 2; ++round) {
                    const auto begin = Clock::now();
                    auto lock = client->obtain("tour:invoice-42", 1s, contended);
                    const auto waited =
                        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin);
                    if (!lock) {
                        say("worker " + std::to_string(w) + ": " + lock.error().message());
                        continue;
                    }
                    if (holders.fetch_add(1) != 0)
                        say("worker " + std::to_string(w) + ": OVERLAP (this is a bug)");
                    say("worker " + std::to_string(w) + " holds it after waiting " +
                        std::to_string(waited.count()) + " ms, fence token " +
                        std::to_string(lock->fenceToken()));
                    std::this_thread::sleep_for(20ms);
                    holders.fetch_sub(1);
                    (void)lock->release();
                }
            });
        }
    }

    section("The deadline cuts retries off: limitRetry(linearBackoff(100ms), 10) with ttl 100ms");
    auto holder = client->obtain("tour:nightly-job", 10s);
    redislock::Options cosyTest;
    cosyTest.retryStrategy = redislock::limitRetry(redislock::linearBackoff(100ms), 10);
    const auto begin = Clock::now();
    auto late = client->obtain("tour:nightly-job", 100ms, cosyTest);
    say(std::string(late ? "obtained?!" : late.error().message()) + " after " +
        std::to_string(
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin).count()) +
        " ms: ten retries would need a second, one lock lifetime is 100 ms");
    if (holder)
        (void)holder->release();

    section("A lock that expires");
    auto brief = client->obtain("tour:brief", 100ms);
    if (brief) {
        std::this_thread::sleep_for(150ms);
        say("ttl after 150 ms: " + std::to_string(brief->ttl().value_or(-1ms).count()) + " ms");
        auto released = brief->release();
        say(std::string("release: ") + (released ? "released?!" : released.error().message()));
    }
    std::printf("\nDone. The private redis-server stops now.\n");
    return 0;
}
