#include "session/redisglob.h"

#include <redislock/keyscanner.h>

#include <string_view>

bool RedisGlob::matches(QByteArrayView key) const
{
    return redislock::globMatches(
        std::string_view(pattern_.constData(), std::size_t(pattern_.size())),
        std::string_view(key.data(), std::size_t(key.size())));
}
