#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace redislock::detail {

struct CodePoint
{
    char32_t value;
    std::size_t length;
};

// The well-formed UTF-8 sequence at the start of `bytes` (no overlongs, surrogates or values
// above U+10FFFF), or nothing. One decoder for the core: escaping messages and telling
// metadata from binary both need exactly this.
[[nodiscard]] std::optional<CodePoint> decodeUtf8(std::string_view bytes) noexcept;

} // namespace redislock::detail
