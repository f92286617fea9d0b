#pragma once

// The lock-format recognisers: one small unit per format (a .cpp file each in this folder),
// one table (registry.cpp). Adding a format is a function here, its file, and a row in the
// table; LockRecord::classify asks every row and applies the one rule of which claim wins.

#include <redislock/lockrecord.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace redislock::detail {

// How much a fit says. Only the strongest fit is claimed; two fits of the same strength are
// ambiguous and leave the key raw.
enum class Strength
{
    configured = 1, // matches only a length the operator configured (custom tokens)
    shape = 2,      // the length and alphabet the library writes, nothing more to check
    structure = 3,  // decodes into what the library writes (fields, a UUID's time, a key name)
};

// A recogniser's answer when the key fits its format: how strongly, and why. It reads the bytes
// and keeps nothing of them, and its clauses are held here rather than in a vector of their own,
// so that asking every recogniser about every key of a listing costs no allocation; what the
// bytes say about the holder is the format's Describe, asked only of the one format claimed.
struct Recognition
{
    Strength strength = Strength::shape;
    std::size_t tokenLength = 0; // how much of a string value is the token (0 for hashes)
    EvidenceClause evidence;     // why this format
    // A second reason, where the format has one (python-redis-lock's signal list).
    std::optional<EvidenceClause> moreEvidence = std::nullopt;
};

using Recognise = std::optional<Recognition> (*)(const LockRecord &record,
                                                 std::size_t customTokenLength);

// Writes name/value pairs into a record's holder facts, into the strings already there where it
// can (a record refilled page after page keeps their room), and drops the pairs left over.
class FieldWriter
{
public:
    explicit FieldWriter(HolderFields &fields) noexcept : fields_(fields) {}
    ~FieldWriter() { fields_.resize(used_); }
    FieldWriter(const FieldWriter &) = delete;
    FieldWriter &operator=(const FieldWriter &) = delete;

    void add(std::string_view name, std::string_view value)
    {
        if (used_ == fields_.size())
            fields_.emplace_back();
        auto &[key, text] = fields_[used_++];
        key.assign(name);
        text.assign(value);
    }

private:
    HolderFields &fields_;
    std::size_t used_ = 0;
};

// What the bytes of a key in the format reveal about the lock (`holder`: facts about the lock as
// a whole) and its holders (`holders`: one entry per holder where a format has several), read
// from the record's bytes and its tokenLength. Both are written whole (FieldWriter): what was in
// them before is replaced.
using Describe = void (*)(const LockRecord &record, HolderFields &holder,
                          std::vector<HolderFields> &holders);

struct Recogniser
{
    LockFormat format;
    std::string_view name; // formatName's text
    Recognise recognise;
    Describe describe;
};

// The table, in the order evidence lists candidates: recogniserCount rows.
inline constexpr std::size_t recogniserCount = 10;
[[nodiscard]] std::span<const Recogniser> recognisers() noexcept;

// evidenceLine's text written into `line` (replacing what it held), in the room it has.
void writeEvidenceLine(std::string &line, const std::vector<EvidenceClause> &clauses);

std::optional<Recognition> recogniseRedislock(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseCustomToken(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseRedisson(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseRedissonRwlock(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseRedsync(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseNodeRedlock(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseRedisPy(const LockRecord &, std::size_t);
std::optional<Recognition> recognisePythonRedisLock(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseRedisPlusPlus(const LockRecord &, std::size_t);
std::optional<Recognition> recogniseShedlock(const LockRecord &, std::size_t);

// The formats whose bytes say something about the holder; the others' Describe is describeNothing.
void describeToken(const LockRecord &, HolderFields &, std::vector<HolderFields> &);
void describeRedisson(const LockRecord &, HolderFields &, std::vector<HolderFields> &);
void describeRedisPy(const LockRecord &, HolderFields &, std::vector<HolderFields> &);
void describePythonRedisLock(const LockRecord &, HolderFields &, std::vector<HolderFields> &);
void describeShedlock(const LockRecord &, HolderFields &, std::vector<HolderFields> &);
void describeNothing(const LockRecord &, HolderFields &, std::vector<HolderFields> &);

// python-redis-lock's signal list beside a key "lock:NAME": "lock-signal:NAME"; empty for
// any other key. The scanner reads its length, the force-release pushes to it.
// A namespace before "lock:" ("shop:lock:NAME") carries over ("shop:lock-signal:NAME").
[[nodiscard]] std::string pythonRedisLockSignalKey(std::string_view lockKey);
// The other way: the lock "[ns:]lock:NAME" of a signal list "[ns:]lock-signal:NAME"; empty for
// any other key.
[[nodiscard]] std::string pythonRedisLockKeyOfSignal(std::string_view signalKey);

// Redisson's prefixName(prefix, name): "prefix:{name}", or "prefix:name" when the name has
// braces of its own (so that the key hashes to the lock's slot).
[[nodiscard]] std::string redissonPrefixName(std::string_view prefix, std::string_view name);
// The start of a Redisson reader's lease keys, "{NAME}:<uuid>:<thread>:rwlock_timeout:" (the
// name without added braces when it has some), to which the hold's number is appended.
[[nodiscard]] std::string redissonReaderLeasePrefix(std::string_view lockKey,
                                                    std::string_view field);

// Helpers the recognisers share.
// A whole string value, read in full: what every string-token format needs first.
[[nodiscard]] bool wholeString(const LockRecord &record) noexcept;
[[nodiscard]] bool isStandardBase64(char c) noexcept;
[[nodiscard]] bool isLowerHex(char c) noexcept;
[[nodiscard]] bool isAlphanumeric(char c) noexcept;
[[nodiscard]] bool isDecimal(std::string_view text) noexcept;
// A UUID in its canonical 8-4-4-4-12 hex form (either case).
[[nodiscard]] bool isCanonicalUuid(std::string_view text) noexcept;
// Milliseconds since the Unix epoch as "2026-12-04T10:42:07.123Z".
[[nodiscard]] std::string isoTimeUtc(std::int64_t unixMs);
// Metadata as redislock values carry it: empty, or UTF-8 text without control characters
// (tab and line breaks aside) that does not start with '=' (base64 padding is no metadata).
[[nodiscard]] bool plausibleMetadata(std::string_view metadata) noexcept;

} // namespace redislock::detail
