// scanprobe: the floor for inspecting a keyspace, with nothing but hiredis.
//
//   scanprobe [--host H] --port P [--pattern GLOB] [--count N]
//
// SCAN cursor MATCH GLOB COUNT N (1000 by default) until the cursor comes back to 0, and for
// each page one pipelined round trip of GET + PTTL per key; replies are read and dropped. No
// classification, no copies, no output per key. Prints {"keys":N,"secs":S}: the keys SCAN
// returned and the wall time. lockctl list does the same work plus what a user needs, so the
// ratio of the two is the cost of the library and the CLI. Exit status 3 on a connection or
// server error.

#include <hiredis/hiredis.h>

#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct FreeContext
{
    void operator()(redisContext *context) const noexcept { redisFree(context); }
};
struct FreeReply
{
    void operator()(redisReply *reply) const noexcept { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, FreeReply>;

int fail(const char *what, const redisContext *context)
{
    std::fprintf(stderr, "scanprobe: %s: %s\n", what, context ? context->errstr : "out of memory");
    return 3;
}

} // namespace

int main(int argc, char **argv)
{
    std::string host = "127.0.0.1";
    int port = 0; // required
    std::string pattern = "*";
    std::string count = "1000";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view option = argv[i];
        const std::string_view value = argv[i + 1];
        if (option == "--host") {
            host = value;
        } else if (option == "--port") {
            std::from_chars(value.data(), value.data() + value.size(), port);
        } else if (option == "--pattern") {
            pattern = value;
        } else if (option == "--count") {
            count = value;
        } else {
            std::fprintf(stderr, "usage: scanprobe [--host H] --port P [--pattern GLOB] "
                                 "[--count N]\n");
            return 2;
        }
    }
    if (argc % 2 == 0) {
        std::fprintf(stderr, "scanprobe: %s needs a value\n", argv[argc - 1]);
        return 2;
    }
    if (port <= 0) {
        std::fprintf(
            stderr,
            "scanprobe: needs --port P, the private server to measure (there is no default)\n");
        return 2;
    }

    std::unique_ptr<redisContext, FreeContext> context(redisConnect(host.c_str(), port));
    if (!context || context->err)
        return fail("cannot connect", context.get());

    const auto start = std::chrono::steady_clock::now();
    std::string cursor = "0";
    std::uint64_t keys = 0;
    do {
        const char *scan[] = {"SCAN",          cursor.c_str(), "MATCH",
                              pattern.c_str(), "COUNT",        count.c_str()};
        const std::size_t scanLengths[] = {4, cursor.size(), 5, pattern.size(), 5, count.size()};
        ReplyPtr page(
            static_cast<redisReply *>(redisCommandArgv(context.get(), 6, scan, scanLengths)));
        if (!page)
            return fail("SCAN", context.get());
        if (page->type != REDIS_REPLY_ARRAY || page->elements != 2) {
            std::fprintf(stderr, "scanprobe: SCAN answered %s\n",
                         page->type == REDIS_REPLY_ERROR ? page->str : "in an unexpected shape");
            return 3;
        }
        cursor.assign(page->element[0]->str, page->element[0]->len);
        const redisReply *found = page->element[1];

        for (std::size_t i = 0; i < found->elements; ++i) {
            const redisReply *key = found->element[i];
            const char *get[] = {"GET", key->str};
            const std::size_t getLengths[] = {3, key->len};
            redisAppendCommandArgv(context.get(), 2, get, getLengths);
            const char *pttl[] = {"PTTL", key->str};
            const std::size_t pttlLengths[] = {4, key->len};
            redisAppendCommandArgv(context.get(), 2, pttl, pttlLengths);
        }
        for (std::size_t i = 0; i < 2 * found->elements; ++i) {
            void *raw = nullptr;
            if (redisGetReply(context.get(), &raw) != REDIS_OK)
                return fail("reading GET/PTTL replies", context.get());
            freeReplyObject(raw);
        }
        keys += found->elements;
    } while (cursor != "0");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("{\"keys\":%" PRIu64 ",\"secs\":%.3f}\n", keys, seconds);
    return 0;
}
