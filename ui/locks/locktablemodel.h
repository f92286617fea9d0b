#pragma once

#include "locks/locktimeline.h"
#include "locks/pendinglocks.h"
#include "session/locksnapshot.h"

#include <redislock/blockpool.h>
#include <redislock/hashindex.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QTimer>

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

// The inspector's table of locks, fed by the session's signals (locksFound → upsert,
// ttlsResynced → applyTtls, keyRemoved → markRemoved, heldChanged → setHeld). An adapter: what
// each lock does over time (countdown, refreshes, history, fade) is its LockTimeline; this
// class keeps one per row and turns rows into display text and roles. The order of the rows is
// the proxy's business (LockFilterProxyModel sorts by SortRole).
//
// One timer ticks the TTL and "seen for" columns of all rows with a single dataChanged, so the
// bars move smoothly between re-syncs at a cost that does not grow with the per-row work; a
// re-sync of steady locks changes nothing and emits nothing.
//
// New keys are queued and inserted together at the next turn of the event loop (or by flush()),
// at most 16,384 per turn: the session's scan sends pages faster than a sorted view can take
// them one by one, and one insertion of many rows costs the proxy one sort instead of one pass
// per page.
//
// Removed keys fade for LockTimeline::fadeDurationMs (FadeRole goes from 1 to 0) and then leave
// the table. The tick slows down (up to 1 s) when a tick costs more than a tenth of its interval.
//
// A key is "stuck" only when it looks like a lock (a format the core recognised, not raw) and
// has no expiry: a configuration value without a TTL is listed, but it is not a stuck lock.
class LockHistoryFeed;

class LockTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        KeyColumn,
        FormatColumn,
        TokenColumn,
        MetadataColumn,
        TtlColumn,
        AgeColumn, // "seen for": since the inspector first saw this holder
        RefreshesColumn,
        HeldColumn,
        HolderColumn, // who holds it, as the lock's format reveals (Redisson client and thread,
                      // ...)
        // Where the lock lives on a cluster: the master's "host:port" and the key's hash slot.
        // The view shows them only when connected to a cluster.
        NodeColumn,
        SlotColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        // Raw value for sorting and filtering: bytes for key/token/metadata, TTL in ms (no
        // expiry = largest, fading = -1), seen-for in ms, counts, held as bool.
        SortRole = Qt::UserRole + 1,
        DeadlineRole,    // qint64 monotonic ms when the TTL reaches 0; -1 when none
        TtlFractionRole, // double 0..1: remaining / lease (a lower bound, see LeaseKnownRole); -1
                         // for no expiry
        StateRole,       // LockTimeline::State as int
        SnapshotRole,    // the LockSnapshot as last read
        FadeRole,        // double opacity: 1 for live rows, falls to 0 while the row fades out
        StuckRole,       // bool: looks like a lock and has no expiry
        FormatRole,      // int: the redislock::LockFormat the core classified the value as
        LeaseKnownRole,  // bool: the lease is known, else TtlFractionRole uses the largest TTL seen
        StartSeenRole,   // bool: the inspector saw it being taken, so "seen for" is its age
                       // Announced by the countdown's tick instead of SortRole: every TTL and "seen
                       // for" moved by the same amount, so no order changed and nothing needs
                       // sorting again.
        CountdownRole,
        NodeRole,  // QString: the server the lock was read from, "host:port"; empty when unknown
        SlotRole,  // int: the key's hash slot on a cluster, -1 elsewhere
        StaleRole, // bool: its TTL was read longer ago than the re-read cycle explains
                   // QStringList: the anomaly names the lock's history flagged ("no-expiry",
                   // "late-refresh", ...), each once; empty when none (or without a history).
        AnomalyRole,
    };
    Q_ENUM(Role)

    using State = LockTimeline::State;
    using TtlPoint = LockTimeline::TtlPoint;

    // What the detail pane shows of one row, read in one go.
    struct RowInfo
    {
        LockSnapshot snapshot;
        State state = State::live;
        bool held = false;
        bool stuck = false;
        bool leaseKnown = false;
        bool startSeen = false;
        int refreshes = 0;
        qint64 remainingMs = -1; // -1 no expiry
        qint64 leaseMs = 0;
        qint64 ageMs = 0; // seen for
        qint64 nowMs = 0;
        QList<TtlPoint> history;
    };

    // Monotonic milliseconds; tests inject their own.
    using Clock = std::function<qint64()>;
    // The rows a view shows now (source rows), for the countdown's tick.
    using VisibleRows = std::function<QList<int>()>;

    explicit LockTableModel(QObject *parent = nullptr);
    ~LockTableModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    // As QAbstractTableModel's, without its two virtual calls to count rows and columns: a sorted
    // proxy makes two indexes per comparison while rows pour in.
    [[nodiscard]] QModelIndex index(int row, int column,
                                    const QModelIndex &parent = {}) const override
    {
        if (parent.isValid() || row < 0 || column < 0 || std::size_t(row) >= m_rows.size() ||
            column >= ColumnCount)
            return {};
        return createIndex(row, column);
    }
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // Replaces the clock (and re-reads it). Rows already listed keep their deadlines, so set it
    // before feeding data.
    void setClock(Clock clock);
    // The countdown's tick; 0 stops the timer (tests call tick() themselves).
    void setTickInterval(int milliseconds);
    // With the rows a view shows, the tick announces the whole countdown once a second (the
    // texts of TTLs above a minute and of "seen for" change no faster) and in between only the
    // visible cells whose text or bar moves faster (a tenth of a second under a minute, a short
    // lease): repainting every visible row ten times a second was most of an idle window's CPU.
    // Without it (the default) every tick announces every row.
    void setVisibleRows(VisibleRows visibleRows);
    // How often polled TTLs are re-read (ServerInfo::resyncCycleMs), and from which nodes: a
    // row that has not been read for much longer than that is marked stale (StaleRole, the TTL
    // tool tip). 0: every row is followed by keyspace events, none goes stale. An empty node
    // list means every row is polled.
    void setResyncCycle(qint64 cycleMs, const QStringList &polledNodes = {});
    [[nodiscard]] qint64 resyncCycle() const { return m_resyncCycleMs; }
    // Read from the server longer ago than the re-read cycle explains.
    [[nodiscard]] bool isStale(int row) const;
    [[nodiscard]] int tickInterval() const;
    // Locks upsert() has queued and not inserted yet.
    [[nodiscard]] int pendingCount() const { return int(m_pending.size()); }
    // The clock reading the displayed values were computed at.
    [[nodiscard]] qint64 now() const { return m_now; }
    // The first listing is complete: a key that shows up from now on, or a new value under a
    // known key, was seen being taken, so its age and lease are known. clear() forgets it.
    void markListed() { m_listed = true; }

    // Row of the key, or -1.
    [[nodiscard]] int indexOfKey(const QByteArray &key) const;
    [[nodiscard]] LockSnapshot snapshot(int row) const;
    // The same without a copy; row must be valid.
    [[nodiscard]] const LockSnapshot &snapshotRef(int row) const
    {
        return m_rows[std::size_t(row)]->snapshot;
    }
    [[nodiscard]] RowInfo rowInfo(int row) const;
    [[nodiscard]] State state(int row) const;
    [[nodiscard]] bool isStuck(int row) const;
    // Deleted, expired or gone, and about to leave the table.
    [[nodiscard]] bool isFading(int row) const;
    [[nodiscard]] bool isHeld(int row) const;
    // The metadata as the table shows it.
    [[nodiscard]] QString metadataText(int row) const;
    // TTL samples of the key: x = seconds since it was first seen, y = TTL in ms.
    [[nodiscard]] QList<QPointF> ttlHistory(const QByteArray &key) const;
    [[nodiscard]] int stuckCount() const { return m_stuckCount; }

    // The history whose anomalies the Key column shows as a badge (AnomalyRole, its decoration
    // and tool tip); the feed outlives the model or is reset to null first.
    void setHistory(const LockHistoryFeed *feed);
    [[nodiscard]] const LockHistoryFeed *history() const { return m_history; }

public Q_SLOTS:
    void upsert(const QList<LockSnapshot> &locks);
    void applyTtls(const QList<TtlSample> &samples);
    void markRemoved(const QByteArray &key, KeyRemoval reason);
    void setHeld(const QByteArray &key, bool held);
    void clear();
    // Room for `keys` rows in all (a scan's estimate): the index of keys and the list of rows grow
    // once, not by doubling while the rows pour in. Only ever grows.
    void reserve(qsizetype keys);
    // Inserts the new locks upsert() queued, now.
    void flush();
    // Advances the countdown to the clock's time; the timer calls it.
    void tick();

Q_SIGNALS:
    // The number of rows or of stuck locks changed (for the status line).
    void countsChanged();

private:
    struct Row
    {
        explicit Row(LockSnapshot &&lock) : snapshot(std::move(lock)) {}
        LockSnapshot snapshot;
        LockTimeline timeline;
        bool held = false;
    };
    [[nodiscard]] Row &rowAt(int row) { return *m_rows[std::size_t(row)]; }
    [[nodiscard]] const Row &rowAt(int row) const { return *m_rows[std::size_t(row)]; }
    [[nodiscard]] static bool stuck(const Row &row);
    [[nodiscard]] QVariant sortValue(const Row &row, int column) const;
    // Runs change on a row and keeps the stuck count right.
    template <typename Change>
    auto changeRow(Row &row, Change &&change);
    void noteChange(LockTimeline::Change change, int row, QList<int> &ttlRows,
                    QList<int> &refreshRows) const;
    void insertPending(std::size_t maxRows);
    // Inserts the queued rows at the next turn of the event loop.
    void scheduleInsert();
    // Where a key not listed yet waits in m_pending, if it does.
    [[nodiscard]] std::optional<std::size_t> pendingSlotOf(const QByteArray &key) const;
    // After removing these rows (sorted), the index's rows take their new numbers.
    void renumberAfterRemoving(const QList<int> &removed);
    [[nodiscard]] static std::size_t hashOf(const QByteArray &key) { return qHash(key); }
    // The key's entry in m_keyIndex (a row, -1 - a queue slot), or noRef.
    [[nodiscard]] int refOf(const QByteArray &key, std::size_t hash) const;
    // A queue slot as an entry of m_keyIndex, and back (nullopt: a row, or noRef).
    [[nodiscard]] static int refOfSlot(std::size_t slot) { return -1 - int(slot); }
    [[nodiscard]] static std::optional<std::size_t> slotOfRef(int ref)
    {
        return ref < 0 && ref != noRef ? std::optional(std::size_t(-1 - ref)) : std::nullopt;
    }
    [[nodiscard]] const QByteArray *keyOfRef(int ref) const;
    // Queues locks[i], a key not listed yet, or replaces what is queued of it.
    void queue(const QList<LockSnapshot> &locks, qsizetype i, std::size_t hash, int ref);
    // A queued key left before it was shown (it never will be).
    void dropPending(const QByteArray &key);
    void beginFade(int row, KeyRemoval reason);
    void removeFaded();
    void removeRowSet(QList<int> rows);
    void emitRowsChanged(QList<int> rows, int firstColumn, int lastColumn,
                         const QList<int> &roles = {});
    void updateTimer();
    void readClock();
    // Visible rows whose countdown moves faster than once a second.
    void tickVisible();
    [[nodiscard]] bool stale(const Row &row) const;
    void anomaliesChanged(const QList<QByteArray> &keys);

    // A row apiece where it was made, in the pool's blocks: a million rows of several hundred bytes
    // each were moved on every growth of the vector, and on every removal above them; and a malloc
    // apiece was most of inserting them, in fresh pages faulted in one by one.
    redislock::BlockPool<Row> m_rowPool;
    std::vector<Row *> m_rows; // the pool's, in row order
    // Destroys the rows [first, last) of m_rows (the pointers stay, for the caller to drop).
    void destroyRows(std::size_t first, std::size_t last) noexcept;
    // Each key the table knows, by its hash: its row (>= 0), or while it waits to be inserted,
    // its slot in m_pending as -1 - slot. One index for both, which keeps no key of its own (the
    // rows and the queue hold them): a new key costs one hash, a miss that reads no other key's
    // bytes, an insert that allocates nothing, and an update when its row is made.
    using KeyIndex = redislock::HashIndex<int, std::numeric_limits<int>::min()>;
    static constexpr int noRef = std::numeric_limits<int>::min();
    KeyIndex m_keyIndex;
    // Set while rows are being removed: until the index is renumbered, a key's entry may still
    // point at its old row, and indexOfKey() looks the rows through instead.
    bool m_indexLags = false;
    QSet<QByteArray> m_fadingKeys;
    PendingLocks m_pending;
    QTimer m_flushTimer;
    int m_baseTickMs = 0;
    QSet<QByteArray> m_heldKeys; // also keys not (yet) listed: heldChanged may come first
    int m_stuckCount = 0;
    bool m_listed = false;
    Clock m_clock;
    qint64 m_now = 0;
    QTimer m_timer;
    VisibleRows m_visibleRows;
    qint64 m_wholeTickMs = -1; // when the tick last announced every row
    qint64 m_resyncCycleMs = 0;
    QSet<QString> m_polledNodes; // empty: all
    const LockHistoryFeed *m_history = nullptr;
    QMetaObject::Connection m_historyConnection;
};

Q_DECLARE_METATYPE(LockTableModel::RowInfo)
