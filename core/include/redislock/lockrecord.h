#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace redislock {

// Which library's lock a key looks like. Redis has no lock type: this is a reading of the key,
// its type and its bytes, claimed only when they fit one format and no other equally well;
// anything else is still listed, as raw (with evidence saying what it could have been).
enum class LockFormat
{
    redislock,   // bsm/redislock or Cosy: 22 base64url characters of token, then metadata
    customToken, // redislock with a token of a configured length
    raw,         // anything else, or bytes that fit several formats equally
    redisson, // Redisson RLock / RFencedLock / RFairLock: hash "<client uuid>:<thread>" → count
    redissonRwlock,  // Redisson RReadWriteLock: the same hash with a "mode" field
    redsync,         // go-redsync: 16 random bytes in padded standard base64 (24 characters)
    nodeRedlock,     // node-redlock: 16 random bytes as 32 lower-case hex digits
    redisPy,         // redis-py Lock: uuid1().hex (a version-1 UUID: time and node)
    pythonRedisLock, // python-redis-lock: key "lock:NAME", 18 random bytes in base64
    redisPlusPlus,   // redis-plus-plus RedLock / RedMutex: 20 characters of [0-9A-Za-z]
    shedlock,        // ShedLock: "ADDED:<ISO instant>@<host>[:<uuid>]"
};

// The name lockctl, the inspector and the filter language use: "redislock", "custom-token",
// "redisson", "redisson-rwlock", "redsync", "node-redlock", "redis-py", "python-redis-lock",
// "redis-plus-plus", "shedlock", "raw".
[[nodiscard]] std::string_view formatName(LockFormat format) noexcept;
// The format of a name formatName gives, or false.
[[nodiscard]] bool formatFromName(std::string_view name, LockFormat &format) noexcept;
// Every format, in the order above.
[[nodiscard]] std::vector<LockFormat> allFormats();

// What the bytes reveal about a holder, as ordered name/value pairs ("client_id", "node",
// "acquired_at", ...). Plain strings, so that any front end can print or render them.
using HolderFields = std::vector<std::pair<std::string, std::string>>;

// Why a key was read as its format, as codes a front end can word in its own language: each
// clause one code and the facts it names (args); the English of each is evidenceText's, and
// LockRecord::evidence is the clauses' English joined by "; ".
enum class EvidenceCode
{
    redislockToken,        // 22 base64url characters of token, then metadata
    customToken,           // args: the configured token length
    redissonHash,          // args: number of fields read, "partial" when more were not read
    redissonRwlockHash,    // args: the mode, number of fields read, "partial" as above
    redsyncValue,          // 16 bytes in padded standard base64
    nodeRedlockValue,      // 32 lower-case hex digits
    redisPlusPlusId,       // 20 characters of [0-9A-Za-z]
    redisPyUuid,           // args: when the UUID was made (ISO 8601, UTC)
    pythonRedisLockId,     // "lock:NAME" holding 18 bytes of base64
    pythonRedisLockSignal, // its signal list exists
    shedlockValue, // args: "uuid" when ":<uuid>" follows the host, "job-lock" under that key
    noFormat,      // args: the Redis type
    ambiguous,     // args: the candidate formats' names (two or more)
    alsoFits,      // args: the weaker candidates' names (one or more)
};

struct EvidenceClause
{
    EvidenceCode code;
    std::vector<std::string> args;

    friend bool operator==(const EvidenceClause &, const EvidenceClause &) = default;
};

// A clause in English: "22 base64url characters of token, then metadata (bsm/redislock,
// Cosy)", "could be redsync or node-redlock: the bytes fit each equally, so none is claimed".
[[nodiscard]] std::string evidenceText(const EvidenceClause &clause);
// The clauses in English, joined by "; ": what LockRecord::evidence holds.
[[nodiscard]] std::string evidenceLine(const std::vector<EvidenceClause> &clauses);

// One key as an inspection found it.
struct LockRecord
{
    std::string key;
    // The value as read: at most the scan's maxValueBytes bytes of it (see valueSize).
    std::string value;
    // The full length of the value in bytes; larger than value.size() when it was cut short.
    std::size_t valueSize = 0;
    // Remaining time to live in milliseconds; -1 when the key has no expiry, -2 when it
    // vanished between discovery and reading.
    std::int64_t ttlMs = 0;
    LockFormat format = LockFormat::raw;
    std::size_t tokenLength = 0; // 0 for raw and for hashes
    // The Redis type: "string", "hash", ...
    std::string type = "string";
    // Where it was read: the server's "host:port" (on a cluster, the master as the cluster
    // announces it), and on a cluster the key's hash slot.
    std::string node;
    std::optional<std::uint16_t> slot;
    // A hash's fields and values as read (at most a bounded number of them, see hashComplete),
    // in the server's order. Empty for other types.
    std::vector<std::pair<std::string, std::string>> hash;
    // False when the hash has more fields than were read.
    bool hashComplete = true;
    // The length of python-redis-lock's signal list "lock-signal:NAME" beside a key "lock:NAME"
    // (0: absent), or -1 when it was not read.
    std::int64_t signalLength = -1;

    // What the recogniser of `format` read from the bytes. `holder` has the facts about the
    // lock as a whole (Redisson's "mode", redis-py's "node"), `holders` one entry per holder
    // where a format has several (a Redisson read lock); `evidence` is one line: why this
    // format, or which formats the bytes could be and why none was claimed (lockctl prints
    // it); `evidenceClauses` says the same as codes, for a front end to translate.
    HolderFields holder;
    std::vector<HolderFields> holders;
    std::string evidence;
    std::vector<EvidenceClause> evidenceClauses;

    [[nodiscard]] bool truncated() const noexcept { return valueSize > value.size(); }
    [[nodiscard]] std::string_view token() const noexcept
    {
        return std::string_view(value).substr(0, tokenLength);
    }
    [[nodiscard]] std::string_view metadata() const noexcept
    {
        return std::string_view(value).substr(tokenLength);
    }
    // Sets format, tokenLength, holder, holders and evidence (both forms) from the key, type,
    // value, hash and signal length, by asking every recogniser (see classifyValue for the rule):
    // what every reader of keys (lockctl list, the inspector's scans and re-reads) calls, so that
    // all classify alike.
    void classify(std::size_t customTokenLength) noexcept;
};

// What the short holder line says, as a code and the facts it names, so that a front end can
// word it in its own language (the English is holderLineText's, what lockctl prints). The
// arguments are the line's own short forms: a client id or python-redis-lock id as its first
// four characters and an ellipsis ("2f3a…"), a time as "2026-12-04 10:42:07Z"; an empty
// argument is one the line leaves out.
enum class HolderLineCode
{
    none,              // the bytes say nothing about a holder (no arguments)
    redissonThread,    // args: client, thread, hold count (empty when 1), how many other
                       // holders (empty when none), the read-write lock's mode (empty for RLock)
    redisPyNode,       // args: node (its MAC address or random bits), when it was taken
    pythonRedisLockId, // args: id
    shedlockHost,      // args: host, when it was taken
};

struct HolderLine
{
    HolderLineCode code = HolderLineCode::none;
    std::vector<std::string> args;

    friend bool operator==(const HolderLine &, const HolderLine &) = default;
};

// The line of the lock's holder, from the facts its recogniser read (holder, holders).
[[nodiscard]] HolderLine holderLine(const LockRecord &record);
// The line in English: "client 2f3a…, thread 57 ×2 (+1 more)", "read: client 2f3a…, thread
// 57", "node aa:bb:cc:dd:ee:ff, since 2026-12-04 10:42:07Z", "id 1a2b…", "host cron-01, since
// 2026-12-04 10:42:07Z"; empty for HolderLineCode::none.
[[nodiscard]] std::string holderLineText(const HolderLine &line);
// holderLineText(holderLine(record)): a short line naming who holds the lock, for a table cell.
// Empty when the bytes say nothing.
[[nodiscard]] std::string holderSummary(const LockRecord &record);

// Classifies a string value of an unknown key, as LockRecord::classify does. Each format has
// a recogniser of its own (core/src/formats/); each says whether the bytes fit and how
// strongly:
// - structure: the bytes decode into what the library writes (a Redisson hash, a redis-py
//   version-1 UUID with a plausible time, a ShedLock "ADDED:" value, a python-redis-lock id
//   under "lock:NAME");
// - shape: only the length and alphabet match (redislock's 22-character token + plausible
//   metadata, redsync, node-redlock, redis-plus-plus);
// - configured: a custom token of customTokenLength characters (when set).
// The one strongest fit is claimed; when two fit equally strongly none is, the value stays
// raw and the evidence names the candidates. A value that merely looks like a weaker format
// (32 hex digits that also decode as a version-1 UUID) is claimed as the stronger one, with
// the other named in the evidence.
[[nodiscard]] LockFormat classifyValue(std::string_view value,
                                       std::size_t customTokenLength = 0) noexcept;

} // namespace redislock
