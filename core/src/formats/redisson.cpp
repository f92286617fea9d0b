// Redisson (Java). RLock, RFencedLock and RFairLock keep a hash at the lock's name whose one
// field is "<client uuid>:<thread id>" (the client's UUID, the holding thread's id) and whose
// value is the re-entrant hold count. RReadWriteLock keeps the same hash with a field "mode"
// ("read" or "write"); a writer's field ends ":write", readers have one field each.

#include "recogniser.h"

#include <string>

namespace redislock::detail {

namespace {

struct RedissonHolder
{
    // cppcheck-suppress unusedStructMember ; read by the holder's description
    std::string_view clientId;
    std::string_view threadId;
    bool write = false;
    // cppcheck-suppress unusedStructMember ; read by the holder's description
    std::string_view count;
};

// "<uuid>:<thread>" or "<uuid>:<thread>:write", or nothing.
std::optional<RedissonHolder> parseField(std::string_view field, std::string_view count)
{
    if (field.size() < 38 || !isCanonicalUuid(field.substr(0, 36)) || field[36] != ':')
        return std::nullopt;
    RedissonHolder holder{.clientId = field.substr(0, 36),
                          .threadId = field.substr(37),
                          .write = false,
                          .count = count};
    if (holder.threadId.ends_with(":write")) {
        holder.write = true;
        holder.threadId.remove_suffix(6);
    }
    if (!isDecimal(holder.threadId) || !isDecimal(count) || count == "0")
        return std::nullopt;
    return holder;
}

// How many fields were read, and whether that was all of them, as evidence arguments.
std::vector<std::string> countedFields(const LockRecord &record)
{
    std::vector<std::string> args{std::to_string(record.hash.size())};
    if (!record.hashComplete)
        args.emplace_back("partial");
    return args;
}

// Both Redisson layouts: every field a holder (and, for the read-write lock, one "mode").
std::optional<Recognition> recognise(const LockRecord &record, bool rwlock)
{
    if (record.type != "hash" || record.hash.empty())
        return std::nullopt;
    Recognition recognition;
    recognition.strength = Strength::structure;
    std::string_view mode;
    bool writer = false;
    std::size_t holders = 0;
    for (const auto &[field, value] : record.hash) {
        if (field == "mode") {
            if (!rwlock || (value != "read" && value != "write"))
                return std::nullopt;
            mode = value;
            continue;
        }
        const auto holder = parseField(field, value);
        if (!holder || (holder->write && !rwlock))
            return std::nullopt;
        writer = writer || holder->write;
        ++holders;
    }
    if (rwlock && mode.empty())
        return std::nullopt;
    // A write-mode lock has its writer; a read-mode one has no writer field.
    if (rwlock && record.hashComplete && (mode == "write") != writer)
        return std::nullopt;
    if (holders == 0 && record.hashComplete)
        return std::nullopt;
    if (rwlock) {
        auto args = countedFields(record);
        args.insert(args.begin(), std::string(mode));
        recognition.evidence = {EvidenceCode::redissonRwlockHash, std::move(args)};
    } else {
        recognition.evidence = {EvidenceCode::redissonHash, countedFields(record)};
    }
    return recognition;
}

} // namespace

std::optional<Recognition> recogniseRedisson(const LockRecord &record, std::size_t)
{
    return recognise(record, false);
}

std::optional<Recognition> recogniseRedissonRwlock(const LockRecord &record, std::size_t)
{
    return recognise(record, true);
}

// The fields recognise() accepted, one holder each; the read-write lock's "mode" is the lock's.
void describeRedisson(const LockRecord &record, HolderFields &holder,
                      std::vector<HolderFields> &holders)
{
    const bool rwlock = record.format == LockFormat::redissonRwlock;
    FieldWriter lock(holder);
    std::size_t count = 0;
    for (const auto &[field, value] : record.hash) {
        if (field == "mode") {
            lock.add("mode", value);
            continue;
        }
        const auto parsed = parseField(field, value);
        if (!parsed)
            continue;
        if (count == holders.size())
            holders.emplace_back();
        FieldWriter fields(holders[count++]);
        fields.add("client_id", parsed->clientId);
        fields.add("thread_id", parsed->threadId);
        fields.add("hold_count", parsed->count);
        if (rwlock)
            fields.add("lock", parsed->write ? "write" : "read");
    }
    holders.resize(count);
}

} // namespace redislock::detail
