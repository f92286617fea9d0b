#include "lockoutput.h"

void writeLockJson(JsonWriter &json, const redislock::LockRecord &record,
                   std::span<const std::string> keys)
{
    json.beginObject();
    json.key("key").bytes(record.key);
    json.key("keys").beginArray();
    for (const auto &key : keys)
        json.bytes(key);
    json.endArray();
    json.key("format").bytes(redislock::formatName(record.format));
    json.key("token").bytes(record.token());
    json.key("metadata").bytes(record.metadata());
    json.key("value").bytes(record.value);
    json.key("ttl_ms").number(record.ttlMs);
    if (record.type != "string")
        json.key("type").bytes(record.type);
    if (record.truncated())
        json.key("value_size").number(static_cast<std::int64_t>(record.valueSize));
    json.endObject();
}

redislock::LockRecord recordOf(const redislock::Lock &lock, std::int64_t ttlMs)
{
    redislock::LockRecord record;
    record.key = lock.key();
    record.value = lock.value();
    record.valueSize = record.value.size();
    record.ttlMs = ttlMs;
    record.tokenLength = lock.token().size();
    record.format = redislock::classifyValue(record.value) == redislock::LockFormat::redislock &&
                            record.tokenLength == 22
                        ? redislock::LockFormat::redislock
                        : redislock::LockFormat::customToken;
    return record;
}

std::string printable(std::string_view bytes, std::size_t width)
{
    std::string out;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (width && shown >= width) {
            out += "…";
            break;
        }
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            out += static_cast<char>(byte);
            ++shown;
            continue;
        }
        // A whole UTF-8 sequence stays as it is; a broken one is escaped byte by byte.
        std::size_t length = (byte & 0xE0) == 0xC0   ? 2
                             : (byte & 0xF0) == 0xE0 ? 3
                             : (byte & 0xF8) == 0xF0 ? 4
                                                     : 0;
        if (length && i + length <= bytes.size() &&
            JsonWriter::isValidUtf8(bytes.substr(i, length))) {
            out.append(bytes.substr(i, length));
            i += length - 1;
            ++shown;
            continue;
        }
        static constexpr char hex[] = "0123456789abcdef";
        out += "\\x";
        out += hex[byte >> 4];
        out += hex[byte & 15];
        shown += 4;
    }
    return out;
}
