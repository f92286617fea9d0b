#include <redislock/hashslot.h>

#include <array>

namespace redislock {

namespace {

// CRC16-XMODEM by table, built at compile time: the 256 remainders of one byte shifted
// through the polynomial 0x1021 (most significant bit first, no reflection, no final XOR).
constexpr std::array<std::uint16_t, 256> crc16Table = [] {
    std::array<std::uint16_t, 256> table{};
    for (unsigned byte = 0; byte < 256; ++byte) {
        auto crc = static_cast<std::uint16_t>(byte << 8);
        for (int bit = 0; bit < 8; ++bit)
            crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
        table[byte] = crc;
    }
    return table;
}();

constexpr std::uint16_t crc16(std::string_view bytes) noexcept
{
    std::uint16_t crc = 0;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        crc = static_cast<std::uint16_t>((crc << 8) ^ crc16Table[((crc >> 8) ^ byte) & 0xff]);
    }
    return crc;
}

// The check value of CRC16-XMODEM, which the cluster specification quotes as well.
static_assert(crc16("123456789") == 0x31c3);

} // namespace

std::uint16_t hashSlot(std::string_view key) noexcept
{
    if (const auto open = key.find('{'); open != std::string_view::npos) {
        const auto close = key.find('}', open + 1);
        if (close != std::string_view::npos && close != open + 1)
            key = key.substr(open + 1, close - open - 1);
    }
    // 16384 is a power of two: the modulo keeps the low 14 bits.
    return static_cast<std::uint16_t>(crc16(key) & (clusterSlotCount - 1));
}

} // namespace redislock
