#pragma once

#include <redislock/lockrecord.h>

#include <QElapsedTimer>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <optional>
#include <vector>

class QTimer;

// Sorts and filters the locks, reading roles only (SortRole, StateRole, StuckRole, FormatRole):
// - words: every word must appear, case-insensitively, in the key or the metadata as shown;
// - "format:raw", "format:redislock", "format:custom", "format:redisson" (any name
//   redislock::formatName gives): only that lock format;
// - "is:stuck" (a lock with no expiry), "is:held" (obtained by this app), "is:lock" (a value in a
//   lock format, not raw); setLocksOnly() is "is:lock" without typing it;
// - "is:anomaly" (the lock's history flagged something, AnomalyRole), "anomaly:NAME" (that
//   anomaly, by the core's name: no-expiry, held-too-long, late-refresh, zombie-refresh,
//   fast-handover);
// - on a cluster, "node:TEXT" (the master's "host:port" contains TEXT, so "node:7001" works)
//   and "slot:N" or "slot:N-M" (the key's hash slot, a range with both ends included).
//
// The order lives here. A comparison of two rows through data() builds QVariants, and sorting
// 100,000 rows takes millions of them; so each sort first reads the sort column's SortRole once
// per row into a flat array (a rank per row, or the TTL in ms), and compares those. The key
// order is kept up to date: rows inserted since the last sort are merged into it when the next
// one starts (compared by their keys until then), removed rows dropped.
//
// Sorting and filtering are not dynamic row by row: QSortFilterProxyModel would move every
// changed row on its own, each move a pass over all rows of the proxy and of the view (with a
// view sorted by TTL, a re-sync of 100,000 locks stalled the GUI for seconds). Instead, a
// change that can affect the order or the filter (rows inserted, a sort value or a filtered
// value changed; never the countdown, announced with CountdownRole, which moves every row
// alike) schedules one re-sort and re-filter of everything, at most every resortIntervalMs
// (longer when a re-sort costs more than a tenth of that), and never while resorts are held (a
// mouse button pressed over the table: rows must not move between press and release).
// Meanwhile new rows show at the end and changed rows stay where they are. While rows pour in
// (a first listing), a re-sort for them alone waits until the table has doubled or the rows
// stopped for insertQuietMs (or at most twenty times what the last re-sort cost), so that a
// listing sorts the table a few times rather than every resortIntervalMs.
// A new sort column or filter text applies at once.
class LockFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit LockFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    [[nodiscard]] QString filterText() const { return m_filterText; }
    // Hides values that are not in a lock format (as "is:lock" does).
    void setLocksOnly(bool locksOnly);
    [[nodiscard]] bool locksOnly() const { return m_locksOnly; }

    static constexpr int resortIntervalMs = 500;
    // While rows are being inserted, a re-sort for them alone waits until none came for this
    // long, or until the table has doubled since it was last sorted.
    static constexpr int insertQuietMs = 250;
    // A re-sort is scheduled and not done yet.
    [[nodiscard]] bool resortPending() const;
    // Re-sorts and re-filters now if a change asked for it (unless resorts are held).
    void flush();
    // While held, scheduled re-sorts wait; releasing does what was scheduled.
    void holdResorts(bool hold);
    [[nodiscard]] bool resortsHeld() const { return m_held; }

    // Ranks the keys inserted since the last sort first (see mergeNewKeys()).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

public Q_SLOTS:
    void setFilterText(const QString &text);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void sourceRowsInserted(int first, int last);
    void sourceRowsRemoved(int first, int last);
    // insertsOnly: only rows were inserted since the last sort (see resortDue()).
    void scheduleResort(bool insertsOnly);
    // The resort timer: flush(), unless rows are still pouring in.
    void resortDue();
    void refilter();
    [[nodiscard]] bool filterActive() const { return !m_filterText.isEmpty() || m_locksOnly; }
    [[nodiscard]] QVariant sourceData(int sourceRow, int column, int role) const;
    // Reads the keys of rows appended to the source since (m_keys).
    void readNewKeys() const;
    // Brings the key order up to date with rows appended to the source since.
    void mergeNewKeys() const;
    void rankKeys() const;
    // Drops the rows removed since from the order arrays, all in one pass.
    void applyRemovals() const;
    // Fills m_order for the column from SortRole, unless it is up to date.
    void prepareOrder(int column) const;
    [[nodiscard]] qint64 orderValue(int sourceRow, int column) const;

    QList<QMetaObject::Connection> m_sourceConnections;
    QTimer *m_resortTimer = nullptr;
    QElapsedTimer m_sinceResort;
    bool m_resortPending = false;
    bool m_insertsOnly = false; // the pending resort is for inserted rows alone
    QElapsedTimer m_sinceInsert;
    QElapsedTimer m_sinceRequest; // since the pending resort was asked for
    int m_sortedRows = 0;         // source rows at the last full sort
    qint64 m_lastSortMs = 0;      // what the last re-sort cost
    bool m_held = false;
    qint64 m_resortIntervalMs = resortIntervalMs;
    QString m_filterText;
    QStringList m_words;
    std::optional<redislock::LockFormat> m_format;
    bool m_stuckOnly = false;
    bool m_heldOnly = false;
    bool m_anomalyOnly = false;                 // "is:anomaly"
    QStringList m_anomalies;                    // anomaly: names; each must be flagged
    bool m_lockOnly = false;                    // typed "is:lock"
    bool m_locksOnly = false;                   // the toggle
    bool m_matchesNothing = false;              // an unknown format: or is: token, a bad slot:
    QStringList m_nodes;                        // node: words; each must match
    std::optional<std::pair<int, int>> m_slots; // slot: range, both ends included

    mutable QList<QByteArray> m_keys; // per source row, read once from SortRole
    // Source rows removed and not yet dropped from the arrays: ranges in the numbering before
    // any of them, so descending (the model removes from the bottom up). Dropping them costs a
    // pass over all rows, once for all the ranges of a removal rather than once per range.
    mutable std::vector<std::pair<int, int>> m_removed;
    // Source rows by key, and each row's place in it: the rows up to the last full sort (rows
    // inserted since are ranked at the next one, and compared by their keys meanwhile).
    mutable std::vector<int> m_keyOrder;
    mutable std::vector<int> m_keyRank;
    // Per source row, the value compared for m_orderColumn (a rank or the TTL); refilled when
    // a sort value changed.
    mutable std::vector<qint64> m_order;
    mutable int m_orderColumn = -1;
    mutable bool m_orderDirty = true;
};
