#include "randomtoken.h"
#include "utf8.h"

#include <redislock/lockrecord.h>

namespace redislock {

std::string_view formatName(LockFormat format) noexcept
{
    switch (format) {
    case LockFormat::redislock:
        return "redislock";
    case LockFormat::customToken:
        return "custom-token";
    case LockFormat::raw:
        return "raw";
    }
    return "raw";
}

namespace {

// A well-formed UTF-8 character at the start of `text` that is neither ASCII (the caller
// handles those) nor a C1 control: its length, or 0.
std::size_t utf8Length(std::string_view text) noexcept
{
    const auto decoded = detail::decodeUtf8(text);
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

bool isTokenCharacter(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':' || c == '~' || c == '+' || c == '/' || c == '=';
}

} // namespace

LockFormat classifyValue(std::string_view value, std::size_t customTokenLength) noexcept
{
    if (detail::looksLikeDefaultToken(value) &&
        plausibleMetadata(value.substr(detail::defaultTokenLength)))
        return LockFormat::redislock;
    if (customTokenLength > 0 && value.size() >= customTokenLength) {
        const auto token = value.substr(0, customTokenLength);
        for (char c : token)
            if (!isTokenCharacter(c))
                return LockFormat::raw;
        if (plausibleMetadata(value.substr(customTokenLength)))
            return LockFormat::customToken;
    }
    return LockFormat::raw;
}

void LockRecord::classify(std::size_t customTokenLength) noexcept
{
    format = classifyValue(value, customTokenLength);
    tokenLength = format == LockFormat::redislock     ? detail::defaultTokenLength
                  : format == LockFormat::customToken ? customTokenLength
                                                      : 0;
}

} // namespace redislock
