// The English of each evidence clause (lockctl prints it; the inspector words the same codes
// in the operator's language, see ui/locks/locktext.cpp).

#include "recogniser.h"

namespace redislock {

namespace {

bool has(const std::vector<std::string> &args, std::string_view flag)
{
    for (const auto &arg : args)
        if (arg == flag)
            return true;
    return false;
}

std::string_view argument(const std::vector<std::string> &args, std::size_t index)
{
    return index < args.size() ? std::string_view(args[index]) : std::string_view();
}

// "3 fields", "1 field read of a larger hash".
void appendCountedFields(std::string &text, const std::vector<std::string> &args,
                         std::size_t countIndex)
{
    const std::string_view count = argument(args, countIndex);
    text.append(count).append(count == "1" ? " field" : " fields");
    if (has(args, "partial"))
        text += " read of a larger hash";
}

// "a", "a or b", "a, b or c".
void appendAlternatives(std::string &text, const std::vector<std::string> &names,
                        std::string_view last)
{
    for (std::size_t i = 0; i < names.size(); ++i) {
        text += i == 0 ? "" : i + 1 == names.size() ? last : ", ";
        text += names[i];
    }
}

// The clause's English appended to `text`: written in place, since every key of a listing has
// its line written into the room its record kept from the page before.
void appendEvidenceText(std::string &text, const EvidenceClause &clause)
{
    const auto &args = clause.args;
    switch (clause.code) {
    case EvidenceCode::redislockToken:
        text += "22 base64url characters of token, then metadata (bsm/redislock, Cosy)";
        return;
    case EvidenceCode::customToken:
        text.append("a token of the configured ")
            .append(argument(args, 0))
            .append(" characters, then metadata");
        return;
    case EvidenceCode::redissonHash:
        text += "a hash of <client uuid>:<thread id> → hold count (Redisson RLock, RFencedLock "
                "or RFairLock), ";
        appendCountedFields(text, args, 0);
        return;
    case EvidenceCode::redissonRwlockHash:
        text.append("a hash with mode=")
            .append(argument(args, 0))
            .append(" and <client uuid>:<thread id> hold counts (Redisson RReadWriteLock), ");
        appendCountedFields(text, args, 1);
        return;
    case EvidenceCode::redsyncValue:
        text += "24 characters of padded standard base64 encoding exactly 16 bytes (go-redsync's "
                "random value)";
        return;
    case EvidenceCode::nodeRedlockValue:
        text += "32 lower-case hex digits: 16 random bytes (node-redlock's value)";
        return;
    case EvidenceCode::redisPlusPlusId:
        text += "20 characters of [0-9A-Za-z] (redis-plus-plus RedLock's lock id)";
        return;
    case EvidenceCode::redisPyUuid:
        text.append("a version-1 UUID as 32 hex digits, RFC 4122 variant, made ")
            .append(argument(args, 0))
            .append(" (redis-py Lock's uuid1().hex)");
        return;
    case EvidenceCode::pythonRedisLockId:
        text += "key lock:NAME holding 24 characters of standard base64, 18 bytes "
                "(python-redis-lock's id)";
        return;
    case EvidenceCode::pythonRedisLockSignal:
        text += "its signal list exists";
        return;
    case EvidenceCode::shedlockValue:
        text += "a value ADDED:<time>@<host>";
        if (has(args, "uuid"))
            text += ":<uuid>";
        if (has(args, "job-lock"))
            text += " under job-lock:<env>:<name>";
        text += " (ShedLock)";
        return;
    case EvidenceCode::noFormat:
        text.append("a ").append(argument(args, 0)).append(" that fits no known lock format");
        return;
    case EvidenceCode::ambiguous:
        text += "could be ";
        appendAlternatives(text, args, " or ");
        text += ": the bytes fit each equally, so none is claimed";
        return;
    case EvidenceCode::alsoFits:
        text += "also fits ";
        appendAlternatives(text, args, ", ");
        text += ", less closely";
        return;
    }
}

} // namespace

std::string evidenceText(const EvidenceClause &clause)
{
    std::string text;
    appendEvidenceText(text, clause);
    return text;
}

void detail::writeEvidenceLine(std::string &line, const std::vector<EvidenceClause> &clauses)
{
    line.clear();
    for (const auto &clause : clauses) {
        if (!line.empty())
            line += "; ";
        appendEvidenceText(line, clause);
    }
}

std::string evidenceLine(const std::vector<EvidenceClause> &clauses)
{
    std::string line;
    detail::writeEvidenceLine(line, clauses);
    return line;
}

} // namespace redislock
