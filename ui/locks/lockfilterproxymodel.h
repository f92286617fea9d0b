#pragma once

#include <redislock/lockrecord.h>

#include <QElapsedTimer>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <optional>

class LockTableModel;
class QTimer;

// Sorts the locks by LockTableModel::SortRole (through the model's raw lessThan, so that
// sorting 100,000 rows builds no QVariant) and filters them by the filter box's text:
// - words: every word must appear, case-insensitively, in the key or the metadata as shown;
// - "format:raw", "format:redislock", "format:custom": only that lock format;
// - "is:stuck" (no expiry), "is:held" (obtained by this app).
//
// Sorting and filtering are not dynamic row by row: QSortFilterProxyModel would move every
// changed row on its own, each move a pass over all rows of the proxy and of the view (with a
// view sorted by TTL, a re-sync of 100,000 locks stalled the GUI for seconds). Instead, a
// change that can affect the order or the filter (rows inserted, a sort value or a filtered
// value changed; never the countdown, which moves every row alike) schedules one re-sort and
// re-filter of everything, at most every resortIntervalMs (longer when a re-sort costs more
// than a tenth of that). Meanwhile new rows show at the end and changed rows stay where they
// are. A new sort column or filter text applies at once.
class LockFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit LockFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    [[nodiscard]] LockTableModel *lockModel() const { return m_model; }

    [[nodiscard]] QString filterText() const { return m_filterText; }

    static constexpr int resortIntervalMs = 500;
    // A re-sort is scheduled and not done yet.
    [[nodiscard]] bool resortPending() const;
    // Re-sorts and re-filters now if a change asked for it.
    void flush();

public Q_SLOTS:
    void setFilterText(const QString &text);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void scheduleResort();
    [[nodiscard]] bool filterActive() const { return !m_filterText.isEmpty(); }

    LockTableModel *m_model = nullptr;
    QList<QMetaObject::Connection> m_sourceConnections;
    QTimer *m_resortTimer = nullptr;
    QElapsedTimer m_sinceResort;
    bool m_resortPending = false;
    qint64 m_resortIntervalMs = resortIntervalMs;
    QString m_filterText;
    QStringList m_words;
    std::optional<redislock::LockFormat> m_format;
    bool m_stuckOnly = false;
    bool m_heldOnly = false;
    bool m_matchesNothing = false; // an unknown format: or is: token
};
