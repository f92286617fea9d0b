#pragma once

#include <redislock/error.h>

#include <expected>
#include <string>

namespace redislock::detail {

// 16 bytes from OpenSSL's CSPRNG as unpadded base64url: 22 characters, as the Go library.
[[nodiscard]] std::expected<std::string, Error> randomToken();

// True when `text` starts with 22 base64url characters, the shape of a default token, that
// are not all hex digits (the shape of other clients' tokens).
[[nodiscard]] bool looksLikeDefaultToken(std::string_view text) noexcept;

} // namespace redislock::detail
