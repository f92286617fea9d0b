// bsm/redislock and Cosy: a token (22 base64url characters by default, or a configured length)
// followed by free metadata, the holder's own description of itself (often JSON).

#include "../randomtoken.h"
#include "recogniser.h"

namespace redislock::detail {

namespace {

bool isTokenCharacter(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':' || c == '~' || c == '+' || c == '/' || c == '=';
}

} // namespace

void describeToken(const LockRecord &record, HolderFields &holder,
                   std::vector<HolderFields> &holders)
{
    holders.clear();
    FieldWriter fields(holder);
    fields.add("token", record.token());
    if (!record.metadata().empty())
        fields.add("metadata", record.metadata());
}

// A listing may read only the start of a long value: the token and the start of the
// metadata are enough, so a cut value is judged on what was read.
std::optional<Recognition> recogniseRedislock(const LockRecord &record, std::size_t)
{
    if (record.type != "string" || !looksLikeDefaultToken(record.value) ||
        !plausibleMetadata(std::string_view(record.value).substr(defaultTokenLength)))
        return std::nullopt;
    return Recognition{
        .strength = Strength::shape,
        .tokenLength = defaultTokenLength,
        .evidence = {EvidenceCode::redislockToken, {}},
    };
}

std::optional<Recognition> recogniseCustomToken(const LockRecord &record, std::size_t length)
{
    if (length == 0 || record.type != "string" || record.value.size() < length)
        return std::nullopt;
    const std::string_view value(record.value);
    for (char c : value.substr(0, length))
        if (!isTokenCharacter(c))
            return std::nullopt;
    if (!plausibleMetadata(value.substr(length)))
        return std::nullopt;
    return Recognition{
        .strength = Strength::configured,
        .tokenLength = length,
        .evidence = {EvidenceCode::customToken, {std::to_string(length)}},
    };
}

} // namespace redislock::detail
