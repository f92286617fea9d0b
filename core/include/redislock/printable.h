#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace redislock {

// Bytes made safe for one line of a terminal or a log: printable UTF-8 stays as it is (so keys
// in Chinese read as they are); control characters (C0, DEL, C1), bidirectional overrides and
// bytes that are not UTF-8 become escapes (\x1b, \u{202e}), so that input quoted in a message
// can neither break the message's single line nor send the terminal an escape sequence. Cut to
// `width` characters with an ellipsis when `width` is not 0. Idempotent: escaping text that is
// already printable changes nothing.
[[nodiscard]] std::string printable(std::string_view bytes, std::size_t width = 0);

} // namespace redislock
