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
    evidence.clear();
    if (fits.empty()) {
        evidence = type == "string" ? "a string that fits no known lock format"
                                    : "a " + type + " that fits no known lock format";
        return;
    }
    const auto strongest = std::ranges::max(fits, {}, [](const Fit &fit) {
                               return fit.recognition.strength;
                           }).recognition.strength;
    std::string others;
    std::vector<std::string_view> tied;
    for (const auto &fit : fits) {
        if (fit.recognition.strength == strongest) {
            tied.push_back(fit.name);
        } else {
            others += others.empty() ? "" : ", ";
            others += fit.name;
        }
    }
    if (tied.size() > 1) {
        evidence = "could be ";
        for (std::size_t i = 0; i < tied.size(); ++i) {
            evidence += i == 0 ? "" : i + 1 == tied.size() ? " or " : ", ";
            evidence += tied[i];
        }
        evidence += ": the bytes fit each equally, so none is claimed";
        return;
    }
    auto &winner = *std::ranges::find_if(
        fits, [strongest](const Fit &fit) { return fit.recognition.strength == strongest; });
    format = winner.format;
    tokenLength = winner.recognition.tokenLength;
    holder = std::move(winner.recognition.holder);
    holders = std::move(winner.recognition.holders);
    evidence = std::move(winner.recognition.evidence);
    if (!others.empty())
        evidence += "; also fits " + others + ", less closely";
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

std::string holderSummary(const LockRecord &record)
{
    switch (record.format) {
    case LockFormat::redisson:
    case LockFormat::redissonRwlock: {
        if (record.holders.empty())
            return {};
        const HolderFields &first = record.holders.front();
        std::string text;
        if (record.format == LockFormat::redissonRwlock)
            text = std::string(fieldOf(record.holder, "mode")) + ": ";
        text += "client " + shortId(fieldOf(first, "client_id")) + ", thread " +
                std::string(fieldOf(first, "thread_id"));
        if (const auto count = fieldOf(first, "hold_count"); !count.empty() && count != "1")
            text += " \u00d7" + std::string(count);
        if (record.holders.size() > 1)
            text += " (+" + std::to_string(record.holders.size() - 1) + " more)";
        return text;
    }
    case LockFormat::redisPy:
        return "node " + std::string(fieldOf(record.holder, "node")) + ", since " +
               shortTime(fieldOf(record.holder, "acquired_at"));
    case LockFormat::pythonRedisLock:
        return "id " + shortId(fieldOf(record.holder, "id"));
    case LockFormat::shedlock:
        return "host " + std::string(fieldOf(record.holder, "host")) + ", since " +
               shortTime(fieldOf(record.holder, "locked_at"));
    default:
        return {};
    }
}

} // namespace redislock
