#include "utf8.h"

#include <redislock/printable.h>

#include <cstdint>
#include <optional>

namespace redislock {
namespace {

// Characters a terminal acts on instead of showing: C1 controls (U+009B is a CSI on some
// terminals) and the bidirectional controls that reorder what is shown around them.
bool isInvisibleControl(char32_t c)
{
    return (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C ||
           c == 0x2028 || c == 0x2029;
}

constexpr char hex[] = "0123456789abcdef";

} // namespace

std::string printable(std::string_view bytes, std::size_t width)
{
    std::string out;
    out.reserve(bytes.size());
    std::size_t shown = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        if (width && shown >= width) {
            out += "…";
            break;
        }
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            out += static_cast<char>(byte);
            ++shown;
            ++i;
            continue;
        }
        const auto point = byte >= 0x80 ? detail::decodeUtf8(bytes.substr(i)) : std::nullopt;
        if (point && !isInvisibleControl(point->value)) {
            out.append(bytes.substr(i, point->length));
            ++shown;
            i += point->length;
            continue;
        }
        if (point) {
            // \u{202e}: what it is, without doing it.
            std::string digits;
            for (char32_t v = point->value; v; v >>= 4)
                digits.insert(digits.begin(), hex[v & 15]);
            out += "\\u{" + digits + "}";
            shown += digits.size() + 4;
            i += point->length;
            continue;
        }
        // A control byte, or a byte that is not UTF-8.
        out += "\\x";
        out += hex[byte >> 4];
        out += hex[byte & 15];
        shown += 4;
        ++i;
    }
    return out;
}

namespace detail {

std::optional<CodePoint> decodeUtf8(std::string_view bytes) noexcept
{
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(bytes[i]);
    };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (lead < 0x80)
        return CodePoint{lead, 1};
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        value = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        value = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return std::nullopt;
    }
    if (bytes.size() < length)
        return std::nullopt;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80)
            return std::nullopt;
        value = (value << 6) | (byte(i) & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return std::nullopt;
    return CodePoint{value, length};
}

} // namespace detail
} // namespace redislock
