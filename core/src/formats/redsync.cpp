// go-redsync: genValue() is 16 bytes from crypto/rand in base64.StdEncoding, so exactly 24
// characters: 21 of the full alphabet, one that carries the last 2 bits (A, Q, g or w: its
// low 4 bits are zero) and the padding "==".

#include "recogniser.h"

namespace redislock::detail {

std::optional<Recognition> recogniseRedsync(const LockRecord &record, std::size_t)
{
    const std::string_view value(record.value);
    if (!wholeString(record) || value.size() != 24 || !value.ends_with("=="))
        return std::nullopt;
    for (char c : value.substr(0, 21))
        if (!isStandardBase64(c))
            return std::nullopt;
    const char last = value[21];
    if (last != 'A' && last != 'Q' && last != 'g' && last != 'w')
        return std::nullopt;
    return Recognition{
        .strength = Strength::shape,
        .tokenLength = value.size(),
        .evidence = {EvidenceCode::redsyncValue, {}},
    };
}

} // namespace redislock::detail
