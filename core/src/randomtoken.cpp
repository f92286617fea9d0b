#include "randomtoken.h"

#include <openssl/rand.h>

#include <array>

namespace redislock::detail {
namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t tokenBytes = 16;
constexpr std::size_t tokenLength = 22;

} // namespace

std::expected<std::string, Error> randomToken()
{
    std::array<unsigned char, tokenBytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        return std::unexpected(
            Error(Errc::invalidArgument, "the system's random generator failed to make a token"));
    std::string token;
    token.reserve(tokenLength);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        token += alphabet[(group >> 18) & 63];
        token += alphabet[(group >> 12) & 63];
        token += alphabet[(group >> 6) & 63];
        token += alphabet[group & 63];
    }
    // 16 = 5 * 3 + 1: one byte left, two characters without padding.
    const unsigned last = bytes[i] << 16;
    token += alphabet[(last >> 18) & 63];
    token += alphabet[(last >> 12) & 63];
    return token;
}

bool looksLikeDefaultToken(std::string_view text) noexcept
{
    if (text.size() < tokenLength)
        return false;
    bool onlyHex = true;
    for (char c : text.substr(0, tokenLength)) {
        if (alphabet.find(c) == std::string_view::npos)
            return false;
        onlyHex = onlyHex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
    // 22 random base64url characters are all lower-case hex digits with a probability of
    // (22/64)^22, about 6e-11; hex-only heads are other clients' tokens (redis-py's 32 hex
    // digits, UUIDs) or numbers, not ours.
    return !onlyHex;
}

} // namespace redislock::detail
