#include "formats/recogniser.h"

#include <redislock/lockrecord.h>

#include <algorithm>
#include <array>
#include <span>

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
    // Two equally strong fits are ambiguous: rather no claim than a wrong one. A listing
    // classifies every key it reads, so the fits stay on the stack, the candidates' names are
    // gathered only for evidence that names them, only the winner describes the holder, and the
    // holder facts and the English line are written into the room this record already has.
    struct Fit
    {
        const detail::Recogniser *recogniser = nullptr;
        Recognition recognition;
    };
    std::array<Fit, detail::recogniserCount> found;
    std::size_t count = 0;
    for (const auto &recogniser : recognisers())
        if (auto recognition = recogniser.recognise(*this, customTokenLength))
            found[count++] = {&recogniser, std::move(*recognition)};
    const std::span fits(found.data(), count);

    format = LockFormat::raw;
    tokenLength = 0;
    evidenceClauses.clear();
    const auto finish = [this](const detail::Recogniser *winner) {
        if (winner)
            winner->describe(*this, holder, holders);
        else
            detail::describeNothing(*this, holder, holders);
        detail::writeEvidenceLine(evidence, evidenceClauses);
    };
    if (fits.empty()) {
        evidenceClauses.push_back({EvidenceCode::noFormat, {type}});
        return finish(nullptr);
    }
    const auto strength = [](const Fit &fit) {
        return fit.recognition.strength;
    };
    const Strength strongest = std::ranges::max_element(fits, {}, strength)->recognition.strength;
    const auto names = [fits, strength](auto &&pick) {
        std::vector<std::string> chosen;
        for (const auto &fit : fits)
            if (pick(strength(fit)))
                chosen.emplace_back(fit.recogniser->name);
        return chosen;
    };
    if (std::ranges::count(fits, strongest, strength) > 1) {
        evidenceClauses.push_back(
            {EvidenceCode::ambiguous, names([strongest](Strength s) { return s == strongest; })});
        return finish(nullptr);
    }
    Fit &winner = *std::ranges::find(fits, strongest, strength);
    format = winner.recogniser->format;
    tokenLength = winner.recognition.tokenLength;
    // Into the room the clauses had: a caller that keeps its records' clauses allocates none.
    evidenceClauses.push_back(std::move(winner.recognition.evidence));
    if (winner.recognition.moreEvidence)
        evidenceClauses.push_back(std::move(*winner.recognition.moreEvidence));
    if (fits.size() > 1)
        evidenceClauses.push_back(
            {EvidenceCode::alsoFits, names([strongest](Strength s) { return s != strongest; })});
    finish(winner.recogniser);
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
