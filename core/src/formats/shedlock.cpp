// ShedLock's Redis providers: key "<prefix>:<environment>:<name>" (prefix "job-lock" unless
// configured), value "ADDED:<ISO instant>@<hostname>", to which newer versions append
// ":<random UUID>". The instant is when the job took the lock.

#include "recogniser.h"

#include <utility>

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

// A value "ADDED:<instant>@<host>[:<uuid>]" taken apart; the key's environment and job when it
// has the default layout "job-lock:<environment>:<name>".
struct ShedlockValue
{
    // cppcheck-suppress unusedStructMember ; read by the value's description
    std::string_view lockedAt;
    std::string_view host;
    std::string_view id; // empty when the value has none
    std::optional<std::pair<std::string_view, std::string_view>> job;
};

std::optional<ShedlockValue> parse(const LockRecord &record) noexcept
{
    std::string_view value(record.value);
    if (!wholeString(record) || !value.starts_with("ADDED:"))
        return std::nullopt;
    value.remove_prefix(6);
    const auto at = value.find('@');
    if (at == std::string_view::npos || !isoInstant(value.substr(0, at)))
        return std::nullopt;
    ShedlockValue parsed{.lockedAt = value.substr(0, at),
                         .host = value.substr(at + 1),
                         .id = {},
                         .job = std::nullopt};
    std::string_view &host = parsed.host;
    if (host.size() > 37 && host[host.size() - 37] == ':' &&
        isCanonicalUuid(host.substr(host.size() - 36))) {
        parsed.id = host.substr(host.size() - 36);
        host.remove_suffix(37);
    }
    if (!hostName(host))
        return std::nullopt;
    const std::string_view key(record.key);
    if (key.starts_with("job-lock:")) {
        const std::string_view rest = key.substr(9);
        if (const auto colon = rest.find(':'); colon != std::string_view::npos)
            parsed.job.emplace(rest.substr(0, colon), rest.substr(colon + 1));
    }
    return parsed;
}

} // namespace

std::optional<Recognition> recogniseShedlock(const LockRecord &record, std::size_t)
{
    const auto parsed = parse(record);
    if (!parsed)
        return std::nullopt;
    EvidenceClause evidence{EvidenceCode::shedlockValue, {}};
    if (!parsed->id.empty())
        evidence.args.emplace_back("uuid");
    // The default key layout names the environment and the job.
    if (parsed->job)
        evidence.args.emplace_back("job-lock");
    return Recognition{
        .strength = Strength::structure,
        .tokenLength = record.value.size(),
        .evidence = std::move(evidence),
    };
}

void describeShedlock(const LockRecord &record, HolderFields &holder,
                      std::vector<HolderFields> &holders)
{
    holders.clear();
    FieldWriter fields(holder);
    const auto parsed = parse(record);
    if (!parsed)
        return;
    fields.add("locked_at", parsed->lockedAt);
    fields.add("host", parsed->host);
    if (!parsed->id.empty())
        fields.add("id", parsed->id);
    if (parsed->job) {
        fields.add("environment", parsed->job->first);
        fields.add("job", parsed->job->second);
    }
}

} // namespace redislock::detail
