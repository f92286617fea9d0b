#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

// Writes one JSON document to a FILE as it goes (buffered, 64 KiB at a time), so that a listing of
// a million locks never sits in memory. Byte strings that are not valid UTF-8 are written as
// {"base64": "..."}.
class JsonWriter
{
public:
    explicit JsonWriter(std::FILE *out) : out_(out) {}
    ~JsonWriter();
    JsonWriter(const JsonWriter &) = delete;
    JsonWriter &operator=(const JsonWriter &) = delete;

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(std::string_view name);
    JsonWriter &bytes(std::string_view value); // a string, or {"base64"} when not UTF-8
    JsonWriter &number(std::int64_t value);
    JsonWriter &number(double value);
    JsonWriter &boolean(bool value);
    JsonWriter &null();
    // Ends the document with a newline and flushes it.
    void finish();

    [[nodiscard]] static bool isValidUtf8(std::string_view text) noexcept;
    [[nodiscard]] static std::string base64(std::string_view data);

private:
    void separate();
    void quoted(std::string_view text);
    void put(char c) { buffer_ += c; }
    void put(std::string_view text) { buffer_.append(text); }
    // Hands the buffer to stdio once it is large: one fwrite per 64 KiB, not per character.
    void flushIfLarge();

    std::FILE *out_;
    std::string buffer_;
    std::vector<bool> hasItems_; // per open container
    bool afterKey_ = false;
};
