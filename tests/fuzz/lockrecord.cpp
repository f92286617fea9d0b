// The value classifier that lists a key as a redislock lock, a custom-token lock or raw, and
// the token/metadata split the listings (lockctl list, the inspector) make from it.
// Properties: the classification follows its documented rule (checked against a plain
// restatement of it), is deterministic, depends only on the value's head, so a value cut short
// by a listing's value limit classifies as the whole value does; a record's token and metadata
// split the value, with no token for raw.

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

// The rule as lockrecord.h states it, written the plain way.
LockFormat expectedFormat(std::string_view value, std::size_t customTokenLength)
{
    if (value.size() >= defaultTokenLength) {
        const auto head = value.substr(0, defaultTokenLength);
        if (std::all_of(head.begin(), head.end(), isBase64Url) &&
            !std::all_of(head.begin(), head.end(), isLowerHex))
            return LockFormat::redislock;
    }
    if (customTokenLength > 0 && value.size() >= customTokenLength)
        return LockFormat::customToken;
    return LockFormat::raw;
}

// A record as the listings build it from a value read with at most `limit` bytes.
redislock::LockRecord recordOf(std::string_view value, std::size_t limit,
                               std::size_t customTokenLength)
{
    redislock::LockRecord record;
    record.value = std::string(value.substr(0, limit));
    record.valueSize = value.size();
    record.format = redislock::classifyValue(record.value, customTokenLength);
    if (record.format == LockFormat::redislock)
        record.tokenLength = defaultTokenLength;
    else if (record.format == LockFormat::customToken)
        record.tokenLength = customTokenLength;
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
    FUZZ_CHECK(format == expectedFormat(value, customTokenLength), "value", shown, "format",
               redislock::formatName(format));
    const std::string_view name = redislock::formatName(format);
    FUZZ_CHECK(name == "redislock" || name == "custom-token" || name == "raw", "value", shown);

    // Appending to a value never makes it less of a lock: a longer value keeps its head (a
    // custom-length token may become a default one once 22 characters are there).
    const std::string longer = shown + "x";
    const LockFormat longerFormat = redislock::classifyValue(longer, customTokenLength);
    FUZZ_CHECK(format == LockFormat::raw || longerFormat != LockFormat::raw, "value", shown);
    FUZZ_CHECK(format != LockFormat::redislock || longerFormat == format, "value", shown);

    const auto record = recordOf(value, limit, customTokenLength);
    FUZZ_CHECK(record.tokenLength <= record.value.size(), "value", shown);
    FUZZ_CHECK(record.format != LockFormat::raw || record.tokenLength == 0, "value", shown);
    FUZZ_CHECK(std::string(record.token()) + std::string(record.metadata()) == record.value,
               "value", shown);
    FUZZ_CHECK(record.truncated() == (record.value.size() < value.size()), "value", shown);
    // A value cut at a limit that keeps its whole token classifies as the full value does.
    if (limit >= std::max(defaultTokenLength, customTokenLength))
        FUZZ_CHECK(record.format == format, "value", shown, "limit", std::to_string(limit));
    return 0;
}
