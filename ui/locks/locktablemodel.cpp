#include "locks/locktablemodel.h"

#include "common/bytetext.h"
#include "locks/historytext.h"
#include "locks/lockhistoryfeed.h"
#include "locks/locktext.h"
#include "session/resyncplan.h"

#include <QElapsedTimer>
#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <algorithm>
#include <chrono>
#include <limits>

// The read worker does not pass on a notified key's re-read that agrees with its last one: the
// table would have left its countdown alone for it anyway.
static_assert(ResyncPlan::Policy{}.agreementMs <= LockTimeline::jitterToleranceMs);

namespace {

constexpr int defaultTickMs = 100;
constexpr int maxTickMs = 1000;
// With a view's visible rows, every row is announced this often; in between only the visible
// rows whose countdown shows tenths of a second or whose bar moves visibly.
constexpr qint64 wholeTickMs = 1000;
// A bar is about this many pixels wide: a lease shorter than this many seconds moves it by
// more than a pixel a second.
constexpr qint64 fastLeaseMs = 100'000;
// A row is stale when it was read longer ago than this many re-read cycles (plus a second).
constexpr qint64 staleCycles = 2;
// New rows inserted per turn of the event loop: a whole scan of 100,000 keys at once held the
// GUI thread for 170 ms, mostly ordering the new keys.
constexpr std::size_t maxInsertRows = 16384;
// Above this many separate ranges of removed rows, a reset is cheaper than that many
// rowsRemoved (each costs the proxy and the header O(rows)).
constexpr int maxRemovedRuns = 256;

// Contiguous runs [first, last] of sorted, unique rows.
QList<std::pair<int, int>> runsOf(const QList<int> &sortedRows)
{
    QList<std::pair<int, int>> runs;
    for (const int row : sortedRows) {
        if (!runs.isEmpty() && runs.last().second + 1 == row)
            runs.last().second = row;
        else
            runs.append({row, row});
    }
    return runs;
}

// The badge of a lock whose history has anomalies: an orange "!" that reads on light and dark
// tables alike.
QIcon anomalyBadge()
{
    static const QIcon icon = [] {
        QIcon badge;
        for (const int size : {16, 32}) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0xe8, 0x59, 0x0c));
            painter.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size / 4.0, size / 4.0);
            painter.setPen(QPen(Qt::white, size / 8.0, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(size / 2.0, size * 0.25), QPointF(size / 2.0, size * 0.58));
            painter.drawPoint(QPointF(size / 2.0, size * 0.76));
            painter.end();
            badge.addPixmap(pixmap);
        }
        return badge;
    }();
    return icon;
}

} // namespace

LockTableModel::LockTableModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock(steadyClockMs)
{
    m_now = m_clock();
    m_baseTickMs = defaultTickMs;
    m_timer.setInterval(defaultTickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LockTableModel::tick);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { insertPending(maxInsertRows); });
}

LockTableModel::~LockTableModel()
{
    destroyRows(0, m_rows.size());
}

void LockTableModel::destroyRows(std::size_t first, std::size_t last) noexcept
{
    for (std::size_t i = first; i < last; ++i)
        m_rowPool.destroy(std::exchange(m_rows[i], nullptr));
}

int LockTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LockTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LockTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = rowAt(index.row());
    const LockTimeline &timeline = row.timeline;
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case KeyColumn:
            return displayBytes(row.snapshot.key);
        case FormatColumn:
            return LockText::formatName(row.snapshot.format);
        case TokenColumn:
            return displayBytes(row.snapshot.token());
        case MetadataColumn:
            return metadataText(index.row());
        case TtlColumn:
            return LockText::ttlCell(timeline, m_now);
        case AgeColumn:
            return LockText::age(timeline.seenForMs(m_now));
        case RefreshesColumn:
            return timeline.refreshes();
        case HeldColumn:
            return row.held ? tr("held") : QString();
        case HolderColumn:
            return LockText::holder(row.snapshot.holder);
        case NodeColumn:
            return row.snapshot.node;
        case SlotColumn:
            return row.snapshot.slot >= 0 ? QVariant(row.snapshot.slot) : QVariant();
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (column == KeyColumn && m_history) {
            const redislock::KeyHistory *history = m_history->find(row.snapshot.key);
            if (history && history->anomalous())
                return anomalyBadge();
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case KeyColumn: {
            QString tip = elidedToolTip(displayBytes(row.snapshot.key));
            const redislock::KeyHistory *history =
                m_history ? m_history->find(row.snapshot.key) : nullptr;
            if (history && history->anomalous()) {
                QStringList names;
                for (const redislock::Anomaly &anomaly : history->anomalies)
                    if (const QString name = HistoryText::anomalyName(anomaly.kind);
                        !names.contains(name))
                        names.append(name);
                tip += u'\n' + tr("Anomalies: %1").arg(names.join(QStringLiteral(", ")));
            }
            return tip;
        }
        case MetadataColumn:
            return elidedToolTip(metadataText(index.row()));
        case TtlColumn: {
            QString tip = LockText::ttlToolTip(timeline, stuck(row), m_now);
            if (m_resyncCycleMs > 0 && !timeline.fading() &&
                (m_polledNodes.isEmpty() || m_polledNodes.contains(row.snapshot.node))) {
                if (!tip.isEmpty())
                    tip += u'\n';
                tip += LockText::lastReadNote(m_now - timeline.lastReadMs(), m_resyncCycleMs);
            }
            return tip;
        }
        case AgeColumn:
            return LockText::seenForToolTip(timeline, m_now);
        case HeldColumn:
            return row.held ? tr("Obtained by this app and not released") : QString();
        case FormatColumn:
            return LockText::evidence(row.snapshot.evidenceClauses());
        case HolderColumn:
            return LockText::holderDetails(row.snapshot.holderFacts());
        default:
            return {};
        }
    case Qt::FontRole:
        if (column == TtlColumn && stale(row)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (column == TtlColumn && stale(row))
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case StaleRole:
        return stale(row);
    case Qt::TextAlignmentRole:
        if (column == AgeColumn || column == RefreshesColumn || column == SlotColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == TtlColumn || column == HeldColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        return {};
    case SortRole:
        return sortValue(row, column);
    case DeadlineRole:
        return timeline.state() == State::live ? timeline.deadlineMs() : qint64(-1);
    case TtlFractionRole:
        return timeline.fraction(m_now);
    case StateRole:
        return int(timeline.state());
    case SnapshotRole:
        return QVariant::fromValue(row.snapshot);
    case FadeRole:
        return timeline.opacity(m_now);
    case StuckRole:
        return stuck(row);
    case FormatRole:
        return int(row.snapshot.format);
    case LeaseKnownRole:
        return timeline.leaseKnown();
    case StartSeenRole:
        return timeline.startSeen();
    case NodeRole:
        return row.snapshot.node;
    case SlotRole:
        return row.snapshot.slot;
    case AnomalyRole:
        return m_history ? m_history->anomalyNames(row.snapshot.key) : QStringList();
    default:
        return {};
    }
}

QVariant LockTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case KeyColumn:
            return tr("Key");
        case FormatColumn:
            return tr("Format");
        case TokenColumn:
            return tr("Token");
        case MetadataColumn:
            return tr("Metadata");
        case TtlColumn:
            return tr("TTL");
        case AgeColumn:
            return tr("Seen for");
        case RefreshesColumn:
            return tr("Refreshes");
        case HeldColumn:
            return tr("Held");
        case HolderColumn:
            return tr("Holder");
        case NodeColumn:
            return tr("Node");
        case SlotColumn:
            return tr("Slot");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TtlColumn:
            return tr("Time to live, counting down between re-syncs with the server");
        case AgeColumn:
            return tr("How long this app has seen this holder: its age only when the app saw "
                      "the lock being taken");
        case RefreshesColumn:
            return tr("Refreshes observed: TTL jumps seen between two re-syncs");
        case HeldColumn:
            return tr("Locks this app obtained and has not released");
        case HolderColumn:
            return tr("Who holds the lock, as its library's bytes tell: a Redisson client and "
                      "thread, the node and time of a redis-py lock, a ShedLock host");
        case NodeColumn:
            return tr("The cluster master that holds the key, as the cluster announces it");
        case SlotColumn:
            return tr("The key's hash slot (0-16383): keys locked together must share one");
        default:
            return {};
        }
    }
    return {};
}

void LockTableModel::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock(steadyClockMs);
    readClock();
}

void LockTableModel::setTickInterval(int milliseconds)
{
    m_baseTickMs = std::max(milliseconds, 0);
    m_timer.setInterval(m_baseTickMs);
    if (milliseconds <= 0)
        m_timer.stop();
    else
        updateTimer();
}

int LockTableModel::tickInterval() const
{
    return m_baseTickMs;
}

void LockTableModel::setVisibleRows(VisibleRows visibleRows)
{
    m_visibleRows = std::move(visibleRows);
    m_wholeTickMs = -1;
}

void LockTableModel::setResyncCycle(qint64 cycleMs, const QStringList &polledNodes)
{
    const QSet<QString> nodes(polledNodes.cbegin(), polledNodes.cend());
    if (cycleMs == m_resyncCycleMs && nodes == m_polledNodes)
        return;
    m_resyncCycleMs = std::max<qint64>(cycleMs, 0);
    m_polledNodes = nodes;
    m_wholeTickMs = -1; // the next tick re-reads every row's staleness
}

bool LockTableModel::isStale(int row) const
{
    return row >= 0 && row < int(m_rows.size()) && stale(rowAt(row));
}

bool LockTableModel::stale(const Row &row) const
{
    if (m_resyncCycleMs <= 0 || row.timeline.fading())
        return false;
    if (!m_polledNodes.isEmpty() && !m_polledNodes.contains(row.snapshot.node))
        return false;
    return m_now - row.timeline.lastReadMs() > staleCycles * m_resyncCycleMs + 1000;
}

const QByteArray *LockTableModel::keyOfRef(int ref) const
{
    if (ref >= 0)
        return std::size_t(ref) < m_rows.size() ? &m_rows[std::size_t(ref)]->snapshot.key : nullptr;
    const auto slot = slotOfRef(ref);
    return slot ? m_pending.keyAt(*slot) : nullptr;
}

int LockTableModel::refOf(const QByteArray &key, std::size_t hash) const
{
    return m_keyIndex.find(hash, [&](int ref) {
        const QByteArray *known = keyOfRef(ref);
        return known && *known == key;
    });
}

int LockTableModel::indexOfKey(const QByteArray &key) const
{
    const int ref = refOf(key, hashOf(key));
    if (ref >= 0)
        return ref;
    if (ref == noRef && m_indexLags) {
        // Rows are being removed and the index is not renumbered yet: never answer wrongly.
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i]->snapshot.key == key)
                return int(i);
        }
    }
    return -1; // unknown, or queued
}

std::optional<std::size_t> LockTableModel::pendingSlotOf(const QByteArray &key) const
{
    return slotOfRef(refOf(key, hashOf(key)));
}

void LockTableModel::queue(const QList<LockSnapshot> &locks, qsizetype i, std::size_t hash, int ref)
{
    const LockSnapshot &lock = locks[i];
    if (ref == noRef) {
        // A key found gone before it was ever shown never is.
        if (!lock.gone())
            m_keyIndex.insert(hash, refOfSlot(m_pending.put(locks, i, m_now, m_listed)));
        return;
    }
    if (lock.gone()) {
        dropPending(lock.key);
        return;
    }
    m_pending.replace(*slotOfRef(ref), locks, i, m_now, m_listed);
}

void LockTableModel::dropPending(const QByteArray &key)
{
    // Out of the index too: its slot is handed to another key once the queue is taken.
    const std::size_t hash = hashOf(key);
    const int ref = refOf(key, hash);
    if (const auto slot = slotOfRef(ref)) {
        m_pending.drop(*slot);
        m_keyIndex.erase(hash, ref);
    }
}

LockSnapshot LockTableModel::snapshot(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return {};
    return rowAt(row).snapshot;
}

LockTableModel::RowInfo LockTableModel::rowInfo(int row) const
{
    RowInfo info;
    info.nowMs = m_now;
    if (row < 0 || row >= int(m_rows.size()))
        return info;
    const Row &r = rowAt(row);
    const LockTimeline &timeline = r.timeline;
    info.snapshot = r.snapshot;
    info.state = timeline.state();
    info.held = r.held;
    info.stuck = stuck(r);
    info.leaseKnown = timeline.leaseKnown();
    info.startSeen = timeline.startSeen();
    info.refreshes = timeline.refreshes();
    info.remainingMs = timeline.remainingMs(m_now);
    info.leaseMs = timeline.leaseMs();
    info.ageMs = timeline.seenForMs(m_now);
    info.history = QList<TtlPoint>(timeline.history().begin(), timeline.history().end());
    return info;
}

LockTableModel::State LockTableModel::state(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return State::live;
    return rowAt(row).timeline.state();
}

bool LockTableModel::isStuck(int row) const
{
    return row >= 0 && row < int(m_rows.size()) && stuck(rowAt(row));
}

bool LockTableModel::isFading(int row) const
{
    return row >= 0 && row < int(m_rows.size()) && rowAt(row).timeline.fading();
}

bool LockTableModel::isHeld(int row) const
{
    return row >= 0 && row < int(m_rows.size()) && rowAt(row).held;
}

QString LockTableModel::metadataText(int row) const
{
    const LockSnapshot &snapshot = rowAt(row).snapshot;
    QString text = displayBytes(snapshot.metadata());
    if (snapshot.truncated())
        text += u'…';
    return text;
}

QList<QPointF> LockTableModel::ttlHistory(const QByteArray &key) const
{
    QList<QPointF> points;
    const int row = indexOfKey(key);
    if (row < 0)
        return points;
    const LockTimeline &timeline = rowAt(row).timeline;
    points.reserve(qsizetype(timeline.history().size()));
    for (const TtlPoint &point : timeline.history())
        points.append(
            QPointF(double(point.atMs - timeline.firstSeenMs()) / 1000.0, double(point.ttlMs)));
    return points;
}

template <typename Change>
auto LockTableModel::changeRow(Row &row, Change &&change)
{
    const bool wasStuck = stuck(row);
    auto result = change(row.timeline);
    m_stuckCount += int(stuck(row)) - int(wasStuck);
    return result;
}

void LockTableModel::upsert(const QList<LockSnapshot> &locks)
{
    readClock();
    QList<int> ttlRows;     // TTL column only
    QList<int> refreshRows; // TTL through Refreshes
    QList<int> wholeRows;   // a new holder or a revived row
    QList<int> vanishedRows;
    QList<int> movedRows; // the same holder, read on another node (a failover, a migration)
    bool queued = false;

    for (qsizetype i = 0; i < locks.size(); ++i) {
        const LockSnapshot &lock = locks[i];
        const std::size_t hash = hashOf(lock.key);
        const int rowIndex = refOf(lock.key, hash);
        if (rowIndex < 0) {
            // Queued for the next flush; a later page's snapshot of the same key replaces it.
            queue(locks, i, hash, rowIndex);
            queued = true;
            continue;
        }
        Row &row = rowAt(rowIndex);
        const bool fading = row.timeline.fading();
        if (lock.gone()) {
            if (!fading)
                vanishedRows.append(rowIndex);
            continue;
        }
        if (lock.value != row.snapshot.value || lock.format != row.snapshot.format ||
            lock.tokenLength != row.snapshot.tokenLength ||
            lock.extra().holderIdentity != row.snapshot.extra().holderIdentity) {
            // A different value under the same key: a new holder (see LockTimeline).
            if (fading)
                m_fadingKeys.remove(lock.key);
            changeRow(row, [&](LockTimeline &timeline) {
                row.snapshot = lock;
                timeline.start(lock.ttlMs, m_now, m_listed);
                return 0;
            });
            wholeRows.append(rowIndex);
            continue;
        }
        // Same value and holders; the size, type or a hold count may have been re-read.
        if (lock.holder != row.snapshot.holder)
            wholeRows.append(rowIndex);
        else if (lock.node != row.snapshot.node || lock.slot != row.snapshot.slot)
            movedRows.append(rowIndex);
        row.snapshot = lock;
        if (fading) {
            // The same value is back (a re-sync found it after all): keep its history.
            m_fadingKeys.remove(lock.key);
            changeRow(row, [&](LockTimeline &timeline) {
                timeline.revive(lock.ttlMs, m_now);
                return 0;
            });
            wholeRows.append(rowIndex);
            continue;
        }
        noteChange(changeRow(row, [&](LockTimeline &t) { return t.sample(lock.ttlMs, m_now); }),
                   rowIndex, ttlRows, refreshRows);
    }

    emitRowsChanged(ttlRows, TtlColumn, TtlColumn);
    emitRowsChanged(refreshRows, TtlColumn, RefreshesColumn);
    emitRowsChanged(wholeRows, KeyColumn, ColumnCount - 1);
    emitRowsChanged(movedRows, NodeColumn, SlotColumn);
    for (const int row : std::as_const(vanishedRows))
        beginFade(row, KeyRemoval::vanished);
    if (queued)
        scheduleInsert();
    if (!wholeRows.isEmpty() || !vanishedRows.isEmpty())
        Q_EMIT countsChanged();
}

void LockTableModel::reserve(qsizetype keys)
{
    if (keys <= 0)
        return;
    m_keyIndex.reserve(std::size_t(keys));
    m_rows.reserve(std::size_t(keys));
}

void LockTableModel::flush()
{
    while (!m_pending.empty())
        insertPending(m_pending.size());
}

void LockTableModel::scheduleInsert()
{
    // Not paced: rows appended below what the view shows repaint nothing (LocksTableView), and
    // inserting at each turn uses the moments the GUI thread would wait for the next page,
    // rather than leaving a pile to insert once the scan is over (which spacing insertions a
    // tenth of a second apart did: a listing took a fifth longer).
    if (!m_flushTimer.isActive())
        m_flushTimer.start(0);
}

void LockTableModel::insertPending(std::size_t maxRows)
{
    m_flushTimer.stop();
    if (m_pending.empty())
        return;
    readClock();
    // A key removed or found gone while it waited never shows up: build the rows first, then
    // announce as many as were built.
    std::vector<Row *> batch;
    batch.reserve(std::min(maxRows, m_pending.size()));
    const int first = int(m_rows.size());
    m_pending.take(maxRows, [&](const PendingLocks::Entry &p) {
        // Its entry moves from the queue's slot to the row it is about to be.
        m_keyIndex.replace(hashOf(p.lock.key), refOfSlot(p.slot), first + int(batch.size()));
        const bool held = m_heldKeys.contains(p.lock.key);
        // The timeline is made where the row is, not made and moved there.
        Row *row = m_rowPool.make(std::move(p.lock));
        row->held = held;
        row->snapshot.ttlMs = p.ttlMs;
        row->timeline.start(p.ttlMs, p.receivedMs, p.startSeen);
        batch.push_back(row);
    });
    if (!m_pending.empty())
        scheduleInsert();
    if (batch.empty())
        return;
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    for (Row *row : batch) {
        if (stuck(*row))
            ++m_stuckCount;
        m_rows.push_back(row);
    }
    endInsertRows();
    updateTimer();
    Q_EMIT countsChanged();
}

void LockTableModel::applyTtls(const QList<TtlSample> &samples)
{
    readClock();
    QList<int> ttlRows;
    QList<int> refreshRows;
    QList<int> vanishedRows;
    const int stuckBefore = m_stuckCount;
    for (const TtlSample &sample : samples) {
        // The TTL counts from when it was read.
        const qint64 readAt = sample.countsFromMs(m_now);
        const int rowIndex = indexOfKey(sample.key);
        if (rowIndex < 0) {
            if (sample.ttlMs == -2)
                dropPending(sample.key);
            else if (const auto slot = pendingSlotOf(sample.key))
                m_pending.sample(*slot, sample.ttlMs, readAt);
            continue;
        }
        Row &row = rowAt(rowIndex);
        if (row.timeline.fading())
            continue; // the removal stands until a scan finds the key again
        if (sample.ttlMs == -2) {
            vanishedRows.append(rowIndex);
            continue;
        }
        if (readAt < row.timeline.lastReadMs())
            continue; // older than what the row shows already
        noteChange(changeRow(row, [&](LockTimeline &t) { return t.sample(sample.ttlMs, readAt); }),
                   rowIndex, ttlRows, refreshRows);
    }
    emitRowsChanged(ttlRows, TtlColumn, TtlColumn);
    emitRowsChanged(refreshRows, TtlColumn, RefreshesColumn);
    for (const int row : std::as_const(vanishedRows))
        beginFade(row, KeyRemoval::vanished);
    if (stuckBefore != m_stuckCount || !vanishedRows.isEmpty())
        Q_EMIT countsChanged();
}

void LockTableModel::markRemoved(const QByteArray &key, KeyRemoval reason)
{
    const int row = indexOfKey(key);
    if (row < 0) {
        dropPending(key);
        return;
    }
    readClock();
    beginFade(row, reason);
    Q_EMIT countsChanged();
}

void LockTableModel::setHeld(const QByteArray &key, bool held)
{
    if (held)
        m_heldKeys.insert(key);
    else
        m_heldKeys.remove(key);
    const int row = indexOfKey(key);
    if (row < 0 || rowAt(row).held == held)
        return;
    rowAt(row).held = held;
    Q_EMIT dataChanged(index(row, HeldColumn), index(row, HeldColumn));
}

void LockTableModel::setHistory(const LockHistoryFeed *feed)
{
    disconnect(m_historyConnection);
    m_history = feed;
    if (feed)
        m_historyConnection = connect(feed, &LockHistoryFeed::anomaliesChanged, this,
                                      &LockTableModel::anomaliesChanged);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, KeyColumn), index(rowCount() - 1, KeyColumn),
                           {AnomalyRole, Qt::DecorationRole, Qt::ToolTipRole});
}

void LockTableModel::anomaliesChanged(const QList<QByteArray> &keys)
{
    for (const QByteArray &key : keys) {
        const int row = indexOfKey(key);
        if (row >= 0)
            Q_EMIT dataChanged(index(row, KeyColumn), index(row, KeyColumn),
                               {AnomalyRole, Qt::DecorationRole, Qt::ToolTipRole});
    }
}

void LockTableModel::clear()
{
    beginResetModel();
    destroyRows(0, m_rows.size());
    m_rows.clear();
    m_rowPool.release();
    m_keyIndex.clear();
    m_indexLags = false;
    m_fadingKeys.clear();
    m_pending.clear();
    m_flushTimer.stop();
    m_heldKeys.clear();
    m_stuckCount = 0;
    m_listed = false;
    endResetModel();
    m_timer.stop();
    Q_EMIT countsChanged();
}

void LockTableModel::tick()
{
    readClock();
    if (m_rows.empty()) {
        m_timer.stop();
        return;
    }
    QElapsedTimer cost;
    cost.start();
    if (m_visibleRows && m_wholeTickMs >= 0 && m_now - m_wholeTickMs < wholeTickMs) {
        tickVisible();
    } else {
        m_wholeTickMs = m_now;
        // One signal for every countdown: the TTL and "seen for" columns of all rows.
        Q_EMIT dataChanged(index(0, TtlColumn), index(int(m_rows.size()) - 1, AgeColumn),
                           {Qt::DisplayRole, Qt::ToolTipRole, TtlFractionRole, CountdownRole});
    }
    if (!m_fadingKeys.isEmpty())
        removeFaded();
    // A tick may take a tenth of the GUI thread at most: slower ticks for big tables, never
    // slower than 1 s.
    if (m_baseTickMs > 0) {
        const qint64 wanted = cost.elapsed() * 10;
        m_timer.setInterval(int(std::clamp<qint64>(wanted, m_baseTickMs, maxTickMs)));
    }
}

void LockTableModel::tickVisible()
{
    const QList<int> visible = m_visibleRows();
    for (const int rowIndex : visible) {
        if (rowIndex < 0 || rowIndex >= int(m_rows.size()))
            continue;
        const LockTimeline &timeline = rowAt(rowIndex).timeline;
        if (timeline.state() != State::live)
            continue; // fading rows are repainted by their fade, others do not move
        const qint64 remaining = timeline.remainingMs(m_now);
        // Tenths of a second under a minute; a short lease's bar moves a pixel or more a tick.
        if (remaining >= 60'000 && timeline.leaseMs() >= fastLeaseMs)
            continue;
        // One cell: the view repaints that cell alone.
        const QModelIndex cell = index(rowIndex, TtlColumn);
        Q_EMIT dataChanged(cell, cell,
                           {Qt::DisplayRole, Qt::ToolTipRole, TtlFractionRole, CountdownRole});
    }
}

bool LockTableModel::stuck(const Row &row)
{
    // A value the core did not recognise as a lock (a counter, a configuration value) without
    // a TTL is normal; only a lock without one never frees itself.
    return row.timeline.state() == State::noExpiry &&
           row.snapshot.format != redislock::LockFormat::raw;
}

QVariant LockTableModel::sortValue(const Row &row, int column) const
{
    const LockTimeline &timeline = row.timeline;
    switch (column) {
    case KeyColumn:
        return row.snapshot.key;
    case FormatColumn:
        return LockText::formatName(row.snapshot.format);
    case TokenColumn:
        return row.snapshot.token();
    case MetadataColumn:
        return row.snapshot.metadata();
    case TtlColumn:
        if (timeline.state() == State::noExpiry)
            return std::numeric_limits<qint64>::max();
        if (timeline.fading())
            return qint64(-1);
        return timeline.remainingMs(m_now);
    case AgeColumn:
        return timeline.seenForMs(m_now);
    case RefreshesColumn:
        return timeline.refreshes();
    case HeldColumn:
        return row.held;
    case HolderColumn:
        return row.snapshot.holder.sortKey();
    case NodeColumn:
        return row.snapshot.node;
    case SlotColumn:
        return qint64(row.snapshot.slot);
    default:
        return {};
    }
}

void LockTableModel::noteChange(LockTimeline::Change change, int row, QList<int> &ttlRows,
                                QList<int> &refreshRows) const
{
    if (change == LockTimeline::Change::ttl)
        ttlRows.append(row);
    else if (change == LockTimeline::Change::refresh || change == LockTimeline::Change::state)
        refreshRows.append(row);
}

void LockTableModel::beginFade(int rowIndex, KeyRemoval reason)
{
    Row &row = rowAt(rowIndex);
    const bool wasFading = row.timeline.fading();
    const bool changed =
        changeRow(row, [&](LockTimeline &timeline) { return timeline.fadeOut(reason, m_now); });
    if (wasFading) {
        if (changed)
            Q_EMIT dataChanged(index(rowIndex, TtlColumn), index(rowIndex, TtlColumn));
        return;
    }
    m_fadingKeys.insert(row.snapshot.key);
    Q_EMIT dataChanged(index(rowIndex, KeyColumn), index(rowIndex, ColumnCount - 1));
    updateTimer();
}

void LockTableModel::removeFaded()
{
    QList<int> fadingRows;
    QList<int> doneRows;
    for (const QByteArray &key : std::as_const(m_fadingKeys)) {
        const int row = indexOfKey(key);
        if (row < 0)
            continue;
        if (rowAt(row).timeline.faded(m_now))
            doneRows.append(row);
        else
            fadingRows.append(row);
    }
    emitRowsChanged(fadingRows, KeyColumn, ColumnCount - 1, {FadeRole});
    if (!doneRows.isEmpty()) {
        removeRowSet(doneRows);
        Q_EMIT countsChanged();
    }
}

void LockTableModel::removeRowSet(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (const int row : std::as_const(rows)) {
        const Row &r = rowAt(row);
        m_fadingKeys.remove(r.snapshot.key);
        if (stuck(r))
            --m_stuckCount;
        m_keyIndex.erase(hashOf(r.snapshot.key), row);
    }
    // Until the rows above the removed ones are renumbered in the index, the views hear of the
    // removal: indexOfKey() must not trust the index meanwhile.
    m_indexLags = true;
    const QList<std::pair<int, int>> runs = runsOf(rows);
    if (runs.size() > maxRemovedRuns) {
        beginResetModel();
        std::vector<Row *> kept;
        kept.reserve(m_rows.size() - std::size_t(rows.size()));
        qsizetype next = 0;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (next < rows.size() && rows[next] == int(i)) {
                ++next;
                destroyRows(i, i + 1);
            } else {
                kept.push_back(m_rows[i]);
            }
        }
        m_rows = std::move(kept);
        renumberAfterRemoving(rows);
        endResetModel();
        return;
    }
    // From the bottom up, so that the rows of the runs still to go keep their numbers.
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        beginRemoveRows({}, run->first, run->second);
        destroyRows(std::size_t(run->first), std::size_t(run->second) + 1);
        m_rows.erase(m_rows.begin() + run->first, m_rows.begin() + run->second + 1);
        endRemoveRows();
    }
    renumberAfterRemoving(rows);
}

void LockTableModel::renumberAfterRemoving(const QList<int> &removed)
{
    // A row moves down by the number of removed rows below it; queued keys keep their slots.
    m_keyIndex.remap([&removed](int ref) {
        if (ref < 0)
            return ref;
        return ref -
               int(std::lower_bound(removed.cbegin(), removed.cend(), ref) - removed.cbegin());
    });
    m_indexLags = false;
}

void LockTableModel::emitRowsChanged(QList<int> rows, int firstColumn, int lastColumn,
                                     const QList<int> &roles)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // One signal per run of rows, never one over a covering range: the proxy re-checks the
    // filter and the order of every row of a range, so one range over 100,000 rows for 800
    // changed ones costs far more than 800 small signals.
    for (const auto &[first, last] : runsOf(rows))
        Q_EMIT dataChanged(index(first, firstColumn), index(last, lastColumn), roles);
}

void LockTableModel::updateTimer()
{
    if (m_rows.empty()) {
        m_timer.stop();
        return;
    }
    if (m_timer.interval() > 0 && !m_timer.isActive())
        m_timer.start();
}

void LockTableModel::readClock()
{
    m_now = m_clock();
}
