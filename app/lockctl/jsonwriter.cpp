#include "jsonwriter.h"

#include <charconv>
#include <cmath>

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

void JsonWriter::quoted(std::string_view text)
{
    // Runs that need no escaping go out in one fwrite: a listing writes millions of strings.
    put('"');
    std::size_t runStart = 0;
    const auto flushRun = [&](std::size_t end) {
        if (end > runStart)
            put(text.substr(runStart, end - runStart));
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char *escape = nullptr;
        switch (c) {
        case '"':
            escape = "\\\"";
            break;
        case '\\':
            escape = "\\\\";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\t':
            escape = "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20)
                continue;
        }
        flushRun(i);
        runStart = i + 1;
        if (escape)
            put(escape);
        else {
            static constexpr char hex[] = "0123456789abcdef";
            const auto byte = static_cast<unsigned char>(c);
            put("\\u00");
            put(hex[byte >> 4]);
            put(hex[byte & 15]);
        }
    }
    flushRun(text.size());
    put('"');
}

bool JsonWriter::isValidUtf8(std::string_view text) noexcept
{
    std::size_t i = 0;
    while (i < text.size()) {
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
