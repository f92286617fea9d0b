#pragma once

// The property checks of the fuzz targets. A failed check prints what was wrong and aborts,
// which libFuzzer reports as a crash and saves the input that caused it.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(condition, ...)                                                                 \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition);  \
            fuzzcheck::explain(__VA_ARGS__);                                                       \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace fuzzcheck {

// Bytes as C-escaped text, so that a failure message shows exactly what was compared.
inline std::string escaped(std::string_view bytes)
{
    std::string out = "\"";
    for (unsigned char c : bytes) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    return out + "\"";
}

inline void explain()
{}

// Name/value pairs: explain("input", input, "got", got).
template <class... Rest>
void explain(std::string_view name, std::string_view value, Rest &&...rest)
{
    std::fprintf(stderr, "  %.*s: %s\n", static_cast<int>(name.size()), name.data(),
                 escaped(value).c_str());
    explain(rest...);
}

} // namespace fuzzcheck
