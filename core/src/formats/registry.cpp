// The table of recognisers: one row per format. The order is the order evidence names
// candidates in; which one is claimed does not depend on it (see LockRecord::classify).

#include "recogniser.h"

#include <array>

namespace redislock::detail {

namespace {

constexpr std::array table{
    Recogniser{LockFormat::redislock, "redislock", &recogniseRedislock},
    Recogniser{LockFormat::customToken, "custom-token", &recogniseCustomToken},
    Recogniser{LockFormat::redisson, "redisson", &recogniseRedisson},
    Recogniser{LockFormat::redissonRwlock, "redisson-rwlock", &recogniseRedissonRwlock},
    Recogniser{LockFormat::redsync, "redsync", &recogniseRedsync},
    Recogniser{LockFormat::nodeRedlock, "node-redlock", &recogniseNodeRedlock},
    Recogniser{LockFormat::redisPy, "redis-py", &recogniseRedisPy},
    Recogniser{LockFormat::pythonRedisLock, "python-redis-lock", &recognisePythonRedisLock},
    Recogniser{LockFormat::redisPlusPlus, "redis-plus-plus", &recogniseRedisPlusPlus},
    Recogniser{LockFormat::shedlock, "shedlock", &recogniseShedlock},
};

} // namespace

std::span<const Recogniser> recognisers() noexcept
{
    return table;
}

} // namespace redislock::detail
