#include "locks/lockfilterproxymodel.h"

#include "common/bytetext.h"
#include "locks/locktablemodel.h"

#include <QTimer>

#include <algorithm>

LockFilterProxyModel::LockFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(LockTableModel::SortRole);
    // filterAcceptsRow() reads the model directly; the role only documents what it looks at.
    setFilterRole(LockTableModel::SnapshotRole);
    setDynamicSortFilter(false); // see the class comment
    m_resortTimer = new QTimer(this);
    m_resortTimer->setSingleShot(true);
    connect(m_resortTimer, &QTimer::timeout, this, &LockFilterProxyModel::flush);
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

} // namespace

void LockFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    m_model = qobject_cast<LockTableModel *>(sourceModel);
    Q_ASSERT_X(m_model || !sourceModel, "LockFilterProxyModel", "needs a LockTableModel");
    QSortFilterProxyModel::setSourceModel(sourceModel);
    if (!m_model)
        return;
    m_sourceConnections = {
        connect(m_model, &QAbstractItemModel::rowsInserted, this,
                [this] {
                    // New rows were filtered on the way in; only their place is still to find.
                    if (sortColumn() >= 0)
                        scheduleResort();
                }),
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                &LockFilterProxyModel::sourceDataChanged),
    };
}

bool LockFilterProxyModel::resortPending() const
{
    return m_resortPending;
}

void LockFilterProxyModel::flush()
{
    if (!m_resortPending)
        return;
    m_resortPending = false;
    m_resortTimer->stop();
    QElapsedTimer cost;
    cost.start();
    if (filterActive())
        invalidate(); // re-filter and re-sort
    else
        sort(sortColumn(), sortOrder()); // not dynamic: sorts again even for the same column
    // A tenth of the GUI thread at most: big tables re-sort less often.
    m_resortIntervalMs = std::clamp<qint64>(cost.elapsed() * 10, resortIntervalMs, 5000);
    m_sinceResort.start();
}

void LockFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft,
                                             const QModelIndex &bottomRight,
                                             const QList<int> &roles)
{
    if (!m_model || m_model->ticking())
        return; // the countdown moves every row alike: no order or filter changes
    if (!roles.isEmpty() && !roles.contains(LockTableModel::SortRole))
        return; // only what is painted (the fade, the fraction)
    const int column = sortColumn();
    // A row's key never changes (a new key is a new row), so neither does the order by key.
    const bool sortColumnChanged = column >= 0 && column != LockTableModel::KeyColumn &&
                                   column >= topLeft.column() && column <= bottomRight.column();
    if (sortColumnChanged || filterActive())
        scheduleResort();
}

void LockFilterProxyModel::scheduleResort()
{
    if (m_resortPending)
        return;
    m_resortPending = true;
    const qint64 since = m_sinceResort.isValid() ? m_sinceResort.elapsed() : m_resortIntervalMs;
    m_resortTimer->start(int(std::max<qint64>(m_resortIntervalMs - since, 0)));
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
    m_resortPending = false;
    m_resortTimer->stop();
    m_sinceResort.start();
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
