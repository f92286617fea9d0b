#include "jsonwriter.h"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

void JsonWriter::separate()
{
    if (afterKey_) {
        afterKey_ = false;
        return;
    }
    if (!hasItems_.empty()) {
        if (hasItems_.back())
            put(',');
        hasItems_.back() = true;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    put('{');
    hasItems_.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    hasItems_.pop_back();
    put('}');
    flushIfLarge();
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    put('[');
    hasItems_.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    hasItems_.pop_back();
    put(']');
    return *this;
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    separate();
    quoted(name);
    put(':');
    afterKey_ = true;
    return *this;
}

JsonWriter &JsonWriter::bytes(std::string_view value)
{
    if (isValidUtf8(value)) {
        separate();
        quoted(value);
        return *this;
    }
    beginObject();
    key("base64");
    separate();
    quoted(base64(value));
    return endObject();
}

JsonWriter &JsonWriter::number(std::int64_t value)
{
    separate();
    char digits[24];
    put(std::string_view(digits, std::to_chars(digits, digits + sizeof digits, value).ptr));
    return *this;
}

JsonWriter &JsonWriter::number(double value)
{
    separate();
    if (std::isfinite(value)) {
        char digits[32];
        const int length = std::snprintf(digits, sizeof digits, "%.6g", value);
        put(std::string_view(digits, static_cast<std::size_t>(length)));
    } else
        put("null");
    return *this;
}

JsonWriter &JsonWriter::boolean(bool value)
{
    separate();
    put(value ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    put("null");
    return *this;
}

void JsonWriter::finish()
{
    put('\n');
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    buffer_.clear();
    std::fflush(out_);
}

JsonWriter::~JsonWriter()
{
    // A document cut short by an error still reaches the stream as far as it got.
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
}

void JsonWriter::flushIfLarge()
{
    if (buffer_.size() >= 64 * 1024) {
        std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
        buffer_.clear();
    }
}

namespace {

// Word-at-a-time tests on 8 bytes (the "haszero" family of bit tricks): each is nonzero exactly
// when some byte matches, so clean words, nearly all of a listing, are skipped 8 bytes a step.
constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;

constexpr std::uint64_t hasByteBelow(std::uint64_t word, std::uint64_t limit) noexcept
{
    return (word - limit * ones) & ~word & highs;
}

constexpr std::uint64_t hasByte(std::uint64_t word, std::uint64_t byte) noexcept
{
    return hasByteBelow(word ^ (byte * ones), 1);
}

// A control character, '"' or '\\': the bytes a JSON string must escape.
constexpr std::uint64_t needsEscape(std::uint64_t word) noexcept
{
    return hasByteBelow(word, 0x20) | hasByte(word, '"') | hasByte(word, '\\');
}

std::uint64_t load(const char *bytes) noexcept
{
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    return word;
}

} // namespace

void JsonWriter::quoted(std::string_view text)
{
    // Written straight into the buffer, sized for the worst case (every byte as \u00XX), with
    // clean runs copied 8 bytes a step: a listing writes millions of strings.
    static constexpr auto escapes = [] {
        std::array<char, 256> table{}; // 0: as is, 'u': \u00XX, else the letter after '\\'
        for (int c = 0; c < 0x20; ++c)
            table[static_cast<std::size_t>(c)] = 'u';
        table['\n'] = 'n';
        table['\r'] = 'r';
        table['\t'] = 't';
        table['"'] = '"';
        table['\\'] = '\\';
        return table;
    }();
    // cppcheck-suppress danglingTemporaryLifetime ; `text` is the caller's view, alive throughout
    const char *data = text.data();
    const std::size_t size = text.size();
    const std::size_t used = buffer_.size();
    buffer_.resize_and_overwrite(used + 2 + 6 * size, [&](char *start, std::size_t) {
        char *out = start + used;
        *out++ = '"';
        const auto escape = [&out](unsigned char byte) {
            const char letter = escapes[byte];
            if (letter == 0) {
                *out++ = static_cast<char>(byte);
                return;
            }
            *out++ = '\\';
            if (letter != 'u') {
                *out++ = letter;
                return;
            }
            static constexpr char hex[] = "0123456789abcdef";
            std::memcpy(out, "u00", 3);
            out[3] = hex[byte >> 4];
            out[4] = hex[byte & 15];
            out += 5;
        };
        std::size_t i = 0;
        while (i + 8 <= size) {
            // All 8 bytes are copied; the output then advances past the clean ones only. The
            // lowest flagged byte is exactly the first that needs escaping (the tests' false
            // positives only ever sit above a true one).
            const std::uint64_t word = load(data + i);
            std::memcpy(out, &word, sizeof word);
            const std::uint64_t flagged = needsEscape(word);
            if (flagged == 0) {
                out += 8;
                i += 8;
                continue;
            }
            const auto clean = static_cast<std::size_t>(std::countr_zero(flagged) / 8);
            out += clean;
            i += clean;
            escape(static_cast<unsigned char>(data[i++]));
        }
        while (i < size)
            escape(static_cast<unsigned char>(data[i++]));
        *out++ = '"';
        return static_cast<std::size_t>(out - start);
    });
}

bool JsonWriter::isValidUtf8(std::string_view text) noexcept
{
    std::size_t i = 0;
    while (i < text.size()) {
        if (i + 8 <= text.size() && (load(text.data() + i) & highs) == 0) {
            i += 8; // eight ASCII bytes
            continue;
        }
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t codePoint = 0;
        if (byte < 0x80) {
            ++i;
            continue;
        } else if ((byte & 0xE0) == 0xC0) {
            length = 2;
            codePoint = byte & 0x1F;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3;
            codePoint = byte & 0x0F;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4;
            codePoint = byte & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size())
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        // No overlong forms, surrogates or values beyond Unicode.
        static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (codePoint < smallest[length] || codePoint > 0x10FFFF ||
            (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::string JsonWriter::base64(std::string_view data)
{
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const std::uint32_t group = (static_cast<unsigned char>(data[i]) << 16) |
                                    (static_cast<unsigned char>(data[i + 1]) << 8) |
                                    static_cast<unsigned char>(data[i + 2]);
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += alphabet[(group >> 6) & 63];
        out += alphabet[group & 63];
    }
    if (const std::size_t rest = data.size() - i; rest > 0) {
        std::uint32_t group = static_cast<unsigned char>(data[i]) << 16;
        if (rest == 2)
            group |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += rest == 2 ? alphabet[(group >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}
