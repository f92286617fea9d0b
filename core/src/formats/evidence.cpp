// The English of each evidence clause (lockctl prints it; the inspector words the same codes
// in the operator's language, see ui/locks/locktext.cpp).

#include <redislock/lockrecord.h>

namespace redislock {

namespace {

bool has(const std::vector<std::string> &args, std::string_view flag)
{
    for (const auto &arg : args)
        if (arg == flag)
            return true;
    return false;
}

std::string argument(const std::vector<std::string> &args, std::size_t index)
{
    return index < args.size() ? args[index] : std::string();
}

// "3 fields", "1 field read of a larger hash".
std::string countedFields(const std::vector<std::string> &args, std::size_t countIndex)
{
    const std::string count = argument(args, countIndex);
    std::string text = count + (count == "1" ? " field" : " fields");
    if (has(args, "partial"))
        text += " read of a larger hash";
    return text;
}

// "a", "a or b", "a, b or c".
std::string alternatives(const std::vector<std::string> &names, std::string_view last)
{
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        text += i == 0 ? "" : i + 1 == names.size() ? std::string(last) : ", ";
        text += names[i];
    }
    return text;
}

} // namespace

std::string evidenceText(const EvidenceClause &clause)
{
    const auto &args = clause.args;
    switch (clause.code) {
    case EvidenceCode::redislockToken:
        return "22 base64url characters of token, then metadata (bsm/redislock, Cosy)";
    case EvidenceCode::customToken:
        return "a token of the configured " + argument(args, 0) + " characters, then metadata";
    case EvidenceCode::redissonHash:
        return "a hash of <client uuid>:<thread id> → hold count (Redisson RLock, RFencedLock or "
               "RFairLock), " +
               countedFields(args, 0);
    case EvidenceCode::redissonRwlockHash:
        return "a hash with mode=" + argument(args, 0) +
               " and <client uuid>:<thread id> hold counts (Redisson RReadWriteLock), " +
               countedFields(args, 1);
    case EvidenceCode::redsyncValue:
        return "24 characters of padded standard base64 encoding exactly 16 bytes (go-redsync's "
               "random value)";
    case EvidenceCode::nodeRedlockValue:
        return "32 lower-case hex digits: 16 random bytes (node-redlock's value)";
    case EvidenceCode::redisPlusPlusId:
        return "20 characters of [0-9A-Za-z] (redis-plus-plus RedLock's lock id)";
    case EvidenceCode::redisPyUuid:
        return "a version-1 UUID as 32 hex digits, RFC 4122 variant, made " + argument(args, 0) +
               " (redis-py Lock's uuid1().hex)";
    case EvidenceCode::pythonRedisLockId:
        return "key lock:NAME holding 24 characters of standard base64, 18 bytes "
               "(python-redis-lock's id)";
    case EvidenceCode::pythonRedisLockSignal:
        return "its signal list exists";
    case EvidenceCode::shedlockValue: {
        std::string text = "a value ADDED:<time>@<host>";
        if (has(args, "uuid"))
            text += ":<uuid>";
        if (has(args, "job-lock"))
            text += " under job-lock:<env>:<name>";
        return text + " (ShedLock)";
    }
    case EvidenceCode::noFormat:
        return "a " + argument(args, 0) + " that fits no known lock format";
    case EvidenceCode::ambiguous:
        return "could be " + alternatives(args, " or ") +
               ": the bytes fit each equally, so none is claimed";
    case EvidenceCode::alsoFits:
        return "also fits " + alternatives(args, ", ") + ", less closely";
    }
    return {};
}

std::string evidenceLine(const std::vector<EvidenceClause> &clauses)
{
    std::string line;
    for (const auto &clause : clauses) {
        if (!line.empty())
            line += "; ";
        line += evidenceText(clause);
    }
    return line;
}

} // namespace redislock
