// python-redis-lock (ionelmc): the lock is the key "lock:NAME" holding
// b64encode(urandom(18)), 24 characters of standard base64 without padding; waiters block on
// the list "lock-signal:NAME", to which a release pushes one element.

#include "recogniser.h"

namespace redislock::detail {

namespace {
constexpr std::string_view lockPrefix = "lock:";
constexpr std::string_view signalPrefix = "lock-signal:";
} // namespace

std::string pythonRedisLockSignalKey(std::string_view lockKey)
{
    if (!lockKey.starts_with(lockPrefix))
        return {};
    return std::string(signalPrefix).append(lockKey.substr(lockPrefix.size()));
}

std::optional<Recognition> recognisePythonRedisLock(const LockRecord &record, std::size_t)
{
    const std::string_view value(record.value);
    if (!wholeString(record) || !std::string_view(record.key).starts_with(lockPrefix) ||
        value.size() != 24)
        return std::nullopt;
    for (char c : value)
        if (!isStandardBase64(c))
            return std::nullopt;
    const std::string signal = pythonRedisLockSignalKey(record.key);
    HolderFields holder{{"id", std::string(value)}, {"signal_key", signal}};
    std::string evidence = "key lock:NAME holding 24 characters of standard base64, 18 bytes "
                           "(python-redis-lock's id)";
    if (record.signalLength >= 0) {
        holder.emplace_back("signal_length", std::to_string(record.signalLength));
        if (record.signalLength > 0)
            evidence += "; its signal list exists";
    }
    return Recognition{
        .strength = Strength::structure,
        .tokenLength = value.size(),
        .holder = std::move(holder),
        .holders = {},
        .evidence = std::move(evidence),
    };
}

} // namespace redislock::detail
