// The table of recognisers: one row per format. The order is the order evidence names
// candidates in; which one is claimed does not depend on it (see LockRecord::classify).

#include "recogniser.h"

#include <array>

namespace redislock::detail {

namespace {

constexpr std::array table{
    Recogniser{LockFormat::redislock, "redislock", &recogniseRedislock, &describeToken},
    Recogniser{LockFormat::customToken, "custom-token", &recogniseCustomToken, &describeToken},
    Recogniser{LockFormat::redisson, "redisson", &recogniseRedisson, &describeRedisson},
    Recogniser{LockFormat::redissonRwlock, "redisson-rwlock", &recogniseRedissonRwlock,
               &describeRedisson},
    Recogniser{LockFormat::redsync, "redsync", &recogniseRedsync, &describeNothing},
    Recogniser{LockFormat::nodeRedlock, "node-redlock", &recogniseNodeRedlock, &describeNothing},
    Recogniser{LockFormat::redisPy, "redis-py", &recogniseRedisPy, &describeRedisPy},
    Recogniser{LockFormat::pythonRedisLock, "python-redis-lock", &recognisePythonRedisLock,
               &describePythonRedisLock},
    Recogniser{LockFormat::redisPlusPlus, "redis-plus-plus", &recogniseRedisPlusPlus,
               &describeNothing},
    Recogniser{LockFormat::shedlock, "shedlock", &recogniseShedlock, &describeShedlock},
};

static_assert(table.size() == recogniserCount);

} // namespace

std::span<const Recogniser> recognisers() noexcept
{
    return table;
}

} // namespace redislock::detail
