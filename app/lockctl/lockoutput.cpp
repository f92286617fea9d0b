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
    if (!record.node.empty())
        json.key("node").bytes(record.node);
    if (record.slot)
        json.key("slot").number(static_cast<std::int64_t>(*record.slot));
    json.endObject();
}

redislock::LockRecord recordOf(const redislock::Lock &lock, std::int64_t ttlMs)
{
    redislock::LockRecord record;
    record.key = lock.key();
    record.value = lock.value();
    record.valueSize = record.value.size();
    record.ttlMs = ttlMs;
    // Our own lock: the token is known, so its length is the one that counts, not a guess.
    record.classify(lock.token().size());
    if (record.tokenLength != lock.token().size()) {
        record.tokenLength = lock.token().size();
        record.format = redislock::LockFormat::customToken;
    }
    return record;
}
