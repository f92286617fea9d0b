// The history of locks as an observer reads it. Redis never says who did what: a key's value
// and TTL are read now and then (a scan, a re-read after a keyspace event, a TTL re-sync) and
// keyspace events say that a key was set, expired or deleted. Everything below is the reading
// of those observations; each rule says why it reads them so.

#include <redislock/lockhistory.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
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

    // A key's name with its hash, which a lookup compares before the bytes; Probe is what a
    // lookup hashes once.
    struct Name
    {
        std::string text;
        std::size_t hash = 0;
    };
    struct Probe
    {
        std::string_view text;
        std::size_t hash;

        explicit Probe(std::string_view name)
            : text(name), hash(std::hash<std::string_view>{}(name))
        {}
    };

    // One key. Most keys of a listing are found held and then only read unchanged: such a key
    // is compact (no Detail), its one tenure, event and one or two TTL points kept as the plain
    // fields below, without a vector or a copy of the key or token of their own; its KeyHistory
    // is made from them (expand) when it is asked for or anything else happens to the key.
    struct Key
    {
        const Name *name = nullptr; // in its node in the index, which never moves
        // Its place in present or gone, the orders in which keys are forgotten.
        Key *previous = nullptr;
        Key *next = nullptr;
        std::unique_ptr<Detail> detail; // null while compact

        // While compact: the holder, how and when it was first observed (its TTL then), the
        // latest TTL point after that, and the largest TTL seen.
        std::string token;
        HistoryTime firstAt{};
        std::int64_t firstTtlMs = 0;
        HistoryTime lastAt{};
        std::int64_t lastTtlMs = 0;
        std::int64_t leaseMs = 0;
        LockEventKind firstKind = LockEventKind::seen;
        LockFormat format = LockFormat::raw;
        bool hasLast = false;

        bool present = false;    // a tenure is current (always, while compact)
        bool hasExpiry = false;  // the current holder's key has a TTL
        bool leaseKnown = false; // the current tenure's leaseMs is its real lease
        bool noExpiryFlagged = false;
        bool tooLongFlagged = false;
        Steady deadline{}; // its predicted expiry, when hasExpiry

        [[nodiscard]] bool compact() const noexcept { return !detail && present; }
    };

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

    // The keys by name: open addressing (linear probing) over slots of a hash and a node, each
    // key in a node of its own that never moves. A lookup reads one slot (a few, within a cache
    // line or two) and the one node it finds; a node-based map read the node before the bucket
    // and the one after it too, each a cache miss in a map of a million keys.
    class Index
    {
    public:
        Index() = default;
        Index(const Index &) = delete;
        Index &operator=(const Index &) = delete;
        ~Index()
        {
            for (const Slot &slot : slots_)
                delete slot.node;
        }

        [[nodiscard]] std::size_t size() const noexcept { return size_; }

        [[nodiscard]] Key *find(const Probe &probe) const noexcept
        {
            if (slots_.empty())
                return nullptr;
            for (std::size_t i = probe.hash & mask();; i = (i + 1) & mask()) {
                const Slot &slot = slots_[i];
                if (!slot.node)
                    return nullptr;
                if (slot.hash == probe.hash && slot.node->name.text == probe.text)
                    return &slot.node->key;
            }
        }

        // A key not in the index yet.
        Key &insert(const Probe &probe)
        {
            if ((size_ + 1) * 10 > slots_.size() * 7)
                grow();
            auto node = std::make_unique<Node>();
            node->name = {std::string(probe.text), probe.hash};
            node->key.name = &node->name;
            Key &key = node->key;
            place({probe.hash, node.release()});
            ++size_;
            return key;
        }

        void erase(Key &key) noexcept
        {
            std::size_t hole = key.name->hash & mask();
            while (&slots_[hole].node->key != &key)
                hole = (hole + 1) & mask();
            delete slots_[hole].node;
            // Backward shift: each slot after the hole that may move into it does, so that
            // every key stays reachable from its home slot without a gap.
            for (std::size_t next = (hole + 1) & mask(); slots_[next].node;
                 next = (next + 1) & mask()) {
                const std::size_t home = slots_[next].hash & mask();
                const bool staysPut =
                    hole <= next ? hole < home && home <= next : hole < home || home <= next;
                if (staysPut)
                    continue;
                slots_[hole] = slots_[next];
                hole = next;
            }
            slots_[hole] = {};
            --size_;
        }

        template <typename Visit>
        void forEach(Visit &&visit) const
        {
            for (const Slot &slot : slots_)
                if (slot.node)
                    visit(slot.node->key);
        }

    private:
        struct Node
        {
            Name name;
            Key key;
        };
        struct Slot
        {
            std::size_t hash = 0;
            Node *node = nullptr; // owned; null: empty
        };

        [[nodiscard]] std::size_t mask() const noexcept { return slots_.size() - 1; }

        void place(Slot slot) noexcept
        {
            std::size_t i = slot.hash & mask();
            while (slots_[i].node)
                i = (i + 1) & mask();
            slots_[i] = slot;
        }

        void grow()
        {
            std::vector<Slot> old(std::max<std::size_t>(slots_.size() * 2, 16));
            old.swap(slots_);
            for (const Slot &slot : old)
                if (slot.node)
                    place(slot);
        }

        std::vector<Slot> slots_; // a power of two, at most 70 % full
        std::size_t size_ = 0;
    };

    HistoryOptions options;
    bool watching = false;
    Index keys;
    // Keys with a current holder, least recently observed first, and keys that left, the
    // earliest departure first: when maxKeys is reached, the ones that left longest ago go
    // first, then the ones observed longest ago.
    Order present;
    Order gone;

    Key *find(const Probe &name) { return keys.find(name); }

    void forget(Order &order, Key &key)
    {
        order.unlink(key);
        keys.erase(key);
    }

    Key &create(const Probe &name)
    {
        if (options.maxKeys > 0) {
            while (keys.size() >= options.maxKeys && !(gone.empty() && present.empty())) {
                if (!gone.empty())
                    forget(gone, *gone.first);
                else
                    forget(present, *present.first);
            }
        }
        Key &key = keys.insert(name);
        gone.append(key);
        return key;
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
        history.key = key.name->text;
        history.events.push_back(
            {key.firstAt, key.firstKind, key.format, key.token, key.firstTtlMs, {}});
        history.ttl.push_back({key.firstAt, key.firstTtlMs});
        if (key.hasLast)
            history.ttl.push_back({key.lastAt, key.lastTtlMs});
        Tenure &tenure = history.tenures.emplace_back();
        tenure.token = key.token;
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
            key.token = std::string();
        } else {
            detail->history.key = key.name->text; // just created, not observed yet
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
            const std::string *name;
            Key *key;
        };
        std::vector<Counted> counted;
        keys.forEach([&](Key &key) {
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
                counted.push_back({count, &key.name->text, &key});
        });
        const auto busier = [](const Counted &a, const Counted &b) {
            return a.events != b.events ? a.events > b.events : *a.name < *b.name;
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

    void event(Key &key, HistoryChanges &changes, LockEvent event)
    {
        pushBounded(key.detail->history.events, event, options.eventsPerLock);
        changes.events.push_back(std::move(event));
    }

    void anomaly(Key &key, HistoryChanges &changes, AnomalyKind kind, HistoryTime at,
                 AnomalyFigures figures = {})
    {
        KeyHistory &history = key.detail->history;
        Anomaly found{at, kind,
                      history.tenures.empty() ? std::string() : history.tenures.back().token,
                      figures, anomalyDetail(kind, figures)};
        pushBounded(history.anomalies, found, options.eventsPerLock);
        changes.anomalies.push_back(std::move(found));
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

    void checkHeldTooLong(Key &key, HistoryChanges &changes, HistoryTime at)
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

    void flagNoExpiry(Key &key, HistoryChanges &changes, HistoryTime at)
    {
        // Only a lock is stuck without an expiry: a raw value (a fence counter, a setting) is
        // meant to live forever, and flagging it would bury the real ones.
        const auto &tenures = key.detail->history.tenures;
        if (tenures.empty() || tenures.back().format == LockFormat::raw)
            return;
        if (std::exchange(key.noExpiryFlagged, true))
            return;
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

    // A key never observed before, found held or taken, kept compact: what startTenure would
    // make of it when that is one event and no anomaly (a key new to the history has no expired
    // token to come back and no previous holder to follow closely; only a lock without expiry
    // would be flagged at once). False, having done nothing, when it does not fit.
    bool startCompact(Key &key, HistoryChanges &changes, const LockObservation &observation,
                      HistoryTime at, LockEventKind kind)
    {
        if (!compactFits() || (observation.ttlMs == -1 && observation.format != LockFormat::raw))
            return false;
        key.token.assign(observation.holder);
        key.firstAt = at;
        key.firstTtlMs = observation.ttlMs;
        key.firstKind = kind;
        key.format = observation.format;
        key.leaseMs = std::max<std::int64_t>(observation.ttlMs, 0);
        key.hasLast = false;
        holdFrom(key, observation.ttlMs, at, kind != LockEventKind::seen);
        changes.events.push_back({at, kind, observation.format, key.token, observation.ttlMs, {}});
        return true;
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
    void startTenure(Key &key, HistoryChanges &changes, const LockObservation &observation,
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
    void ttlReading(Key &key, HistoryChanges &changes, std::int64_t ttlMs, HistoryTime at)
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

    void endTenure(Key &key, HistoryChanges &changes, LockEventKind kind, HistoryTime at)
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

HistoryChanges LockHistory::observe(const LockObservation &observation, HistoryTime at)
{
    if (observation.ttlMs == -2)
        return removed(observation.key, RemovalCause::foundGone, at);
    HistoryChanges changes;
    State &state = *state_;
    const State::Probe name(observation.key);
    State::Key *key = state.find(name);
    if (!key || !key->present) {
        // Known to have left, or absent when the watch began: it was taken while watched. Not
        // seen before the watch began: it was already held, since some unknown time.
        const LockEventKind kind =
            key != nullptr || state.watching ? LockEventKind::obtained : LockEventKind::seen;
        if (!key) {
            key = &state.create(name);
            if (state.startCompact(*key, changes, observation, at, kind))
                return changes;
        }
        state.startTenure(*key, changes, observation, std::string(observation.holder), at, kind,
                          {});
        return changes;
    }
    state.present.moveToEnd(*key);
    // The same holder in the same format, read unchanged: most readings of most keys.
    if (key->compact() && key->token == observation.holder && key->format == observation.format &&
        state.compactReading(*key, observation.ttlMs, at))
        return changes;
    Tenure &tenure = state.expand(*key).history.tenures.back();
    if (tenure.token != observation.holder) {
        // Another holder without the key seen gone: it expired or was released and taken again
        // between two readings (or overwritten). Whoever it was, the hands changed.
        std::string previous = tenure.token;
        state.endTenure(*key, changes, LockEventKind::handedOver, at);
        state.startTenure(*key, changes, observation, std::string(observation.holder), at,
                          LockEventKind::handedOver, std::move(previous));
        return changes;
    }
    tenure.format = observation.format;
    state.ttlReading(*key, changes, observation.ttlMs, at);
    return changes;
}

HistoryChanges LockHistory::observeTtl(std::string_view name, std::int64_t ttlMs, HistoryTime at)
{
    if (ttlMs == -2)
        return removed(name, RemovalCause::foundGone, at);
    HistoryChanges changes;
    State &state = *state_;
    State::Key *key = state.find(State::Probe(name));
    // A TTL alone names no holder: of a key not held as far as we know it says nothing.
    if (!key || !key->present)
        return changes;
    state.present.moveToEnd(*key);
    if (key->compact() && state.compactReading(*key, ttlMs, at))
        return changes;
    state.ttlReading(*key, changes, ttlMs, at);
    return changes;
}

HistoryChanges LockHistory::removed(std::string_view name, RemovalCause cause, HistoryTime at)
{
    HistoryChanges changes;
    State &state = *state_;
    State::Key *key = state.find(State::Probe(name));
    // Already gone (a re-read found it gone before its event arrived, or two readers told the
    // same removal): the first word stands.
    if (!key || !key->present)
        return changes;
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
        kind = key->hasExpiry && at.steady + state.options.refreshTolerance >= key->deadline
                   ? LockEventKind::expired
                   : LockEventKind::released;
        break;
    }
    state.endTenure(*key, changes, kind, at);
    return changes;
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
