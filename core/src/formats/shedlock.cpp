// ShedLock's Redis providers: key "<prefix>:<environment>:<name>" (prefix "job-lock" unless
// configured), value "ADDED:<ISO instant>@<hostname>", to which newer versions append
// ":<random UUID>". The instant is when the job took the lock.

#include "recogniser.h"

namespace redislock::detail {

namespace {

bool digits(std::string_view text, std::size_t from, std::size_t count) noexcept
{
    if (text.size() < from + count)
        return false;
    for (std::size_t i = from; i < from + count; ++i)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

// "2024-01-31T10:00:00Z", with any fraction of a second before the Z.
bool isoInstant(std::string_view text) noexcept
{
    if (!digits(text, 0, 4) || text.size() < 20 || text[4] != '-' || !digits(text, 5, 2) ||
        text[7] != '-' || !digits(text, 8, 2) || text[10] != 'T' || !digits(text, 11, 2) ||
        text[13] != ':' || !digits(text, 14, 2) || text[16] != ':' || !digits(text, 17, 2))
        return false;
    std::string_view rest = text.substr(19);
    if (rest.starts_with('.')) {
        std::size_t fraction = 1;
        while (fraction < rest.size() && rest[fraction] >= '0' && rest[fraction] <= '9')
            ++fraction;
        if (fraction == 1)
            return false;
        rest.remove_prefix(fraction);
    }
    return rest == "Z";
}

bool hostName(std::string_view host) noexcept
{
    if (host.empty() || host.size() > 255)
        return false;
    for (char c : host)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '@')
            return false;
    return true;
}

} // namespace

std::optional<Recognition> recogniseShedlock(const LockRecord &record, std::size_t)
{
    std::string_view value(record.value);
    if (!wholeString(record) || !value.starts_with("ADDED:"))
        return std::nullopt;
    value.remove_prefix(6);
    const auto at = value.find('@');
    if (at == std::string_view::npos || !isoInstant(value.substr(0, at)))
        return std::nullopt;
    const std::string_view lockedAt = value.substr(0, at);
    std::string_view host = value.substr(at + 1);
    std::string_view id;
    if (host.size() > 37 && host[host.size() - 37] == ':' &&
        isCanonicalUuid(host.substr(host.size() - 36))) {
        id = host.substr(host.size() - 36);
        host.remove_suffix(37);
    }
    if (!hostName(host))
        return std::nullopt;
    HolderFields holder{{"locked_at", std::string(lockedAt)}, {"host", std::string(host)}};
    if (!id.empty())
        holder.emplace_back("id", std::string(id));
    EvidenceClause evidence{EvidenceCode::shedlockValue, {}};
    if (!id.empty())
        evidence.args.emplace_back("uuid");
    // The default key layout names the environment and the job.
    const std::string_view key(record.key);
    if (key.starts_with("job-lock:")) {
        const std::string_view rest = key.substr(9);
        if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
            holder.emplace_back("environment", std::string(rest.substr(0, colon)));
            holder.emplace_back("job", std::string(rest.substr(colon + 1)));
            evidence.args.emplace_back("job-lock");
        }
    }
    return Recognition{
        .strength = Strength::structure,
        .tokenLength = record.value.size(),
        .holder = std::move(holder),
        .holders = {},
        .evidence = {std::move(evidence)},
    };
}

} // namespace redislock::detail
