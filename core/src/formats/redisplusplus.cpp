// redis-plus-plus: RedLockUtils::lock_id() draws 20 characters from [0-9a-zA-Z], the value of
// its RedLock and RedMutex.

#include "recogniser.h"

namespace redislock::detail {

std::optional<Recognition> recogniseRedisPlusPlus(const LockRecord &record, std::size_t)
{
    const std::string_view value(record.value);
    if (!wholeString(record) || value.size() != 20)
        return std::nullopt;
    bool letter = false;
    for (char c : value) {
        if (!isAlphanumeric(c))
            return std::nullopt;
        letter = letter || c > '9';
    }
    // Twenty digits are a number (a counter, an id), not a random draw of 62 characters.
    if (!letter)
        return std::nullopt;
    return Recognition{
        .strength = Strength::shape,
        .tokenLength = value.size(),
        .evidence = {EvidenceCode::redisPlusPlusId, {}},
    };
}

} // namespace redislock::detail
