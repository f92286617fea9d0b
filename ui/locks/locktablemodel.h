#pragma once

#include "session/locksnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QTimer>

#include <functional>
#include <vector>

// The inspector's table of locks, fed by the session's signals (locksFound → upsert,
// ttlsResynced → applyTtls, keyRemoved → markRemoved, heldChanged → setHeld).
//
// TTL is a live countdown: every server sample sets a deadline on a monotonic clock, and one
// timer ticks the TTL and Age columns of all rows with a single dataChanged, so the bars move
// smoothly between re-syncs at a cost that does not grow with the per-row work.
//
// Observed refreshes and new holders (a documented guess, since Redis does not say):
// - the same value whose TTL comes back more than refreshToleranceMs above the countdown's
//   prediction was refreshed (PEXPIRE by its holder). Several refreshes between two samples
//   count as one; a lease refreshed faster than the tolerance is not seen.
// - a different value under the same key is a new holder: age, refresh count, lease and TTL
//   history start again.
// Samples within jitterToleranceMs of the prediction leave the deadline alone, so a re-sync of
// 100,000 steady locks changes nothing and emits nothing.
//
// New keys are queued and inserted together at the next turn of the event loop (or by flush()),
// at most 16,384 per turn:
// the session's scan sends pages faster than a sorted view can take them one by one, and one
// insertion of many rows costs the proxy one sort instead of one pass per page.
//
// Removed keys fade for fadeDurationMs (FadeRole goes from 1 to 0) and then leave the table.
// The tick slows down (up to 1 s) when a tick costs more than a tenth of its interval.
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
        AgeColumn,
        RefreshesColumn,
        HeldColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        // Raw value for sorting: bytes for key/token/metadata, TTL in ms (no expiry = largest),
        // age in ms, counts, held as bool.
        SortRole = Qt::UserRole + 1,
        DeadlineRole,    // qint64 monotonic ms when the TTL reaches 0; -1 when none
        TtlFractionRole, // double 0..1: remaining / lease; -1 for no expiry
        StateRole,       // LockTableModel::State as int
        SnapshotRole,    // the LockSnapshot as last read
        FadeRole,        // double opacity: 1 for live rows, falls to 0 while the row fades out
    };
    Q_ENUM(Role)

    enum class State
    {
        live,
        stuck, // no expiry: nothing will ever free it
        fadingExpired,
        fadingDeleted,
        fadingVanished,
    };
    Q_ENUM(State)

    // One point of a lock's TTL history: when (monotonic ms) and what the server said.
    struct TtlPoint
    {
        qint64 atMs = 0;
        qint64 ttlMs = 0;
    };

    // What the detail pane shows of one row, read in one go.
    struct RowInfo
    {
        LockSnapshot snapshot;
        State state = State::live;
        bool held = false;
        int refreshes = 0;
        qint64 remainingMs = -1; // -1 no expiry
        qint64 leaseMs = 0;
        qint64 ageMs = 0;
        qint64 nowMs = 0;
        QList<TtlPoint> history;
    };

    // Monotonic milliseconds; tests inject their own.
    using Clock = std::function<qint64()>;

    static constexpr qint64 refreshToleranceMs = 250;
    static constexpr qint64 jitterToleranceMs = 50;
    static constexpr qint64 fadeDurationMs = 1500;
    static constexpr int historyCapacity = 128;

    explicit LockTableModel(QObject *parent = nullptr);
    ~LockTableModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // Replaces the clock (and re-reads it). Rows already listed keep their deadlines, so set it
    // before feeding data.
    void setClock(Clock clock);
    // The countdown's tick; 0 stops the timer (tests call tick() themselves).
    void setTickInterval(int milliseconds);
    [[nodiscard]] int tickInterval() const;
    // Locks upsert() has queued and not inserted yet.
    [[nodiscard]] int pendingCount() const { return int(m_pending.size() - m_pendingOffset); }
    // The clock reading the displayed values were computed at.
    [[nodiscard]] qint64 now() const { return m_now; }

    // Row of the key, or -1.
    [[nodiscard]] int indexOfKey(const QByteArray &key) const;
    [[nodiscard]] LockSnapshot snapshot(int row) const;
    // The same without a copy; row must be valid.
    [[nodiscard]] const LockSnapshot &snapshotRef(int row) const
    {
        return m_rows[std::size_t(row)].snapshot;
    }
    [[nodiscard]] RowInfo rowInfo(int row) const;
    [[nodiscard]] State state(int row) const;
    // TTL samples of the key: x = seconds since it was first seen, y = TTL in ms. A steady
    // countdown is kept as its first and latest sample, so the ring holds historyCapacity
    // changes rather than historyCapacity seconds.
    [[nodiscard]] QList<QPointF> ttlHistory(const QByteArray &key) const;
    [[nodiscard]] int stuckCount() const { return m_stuckCount; }
    // True while tick() signals the countdown: every row's TTL and age change by the same
    // amount, so their order does not (the proxy relies on it).
    [[nodiscard]] bool ticking() const { return m_ticking; }

    // Raw ordering of two rows by a column, the same as comparing their SortRole values, without
    // building QVariants (the proxy sorts 100,000 rows with it).
    [[nodiscard]] bool lessThan(int leftRow, int rightRow, int column) const;
    // The texts the filter box searches: the key and the metadata as displayed.
    [[nodiscard]] QString keyText(int row) const;
    [[nodiscard]] QString metadataText(int row) const;
    [[nodiscard]] bool isHeld(int row) const;
    [[nodiscard]] redislock::LockFormat format(int row) const;

    // Display texts, shared with the detail pane.
    [[nodiscard]] static QString formatTtl(qint64 ms);
    [[nodiscard]] static QString formatAge(qint64 ms);
    [[nodiscard]] static QString formatName(redislock::LockFormat format);

public Q_SLOTS:
    void upsert(const QList<LockSnapshot> &locks);
    void applyTtls(const QList<TtlSample> &samples);
    void markRemoved(const QByteArray &key, KeyRemoval reason);
    void setHeld(const QByteArray &key, bool held);
    void clear();
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
        LockSnapshot snapshot;
        qint64 firstSeenMs = 0;
        qint64 deadlineMs = 0; // valid when state is live
        qint64 leaseMs = 0;
        qint64 fadeStartMs = 0;
        int refreshes = 0;
        State state = State::live;
        bool held = false;
        std::vector<TtlPoint> history;
    };

    enum class SampleChange
    {
        none,    // within jitter of the countdown
        ttl,     // deadline re-anchored
        refresh, // refreshed: TTL and refresh count
        state,   // stuck or live again
    };

    // Which dataChanged a sample's change needs: the TTL cell, or TTL to the refresh count.
    static void noteChange(SampleChange change, int row, QList<int> &ttlRows,
                           QList<int> &refreshRows);
    [[nodiscard]] qint64 remainingMs(const Row &row) const;
    [[nodiscard]] double ttlFraction(const Row &row) const;
    [[nodiscard]] double fade(const Row &row) const;
    [[nodiscard]] QVariant sortValue(const Row &row, int column) const;
    [[nodiscard]] QString ttlText(const Row &row) const;
    struct Pending
    {
        LockSnapshot lock;
        qint64 receivedMs = 0;
    };

    void startRow(Row &row, const LockSnapshot &lock, qint64 atMs);
    void insertPending(std::size_t maxRows);
    SampleChange applySample(Row &row, qint64 ttlMs);
    void recordHistory(Row &row, qint64 ttlMs, qint64 atMs);
    void setState(Row &row, State state);
    void beginFade(int row, KeyRemoval reason);
    void removeFaded();
    void removeRowSet(QList<int> rows);
    void reindexFrom(int row);
    void refreshTtlOrder() const;
    void insertIntoKeyOrder(int first, int count);
    void removeFromKeyOrder(const QList<int> &removedRows, std::size_t oldSize);
    void rankKeys();
    void emitRowsChanged(QList<int> rows, int firstColumn, int lastColumn,
                         const QList<int> &roles = {});
    void updateTimer();
    void readClock();

    std::vector<Row> m_rows;
    QHash<QByteArray, int> m_rowOfKey;
    QSet<QByteArray> m_fadingKeys;
    std::vector<Pending> m_pending;
    std::size_t m_pendingOffset = 0; // m_pending before it is inserted already
    QHash<QByteArray, std::size_t> m_pendingIndex;
    QTimer m_flushTimer;
    int m_baseTickMs = 0;
    QSet<QByteArray> m_heldKeys; // also keys not (yet) listed: heldChanged may come first
    std::vector<int> m_keyOrder; // rows by key
    std::vector<int> m_keyRank;  // each row's place in m_keyOrder
    mutable std::vector<qint64> m_ttlOrder; // per row: deadline; stuck last, fading first
    mutable bool m_ttlOrderDirty = true;
    int m_stuckCount = 0;
    bool m_ticking = false;
    Clock m_clock;
    qint64 m_now = 0;
    QTimer m_timer;
};

Q_DECLARE_METATYPE(LockTableModel::RowInfo)
