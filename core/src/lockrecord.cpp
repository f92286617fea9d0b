#include "formats/recogniser.h"

#include <redislock/lockrecord.h>

#include <algorithm>

namespace redislock {

using detail::recognisers;
using detail::Recognition;
using detail::Strength;

std::string_view formatName(LockFormat format) noexcept
{
    for (const auto &recogniser : recognisers())
        if (recogniser.format == format)
            return recogniser.name;
    return "raw";
}

bool formatFromName(std::string_view name, LockFormat &format) noexcept
{
    if (name == "raw") {
        format = LockFormat::raw;
        return true;
    }
    for (const auto &recogniser : recognisers()) {
        if (recogniser.name == name) {
            format = recogniser.format;
            return true;
        }
    }
    return false;
}

std::vector<LockFormat> allFormats()
{
    std::vector<LockFormat> formats;
    for (const auto &recogniser : recognisers())
        formats.push_back(recogniser.format);
    formats.push_back(LockFormat::raw);
    return formats;
}

void LockRecord::classify(std::size_t customTokenLength) noexcept
{
    // Every recogniser is asked; the strongest fit wins when it is the only one that strong.
    // Two equally strong fits are ambiguous: rather no claim than a wrong one.
    struct Fit
    {
        // cppcheck-suppress unusedStructMember ; the winner's format (cppcheck 2.10 misses it)
        LockFormat format;
        std::string_view name;
        Recognition recognition;
    };
    std::vector<Fit> fits;
    for (const auto &recogniser : recognisers())
        if (auto recognition = recogniser.recognise(*this, customTokenLength))
            fits.push_back({recogniser.format, recogniser.name, std::move(*recognition)});

    format = LockFormat::raw;
    tokenLength = 0;
    holder.clear();
    holders.clear();
    evidenceClauses.clear();
    if (fits.empty()) {
        evidenceClauses.push_back({EvidenceCode::noFormat, {type}});
        evidence = evidenceLine(evidenceClauses);
        return;
    }
    const auto strongest = std::ranges::max(fits, {}, [](const Fit &fit) {
                               return fit.recognition.strength;
                           }).recognition.strength;
    std::vector<std::string> others;
    std::vector<std::string> tied;
    for (const auto &fit : fits) {
        if (fit.recognition.strength == strongest)
            tied.emplace_back(fit.name);
        else
            others.emplace_back(fit.name);
    }
    if (tied.size() > 1) {
        evidenceClauses.push_back({EvidenceCode::ambiguous, std::move(tied)});
        evidence = evidenceLine(evidenceClauses);
        return;
    }
    auto &winner = *std::ranges::find_if(
        fits, [strongest](const Fit &fit) { return fit.recognition.strength == strongest; });
    format = winner.format;
    tokenLength = winner.recognition.tokenLength;
    holder = std::move(winner.recognition.holder);
    holders = std::move(winner.recognition.holders);
    evidenceClauses = std::move(winner.recognition.evidence);
    if (!others.empty())
        evidenceClauses.push_back({EvidenceCode::alsoFits, std::move(others)});
    evidence = evidenceLine(evidenceClauses);
}

LockFormat classifyValue(std::string_view value, std::size_t customTokenLength) noexcept
{
    LockRecord record;
    record.value.assign(value);
    record.valueSize = value.size();
    record.classify(customTokenLength);
    return record.format;
}

namespace {

std::string_view fieldOf(const HolderFields &fields, std::string_view name)
{
    for (const auto &[key, value] : fields)
        if (key == name)
            return value;
    return {};
}

// "2f3a…" of a Redisson client UUID, the first octet and an ellipsis.
std::string shortId(std::string_view id)
{
    if (id.size() <= 8)
        return std::string(id);
    return std::string(id.substr(0, 4)) + "\u2026";
}

// "2026-12-04T10:42:07.123Z" as "2026-12-04 10:42:07Z".
std::string shortTime(std::string_view iso)
{
    std::string text(iso.substr(0, 19));
    if (text.size() == 19 && text[10] == 'T')
        text[10] = ' ';
    return text + "Z";
}

} // namespace

HolderLine holderLine(const LockRecord &record)
{
    switch (record.format) {
    case LockFormat::redisson:
    case LockFormat::redissonRwlock: {
        if (record.holders.empty())
            return {};
        const HolderFields &first = record.holders.front();
        const auto count = fieldOf(first, "hold_count");
        return {
            HolderLineCode::redissonThread,
            {shortId(fieldOf(first, "client_id")), std::string(fieldOf(first, "thread_id")),
             count == "1" ? std::string() : std::string(count),
             record.holders.size() > 1 ? std::to_string(record.holders.size() - 1) : std::string(),
             std::string(fieldOf(record.holder, "mode"))}};
    }
    case LockFormat::redisPy:
        return {HolderLineCode::redisPyNode,
                {std::string(fieldOf(record.holder, "node")),
                 shortTime(fieldOf(record.holder, "acquired_at"))}};
    case LockFormat::pythonRedisLock:
        return {HolderLineCode::pythonRedisLockId, {shortId(fieldOf(record.holder, "id"))}};
    case LockFormat::shedlock:
        return {HolderLineCode::shedlockHost,
                {std::string(fieldOf(record.holder, "host")),
                 shortTime(fieldOf(record.holder, "locked_at"))}};
    default:
        return {};
    }
}

std::string holderLineText(const HolderLine &line)
{
    const auto arg = [&line](std::size_t index) {
        return index < line.args.size() ? line.args[index] : std::string();
    };
    switch (line.code) {
    case HolderLineCode::none:
        return {};
    case HolderLineCode::redissonThread: {
        std::string text;
        if (!arg(4).empty())
            text = arg(4) + ": ";
        text += "client " + arg(0) + ", thread " + arg(1);
        if (!arg(2).empty())
            text += " \u00d7" + arg(2);
        if (!arg(3).empty())
            text += " (+" + arg(3) + " more)";
        return text;
    }
    case HolderLineCode::redisPyNode:
        return "node " + arg(0) + ", since " + arg(1);
    case HolderLineCode::pythonRedisLockId:
        return "id " + arg(0);
    case HolderLineCode::shedlockHost:
        return "host " + arg(0) + ", since " + arg(1);
    }
    return {};
}

std::string holderSummary(const LockRecord &record)
{
    return holderLineText(holderLine(record));
}

} // namespace redislock
