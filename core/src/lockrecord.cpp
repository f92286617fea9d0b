#include "randomtoken.h"

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

// A well-formed UTF-8 sequence at the start of `text`: its length, or 0.
std::size_t utf8Length(std::string_view text) noexcept
{
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        value = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        value = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (text.size() < length)
        return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (byte(i) & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) ||
        (value >= 0x80 && value <= 0x9F))
        return 0;
    return length;
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
            return false;
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
