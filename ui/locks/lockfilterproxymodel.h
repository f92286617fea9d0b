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
    LockTableModel *m_model = nullptr;
    QString m_filterText;
    QStringList m_words;
    std::optional<redislock::LockFormat> m_format;
    bool m_stuckOnly = false;
    bool m_heldOnly = false;
    bool m_matchesNothing = false; // an unknown format: or is: token
};
