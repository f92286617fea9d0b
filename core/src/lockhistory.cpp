// The history of locks as an observer reads it. Redis never says who did what: a key's value
// and TTL are read now and then (a scan, a re-read after a keyspace event, a TTL re-sync) and
// keyspace events say that a key was set, expired or deleted. Everything below is the reading
// of those observations; each rule says why it reads them so.

#include <redislock/hashindex.h>
#include <redislock/lockhistory.h>
#include <redislock/pages.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <utility>

namespace redislock {

HistoryTime HistoryTime::now() noexcept
{
    return {std::chrono::steady_clock::now(), std::chrono::system_clock::now()};
}

std::string_view eventName(LockEventKind kind) noexcept
{
    switch (kind) {
    case LockEventKind::seen:
        return "seen";
    case LockEventKind::obtained:
        return "obtained";
    case LockEventKind::refreshed:
        return "refreshed";
    case LockEventKind::handedOver:
        return "handed-over";
    case LockEventKind::released:
        return "released";
    case LockEventKind::expired:
        return "expired";
    case LockEventKind::evicted:
        return "evicted";
    case LockEventKind::deleted:
        return "deleted";
    }
    return "seen";
}

std::string_view anomalyName(AnomalyKind kind) noexcept
{
    switch (kind) {
    case AnomalyKind::noExpiry:
        return "no-expiry";
    case AnomalyKind::heldTooLong:
        return "held-too-long";
    case AnomalyKind::lateRefresh:
        return "late-refresh";
    case AnomalyKind::zombieRefresh:
        return "zombie-refresh";
    case AnomalyKind::fastHandover:
        return "fast-handover";
    }
    return "no-expiry";
}

const Tenure *KeyHistory::current() const noexcept
{
    if (tenures.empty() || tenures.back().end)
        return nullptr;
    return &tenures.back();
}

std::string holderOfFields(std::vector<std::string_view> fields)
{
    // The holders are the field names (Redisson's "<client>:<thread>"); their values are
    // re-entrant hold counts, which change without the holder changing. Sorted, because a
    // hash's order is the server's and may differ between two reads of the same holders.
    std::erase(fields, std::string_view("mode"));
    std::ranges::sort(fields);
    std::string joined;
    for (const auto field : fields) {
        if (!joined.empty())
            joined += ',';
        joined += field;
    }
    return joined;
}

std::string holderOf(const LockRecord &record)
{
    if (record.type == "hash") {
        std::vector<std::string_view> fields;
        fields.reserve(record.hash.size());
        for (const auto &[field, value] : record.hash)
            fields.push_back(field);
        return holderOfFields(std::move(fields));
    }
    // A format with a token changes its metadata without changing hands; one without a token is
    // known by its whole value.
    if (record.tokenLength > 0)
        return std::string(record.token());
    return record.value;
}

namespace {

// A hint that *address is about to be read, where the compiler has one.
inline void prefetchRead(const void *address) noexcept
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address);
#else
    (void)address;
#endif
}

using Steady = std::chrono::steady_clock::time_point;
using std::chrono::milliseconds;

// Tokens that expired under a key and are remembered for zombie-refresh: a few per key is
// enough (a key rarely loses more holders to expiry within forgetAfter, and the newest matter).
constexpr std::size_t expiredTokensPerKey = 8;

std::int64_t msBetween(Steady from, Steady to)
{
    return std::chrono::duration_cast<milliseconds>(to - from).count();
}

std::string durationText(std::int64_t ms)
{
    if (ms < 10'000)
        return std::to_string(ms) + " ms";
    const std::int64_t seconds = ms / 1000;
    if (seconds < 120)
        return std::to_string(seconds) + " s";
    std::string text = std::to_string(seconds / 60) + " min";
    if (seconds % 60)
        text += " " + std::to_string(seconds % 60) + " s";
    return text;
}

// Whether b continues the countdown of a (b read what a's TTL predicts at b's time, within the
// tolerance); two points without expiry continue each other when both have none.
bool continues(const TtlPoint &a, const TtlPoint &b, std::int64_t tolerance)
{
    if (a.ttlMs < 0 || b.ttlMs < 0)
        return a.ttlMs == b.ttlMs;
    return std::abs(a.ttlMs - msBetween(a.at.steady, b.at.steady) - b.ttlMs) <= tolerance;
}

template <typename T>
void pushBounded(std::vector<T> &items, T item, std::size_t bound)
{
    if (bound == 0)
        return;
    if (items.size() >= bound)
        items.erase(items.begin(), items.begin() + std::ptrdiff_t(items.size() - bound + 1));
    items.push_back(std::move(item));
}

} // namespace

std::string anomalyDetail(AnomalyKind kind, const AnomalyFigures &figures)
{
    switch (kind) {
    case AnomalyKind::noExpiry:
        return "the key has no expiry: nothing frees it unless it is deleted";
    case AnomalyKind::heldTooLong:
        return (figures.atLeast ? "held for at least " : "held for ") + durationText(figures.ms) +
               " by one holder (refreshed " + std::to_string(figures.refreshes) +
               (figures.refreshes == 1 ? " time" : " times") + "), over the " +
               durationText(figures.limitMs) + " maximum";
    case AnomalyKind::lateRefresh:
        return "refreshed with " + std::to_string(figures.ms) + " ms of " +
               std::to_string(figures.limitMs) + " ms left";
    case AnomalyKind::zombieRefresh:
        return "the token that expired " + durationText(figures.ms) +
               " ago is back: its holder still acts as the owner";
    case AnomalyKind::fastHandover:
        return "a new holder " + std::to_string(figures.ms) + " ms after the previous one expired";
    }
    return {};
}

struct LockHistory::State
{
    // What a key has once something happened to it besides being found held and read
    // unchanged: its public history and what the reading of departures needs.
    struct Detail
    {
        KeyHistory history;
        // How the last tenure ended, when none is current.
        std::optional<HistoryTime> goneAt;
        bool endedByExpiry = false;
        std::vector<std::pair<std::string, Steady>> expiredTokens;
    };

    // What a key is looked up by: its name and the name's hash, hashed once per lookup.
    struct Probe
    {
        std::string_view text;
        std::size_t hash;

        explicit Probe(std::string_view name)
            : text(name), hash(std::hash<std::string_view>{}(name))
        {}
        Probe(std::string_view name, std::size_t nameHash) : text(name), hash(nameHash) {}
    };

    // One key. Most keys of a listing are found held and then only read unchanged: such a key
    // is compact (no Detail), its one tenure, event and one or two TTL points kept as the plain
    // fields below and its token beside its name in `bytes`; its KeyHistory is made from them
    // (expand) when it is asked for or anything else happens to the key. Keys live in blocks
    // (Keys), their names in chunks (Bytes): a first sighting allocates nothing of its own.
    struct Key
    {
        // Its place in present or gone, the orders in which keys are forgotten; `next` links
        // the free keys of Keys too.
        Key *previous = nullptr;
        Key *next = nullptr;
        std::unique_ptr<Detail> detail; // null while compact
        // The name, then (while compact) the holder's token, in `bytes`.
        const char *text = nullptr;
        std::uint32_t nameSize = 0;
        std::uint32_t tokenSize = 0;
        std::uint32_t id = 0; // its place in Keys, as the index names it
        // Bit-fields, in the 16 bytes of the sizes and id: every key of a listing is a Key.
        // While compact: how it was first observed, and whether a TTL point followed.
        LockEventKind firstKind : 8 = LockEventKind::seen;
        LockFormat format : 8 = LockFormat::raw;
        bool hasLast : 1 = false;
        bool present : 1 = false;    // a tenure is current (always, while compact)
        bool hasExpiry : 1 = false;  // the current holder's key has a TTL
        bool leaseKnown : 1 = false; // the current tenure's leaseMs is its real lease
        bool noExpiryFlagged : 1 = false;
        bool tooLongFlagged : 1 = false;

        // While compact: when it was first observed (its TTL then), the latest TTL point after
        // that, and the largest TTL seen.
        HistoryTime firstAt{};
        std::int64_t firstTtlMs = 0;
        HistoryTime lastAt{};
        std::int64_t lastTtlMs = 0;
        std::int64_t leaseMs = 0;
        Steady deadline{}; // its predicted expiry, when hasExpiry

        [[nodiscard]] bool compact() const noexcept { return !detail && present; }
        [[nodiscard]] std::string_view name() const noexcept { return {text, nameSize}; }
        [[nodiscard]] std::string_view token() const noexcept
        {
            return {text + nameSize, tokenSize};
        }
    };

    static_assert(sizeof(Key) <= 112, "a key of every listing: keep it small");

    // A list through the keys themselves: no node of its own per key.
    struct Order
    {
        Key *first = nullptr;
        Key *last = nullptr;

        [[nodiscard]] bool empty() const noexcept { return first == nullptr; }
        void append(Key &key) noexcept
        {
            key.previous = last;
            key.next = nullptr;
            (last ? last->next : first) = &key;
            last = &key;
        }
        void unlink(Key &key) noexcept
        {
            (key.previous ? key.previous->next : first) = key.next;
            (key.next ? key.next->previous : last) = key.previous;
            key.previous = key.next = nullptr;
        }
        void moveToEnd(Key &key) noexcept
        {
            if (last != &key) {
                unlink(key);
                append(key);
            }
        }
    };

    // Every Key, in blocks that never move (the orders and callers hold Key pointers), each
    // named by a 32-bit id; a forgotten key's place is taken by the next new one. A new block's
    // pages are mapped in one call (populatePages) before its keys are constructed: a listing's
    // new keys fill fresh memory, whose pages would otherwise fault in one at a time. (Slabs of
    // several blocks were measured too: no faster to fill, slower to read back.)
    class Keys
    {
    public:
        [[nodiscard]] Key &at(std::uint32_t id) const noexcept
        {
            return blocks_[id / blockSize].get()[id % blockSize];
        }

        Key &make()
        {
            if (free_) {
                Key &key = *std::exchange(free_, free_->next);
                key.next = nullptr;
                return key;
            }
            if (made_ % blockSize == 0) {
                if (blocks_.size() == blocks_.capacity()) // before the block: no leak
                    blocks_.reserve(std::max<std::size_t>(16, blocks_.size() * 2));
                Key *block = std::allocator<Key>().allocate(blockSize);
                populatePages(block, blockSize * sizeof(Key));
                // Its keys at once, in one stream of writes (Key's constructor does not throw).
                std::uninitialized_default_construct_n(block, blockSize);
                blocks_.emplace_back(block);
            }
            Key &key = at(std::uint32_t(made_));
            key.id = std::uint32_t(made_++);
            return key;
        }

        void release(Key &key) noexcept
        {
            const std::uint32_t id = key.id;
            key = Key();
            key.id = id;
            key.next = std::exchange(free_, &key);
        }

        // `keys` keys to come: the list of blocks grows once.
        void reserve(std::size_t keys) { blocks_.reserve((keys + blockSize - 1) / blockSize); }

    private:
        // A few pages: a small history (lockctl watch of a handful of keys) stays small.
        static constexpr std::size_t blockSize = 256;

        // A block is made whole (all its keys constructed), and goes whole.
        struct FreeBlock
        {
            void operator()(Key *block) const noexcept
            {
                std::destroy_n(block, blockSize);
                std::allocator<Key>().deallocate(block, blockSize);
            }
        };
        std::vector<std::unique_ptr<Key, FreeBlock>> blocks_;
        std::size_t made_ = 0;
        Key *free_ = nullptr;
    };

    // The names and tokens of keys, one after another in chunks: no allocation of its own per
    // key, and no string header. What a forgotten or expanded key leaves is dead until a
    // compaction, once the dead outweigh the live, copies the live ones into new chunks.
    class Bytes
    {
    public:
        // Copies a then b, one after the other; valid until the chunks are compacted
        // (compactBytes).
        const char *store(std::string_view a, std::string_view b)
        {
            const std::size_t size = a.size() + b.size();
            stored_ += size;
            live_ += size;
            if (size == 0)
                return nullptr;
            char *place = nullptr;
            if (size > nextChunk_ / 4) {
                // Too large to share a chunk: its own, and the current chunk carries on.
                place = chunks_.emplace_back(std::make_unique_for_overwrite<char[]>(size)).get();
                populatePages(place, size);
                if (chunks_.size() > 1)
                    std::swap(chunks_.back(), chunks_[chunks_.size() - 2]);
            } else {
                if (size > left_) {
                    cursor_ =
                        chunks_.emplace_back(std::make_unique_for_overwrite<char[]>(nextChunk_))
                            .get();
                    // Filled before the next is made: its pages mapped in one call rather
                    // than a fault each as it fills.
                    populatePages(cursor_, nextChunk_);
                    left_ = nextChunk_;
                    nextChunk_ = std::min(nextChunk_ * 2, largestChunk);
                }
                place = std::exchange(cursor_, cursor_ + size);
                left_ -= size;
            }
            if (!a.empty())
                std::memcpy(place, a.data(), a.size());
            if (!b.empty())
                std::memcpy(place + a.size(), b.data(), b.size());
            return place;
        }

        void release(std::size_t size) noexcept { live_ -= size; }

        // Many keys to come: their chunks are the largest from the next one on, rather than
        // growing from a few pages.
        void reserve(std::size_t keys) noexcept
        {
            if (keys * bytesPerKeyGuess >= largestChunk)
                nextChunk_ = largestChunk;
        }

        // Whether a compaction would give back more than it copies (and enough to matter).
        [[nodiscard]] bool wasteful() const noexcept
        {
            const std::size_t dead = stored_ - live_;
            return dead > live_ && dead >= worthCompacting;
        }

    private:
        static constexpr std::size_t firstChunk = 1024;
        // Below malloc's default 128 KB threshold for a mapping of its own: a chunk takes memory
        // the heap already has when it has some, where mapping its pages costs next to nothing.
        static constexpr std::size_t largestChunk = 96 * 1024;
        static constexpr std::size_t worthCompacting = 256 * 1024;
        // A name and a token, typically: "lock:orders:12345" and a 22-character token.
        static constexpr std::size_t bytesPerKeyGuess = 48;

        std::vector<std::unique_ptr<char[]>> chunks_; // the current one last
        char *cursor_ = nullptr;
        std::size_t left_ = 0;
        std::size_t nextChunk_ = firstChunk;
        std::size_t stored_ = 0; // handed out, the dead included
        std::size_t live_ = 0;
    };

    // The keys by name: a HashIndex of their ids (slots of 8 bytes, the name's hash truncated
    // and the id). A lookup reads a slot (a few, within a cache line), its key, and the key's
    // name.
    class Index
    {
    public:
        [[nodiscard]] std::size_t size() const noexcept { return index_.size(); }

        [[nodiscard]] Key *find(const Probe &probe, const Keys &keys) const noexcept
        {
            const std::uint32_t id = index_.find(probe.hash, [&](std::uint32_t candidate) {
                return keys.at(candidate).name() == probe.text;
            });
            return id == noKey ? nullptr : &keys.at(id);
        }

        // Asks the memory for the slot where a lookup of this hash starts: a batch asks for the
        // next keys' while it reads this one's, so that their cache misses overlap.
        void prefetchSlot(std::size_t hash) const noexcept { index_.prefetch(hash); }
        // The same for the key in that slot, once the slot is (most likely) at hand.
        void prefetchKey(std::size_t hash, const Keys &keys) const noexcept
        {
            if (const std::uint32_t id = index_.likely(hash); id != noKey)
                prefetchRead(&keys.at(id));
        }

        // Room for `keys` keys without growing.
        void reserve(std::size_t keys) { index_.reserve(keys); }

        // A key not in the index yet, its id set, by its name's hash.
        void insert(const Key &key, std::size_t hash) { index_.insert(hash, key.id); }

        void erase(const Key &key) noexcept
        {
            // Hashed again: forgetting is rare, a key's 4 bytes are not.
            index_.erase(Probe(key.name()).hash, key.id);
        }

        template <typename Visit>
        void forEach(const Keys &keys, Visit &&visit) const
        {
            index_.forEach([&](std::uint32_t id) { visit(keys.at(id)); });
        }

    private:
        static constexpr std::uint32_t noKey = std::numeric_limits<std::uint32_t>::max();
        HashIndex<std::uint32_t, noKey> index_;
    };

    // Where an observation's changes go: copied out in full (observe), or only counted
    // (observeCounted), which makes no event at all.
    class Sink
    {
    public:
        explicit Sink(HistoryChanges *changes) : changes_(changes) {}

        // Whether the events themselves are wanted: a caller that makes one only for the sink
        // may skip it.
        [[nodiscard]] bool full() const noexcept { return changes_ != nullptr; }
        void event(LockEvent event)
        {
            ++counts_.events;
            if (changes_)
                changes_->events.push_back(std::move(event));
        }
        void countEvent() noexcept { ++counts_.events; }
        void anomaly(Anomaly anomaly)
        {
            ++counts_.anomalies;
            if (changes_)
                changes_->anomalies.push_back(std::move(anomaly));
        }
        [[nodiscard]] ChangeCounts counts() const noexcept { return counts_; }

    private:
        HistoryChanges *changes_;
        ChangeCounts counts_;
    };

    HistoryOptions options;
    bool watching = false;
    Keys pool;
    Bytes bytes;
    Index keys;
    // Keys with a current holder, least recently observed first, and keys that left, the
    // earliest departure first: when maxKeys is reached, the ones that left longest ago go
    // first, then the ones observed longest ago.
    Order present;
    Order gone;

    Key *find(const Probe &name) const { return keys.find(name, pool); }

    void forget(Order &order, Key &key)
    {
        order.unlink(key);
        keys.erase(key);
        bytes.release(key.nameSize + key.tokenSize);
        pool.release(key);
    }

    // Copies the names and tokens still kept into new chunks, the dead left behind.
    void compactBytes()
    {
        Bytes kept;
        keys.forEach(pool, [&](Key &key) { key.text = kept.store(key.name(), key.token()); });
        bytes = std::move(kept);
    }

    // A key new to the history, with the holder's token when it is to be compact.
    Key &create(const Probe &name, std::string_view token)
    {
        if (options.maxKeys > 0) {
            while (keys.size() >= options.maxKeys && !(gone.empty() && present.empty())) {
                if (!gone.empty())
                    forget(gone, *gone.first);
                else
                    forget(present, *present.first);
            }
        }
        if (bytes.wasteful())
            compactBytes();
        Key &key = pool.make();
        key.text = bytes.store(name.text, token);
        key.nameSize = std::uint32_t(name.text.size());
        key.tokenSize = std::uint32_t(token.size());
        keys.insert(key, name.hash);
        gone.append(key);
        return key;
    }

    // Storage for `count` keys in all, made now rather than grown key by key.
    void reserve(std::size_t count)
    {
        // Never more than the history keeps.
        if (options.maxKeys > 0)
            count = std::min(count, options.maxKeys);
        keys.reserve(count);
        pool.reserve(count);
        bytes.reserve(count > keys.size() ? count - keys.size() : 0);
    }

    // Bounds that let a compact key say what the full history would: its one event and tenure
    // and its two TTL points all kept.
    [[nodiscard]] bool compactFits() const noexcept
    {
        return options.eventsPerLock >= 1 && options.ttlPointsPerLock >= 2;
    }

    // A compact key's history, exactly as startTenure and the readings since would have made it.
    static KeyHistory historyOf(const Key &key)
    {
        KeyHistory history;
        history.key = key.name();
        history.events.push_back(
            {key.firstAt, key.firstKind, key.format, std::string(key.token()), key.firstTtlMs, {}});
        history.ttl.push_back({key.firstAt, key.firstTtlMs});
        if (key.hasLast)
            history.ttl.push_back({key.lastAt, key.lastTtlMs});
        Tenure &tenure = history.tenures.emplace_back();
        tenure.token = key.token();
        tenure.format = key.format;
        tenure.start = key.firstAt;
        tenure.startSeen = key.firstKind != LockEventKind::seen;
        tenure.leaseMs = key.leaseMs;
        return history;
    }

    // The key's full history, made from a compact key's fields.
    Detail &expand(Key &key)
    {
        if (key.detail)
            return *key.detail;
        auto detail = std::make_unique<Detail>();
        if (key.compact()) {
            detail->history = historyOf(key);
            bytes.release(std::exchange(key.tokenSize, 0));
        } else {
            detail->history.key = key.name(); // just created, not observed yet
        }
        key.detail = std::move(detail);
        return *key.detail;
    }

    // The keys with the most events since `since`, busiest first, at most n.
    std::vector<Key *> busiest(std::size_t n, HistoryTime since)
    {
        struct Counted
        {
            std::size_t events;
            std::string_view name;
            Key *key;
        };
        std::vector<Counted> counted;
        keys.forEach(pool, [&](Key &key) {
            std::size_t count = 0;
            if (key.compact()) {
                count = key.firstAt.steady >= since.steady ? 1 : 0; // its one event
            } else if (key.detail) {
                const auto &events = key.detail->history.events;
                // Oldest first: count from the newest back to `since`.
                const auto first = std::ranges::find_if(
                    events.rbegin(), events.rend(),
                    [&](const LockEvent &event) { return event.at.steady < since.steady; });
                count = std::size_t(std::distance(events.rbegin(), first));
            }
            if (count > 0)
                counted.push_back({count, key.name(), &key});
        });
        const auto busier = [](const Counted &a, const Counted &b) {
            return a.events != b.events ? a.events > b.events : a.name < b.name;
        };
        const std::size_t kept = std::min(n, counted.size());
        std::partial_sort(counted.begin(), counted.begin() + std::ptrdiff_t(kept), counted.end(),
                          busier);
        std::vector<Key *> result;
        result.reserve(kept);
        for (std::size_t i = 0; i < kept; ++i)
            result.push_back(counted[i].key);
        return result;
    }

    void event(Key &key, Sink &changes, LockEvent event)
    {
        pushBounded(key.detail->history.events, event, options.eventsPerLock);
        changes.event(std::move(event));
    }

    void anomaly(Key &key, Sink &changes, AnomalyKind kind, HistoryTime at,
                 AnomalyFigures figures = {})
    {
        KeyHistory &history = key.detail->history;
        Anomaly found{at, kind,
                      history.tenures.empty() ? std::string() : history.tenures.back().token,
                      figures, anomalyDetail(kind, figures)};
        pushBounded(history.anomalies, found, options.eventsPerLock);
        changes.anomaly(std::move(found));
    }

    // The saw-tooth keeps changes only: a reading that continues the line of the last two
    // (the countdown went on as predicted) replaces the latest point instead of adding one, so
    // a steady countdown costs two points however often it is re-read.
    void recordTtl(Key &key, std::int64_t ttlMs, HistoryTime at)
    {
        auto &points = key.detail->history.ttl;
        const TtlPoint point{at, ttlMs};
        const auto tolerance = options.refreshTolerance.count();
        const std::size_t size = points.size();
        if (size >= 2 && continues(points[size - 2], points[size - 1], tolerance) &&
            continues(points[size - 1], point, tolerance)) {
            points.back() = point;
            return;
        }
        pushBounded(points, point, options.ttlPointsPerLock);
    }

    void checkHeldTooLong(Key &key, Sink &changes, HistoryTime at)
    {
        if (!key.present || key.tooLongFlagged)
            return;
        const Tenure &tenure = key.detail->history.tenures.back();
        // Only a holder that keeps renewing it: a long lease that simply runs is what its owner
        // asked for, and a key without expiry is flagged as such.
        if (tenure.refreshes.empty())
            return;
        const std::int64_t held = msBetween(tenure.start.steady, at.steady);
        if (held <= options.maxHold.count())
            return;
        key.tooLongFlagged = true;
        anomaly(key, changes, AnomalyKind::heldTooLong, at,
                {.ms = held,
                 .limitMs = options.maxHold.count(),
                 .refreshes = static_cast<std::int64_t>(tenure.refreshes.size()),
                 .atLeast = !tenure.startSeen});
    }

    void flagNoExpiry(Key &key, Sink &changes, HistoryTime at)
    {
        // Only a lock is stuck without an expiry: a raw value (a fence counter, a setting) is
        // meant to live forever, and flagging it would bury the real ones.
        const auto &tenures = key.detail->history.tenures;
        if (tenures.empty() || tenures.back().format == LockFormat::raw)
            return;
        if (key.noExpiryFlagged)
            return;
        key.noExpiryFlagged = true;
        anomaly(key, changes, AnomalyKind::noExpiry, at);
    }

    // The holder's state at the start of a tenure, compact or not.
    void holdFrom(Key &key, std::int64_t ttlMs, HistoryTime at, bool startSeen)
    {
        (key.present ? present : gone).unlink(key);
        present.append(key);
        key.present = true;
        key.hasExpiry = ttlMs >= 0;
        key.deadline = at.steady + milliseconds(std::max<std::int64_t>(ttlMs, 0));
        // Taken while watched: the TTL read now is (within a round trip) the whole lease. Found
        // already held: only a refresh will show it.
        key.leaseKnown = startSeen && key.hasExpiry;
        key.noExpiryFlagged = false;
        key.tooLongFlagged = false;
    }

    // Whether a key never observed before, found held or taken, is kept compact: when
    // startTenure would make one event and no anomaly of it (a key new to the history has no
    // expired token to come back and no previous holder to follow closely; only a lock without
    // expiry would be flagged at once).
    [[nodiscard]] bool startsCompact(const LockObservation &observation) const noexcept
    {
        return compactFits() && !(observation.ttlMs == -1 && observation.format != LockFormat::raw);
    }

    // What startTenure would make of such a key (created with the holder's token).
    void startCompact(Key &key, Sink &changes, const LockObservation &observation, HistoryTime at,
                      LockEventKind kind)
    {
        key.firstAt = at;
        key.firstTtlMs = observation.ttlMs;
        key.firstKind = kind;
        key.format = observation.format;
        key.leaseMs = std::max<std::int64_t>(observation.ttlMs, 0);
        key.hasLast = false;
        holdFrom(key, observation.ttlMs, at, kind != LockEventKind::seen);
        if (changes.full())
            changes.event({at,
                           kind,
                           observation.format,
                           std::string(observation.holder),
                           observation.ttlMs,
                           {}});
        else
            changes.countEvent();
    }

    // A TTL reading of a compact key that leaves it compact: what ttlReading would do when that
    // makes no event, no anomaly and at most a second TTL point. False, having done nothing,
    // otherwise (a refresh, an expiry removed from a lock, a third point of the saw-tooth).
    bool compactReading(Key &key, std::int64_t ttlMs, HistoryTime at)
    {
        if (!compactFits())
            return false;
        const TtlPoint point{at, ttlMs};
        const auto tolerance = options.refreshTolerance.count();
        if (key.hasLast &&
            !(continues({key.firstAt, key.firstTtlMs}, {key.lastAt, key.lastTtlMs}, tolerance) &&
              continues({key.lastAt, key.lastTtlMs}, point, tolerance)))
            return false;
        std::optional<Steady> deadline;
        if (ttlMs == -1) {
            if (key.format != LockFormat::raw)
                return false; // flagged as without expiry
        } else if (ttlMs >= 0) {
            if (key.hasExpiry) {
                const std::int64_t difference = ttlMs - msBetween(at.steady, key.deadline);
                if (difference > options.refreshTolerance.count())
                    return false; // a refresh
                if (std::abs(difference) > options.jitterTolerance.count())
                    deadline = at.steady + milliseconds(ttlMs);
            } else {
                deadline = at.steady + milliseconds(ttlMs);
                key.leaseKnown = true; // given an expiry just now: a new lease, seen whole
            }
        }
        key.lastAt = at;
        key.lastTtlMs = ttlMs;
        key.hasLast = true;
        if (ttlMs == -1)
            key.hasExpiry = false;
        else if (ttlMs >= 0) {
            key.hasExpiry = true;
            key.leaseMs = std::max(key.leaseMs, ttlMs);
        }
        if (deadline)
            key.deadline = *deadline;
        return true;
    }

    // A new holder: the key appeared (seen or obtained) or changed hands.
    void startTenure(Key &key, Sink &changes, const LockObservation &observation,
                     std::string holder, HistoryTime at, LockEventKind kind, std::string previous)
    {
        Detail &detail = expand(key);
        const bool startSeen = kind != LockEventKind::seen;
        Tenure tenure;
        tenure.token = holder;
        tenure.format = observation.format;
        tenure.start = at;
        tenure.startSeen = startSeen;
        tenure.leaseMs = std::max<std::int64_t>(observation.ttlMs, 0);
        pushBounded(detail.history.tenures, std::move(tenure), options.eventsPerLock);
        holdFrom(key, observation.ttlMs, at, startSeen);
        event(key, changes,
              {at, kind, observation.format, holder, observation.ttlMs, std::move(previous)});
        recordTtl(key, observation.ttlMs, at);

        // The same token back after it expired: its holder did not notice it lost the lock (it
        // wrote its token again, or "refreshed" with a SET) and still acts as the owner, while
        // someone else may have held it in between.
        const Steady horizon = at.steady - options.forgetAfter;
        const auto zombie = std::ranges::find_if(detail.expiredTokens, [&](const auto &expired) {
            return expired.first == holder && expired.second >= horizon;
        });
        if (zombie != detail.expiredTokens.end() && !holder.empty())
            anomaly(key, changes, AnomalyKind::zombieRefresh, at,
                    {.ms = msBetween(zombie->second, at.steady)});
        // A new holder right after the previous one's expiry: the old holder's work may well
        // have been running still (its lease ran out mid-task), so both may have acted at once.
        if (kind == LockEventKind::obtained && detail.endedByExpiry && detail.goneAt) {
            const std::int64_t gap = msBetween(detail.goneAt->steady, at.steady);
            if (gap <= options.handoverWindow.count())
                anomaly(key, changes, AnomalyKind::fastHandover, at,
                        {.ms = std::max<std::int64_t>(gap, 0)});
        }
        if (observation.ttlMs == -1)
            flagNoExpiry(key, changes, at);
    }

    // A TTL reading of the current holder.
    void ttlReading(Key &key, Sink &changes, std::int64_t ttlMs, HistoryTime at)
    {
        Tenure &tenure = expand(key).history.tenures.back();
        recordTtl(key, ttlMs, at);
        if (ttlMs == -1) {
            // Its expiry was removed (PERSIST, or a SET without PX by the holder).
            key.hasExpiry = false;
            flagNoExpiry(key, changes, at);
            checkHeldTooLong(key, changes, at);
            return;
        }
        if (ttlMs < 0)
            return;
        if (!key.hasExpiry) {
            // It was given an expiry just now: a new lease, seen (about) whole.
            key.hasExpiry = true;
            key.deadline = at.steady + milliseconds(ttlMs);
            key.leaseKnown = true;
            tenure.leaseMs = std::max(tenure.leaseMs, ttlMs);
            checkHeldTooLong(key, changes, at);
            return;
        }
        const std::int64_t predicted = msBetween(at.steady, key.deadline);
        const std::int64_t difference = ttlMs - predicted;
        if (difference > options.refreshTolerance.count()) {
            // A refresh sets the whole lease again (PEXPIRE by its holder), at most one reading
            // before this one; several refreshes between two readings count as one, and a lease
            // refreshed by less than the tolerance is not seen.
            const std::int64_t remaining = std::max<std::int64_t>(predicted, 0);
            // Judged against the lease before this refresh, and only when that lease is known:
            // the largest TTL of a lock found already held says nothing about how much of its
            // lease was left.
            if (key.leaseKnown && tenure.leaseMs > 0 &&
                double(remaining) < options.lateRefreshFraction * double(tenure.leaseMs))
                anomaly(key, changes, AnomalyKind::lateRefresh, at,
                        {.ms = remaining, .limitMs = tenure.leaseMs});
            pushBounded(tenure.refreshes, at, options.eventsPerLock);
            tenure.leaseMs = std::max(tenure.leaseMs, ttlMs);
            key.leaseKnown = true;
            key.deadline = at.steady + milliseconds(ttlMs);
            event(key, changes,
                  {at, LockEventKind::refreshed, tenure.format, tenure.token, ttlMs, {}});
        } else {
            tenure.leaseMs = std::max(tenure.leaseMs, ttlMs);
            // Close to the countdown: the prediction stands, so that re-syncs of a steady lock
            // change nothing. Further off but not a refresh (shortened, or a slow reading):
            // the reading is the better prediction.
            if (std::abs(difference) > options.jitterTolerance.count())
                key.deadline = at.steady + milliseconds(ttlMs);
        }
        checkHeldTooLong(key, changes, at);
    }

    void endTenure(Key &key, Sink &changes, LockEventKind kind, HistoryTime at)
    {
        Detail &detail = expand(key);
        Tenure &tenure = detail.history.tenures.back();
        tenure.end = at;
        tenure.endKind = kind;
        if (kind != LockEventKind::handedOver) {
            present.unlink(key);
            gone.append(key);
            key.present = false;
            detail.goneAt = at;
            detail.endedByExpiry = kind == LockEventKind::expired;
        }
        if (kind == LockEventKind::expired && !tenure.token.empty())
            pushBounded(detail.expiredTokens, std::pair{tenure.token, at.steady},
                        expiredTokensPerKey);
        if (kind != LockEventKind::handedOver)
            event(key, changes, {at, kind, tenure.format, {}, -2, tenure.token});
    }

    // What the public observe, observeTtl and removed do, their changes into `changes`.
    void observe(const LockObservation &observation, const Probe &name, HistoryTime at,
                 Sink &changes);
    void observeTtl(std::string_view name, std::int64_t ttlMs, HistoryTime at, Sink &changes);
    void removed(std::string_view name, RemovalCause cause, HistoryTime at, Sink &changes);
};

LockHistory::LockHistory(const HistoryOptions &options) : state_(std::make_unique<State>())
{
    state_->options = options;
}

LockHistory::~LockHistory() = default;
LockHistory::LockHistory(LockHistory &&) noexcept = default;
LockHistory &LockHistory::operator=(LockHistory &&) noexcept = default;

HistoryChanges LockHistory::observe(const LockRecord &record, HistoryTime at)
{
    // holderOf(record), without copying a string lock's token.
    std::string joined;
    std::string_view holder = record.tokenLength > 0 ? record.token() : record.value;
    if (record.type == "hash") {
        joined = holderOf(record);
        holder = joined;
    }
    return observe(LockObservation{record.key, holder, record.format, record.ttlMs}, at);
}

void LockHistory::State::observe(const LockObservation &observation, const Probe &name,
                                 HistoryTime at, Sink &changes)
{
    if (observation.ttlMs == -2) {
        removed(observation.key, RemovalCause::foundGone, at, changes);
        return;
    }
    Key *key = find(name);
    if (!key || !key->present) {
        // Known to have left, or absent when the watch began: it was taken while watched. Not
        // seen before the watch began: it was already held, since some unknown time.
        const LockEventKind kind =
            key != nullptr || watching ? LockEventKind::obtained : LockEventKind::seen;
        if (!key) {
            const bool compact = startsCompact(observation);
            key = &create(name, compact ? observation.holder : std::string_view());
            if (compact) {
                startCompact(*key, changes, observation, at, kind);
                return;
            }
        }
        startTenure(*key, changes, observation, std::string(observation.holder), at, kind, {});
        return;
    }
    present.moveToEnd(*key);
    // The same holder in the same format, read unchanged: most readings of most keys.
    if (key->compact() && key->token() == observation.holder && key->format == observation.format &&
        compactReading(*key, observation.ttlMs, at))
        return;
    Tenure &tenure = expand(*key).history.tenures.back();
    if (tenure.token != observation.holder) {
        // Another holder without the key seen gone: it expired or was released and taken again
        // between two readings (or overwritten). Whoever it was, the hands changed.
        std::string previous = tenure.token;
        endTenure(*key, changes, LockEventKind::handedOver, at);
        startTenure(*key, changes, observation, std::string(observation.holder), at,
                    LockEventKind::handedOver, std::move(previous));
        return;
    }
    tenure.format = observation.format;
    ttlReading(*key, changes, observation.ttlMs, at);
}

void LockHistory::State::observeTtl(std::string_view name, std::int64_t ttlMs, HistoryTime at,
                                    Sink &changes)
{
    if (ttlMs == -2) {
        removed(name, RemovalCause::foundGone, at, changes);
        return;
    }
    Key *key = find(Probe(name));
    // A TTL alone names no holder: of a key not held as far as we know it says nothing.
    if (!key || !key->present)
        return;
    present.moveToEnd(*key);
    if (key->compact() && compactReading(*key, ttlMs, at))
        return;
    ttlReading(*key, changes, ttlMs, at);
}

void LockHistory::State::removed(std::string_view name, RemovalCause cause, HistoryTime at,
                                 Sink &changes)
{
    Key *key = find(Probe(name));
    // Already gone (a re-read found it gone before its event arrived, or two readers told the
    // same removal): the first word stands.
    if (!key || !key->present)
        return;
    LockEventKind kind = LockEventKind::released;
    switch (cause) {
    case RemovalCause::delEvent:
        kind = LockEventKind::released;
        break;
    case RemovalCause::expiredEvent:
        kind = LockEventKind::expired;
        break;
    case RemovalCause::evictedEvent:
        kind = LockEventKind::evicted;
        break;
    case RemovalCause::operatorDelete:
        kind = LockEventKind::deleted;
        break;
    case RemovalCause::foundGone:
        // Nobody said why: at or after its predicted expiry (within the margin of a reading's
        // round trip) it ran out; before, someone removed it, most likely its holder.
        kind = key->hasExpiry && at.steady + options.refreshTolerance >= key->deadline
                   ? LockEventKind::expired
                   : LockEventKind::released;
        break;
    }
    endTenure(*key, changes, kind, at);
}

HistoryChanges LockHistory::observe(const LockObservation &observation, HistoryTime at)
{
    HistoryChanges changes;
    State::Sink sink(&changes);
    state_->observe(observation, State::Probe(observation.key), at, sink);
    return changes;
}

ChangeCounts LockHistory::observeCounted(const LockObservation &observation, HistoryTime at)
{
    State::Sink sink(nullptr);
    state_->observe(observation, State::Probe(observation.key), at, sink);
    return sink.counts();
}

void LockHistory::observeCounted(std::span<const LockObservation> observations, HistoryTime at,
                                 std::span<ChangeCounts> counts)
{
    State &state = *state_;
    // A pipeline: the slot of the key 2 * ahead after this one is asked of the memory, the key
    // `ahead` after this one is asked for from its slot, and this one is observed. A listing's
    // keys are new or spread over the whole index: each lookup alone waits for a cache miss or
    // two, the next ones' overlap with it.
    constexpr std::size_t ahead = 8;
    constexpr std::size_t ring = 32; // at least 2 * ahead + 1, a power of two
    std::array<std::size_t, ring> hashes{};
    const std::size_t n = std::min(observations.size(), counts.size());
    for (std::size_t i = 0; i < n + 2 * ahead; ++i) {
        if (i < n) {
            hashes[i % ring] = State::Probe(observations[i].key).hash;
            state.keys.prefetchSlot(hashes[i % ring]);
        }
        if (i >= ahead && i - ahead < n)
            state.keys.prefetchKey(hashes[(i - ahead) % ring], state.pool);
        if (i >= 2 * ahead) {
            const std::size_t k = i - 2 * ahead;
            State::Sink sink(nullptr);
            state.observe(observations[k], State::Probe(observations[k].key, hashes[k % ring]), at,
                          sink);
            counts[k] = sink.counts();
        }
    }
}

HistoryChanges LockHistory::observeTtl(std::string_view name, std::int64_t ttlMs, HistoryTime at)
{
    HistoryChanges changes;
    State::Sink sink(&changes);
    state_->observeTtl(name, ttlMs, at, sink);
    return changes;
}

HistoryChanges LockHistory::removed(std::string_view name, RemovalCause cause, HistoryTime at)
{
    HistoryChanges changes;
    State::Sink sink(&changes);
    state_->removed(name, cause, at, sink);
    return changes;
}

void LockHistory::reserve(std::size_t keys)
{
    state_->reserve(keys);
}

void LockHistory::beginWatching() noexcept
{
    state_->watching = true;
}

bool LockHistory::watching() const noexcept
{
    return state_->watching;
}

void LockHistory::prune(HistoryTime now)
{
    State &state = *state_;
    const Steady horizon = now.steady - state.options.forgetAfter;
    // gone is in order of departure: the first that left recently enough ends the walk.
    while (!state.gone.empty()) {
        State::Key &key = *state.gone.first;
        if (key.detail && key.detail->goneAt && key.detail->goneAt->steady >= horizon)
            break;
        state.forget(state.gone, key);
    }
    // The keys still held are not walked: their expired tokens are few (expiredTokensPerKey)
    // and older ones are ignored where they are read. A walk of every key, once a minute, was a
    // second of the GUI thread at a million keys.
}

const KeyHistory *LockHistory::find(std::string_view name) const
{
    State::Key *key = state_->find(State::Probe(name));
    return key ? &state_->expand(*key).history : nullptr;
}

std::span<const Anomaly> LockHistory::anomalies(std::string_view name) const
{
    const State::Key *key = state_->find(State::Probe(name));
    // A compact key has none.
    if (!key || !key->detail)
        return {};
    return key->detail->history.anomalies;
}

std::vector<const KeyHistory *> LockHistory::busiest(std::size_t n, HistoryTime since) const
{
    std::vector<const KeyHistory *> result;
    for (State::Key *key : state_->busiest(n, since))
        result.push_back(&state_->expand(*key).history);
    return result;
}

std::vector<KeyHistory> LockHistory::busiestCopies(std::size_t n, HistoryTime since) const
{
    std::vector<KeyHistory> result;
    for (const State::Key *key : state_->busiest(n, since))
        result.push_back(key->detail ? key->detail->history : State::historyOf(*key));
    return result;
}

std::size_t LockHistory::size() const noexcept
{
    return state_->keys.size();
}

const HistoryOptions &LockHistory::options() const noexcept
{
    return state_->options;
}

void LockHistory::setOptions(const HistoryOptions &options)
{
    state_->options = options;
}

} // namespace redislock
