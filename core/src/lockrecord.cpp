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

LockFormat classifyValue(std::string_view value, std::size_t customTokenLength) noexcept
{
    if (detail::looksLikeDefaultToken(value))
        return LockFormat::redislock;
    if (customTokenLength > 0 && value.size() >= customTokenLength)
        return LockFormat::customToken;
    return LockFormat::raw;
}

} // namespace redislock
