// The value classifier that lists a string as one library's lock (redislock, a custom token,
// redsync, node-redlock, redis-py, redis-plus-plus, ShedLock) or raw, and the token/metadata
// split the listings (lockctl list, the inspector) make from it.
// Properties: the redislock and custom-token claims follow their documented rule (checked
// against a plain restatement of it) and a value that rule calls a lock is always claimed by
// some library; every other claim has that library's shape; the classification is
// deterministic and always gives evidence; a redislock or custom-token value cut short by a
// listing's value limit is still a lock; a record's token and metadata split the value, with
// no token for raw.

#include "fuzzcheck.h"

#include <redislock/lockrecord.h>

#include <algorithm>
#include <cstdint>
#include <string>

using redislock::LockFormat;

namespace {

constexpr std::size_t defaultTokenLength = 22;

bool isBase64Url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

bool isLowerHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// Metadata as the rule accepts it: empty, or text that does not start with '=' (the padding of
// standard base64, as in redsync's values) made of printable ASCII, tab, CR, LF and UTF-8
// characters from U+00A0 up, the last one possibly cut short by a listing's limit.
bool plausible(std::string_view text)
{
    if (text.empty())
        return true;
    if (text.front() == '=')
        return false;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        std::size_t length = 0;
        char32_t value = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            value = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            value = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            value = c & 0x07;
        } else {
            return false;
        }
        std::size_t k = 1;
        for (; k < length && i + k < text.size(); ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            value = (value << 6) | (next & 0x3F);
        }
        if (k < length) // cut short at the end
            return true;
        const char32_t minimum = length == 2 ? 0xA0 : length == 3 ? 0x800 : 0x10000;
        if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

bool isTokenCharacter(char c)
{
    return isBase64Url(c) || c == '.' || c == ':' || c == '~' || c == '+' || c == '/' || c == '=';
}

// The rule as lockrecord.h states it, written the plain way.
LockFormat expectedFormat(std::string_view value, std::size_t customTokenLength)
{
    if (value.size() >= defaultTokenLength) {
        const auto head = value.substr(0, defaultTokenLength);
        if (std::all_of(head.begin(), head.end(), isBase64Url) &&
            !std::all_of(head.begin(), head.end(), isLowerHex) &&
            plausible(value.substr(defaultTokenLength)))
            return LockFormat::redislock;
    }
    if (customTokenLength > 0 && value.size() >= customTokenLength) {
        const auto token = value.substr(0, customTokenLength);
        if (std::all_of(token.begin(), token.end(), isTokenCharacter) &&
            plausible(value.substr(customTokenLength)))
            return LockFormat::customToken;
    }
    return LockFormat::raw;
}

// The shapes of the other libraries' values, written the plain way.
bool hasShapeOf(LockFormat format, std::string_view value)
{
    const auto all = [&](auto predicate) {
        return std::all_of(value.begin(), value.end(), predicate);
    };
    switch (format) {
    case LockFormat::redsync:
        return value.size() == 24 && value.ends_with("==") &&
               std::string_view("AQgw").find(value[21]) != std::string_view::npos;
    case LockFormat::nodeRedlock:
        return value.size() == 32 && all(isLowerHex);
    case LockFormat::redisPy:
        return value.size() == 32 && all(isLowerHex) && value[12] == '1' &&
               std::string_view("89ab").find(value[16]) != std::string_view::npos;
    case LockFormat::redisPlusPlus:
        return value.size() == 20 &&
               all([](char c) { return isBase64Url(c) && c != '-' && c != '_'; });
    case LockFormat::shedlock:
        return value.starts_with("ADDED:") && value.find('@') != std::string_view::npos;
    default:
        return false;
    }
}

// A record as the listings build it from a value read with at most `limit` bytes.
redislock::LockRecord recordOf(std::string_view value, std::size_t limit,
                               std::size_t customTokenLength)
{
    redislock::LockRecord record;
    record.value = std::string(value.substr(0, limit));
    record.valueSize = value.size();
    record.classify(customTokenLength);
    return record;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    // Two bytes of settings, then the value: a custom token length (0: off) and a value limit.
    const std::size_t customTokenLength = data[0] % 48;
    const std::size_t limit = data[1] < 8 ? std::string_view::npos : data[1];
    const std::string_view value(reinterpret_cast<const char *>(data + 2), size - 2);
    const std::string shown(value);

    const LockFormat format = redislock::classifyValue(value, customTokenLength);
    FUZZ_CHECK(format == redislock::classifyValue(value, customTokenLength), "value", shown);
    const LockFormat rule = expectedFormat(value, customTokenLength);
    const std::string_view name = redislock::formatName(format);
    // redislock and custom tokens are claimed exactly where their rule says; nothing fits a
    // redislock value better, and a custom token may only give way to a library's own shape.
    if (format == LockFormat::redislock || format == LockFormat::customToken ||
        rule == LockFormat::redislock)
        FUZZ_CHECK(format == rule, "value", shown, "format", name);
    else if (format != LockFormat::raw)
        FUZZ_CHECK(hasShapeOf(format, value), "value", shown, "format", name);
    if (rule == LockFormat::customToken)
        FUZZ_CHECK(format != LockFormat::raw, "value", shown);
    // Formats that need a key or a hash are never claimed for a bare string.
    FUZZ_CHECK(format != LockFormat::redisson && format != LockFormat::redissonRwlock &&
                   format != LockFormat::pythonRedisLock,
               "value", shown, "format", name);
    LockFormat named = LockFormat::raw;
    FUZZ_CHECK(redislock::formatFromName(name, named) && named == format, "value", shown);

    // Appending text to a value that ends in whole characters never makes a redislock or
    // custom-token value less of a lock: a longer value keeps its head (a custom-length token
    // may become a default one once 22 characters are there). A value that ends inside a
    // character is one cut short. (The other libraries' values have exact lengths.)
    const bool tokenAndMetadata =
        format == LockFormat::redislock || format == LockFormat::customToken;
    if (shown.empty() || static_cast<unsigned char>(shown.back()) < 0x80) {
        const std::string longer = shown + "x";
        const LockFormat longerFormat = redislock::classifyValue(longer, customTokenLength);
        FUZZ_CHECK(!tokenAndMetadata || longerFormat != LockFormat::raw, "value", shown);
        FUZZ_CHECK(format != LockFormat::redislock || longerFormat == format, "value", shown);
    }

    const auto record = recordOf(value, limit, customTokenLength);
    FUZZ_CHECK(!record.evidence.empty(), "value", shown);
    FUZZ_CHECK(record.tokenLength <= record.value.size(), "value", shown);
    FUZZ_CHECK(record.format != LockFormat::raw || record.tokenLength == 0, "value", shown);
    FUZZ_CHECK(std::string(record.token()) + std::string(record.metadata()) == record.value,
               "value", shown);
    FUZZ_CHECK(record.truncated() == (record.value.size() < value.size()), "value", shown);
    // Cutting a redislock or custom-token value at a limit that keeps its whole token, even
    // inside a character, never loses the lock. (Which format may change when the bytes that
    // decide it are past the cut, such as a custom token whose metadata starts with '=': a
    // listing shows what it read.)
    if (limit >= std::max(defaultTokenLength, customTokenLength) && tokenAndMetadata)
        FUZZ_CHECK(record.format != LockFormat::raw, "value", shown, "limit",
                   std::to_string(limit));
    return 0;
}
