// lockctl's JSON writer (--json output). The input is read as a document to write: nested
// arrays and objects of byte strings, integers, doubles, booleans and nulls. The output is
// parsed back by a strict RFC 8259 parser written here, independent of the writer, and must be
// exactly one valid JSON document holding the same values: every byte string either as a JSON
// string with the same bytes (when they are UTF-8) or as {"base64": ...} that decodes to them.

#include "jsonwriter.h"

#include "fuzzcheck.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

// A JSON value, as written (expected) or as parsed back.
struct Value
{
    enum class Kind
    {
        null,
        boolean,
        integer,
        real,
        string,
        array,
        object,
    };
    Kind kind = Kind::null;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string string;
    std::vector<Value> items;      // array elements, or object values
    std::vector<std::string> keys; // object keys, in order
};

// Reads the fuzz input as a sequence of choices; past its end every choice is 0.
class Input
{
public:
    Input(const std::uint8_t *data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
    std::string bytes(std::size_t most)
    {
        const std::size_t size = std::min<std::size_t>(most, size_ - at_);
        std::string out(reinterpret_cast<const char *>(data_ + at_), size);
        at_ += size;
        return out;
    }
    template <class T>
    T raw()
    {
        T value{};
        const std::string b = bytes(sizeof value);
        std::memcpy(&value, b.data(), b.size());
        return value;
    }
    bool empty() const { return at_ >= size_; }

private:
    const std::uint8_t *data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

// UTF-8 as RFC 3629 defines it, table-free and byte by byte, to check the writer's fast one.
bool utf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        const auto at = [&](std::size_t k) -> unsigned char {
            return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
        };
        const auto tail = [](unsigned char b) {
            return b >= 0x80 && b <= 0xBF;
        };
        if (b0 <= 0x7F) {
            i += 1;
        } else if (b0 >= 0xC2 && b0 <= 0xDF && tail(at(1))) {
            i += 2;
        } else if (b0 == 0xE0 && at(1) >= 0xA0 && at(1) <= 0xBF && tail(at(2))) {
            i += 3;
        } else if (((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) && tail(at(1)) &&
                   tail(at(2))) {
            i += 3;
        } else if (b0 == 0xED && at(1) >= 0x80 && at(1) <= 0x9F && tail(at(2))) {
            i += 3;
        } else if (b0 == 0xF0 && at(1) >= 0x90 && at(1) <= 0xBF && tail(at(2)) && tail(at(3))) {
            i += 4;
        } else if (b0 >= 0xF1 && b0 <= 0xF3 && tail(at(1)) && tail(at(2)) && tail(at(3))) {
            i += 4;
        } else if (b0 == 0xF4 && at(1) >= 0x80 && at(1) <= 0x8F && tail(at(2)) && tail(at(3))) {
            i += 4;
        } else {
            return false;
        }
    }
    return true;
}

std::optional<std::string> unbase64(std::string_view text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    const auto sextet = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const int padding = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
        if (padding == 1 && text[i + 2] == '=')
            return std::nullopt; // "x=" then a sextet
        std::uint32_t group = 0;
        for (int k = 0; k < 4; ++k) {
            const int value = k >= 4 - padding ? 0 : sextet(text[i + k]);
            if (value < 0)
                return std::nullopt;
            group = (group << 6) | static_cast<std::uint32_t>(value);
        }
        out += static_cast<char>(group >> 16);
        if (padding < 2)
            out += static_cast<char>((group >> 8) & 0xFF);
        if (padding < 1)
            out += static_cast<char>(group & 0xFF);
        // Canonical: the bits that padding drops are zero.
        if ((padding == 1 && (group & 0xFF) != 0) || (padding == 2 && (group & 0xFFFF) != 0))
            return std::nullopt;
    }
    return out;
}

// RFC 8259, strictly: no trailing commas, no leading zeros, no raw control characters, no
// lone surrogates, UTF-8 only.
class Parser
{
public:
    explicit Parser(std::string_view text) : text_(text) {}

    std::optional<Value> document()
    {
        auto value = parseValue(0);
        skipSpace();
        if (!value || at_ != text_.size())
            return std::nullopt;
        return value;
    }

private:
    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
    void skipSpace()
    {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' ||
                                      text_[at_] == '\n' || text_[at_] == '\r'))
            ++at_;
    }
    bool literal(std::string_view word)
    {
        if (text_.substr(at_, word.size()) != word)
            return false;
        at_ += word.size();
        return true;
    }

    std::optional<Value> parseValue(int depth)
    {
        if (depth > 64)
            return std::nullopt;
        skipSpace();
        Value value;
        const char c = peek();
        if (c == '{') {
            ++at_;
            value.kind = Value::Kind::object;
            skipSpace();
            if (peek() == '}') {
                ++at_;
                return value;
            }
            for (;;) {
                skipSpace();
                auto key = parseString();
                skipSpace();
                if (!key || peek() != ':')
                    return std::nullopt;
                ++at_;
                auto item = parseValue(depth + 1);
                if (!item)
                    return std::nullopt;
                value.keys.push_back(std::move(*key));
                value.items.push_back(std::move(*item));
                skipSpace();
                if (peek() == '}') {
                    ++at_;
                    return value;
                }
                if (peek() != ',')
                    return std::nullopt;
                ++at_;
            }
        }
        if (c == '[') {
            ++at_;
            value.kind = Value::Kind::array;
            skipSpace();
            if (peek() == ']') {
                ++at_;
                return value;
            }
            for (;;) {
                auto item = parseValue(depth + 1);
                if (!item)
                    return std::nullopt;
                value.items.push_back(std::move(*item));
                skipSpace();
                if (peek() == ']') {
                    ++at_;
                    return value;
                }
                if (peek() != ',')
                    return std::nullopt;
                ++at_;
            }
        }
        if (c == '"') {
            auto text = parseString();
            if (!text)
                return std::nullopt;
            value.kind = Value::Kind::string;
            value.string = std::move(*text);
            return value;
        }
        if (literal("true") || literal("false")) {
            value.kind = Value::Kind::boolean;
            value.boolean = text_[at_ - 1] == 'e' && text_[at_ - 2] == 'u';
            return value;
        }
        if (literal("null"))
            return value;
        return parseNumber();
    }

    std::optional<Value> parseNumber()
    {
        const std::size_t start = at_;
        const auto digits = [this] {
            std::size_t n = 0;
            while (peek() >= '0' && peek() <= '9') {
                ++at_;
                ++n;
            }
            return n;
        };
        if (peek() == '-')
            ++at_;
        if (peek() == '0')
            ++at_;
        else if (digits() == 0)
            return std::nullopt;
        bool integral = true;
        if (peek() == '.') {
            ++at_;
            integral = false;
            if (digits() == 0)
                return std::nullopt;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++at_;
            integral = false;
            if (peek() == '+' || peek() == '-')
                ++at_;
            if (digits() == 0)
                return std::nullopt;
        }
        const std::string number(text_.substr(start, at_ - start));
        Value value;
        if (integral) {
            errno = 0;
            value.kind = Value::Kind::integer;
            value.integer = std::strtoll(number.c_str(), nullptr, 10);
            if (errno == ERANGE)
                return std::nullopt;
        } else {
            value.kind = Value::Kind::real;
            value.real = std::strtod(number.c_str(), nullptr);
        }
        return value;
    }

    std::optional<std::uint32_t> hex4()
    {
        if (at_ + 4 > text_.size())
            return std::nullopt;
        std::uint32_t value = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text_[at_++];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= static_cast<std::uint32_t>(c - 'A' + 10);
            else
                return std::nullopt;
        }
        return value;
    }

    static void appendUtf8(std::string &out, std::uint32_t cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::optional<std::string> parseString()
    {
        if (peek() != '"')
            return std::nullopt;
        ++at_;
        std::string out;
        std::string raw; // unescaped bytes since the last escape, checked as UTF-8 together
        for (;;) {
            if (at_ >= text_.size())
                return std::nullopt;
            const auto c = static_cast<unsigned char>(text_[at_++]);
            if (c == '"' || c == '\\') {
                if (!utf8(raw))
                    return std::nullopt;
                out += raw;
                raw.clear();
            }
            if (c == '"')
                return out;
            if (c < 0x20)
                return std::nullopt;
            if (c != '\\') {
                raw += static_cast<char>(c);
                continue;
            }
            if (at_ >= text_.size())
                return std::nullopt;
            const char e = text_[at_++];
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                auto cp = hex4();
                if (!cp)
                    return std::nullopt;
                if (*cp >= 0xDC00 && *cp <= 0xDFFF)
                    return std::nullopt; // a low surrogate alone
                if (*cp >= 0xD800 && *cp <= 0xDBFF) {
                    if (!literal("\\u"))
                        return std::nullopt;
                    auto low = hex4();
                    if (!low || *low < 0xDC00 || *low > 0xDFFF)
                        return std::nullopt;
                    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                }
                appendUtf8(out, *cp);
                break;
            }
            default:
                return std::nullopt;
            }
        }
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

std::string describe(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::null:
        return "null";
    case Value::Kind::boolean:
        return v.boolean ? "true" : "false";
    case Value::Kind::integer:
        return std::to_string(v.integer);
    case Value::Kind::real:
        return std::to_string(v.real);
    case Value::Kind::string:
        return fuzzcheck::escaped(v.string);
    case Value::Kind::array: {
        std::string out = "[";
        for (const auto &item : v.items)
            out += describe(item) + ",";
        return out + "]";
    }
    case Value::Kind::object: {
        std::string out = "{";
        for (std::size_t i = 0; i < v.items.size(); ++i)
            out += fuzzcheck::escaped(v.keys[i]) + ":" + describe(v.items[i]) + ",";
        return out + "}";
    }
    }
    return {};
}

// Whether `parsed` is what writing `expected` must give. A byte string that is not UTF-8 must
// come back as {"base64": ...} decoding to its bytes; a double as "%.6g" keeps six digits.
bool matches(const Value &expected, const Value &parsed)
{
    if (expected.kind == Value::Kind::string && !utf8(expected.string)) {
        if (parsed.kind != Value::Kind::object || parsed.keys.size() != 1 ||
            parsed.keys[0] != "base64" || parsed.items[0].kind != Value::Kind::string)
            return false;
        const auto decoded = unbase64(parsed.items[0].string);
        return decoded && *decoded == expected.string;
    }
    if (expected.kind == Value::Kind::real) {
        if (!std::isfinite(expected.real))
            return parsed.kind == Value::Kind::null;
        const double got = parsed.kind == Value::Kind::integer ? static_cast<double>(parsed.integer)
                           : parsed.kind == Value::Kind::real  ? parsed.real
                                                               : NAN;
        if (std::isnan(got))
            return false;
        if (expected.real == 0 || std::fabs(expected.real) < 1e-300)
            return std::fabs(got - expected.real) <= 1e-300 || got == 0 ||
                   std::fabs(got - expected.real) <= 5e-6 * std::fabs(expected.real);
        return std::fabs(got - expected.real) <= 5e-6 * std::fabs(expected.real);
    }
    if (expected.kind != parsed.kind || expected.items.size() != parsed.items.size())
        return false;
    switch (expected.kind) {
    case Value::Kind::null:
        return true;
    case Value::Kind::boolean:
        return expected.boolean == parsed.boolean;
    case Value::Kind::integer:
        return expected.integer == parsed.integer;
    case Value::Kind::string:
        return expected.string == parsed.string;
    case Value::Kind::real:
        return false;
    case Value::Kind::array:
    case Value::Kind::object:
        for (std::size_t i = 0; i < expected.items.size(); ++i)
            if ((expected.kind == Value::Kind::object && expected.keys[i] != parsed.keys[i]) ||
                !matches(expected.items[i], parsed.items[i]))
                return false;
        return true;
    }
    return false;
}

// Writes one value chosen by the input, and returns what was written.
Value write(Input &input, JsonWriter &json, int depth)
{
    Value value;
    const std::uint8_t choice = input.byte();
    switch (depth >= 12 ? choice % 5 : choice % 8) {
    case 0: {
        value.kind = Value::Kind::string;
        value.string = input.bytes(input.byte());
        json.bytes(value.string);
        break;
    }
    case 1:
        value.kind = Value::Kind::integer;
        value.integer = input.raw<std::int64_t>();
        json.number(value.integer);
        break;
    case 2:
        value.kind = Value::Kind::real;
        value.real = input.raw<double>();
        json.number(value.real);
        break;
    case 3:
        value.kind = Value::Kind::boolean;
        value.boolean = input.byte() & 1;
        json.boolean(value.boolean);
        break;
    case 4:
        json.null();
        break;
    case 5: {
        value.kind = Value::Kind::array;
        json.beginArray();
        for (int n = input.byte() % 10; n > 0 && !input.empty(); --n)
            value.items.push_back(write(input, json, depth + 1));
        json.endArray();
        break;
    }
    case 6: {
        value.kind = Value::Kind::object;
        json.beginObject();
        for (int n = input.byte() % 10; n > 0 && !input.empty(); --n) {
            // Keys are lockctl's own names, always UTF-8; the bytes of keys and their values
            // come from the input all the same.
            std::string key = input.bytes(input.byte() % 32);
            if (!utf8(key))
                key = JsonWriter::base64(key);
            json.key(key);
            value.keys.push_back(key);
            value.items.push_back(write(input, json, depth + 1));
        }
        json.endObject();
        break;
    }
    case 7: {
        // A long string, to cross the writer's 64 KiB flushes.
        value.kind = Value::Kind::string;
        const std::string piece = input.bytes(input.byte() % 16);
        for (int n = input.byte(); n > 0; --n)
            value.string += piece;
        json.bytes(value.string);
        break;
    }
    }
    return value;
}

struct Memstream
{
    char *data = nullptr;
    std::size_t size = 0;
    std::FILE *file = open_memstream(&data, &size);
    ~Memstream()
    {
        if (file)
            std::fclose(file);
        std::free(data);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Input input(data, size);
    Memstream out;
    Value written;
    {
        JsonWriter json(out.file);
        written = write(input, json, 0);
        json.finish();
    }
    std::fflush(out.file);
    const std::string_view text(out.data, out.size);
    FUZZ_CHECK(text.ends_with('\n') && text.find('\n') == text.size() - 1, "output", text);
    const auto parsed = Parser(text).document();
    FUZZ_CHECK(parsed.has_value(), "output", text);
    FUZZ_CHECK(matches(written, *parsed), "output", text, "written", describe(written), "parsed",
               describe(*parsed));

    // The writer's fast UTF-8 test agrees with the plain one, on every value written.
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    FUZZ_CHECK(JsonWriter::isValidUtf8(bytes) == utf8(bytes), "bytes", bytes);
    const auto decoded = unbase64(JsonWriter::base64(bytes));
    FUZZ_CHECK(decoded && *decoded == bytes, "bytes", bytes);
    return 0;
}
