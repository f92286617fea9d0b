// SCAN MATCH globs matched on the client, for keys learnt otherwise than by a scan.

#include <redislock/keyscanner.h>

#include <utility>

namespace redislock {

namespace {

// A port of Redis's stringmatchlen(): same results on malformed patterns (an unterminated
// class, a trailing backslash) as the server.
bool globMatch(const char *pattern, std::size_t patternLength, const char *text,
               std::size_t textLength, int depth)
{
    // Redis bounds the recursion of stars too (a pattern of many stars is pathological).
    if (depth > 1000)
        return false;
    while (patternLength > 0 && textLength > 0) {
        switch (pattern[0]) {
        case '*':
            while (patternLength > 1 && pattern[1] == '*') {
                ++pattern;
                --patternLength;
            }
            if (patternLength == 1)
                return true;
            while (textLength > 0) {
                if (globMatch(pattern + 1, patternLength - 1, text, textLength, depth + 1))
                    return true;
                ++text;
                --textLength;
            }
            return false;
        case '?':
            ++text;
            --textLength;
            break;
        case '[': {
            ++pattern;
            --patternLength;
            const bool negate = patternLength > 0 && pattern[0] == '^';
            if (negate) {
                ++pattern;
                --patternLength;
            }
            bool match = false;
            for (;;) {
                if (patternLength > 0 && pattern[0] == '\\' && patternLength >= 2) {
                    ++pattern;
                    --patternLength;
                    if (pattern[0] == text[0])
                        match = true;
                } else if (patternLength > 0 && pattern[0] == ']') {
                    break;
                } else if (patternLength == 0) {
                    // Unterminated class: step back so that the outer loop ends on it.
                    --pattern;
                    ++patternLength;
                    break;
                } else if (patternLength >= 3 && pattern[1] == '-') {
                    // Plain char, as the server compares (signed on the usual platforms).
                    int start = pattern[0];
                    int end = pattern[2];
                    const int c = text[0];
                    if (start > end)
                        std::swap(start, end);
                    pattern += 2;
                    patternLength -= 2;
                    if (c >= start && c <= end)
                        match = true;
                } else if (pattern[0] == text[0]) {
                    match = true;
                }
                ++pattern;
                --patternLength;
            }
            if (negate)
                match = !match;
            if (!match)
                return false;
            ++text;
            --textLength;
            break;
        }
        case '\\':
            if (patternLength >= 2) {
                ++pattern;
                --patternLength;
            }
            [[fallthrough]];
        default:
            if (pattern[0] != text[0])
                return false;
            ++text;
            --textLength;
            break;
        }
        ++pattern;
        --patternLength;
        if (textLength == 0) {
            while (patternLength > 0 && pattern[0] == '*') {
                ++pattern;
                --patternLength;
            }
            break;
        }
    }
    return patternLength == 0 && textLength == 0;
}

} // namespace

bool globMatches(std::string_view pattern, std::string_view key) noexcept
{
    return globMatch(pattern.data(), pattern.size(), key.data(), key.size(), 0);
}

} // namespace redislock
