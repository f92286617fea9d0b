#pragma once

#include <redislock/lockrecord.h>

#include <QSortFilterProxyModel>
#include <QStringList>

#include <optional>

class LockTableModel;

// Sorts the locks by LockTableModel::SortRole (through the model's raw lessThan, so that
// sorting 100,000 rows builds no QVariant) and filters them by the filter box's text:
// - words: every word must appear, case-insensitively, in the key or the metadata as shown;
// - "format:raw", "format:redislock", "format:custom": only that lock format;
// - "is:stuck" (no expiry), "is:held" (obtained by this app).
//
// Many rows inserted at once into a sorted proxy are sorted once: QSortFilterProxyModel would
// otherwise place them one interval at a time, each interval costing a pass over every row of
// the proxy and of the view's header (seconds for a page of 1000 into 100,000 rows).
class LockFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit LockFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    [[nodiscard]] LockTableModel *lockModel() const { return m_model; }

    [[nodiscard]] QString filterText() const { return m_filterText; }

public Q_SLOTS:
    void setFilterText(const QString &text);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsInserted();

    LockTableModel *m_model = nullptr;
    QMetaObject::Connection m_aboutToInsert;
    QMetaObject::Connection m_inserted;
    bool m_bulkInsert = false;
    QString m_filterText;
    QStringList m_words;
    std::optional<redislock::LockFormat> m_format;
    bool m_stuckOnly = false;
    bool m_heldOnly = false;
    bool m_matchesNothing = false; // an unknown format: or is: token
};
