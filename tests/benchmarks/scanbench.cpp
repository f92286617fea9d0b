// scanbench: what the library's listing costs per key, without the GUI: KeyScanner over a
// private server's keys, pages handed back (recycle) as the inspector and lockctl do, every
// record classified, nothing printed.
//
//   scanbench --port P [--host H] [--locks N] [--runs R] [--pattern GLOB]
//
// With --locks N, first writes N redislock-format locks "scanbench:svc-NN:orders:NNNNNN" (a
// 22-character base64url token, then JSON metadata, as inspectorbench writes them), each for an
// hour or so; a second load rewrites the same keys. Then lists the keys under --pattern
// ("scanbench:*") R times (5) and prints one JSON line of medians:
//   {"keys","runs","wall_ms","reader_cpu_ms","reader_cpu_ns_per_key","caller_cpu_ms",
//    "allocations_per_key"}
// reader_cpu: the process's CPU minus the calling thread's, i.e. the scanner's reader thread
// (the server runs in another process). allocations_per_key: C++ allocations (operator new)
// of every thread during the listing, per key; hiredis's own (malloc) are not counted.
// Exit status 3 on a connection or server error, 2 for bad usage.

#include <redislock/client.h>
#include <redislock/keyscanner.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <new>
#include <random>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <vector>

namespace {

std::atomic<std::uint64_t> allocations{0};

} // namespace

// The replacement pair of the global allocation functions, so that every C++ allocation is
// counted. GCC sees the free() of what its own operator new would have returned and warns; here
// both sides are malloc's.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void *operator new(std::size_t size)
{
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void *memory = std::malloc(size == 0 ? 1 : size))
        return memory;
    throw std::bad_alloc();
}

void operator delete(void *memory) noexcept
{
    std::free(memory);
}

void operator delete(void *memory, std::size_t) noexcept
{
    std::free(memory);
}
#pragma GCC diagnostic pop

namespace {

constexpr std::string_view base64url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string lockKey(int i)
{
    std::string number = std::to_string(i);
    number.insert(0, std::size_t(std::max<int>(0, 6 - int(number.size()))), '0');
    const int service = i % 24;
    return "scanbench:svc-" + std::string(service < 10 ? "0" : "") + std::to_string(service) +
           ":orders:" + number;
}

std::string lockValue(int i, std::mt19937 &random)
{
    std::string value(22, ' ');
    for (char &c : value)
        c = base64url[random() % 64];
    value += R"({"service":"svc-)" + std::to_string(i % 24) + R"(","host":"web-)" +
             std::to_string(i % 17) + R"(","pid":)" + std::to_string(1000 + i % 5000) + "}";
    return value;
}

bool load(const redislock::Client &client, int count)
{
    std::mt19937 random(42);
    constexpr int batch = 1000;
    for (int first = 0; first < count; first += batch) {
        std::vector<std::vector<std::string>> commands;
        for (int i = first; i < std::min(count, first + batch); ++i)
            commands.push_back({"SET", lockKey(i), lockValue(i, random), "PX",
                                std::to_string(3'600'000 + int(random() % 540'000))});
        auto replies = client.pipeline(commands);
        if (!replies) {
            std::fprintf(stderr, "scanbench: loading failed: %s\n",
                         replies.error().message().c_str());
            return false;
        }
    }
    return true;
}

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double threadCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

double median(std::vector<double> values)
{
    std::ranges::sort(values);
    return values.empty() ? 0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    std::string host = "127.0.0.1";
    int port = 0;
    int locks = 0;
    int runs = 5;
    std::string pattern = "scanbench:*";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view option = argv[i];
        const std::string_view value = argv[i + 1];
        const auto number = [&value](int &into) {
            std::from_chars(value.data(), value.data() + value.size(), into);
        };
        if (option == "--host")
            host = value;
        else if (option == "--port")
            number(port);
        else if (option == "--locks")
            number(locks);
        else if (option == "--runs")
            number(runs);
        else if (option == "--pattern")
            pattern = value;
        else {
            std::fprintf(stderr, "usage: scanbench --port P [--host H] [--locks N] [--runs R] "
                                 "[--pattern GLOB]\n");
            return 2;
        }
    }
    if (port <= 0 || argc % 2 == 0 || runs < 1) {
        std::fprintf(stderr, "scanbench: needs --port P, the private server to measure (there is "
                             "no default), and a value after each option\n");
        return 2;
    }
    auto client = redislock::Client::fromUrl("redis://" + host + ":" + std::to_string(port) + "/0");
    if (!client) {
        std::fprintf(stderr, "scanbench: %s\n", client.error().message().c_str());
        return 3;
    }
    if (locks > 0 && !load(*client, locks))
        return 3;

    std::vector<double> wall, readerCpu, callerCpu, perKey;
    std::uint64_t keys = 0;
    for (int run = 0; run < runs; ++run) {
        redislock::ScanOptions options;
        options.pattern = pattern;
        options.maxValueBytes = 4096; // as the inspector reads
        redislock::KeyScanner scanner(*client, options);
        keys = 0;
        const std::uint64_t allocated = allocations.load();
        const double process = processCpuSeconds();
        const double caller = threadCpuSeconds();
        const auto start = std::chrono::steady_clock::now();
        while (!scanner.finished()) {
            auto page = scanner.next();
            if (!page) {
                std::fprintf(stderr, "scanbench: %s\n", page.error().message().c_str());
                return 3;
            }
            keys += page->size();
            scanner.recycle(std::move(*page));
        }
        wall.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        const double callerSpent = threadCpuSeconds() - caller;
        callerCpu.push_back(callerSpent);
        readerCpu.push_back(processCpuSeconds() - process - callerSpent);
        perKey.push_back(double(allocations.load() - allocated) /
                         double(std::max<std::uint64_t>(keys, 1)));
    }
    const double reader = median(readerCpu);
    std::printf("{\"keys\":%" PRIu64 ",\"runs\":%d,\"wall_ms\":%.0f,\"reader_cpu_ms\":%.0f,"
                "\"reader_cpu_ns_per_key\":%.0f,\"caller_cpu_ms\":%.0f,"
                "\"allocations_per_key\":%.2f}\n",
                keys, runs, median(wall) * 1000, reader * 1000,
                reader * 1e9 / double(std::max<std::uint64_t>(keys, 1)), median(callerCpu) * 1000,
                median(perKey));
    return 0;
}
