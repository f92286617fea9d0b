#pragma once

#include <redislock/lockrecord.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace redislock {

// The history of locks as an observer sees them: someone who reads keys (a scan, a re-read after
// a keyspace event, a TTL re-sync) and hears keyspace events, but who is not told by Redis who
// did what. Every event is therefore a reading of what was observed; the comments say how each
// is inferred. One home for that reading: `lockctl watch` and the inspector's timeline both use
// it, so that a script and an operator see the same events.

// A moment, on both clocks: durations are measured on the steady clock (immune to clock
// changes), the wall time is what is shown and exported.
struct HistoryTime
{
    std::chrono::steady_clock::time_point steady;
    std::chrono::system_clock::time_point wall;

    [[nodiscard]] static HistoryTime now() noexcept;
};

enum class LockEventKind
{
    seen,       // first observed already held: its start and lease are not known
    obtained,   // appeared while watched (no holder before it, or the previous one had ended)
    refreshed,  // the same holder, and the TTL came back up by more than the refresh tolerance
    handedOver, // another holder under the same key without the key being seen gone in between
    released,   // a `del` event, or a re-read found it gone before its TTL ran out; Redis does
                // not say whether the holder released it or someone deleted it
    expired,    // an `expired` event, or found gone at or after its predicted expiry
    evicted,    // an `evicted` event (maxmemory)
    deleted,    // deleted by this program on an operator's order (force-release, delete)
};

// "seen", "obtained", "refreshed", "handed-over", "released", "expired", "evicted", "deleted".
[[nodiscard]] std::string_view eventName(LockEventKind kind) noexcept;

// Why a key left, as the caller learnt it.
enum class RemovalCause
{
    delEvent,       // keyspace event `del`
    expiredEvent,   // keyspace event `expired`
    evictedEvent,   // keyspace event `evicted`
    foundGone,      // a re-read found it gone; the history decides between released and expired
    operatorDelete, // this program deleted it (force-release, delete)
};

// One event of a key: of the key whose history or observation holds it (it does not repeat the
// key's name).
struct LockEvent
{
    HistoryTime at;
    LockEventKind kind = LockEventKind::seen;
    LockFormat format = LockFormat::raw;
    // Who holds it: the token of a string lock (the whole value for formats without a token),
    // a hash lock's holder fields joined by ",". Empty for the events after a removal.
    std::string token;
    // The TTL read with this event in ms; -1: no expiry; -2: not known (removals).
    std::int64_t ttlMs = -2;
    // handedOver: the holder before; removals: the holder that left.
    std::string previousToken;
};

enum class AnomalyKind
{
    noExpiry,      // the key has no TTL: nothing frees it unless it is deleted
    heldTooLong,   // one holder kept it (by refreshing) longer than HistoryOptions::maxHold
    lateRefresh,   // refreshed when less than lateRefreshFraction of its lease was left
    zombieRefresh, // after it expired, the same holder's token appeared again: a holder that
                   // lost its lock without noticing and still acts as its owner
    fastHandover,  // a new holder within handoverWindow of the previous one's expiry: the old
                   // holder may still have been working when the new one started
};

// "no-expiry", "held-too-long", "late-refresh", "zombie-refresh", "fast-handover".
[[nodiscard]] std::string_view anomalyName(AnomalyKind kind) noexcept;

// The figures an anomaly was flagged on, so that a user interface can word them in its own
// language (Anomaly::detail is the English line made of them). What each means, by kind:
// - heldTooLong: ms how long the holder has kept it, limitMs the maximum hold, refreshes how
//   often it refreshed, atLeast: found already held, so held at least ms;
// - lateRefresh: ms the time left when it was refreshed, limitMs the lease;
// - zombieRefresh: ms since its token expired;
// - fastHandover: ms between the expiry and the new holder;
// - noExpiry: none.
struct AnomalyFigures
{
    std::int64_t ms = 0;
    std::int64_t limitMs = 0;
    std::int64_t refreshes = 0;
    bool atLeast = false;

    friend bool operator==(const AnomalyFigures &, const AnomalyFigures &) = default;
};

// The English line of an anomaly: "refreshed with 140 ms of 1000 ms left".
[[nodiscard]] std::string anomalyDetail(AnomalyKind kind, const AnomalyFigures &figures);

// An anomaly of the key whose history or observation holds it.
struct Anomaly
{
    HistoryTime at;
    AnomalyKind kind = AnomalyKind::noExpiry;
    std::string token;
    AnomalyFigures figures;
    // anomalyDetail(kind, figures): one line in English, for scripts and files.
    std::string detail;
};

// One holder's time with the lock: a bar of the timeline.
struct Tenure
{
    std::string token;
    LockFormat format = LockFormat::raw;
    HistoryTime start;
    bool startSeen = false; // obtained or handed over while watched, not found already held
    std::optional<HistoryTime> end;
    LockEventKind endKind = LockEventKind::released; // meaningful when `end` is set
    std::int64_t leaseMs = 0; // the largest TTL seen: the lease once a refresh showed it
    std::vector<HistoryTime> refreshes;
};

// A point of the TTL saw-tooth: only changes are kept (a steady countdown is its first and
// latest sample).
struct TtlPoint
{
    HistoryTime at;
    std::int64_t ttlMs = 0;
};

struct KeyHistory
{
    std::string key;
    std::vector<LockEvent> events;  // oldest first, at most eventsPerLock
    std::vector<Tenure> tenures;    // oldest first; the last is current when it has no end
    std::vector<TtlPoint> ttl;      // oldest first, bounded
    std::vector<Anomaly> anomalies; // oldest first, bounded

    [[nodiscard]] const Tenure *current() const noexcept;
    [[nodiscard]] bool anomalous() const noexcept { return !anomalies.empty(); }
};

struct HistoryOptions
{
    std::chrono::milliseconds maxHold = std::chrono::minutes(10);
    double lateRefreshFraction = 0.2;
    std::chrono::milliseconds handoverWindow{50};
    // A TTL this much above the countdown's prediction is a refresh; less is re-sync jitter.
    // Also the margin of "found gone at its predicted expiry" and of the saw-tooth's straight
    // lines (a reading this close to the countdown continues it).
    std::chrono::milliseconds refreshTolerance{250};
    // A TTL this close to the prediction leaves the predicted expiry alone; further (but below
    // refreshTolerance) re-anchors it without calling it a refresh.
    std::chrono::milliseconds jitterTolerance{50};
    std::size_t eventsPerLock = 256;
    std::size_t ttlPointsPerLock = 256;
    // How long a lock that left is remembered (for zombie-refresh and the timeline).
    std::chrono::milliseconds forgetAfter = std::chrono::minutes(10);
    // At most this many keys are remembered; the ones that left longest ago go first.
    std::size_t maxKeys = 1'000'000;
};

// Who holds a key, as LockEvent::token and Tenure::token name it: a string lock's token (its
// whole value when the format has no token), a hash's holder fields (holderOfFields), so that a
// re-entrant hold count changing is the same holder.
[[nodiscard]] std::string holderOf(const LockRecord &record);
// A hash lock's holder: its field names but Redisson's "mode", sorted (a hash's order is the
// server's, and may differ between two reads of the same holders) and joined by ",".
[[nodiscard]] std::string holderOfFields(std::vector<std::string_view> fields);

// What the history reads of a key: who holds it, in which format, with which TTL. Views of the
// caller's bytes, used during the call only: a reader of keys that does not keep LockRecords (the
// inspector keeps its own snapshots) need not make one per key.
struct LockObservation
{
    std::string_view key;
    std::string_view holder; // holderOf(record)
    LockFormat format = LockFormat::raw;
    std::int64_t ttlMs = 0; // as LockRecord::ttlMs
};

// What one observation of a key changed; the caller knows which key it observed.
struct HistoryChanges
{
    std::vector<LockEvent> events;
    std::vector<Anomaly> anomalies;

    [[nodiscard]] bool empty() const noexcept { return events.empty() && anomalies.empty(); }
};

// How many events and anomalies one observation made, without the events themselves.
struct ChangeCounts
{
    std::size_t events = 0;
    std::size_t anomalies = 0;

    [[nodiscard]] bool empty() const noexcept { return events == 0 && anomalies == 0; }
};

// Turns observations into events, tenures, the TTL saw-tooth and anomalies. Not thread-safe:
// one owner feeds and reads it (the inspector's GUI thread, lockctl watch's loop); find() and
// busiest() count as feeding (see find).
class LockHistory
{
public:
    explicit LockHistory(const HistoryOptions &options = {});
    ~LockHistory();
    LockHistory(LockHistory &&) noexcept;
    LockHistory &operator=(LockHistory &&) noexcept;

    // A full read of a key (LockRecord::classify done). ttlMs -2 (gone when read) counts as
    // removed(key, foundGone).
    HistoryChanges observe(const LockRecord &record, HistoryTime at);
    HistoryChanges observe(const LockObservation &observation, HistoryTime at);
    // The same observation, telling only how many events and anomalies it made: for a caller
    // that reads the history back when it needs it (the inspector), so that a listing's first
    // sightings copy no event out.
    ChangeCounts observeCounted(const LockObservation &observation, HistoryTime at);
    // observeCounted of each observation in turn, all at `at`, exactly as one call each, the
    // counts of observations[i] in counts[i] (as many as both spans hold): a page of a listing
    // at once, so that the lookups of the next keys overlap with this one's.
    void observeCounted(std::span<const LockObservation> observations, HistoryTime at,
                        std::span<ChangeCounts> counts);
    // A TTL re-read of a key whose holder the caller believes unchanged.
    HistoryChanges observeTtl(std::string_view key, std::int64_t ttlMs, HistoryTime at);
    HistoryChanges removed(std::string_view key, RemovalCause cause, HistoryTime at);
    // Makes room for `keys` keys in all (at most maxKeys): a caller that knows how many are
    // coming (a scan of a database of that many keys) has the index sized once and the names'
    // chunks at their largest at once, rather than grown step by step while the keys arrive.
    // Changes nothing of what the history says; a larger count than comes costs the index's
    // slots (8 bytes for every 0.7 key), a smaller one only the gain.
    void reserve(std::size_t keys);
    // Says that every key held now has been observed (the first scan is done): a key observed
    // for the first time from now on appeared while watched (obtained), rather than being found
    // already held (seen). Until then, every first observation of a key is `seen`.
    void beginWatching() noexcept;
    [[nodiscard]] bool watching() const noexcept;
    // Forgets what left longer than forgetAfter ago; call now and then.
    void prune(HistoryTime now);

    // A key's history; valid until the key is forgotten (prune, maxKeys) or the history is
    // destroyed. A key found held and unchanged since is kept in a compact form (a listing of a
    // million keys must not cost a dozen allocations each) and its KeyHistory is made the first
    // time it is asked for, here or by busiest().
    [[nodiscard]] const KeyHistory *find(std::string_view key) const;
    // The key's anomalies (find(key)->anomalies), without making its KeyHistory: what a filter
    // over every key asks. Valid until the next observation.
    [[nodiscard]] std::span<const Anomaly> anomalies(std::string_view key) const;
    // The keys with the most events since `since`, busiest first, at most n.
    [[nodiscard]] std::vector<const KeyHistory *> busiest(std::size_t n, HistoryTime since) const;
    // The same as copies, which leave compact keys compact: what an export of every key takes.
    [[nodiscard]] std::vector<KeyHistory> busiestCopies(std::size_t n, HistoryTime since) const;
    [[nodiscard]] std::size_t size() const noexcept;
    [[nodiscard]] const HistoryOptions &options() const noexcept;
    void setOptions(const HistoryOptions &options);

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace redislock
