#include "locks/lockfilterproxymodel.h"

#include "locks/displaybytes.h"
#include "locks/locktablemodel.h"

#include <algorithm>

LockFilterProxyModel::LockFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(LockTableModel::SortRole);
    // The countdown's ticks do not change what the filter sees; a distinct filter role keeps
    // that explicit (QSortFilterProxyModel re-checks the filter on every dataChanged anyway).
    setFilterRole(LockTableModel::SnapshotRole);
    setDynamicSortFilter(true);
}

namespace {

// Bytes that displayBytes() shows unchanged: printable ASCII without the backslash.
bool isPlainAscii(const QByteArray &bytes)
{
    return std::all_of(bytes.cbegin(), bytes.cend(),
                       [](char c) { return c >= 0x20 && c < 0x7f && c != '\\'; });
}

// Does the text shown for these bytes contain the word? Without building that text when it is
// the bytes themselves (the filter runs over 100,000 keys).
bool shownTextContains(const QByteArray &bytes, const QString &word)
{
    if (isPlainAscii(bytes))
        return QLatin1StringView(bytes).contains(word, Qt::CaseInsensitive);
    return displayBytes(bytes).contains(word, Qt::CaseInsensitive);
}

// From this many rows at once, one sort of everything beats placing them interval by interval.
constexpr int bulkInsertRows = 32;

} // namespace

void LockFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    disconnect(m_aboutToInsert);
    disconnect(m_inserted);
    m_model = qobject_cast<LockTableModel *>(sourceModel);
    Q_ASSERT_X(m_model || !sourceModel, "LockFilterProxyModel", "needs a LockTableModel");
    // Connected before the base class's own handler, so that it runs first...
    if (m_model)
        m_aboutToInsert = connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
                                  &LockFilterProxyModel::sourceRowsAboutToBeInserted);
    QSortFilterProxyModel::setSourceModel(sourceModel);
    // ...and this one after it.
    if (m_model)
        m_inserted = connect(m_model, &QAbstractItemModel::rowsInserted, this,
                             &LockFilterProxyModel::sourceRowsInserted);
}

void LockFilterProxyModel::sourceRowsAboutToBeInserted(const QModelIndex &parent, int first,
                                                       int last)
{
    // Without dynamic sorting the base class appends the new rows (they come last in the
    // source) as one interval; turning it back on sorts everything once.
    if (!parent.isValid() && last - first + 1 >= bulkInsertRows && sortColumn() >= 0 &&
        dynamicSortFilter()) {
        m_bulkInsert = true;
        setDynamicSortFilter(false);
    }
}

void LockFilterProxyModel::sourceRowsInserted()
{
    if (!m_bulkInsert)
        return;
    m_bulkInsert = false;
    setDynamicSortFilter(true);
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
    // Rebuild the mapping in one go (filter every row, sort once) rather than remove and
    // re-insert the rows that change, which the base class does interval by interval, each
    // interval a pass over all rows: a filter that keeps 245 rows of 100,000 took 250 ms.
    invalidate();
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
    const LockSnapshot &lock = m_model->snapshotRef(sourceRow);
    const QByteArray metadata = lock.metadata();
    return std::all_of(m_words.cbegin(), m_words.cend(), [&](const QString &word) {
        return shownTextContains(lock.key, word) || shownTextContains(metadata, word);
    });
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
