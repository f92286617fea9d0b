// Byte-level helpers the recognisers share.

#include "../utf8.h"
#include "recogniser.h"

#include <cstdio>
#include <ctime>

namespace redislock::detail {

bool wholeString(const LockRecord &record) noexcept
{
    return record.type == "string" && !record.truncated();
}

void describeNothing(const LockRecord &, HolderFields &holder, std::vector<HolderFields> &holders)
{
    holder.clear();
    holders.clear();
}

bool isStandardBase64(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

bool isLowerHex(char c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool isAlphanumeric(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool isDecimal(std::string_view text) noexcept
{
    if (text.empty() || text.size() > 18)
        return false;
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

bool isCanonicalUuid(std::string_view text) noexcept
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!isLowerHex(c) && !(c >= 'A' && c <= 'F')) {
            return false;
        }
    }
    return true;
}

std::string isoTimeUtc(std::int64_t unixMs)
{
    const std::time_t seconds = static_cast<std::time_t>(unixMs / 1000);
    std::tm parts{};
    if (!gmtime_r(&seconds, &parts))
        return {};
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                  parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                  static_cast<int>(unixMs % 1000));
    return text;
}

namespace {

// A well-formed UTF-8 character at the start of `text` that is neither ASCII (the caller
// handles those) nor a C1 control: its length, or 0.
std::size_t utf8Length(std::string_view text) noexcept
{
    const auto decoded = decodeUtf8(text);
    if (!decoded || decoded->value < 0xA0)
        return 0;
    return decoded->length;
}

// The start of a multi-byte UTF-8 character that the end of `text` cuts short.
bool truncatedTail(std::string_view text) noexcept
{
    const auto lead = static_cast<unsigned char>(text.front());
    const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                              : 0;
    if (length == 0 || text.size() >= length)
        return false;
    for (std::size_t i = 1; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            return false;
    return true;
}

} // namespace

bool plausibleMetadata(std::string_view metadata) noexcept
{
    if (metadata.empty())
        return true;
    if (metadata.front() == '=')
        return false;
    for (std::size_t i = 0; i < metadata.size();) {
        const auto byte = static_cast<unsigned char>(metadata[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            ++i;
        } else if (byte == '\t' || byte == '\n' || byte == '\r') {
            ++i;
        } else if (const std::size_t length = utf8Length(metadata.substr(i)); length != 0) {
            i += length;
        } else {
            // A listing reads at most so many bytes of a value: a character cut there is not
            // binary, and the value must classify as it would whole.
            return truncatedTail(metadata.substr(i));
        }
    }
    return true;
}

} // namespace redislock::detail
