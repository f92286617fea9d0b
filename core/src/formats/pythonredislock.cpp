// python-redis-lock (ionelmc): the lock is the key "lock:NAME" holding
// b64encode(urandom(18)), 24 characters of standard base64 without padding; waiters block on
// the list "lock-signal:NAME", to which a release pushes one element. The library always
// writes "lock:" first; a client that namespaces its keys ("shop:") puts its namespace before
// both names, so "lock:" is looked for at the start or right after a ':' (a whole segment, not
// "padlock:"), and the signal list carries the same namespace.

#include "recogniser.h"

namespace redislock::detail {

namespace {

constexpr std::string_view lockPrefix = "lock:";
constexpr std::string_view signalPrefix = "lock-signal:";

// Where the segment `segment` starts in `key`: at 0 or right after a ':', with a name after it;
// npos when it is nowhere.
std::size_t segmentAt(std::string_view key, std::string_view segment)
{
    for (std::size_t at = key.find(segment); at != std::string_view::npos;
         at = key.find(segment, at + 1))
        if ((at == 0 || key[at - 1] == ':') && key.size() > at + segment.size())
            return at;
    return std::string_view::npos;
}

} // namespace

std::string pythonRedisLockSignalKey(std::string_view lockKey)
{
    const std::size_t at = segmentAt(lockKey, lockPrefix);
    if (at == std::string_view::npos)
        return {};
    return std::string(lockKey.substr(0, at))
        .append(signalPrefix)
        .append(lockKey.substr(at + lockPrefix.size()));
}

std::string pythonRedisLockKeyOfSignal(std::string_view signalKey)
{
    const std::size_t at = segmentAt(signalKey, signalPrefix);
    if (at == std::string_view::npos)
        return {};
    return std::string(signalKey.substr(0, at))
        .append(lockPrefix)
        .append(signalKey.substr(at + signalPrefix.size()));
}

std::optional<Recognition> recognisePythonRedisLock(const LockRecord &record, std::size_t)
{
    const std::string_view value(record.value);
    if (!wholeString(record) || segmentAt(record.key, lockPrefix) == std::string_view::npos ||
        value.size() != 24)
        return std::nullopt;
    for (char c : value)
        if (!isStandardBase64(c))
            return std::nullopt;
    Recognition recognition{
        .strength = Strength::structure,
        .tokenLength = value.size(),
        .evidence = {EvidenceCode::pythonRedisLockId, {}},
    };
    if (record.signalLength > 0)
        recognition.moreEvidence = {EvidenceCode::pythonRedisLockSignal, {}};
    return recognition;
}

void describePythonRedisLock(const LockRecord &record, HolderFields &holder,
                             std::vector<HolderFields> &holders)
{
    holders.clear();
    FieldWriter fields(holder);
    fields.add("id", record.value);
    fields.add("signal_key", pythonRedisLockSignalKey(record.key));
    if (record.signalLength >= 0)
        fields.add("signal_length", std::to_string(record.signalLength));
}

} // namespace redislock::detail
