#pragma once

#include <redislock/error.h>

#include <expected>
#include <string>

namespace redislock::detail {

// The length of a default token.
inline constexpr std::size_t defaultTokenLength = 22;

// 16 bytes from OpenSSL's CSPRNG as unpadded base64url: 22 characters, as the Go library.
[[nodiscard]] std::expected<std::string, Error> randomToken();

// True when `text` starts with 22 base64url characters, the shape of a default token, that
// are not all hex digits (the shape of other clients' tokens).
[[nodiscard]] bool looksLikeDefaultToken(std::string_view text) noexcept;

// True when every character of `text` is in the base64url alphabet.
[[nodiscard]] bool isBase64Url(std::string_view text) noexcept;

} // namespace redislock::detail
