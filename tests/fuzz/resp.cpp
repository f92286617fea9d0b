// RESP replies as a Connection reads them: raw bytes fed to hiredis's reader, each reply it
// completes converted to redislock::Reply by the connection's own toReply(). No socket: the
// bytes stand for what a server (or anything else on the port) sends.
// Properties: the replies, and whether the stream is a protocol error, do not depend on how the
// bytes are split into reads (a Connection reads whatever the socket has); each converted reply
// agrees with hiredis's, and written back as RESP reads back as the same reply, all of it.

#include "connection.h"
#include "fuzzcheck.h"

#include <hiredis/hiredis.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using redislock::Reply;

namespace {

struct Outcome
{
    std::vector<Reply> replies;
    bool protocolError = false;
};

std::string resp(const Reply &reply)
{
    switch (reply.type) {
    case Reply::Type::nil:
        return "$-1\r\n";
    case Reply::Type::string:
        return "$" + std::to_string(reply.text.size()) + "\r\n" + reply.text + "\r\n";
    case Reply::Type::status:
        return "+" + reply.text + "\r\n";
    case Reply::Type::error:
        return "-" + reply.text + "\r\n";
    case Reply::Type::integer:
        return ":" + std::to_string(reply.integer) + "\r\n";
    case Reply::Type::array: {
        std::string out = "*" + std::to_string(reply.elements.size()) + "\r\n";
        for (const Reply &element : reply.elements)
            out += resp(element);
        return out;
    }
    }
    return {};
}

// Checks the conversion against hiredis's own reply, element by element.
void checkConverted(const redisReply &raw, const Reply &reply, std::string_view input)
{
    switch (raw.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR: {
        const Reply::Type expected = raw.type == REDIS_REPLY_STRING   ? Reply::Type::string
                                     : raw.type == REDIS_REPLY_STATUS ? Reply::Type::status
                                                                      : Reply::Type::error;
        FUZZ_CHECK(reply.type == expected, "input", input);
        FUZZ_CHECK(reply.text == std::string_view(raw.str, raw.len), "input", input);
        break;
    }
    case REDIS_REPLY_INTEGER:
        FUZZ_CHECK(reply.type == Reply::Type::integer && reply.integer == raw.integer, "input",
                   input);
        break;
    case REDIS_REPLY_ARRAY:
        FUZZ_CHECK(reply.type == Reply::Type::array && reply.elements.size() == raw.elements,
                   "input", input);
        for (std::size_t i = 0; i < raw.elements; ++i)
            checkConverted(*raw.element[i], reply.elements[i], input);
        break;
    default:
        FUZZ_CHECK(reply.type == Reply::Type::nil, "input", input);
        break;
    }
}

// Takes every reply the reader has complete; false on a protocol error.
bool drain(redisReader &reader, Outcome &outcome, std::string_view input)
{
    for (;;) {
        void *raw = nullptr;
        if (redisReaderGetReply(&reader, &raw) != REDIS_OK)
            return false;
        if (!raw)
            return true;
        const redislock::detail::RawReply owned(static_cast<redisReply *>(raw));
        outcome.replies.push_back(redislock::detail::toReply(*owned));
        checkConverted(*owned, outcome.replies.back(), input);
    }
}

// Feeds the bytes in reads of the given sizes (cycled), taking replies after each read.
Outcome read(std::string_view bytes, const std::vector<std::size_t> &reads, std::string_view input)
{
    Outcome outcome;
    // The connection's own reader: its replies are made, and freed, the connection's way.
    const redislock::detail::ReplyReader reader;
    std::size_t at = 0;
    for (std::size_t i = 0; at < bytes.size(); ++i) {
        const std::size_t size = std::min(reads[i % reads.size()], bytes.size() - at);
        if (redisReaderFeed(reader.get(), bytes.data() + at, size) != REDIS_OK ||
            !drain(*reader.get(), outcome, input)) {
            outcome.protocolError = true;
            return outcome;
        }
        at += size;
    }
    return outcome;
}

bool same(const Reply &a, const Reply &b)
{
    if (a.type != b.type || a.text != b.text || a.integer != b.integer ||
        a.elements.size() != b.elements.size())
        return false;
    for (std::size_t i = 0; i < a.elements.size(); ++i)
        if (!same(a.elements[i], b.elements[i]))
            return false;
    return true;
}

// hiredis 0.14 allocates a multi-bulk reply's table of elements (8 bytes each) as soon as its
// header arrives, before any element does, so "*2000000000\r\n" asks for 16 GB at once: the
// sanitizer's allocator, unlike the kernel's overcommit, refuses that as a crash. Such headers
// are left out; counts up to a million, and negative ones, are still read.
bool hasHugeMultiBulk(std::string_view bytes)
{
    for (std::size_t at = bytes.find('*'); at != std::string_view::npos;
         at = bytes.find('*', at + 1)) {
        std::size_t i = at + 1;
        if (i < bytes.size() && (bytes[i] == '-' || bytes[i] == '+'))
            ++i;
        std::size_t digits = 0;
        while (i < bytes.size() && bytes[i] == '0')
            ++i;
        while (i + digits < bytes.size() && bytes[i + digits] >= '0' && bytes[i + digits] <= '9')
            ++digits;
        if (digits > 6)
            return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    // The first byte sets the sizes of the reads that the rest arrives in.
    const std::uint8_t split = data[0];
    const std::string_view bytes(reinterpret_cast<const char *>(data + 1), size - 1);
    if (hasHugeMultiBulk(bytes))
        return 0;

    const Outcome whole = read(bytes, {bytes.size() + 1}, bytes);
    const Outcome pieces =
        read(bytes, {std::size_t{1} + split % 7, std::size_t{1} + split / 7}, bytes);
    FUZZ_CHECK(whole.protocolError == pieces.protocolError, "input", bytes);
    FUZZ_CHECK(whole.replies.size() == pieces.replies.size(), "input", bytes);
    for (std::size_t i = 0; i < whole.replies.size(); ++i)
        FUZZ_CHECK(same(whole.replies[i], pieces.replies[i]), "input", bytes);

    for (const Reply &reply : whole.replies) {
        const std::string written = resp(reply);
        const Outcome reread = read(written, {written.size() + 1}, written);
        FUZZ_CHECK(!reread.protocolError && reread.replies.size() == 1, "input", bytes, "written",
                   written);
        FUZZ_CHECK(same(reread.replies.front(), reply), "input", bytes, "written", written);
    }
    return 0;
}
