// node-redlock: the value is crypto.randomBytes(16).toString("hex"), 32 lower-case hex digits.

#include "recogniser.h"

namespace redislock::detail {

std::optional<Recognition> recogniseNodeRedlock(const LockRecord &record, std::size_t)
{
    const std::string_view value(record.value);
    if (!wholeString(record) || value.size() != 32)
        return std::nullopt;
    for (char c : value)
        if (!isLowerHex(c))
            return std::nullopt;
    return Recognition{
        .strength = Strength::shape,
        .tokenLength = value.size(),
        .evidence = {EvidenceCode::nodeRedlockValue, {}},
    };
}

} // namespace redislock::detail
