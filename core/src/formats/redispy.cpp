// redis-py's Lock stores uuid.uuid1().hex: a version-1 UUID as 32 lower-case hex digits. Its
// fields say when it was made (the acquisition: 100 ns ticks since 1582-10-15) and on which
// node (the host's MAC address, or a random 48-bit number with the multicast bit set where
// Python found none). 32 random hex digits pass all three checks about once in 6000 draws.

#include "recogniser.h"

#include <chrono>
#include <cstdio>

namespace redislock::detail {

namespace {

// 100 ns ticks between the Gregorian reform, a UUID's epoch, and the Unix epoch.
constexpr std::uint64_t gregorianToUnix = 0x01B21DD213814000ULL;
// The earliest time taken as plausible: 2000-01-01 UTC, in Unix milliseconds.
constexpr std::int64_t earliestMs = 946'684'800'000LL;
// Clocks of other hosts may run ahead of this one; a day is more than any sane skew.
constexpr std::int64_t skewMs = 86'400'000LL;

std::uint64_t hexValue(std::string_view digits) noexcept
{
    std::uint64_t value = 0;
    for (char c : digits)
        value = (value << 4) | static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    return value;
}

// When the version-1 UUID of a whole string value was made, in Unix milliseconds, when the value
// is one with a plausible time; nothing otherwise.
std::optional<std::int64_t> madeAt(const LockRecord &record)
{
    const std::string_view hex(record.value);
    if (!wholeString(record) || hex.size() != 32)
        return std::nullopt;
    for (char c : hex)
        if (!isLowerHex(c))
            return std::nullopt;
    // time_low (8 digits), time_mid (4), version + time_hi (4), variant + clock_seq (4), node (12)
    if (hex[12] != '1')
        return std::nullopt;
    if (hex[16] != '8' && hex[16] != '9' && hex[16] != 'a' && hex[16] != 'b')
        return std::nullopt;
    const std::uint64_t ticks = (hexValue(hex.substr(13, 3)) << 48) |
                                (hexValue(hex.substr(8, 4)) << 32) | hexValue(hex.substr(0, 8));
    if (ticks < gregorianToUnix)
        return std::nullopt;
    const auto unixMs = static_cast<std::int64_t>((ticks - gregorianToUnix) / 10'000);
    const auto nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    if (unixMs < earliestMs || unixMs > nowMs + skewMs)
        return std::nullopt;
    return unixMs;
}

} // namespace

std::optional<Recognition> recogniseRedisPy(const LockRecord &record, std::size_t)
{
    const auto unixMs = madeAt(record);
    if (!unixMs)
        return std::nullopt;
    return Recognition{
        .strength = Strength::structure,
        .tokenLength = record.value.size(),
        .evidence = {EvidenceCode::redisPyUuid, {isoTimeUtc(*unixMs)}},
    };
}

void describeRedisPy(const LockRecord &record, HolderFields &holder,
                     std::vector<HolderFields> &holders)
{
    holders.clear();
    FieldWriter fields(holder);
    const auto unixMs = madeAt(record);
    if (!unixMs)
        return;
    const std::string_view nodeHex = std::string_view(record.value).substr(20);
    std::string node;
    for (std::size_t i = 0; i < nodeHex.size(); i += 2) {
        if (i > 0)
            node += ':';
        node += nodeHex.substr(i, 2);
    }
    fields.add("acquired_at", isoTimeUtc(*unixMs));
    fields.add("node", node);
    // The multicast bit of the first octet marks a random node: no MAC was found.
    const bool randomNode = (hexValue(nodeHex.substr(0, 2)) & 0x01) != 0;
    fields.add("node_kind", randomNode ? "random (no MAC address was found)" : "MAC address");
}

} // namespace redislock::detail
