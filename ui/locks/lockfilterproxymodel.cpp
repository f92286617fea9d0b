#include "locks/lockfilterproxymodel.h"

#include "locks/locktablemodel.h"

LockFilterProxyModel::LockFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(LockTableModel::SortRole);
    // The countdown's ticks do not change what the filter sees; a distinct filter role keeps
    // that explicit (QSortFilterProxyModel re-checks the filter on every dataChanged anyway).
    setFilterRole(LockTableModel::SnapshotRole);
    setDynamicSortFilter(true);
}

void LockFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    m_model = qobject_cast<LockTableModel *>(sourceModel);
    Q_ASSERT_X(m_model || !sourceModel, "LockFilterProxyModel", "needs a LockTableModel");
    QSortFilterProxyModel::setSourceModel(sourceModel);
}

void LockFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    m_words.clear();
    m_format.reset();
    m_stuckOnly = false;
    m_heldOnly = false;
    m_matchesNothing = false;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (word.startsWith(u"format:", Qt::CaseInsensitive)) {
            const QString name = word.mid(7).toLower();
            if (name == u"raw")
                m_format = redislock::LockFormat::raw;
            else if (name == u"redislock")
                m_format = redislock::LockFormat::redislock;
            else if (name == u"custom" || name == u"custom-token")
                m_format = redislock::LockFormat::customToken;
            else
                m_matchesNothing = true;
        } else if (word.compare(u"is:stuck", Qt::CaseInsensitive) == 0) {
            m_stuckOnly = true;
        } else if (word.compare(u"is:held", Qt::CaseInsensitive) == 0) {
            m_heldOnly = true;
        } else {
            m_words.append(word);
        }
    }
    invalidateRowsFilter();
}

bool LockFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_model)
        return false;
    if (m_filterText.isEmpty())
        return true;
    if (m_matchesNothing)
        return false;
    if (m_format && m_model->format(sourceRow) != *m_format)
        return false;
    if (m_stuckOnly && m_model->state(sourceRow) != LockTableModel::State::stuck)
        return false;
    if (m_heldOnly && !m_model->isHeld(sourceRow))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString key = m_model->keyText(sourceRow);
    QString metadata;
    bool metadataRead = false;
    for (const QString &word : m_words) {
        if (key.contains(word, Qt::CaseInsensitive))
            continue;
        if (!metadataRead) {
            metadata = m_model->metadataText(sourceRow);
            metadataRead = true;
        }
        if (!metadata.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool LockFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model)
        return QSortFilterProxyModel::lessThan(left, right);
    if (m_model->lessThan(left.row(), right.row(), left.column()))
        return true;
    // Equal values keep a stable, meaningful order: by key.
    if (left.column() != LockTableModel::KeyColumn &&
        !m_model->lessThan(right.row(), left.row(), left.column()))
        return m_model->lessThan(left.row(), right.row(), LockTableModel::KeyColumn);
    return false;
}
