#include "locks/locktablemodel.h"

#include "common/bytetext.h"

#include <QElapsedTimer>
#include <QLocale>

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>

namespace {

constexpr int defaultTickMs = 100;
constexpr int maxTickMs = 1000;
// New rows inserted per turn of the event loop: a whole scan of 100,000 keys at once held the
// GUI thread for 170 ms, mostly ordering the new keys.
constexpr std::size_t maxInsertRows = 16384;
// Above this many separate ranges of removed rows, a reset is cheaper than that many
// rowsRemoved (each costs the proxy and the header O(rows)).
constexpr int maxRemovedRuns = 256;

qint64 steadyNowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

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

template <typename T>
int compareValues(const T &left, const T &right)
{
    return left < right ? -1 : (right < left ? 1 : 0);
}

} // namespace

LockTableModel::LockTableModel(QObject *parent) : QAbstractTableModel(parent), m_clock(steadyNowMs)
{
    m_now = m_clock();
    m_baseTickMs = defaultTickMs;
    m_timer.setInterval(defaultTickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LockTableModel::tick);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { insertPending(maxInsertRows); });
}

LockTableModel::~LockTableModel() = default;

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
    const Row &row = m_rows[std::size_t(index.row())];
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case KeyColumn:
            return displayBytes(row.snapshot.key);
        case FormatColumn:
            return formatName(row.snapshot.format);
        case TokenColumn:
            return displayBytes(row.snapshot.token());
        case MetadataColumn:
            return metadataText(index.row());
        case TtlColumn:
            return ttlText(row);
        case AgeColumn:
            return formatAge(m_now - row.firstSeenMs);
        case RefreshesColumn:
            return row.refreshes;
        case HeldColumn:
            return row.held ? tr("held") : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case KeyColumn:
            return displayBytes(row.snapshot.key);
        case MetadataColumn:
            return metadataText(index.row());
        case TtlColumn:
            if (row.state == State::stuck)
                return tr("No expiry: nothing frees this lock unless it is deleted");
            return {};
        case HeldColumn:
            return row.held ? tr("Obtained by this app and not released") : QString();
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (column == AgeColumn || column == RefreshesColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == TtlColumn || column == HeldColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        return {};
    case SortRole:
        return sortValue(row, column);
    case DeadlineRole:
        return row.state == State::live ? row.deadlineMs : qint64(-1);
    case TtlFractionRole:
        return ttlFraction(row);
    case StateRole:
        return int(row.state);
    case SnapshotRole:
        return QVariant::fromValue(row.snapshot);
    case FadeRole:
        return fade(row);
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
            return tr("Age");
        case RefreshesColumn:
            return tr("Refreshes");
        case HeldColumn:
            return tr("Held");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TtlColumn:
            return tr("Time to live, counting down between re-syncs with the server");
        case AgeColumn:
            return tr("Time since the inspector first saw this holder");
        case RefreshesColumn:
            return tr("Refreshes observed: TTL jumps seen between two re-syncs");
        case HeldColumn:
            return tr("Locks this app obtained and has not released");
        default:
            return {};
        }
    }
    return {};
}

void LockTableModel::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock(steadyNowMs);
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

int LockTableModel::indexOfKey(const QByteArray &key) const
{
    const auto it = m_rowOfKey.constFind(key);
    if (it == m_rowOfKey.constEnd())
        return -1;
    // While rows are being removed the map may lag behind for a moment; never answer wrongly.
    const int row = it.value();
    if (row >= 0 && row < int(m_rows.size()) && m_rows[std::size_t(row)].snapshot.key == key)
        return row;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].snapshot.key == key)
            return int(i);
    }
    return -1;
}

LockSnapshot LockTableModel::snapshot(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return {};
    return m_rows[std::size_t(row)].snapshot;
}

LockTableModel::RowInfo LockTableModel::rowInfo(int row) const
{
    RowInfo info;
    info.nowMs = m_now;
    if (row < 0 || row >= int(m_rows.size()))
        return info;
    const Row &r = m_rows[std::size_t(row)];
    info.snapshot = r.snapshot;
    info.state = r.state;
    info.held = r.held;
    info.refreshes = r.refreshes;
    info.remainingMs = r.state == State::stuck ? -1 : remainingMs(r);
    info.leaseMs = r.leaseMs;
    info.ageMs = m_now - r.firstSeenMs;
    info.history = QList<TtlPoint>(r.history.begin(), r.history.end());
    return info;
}

LockTableModel::State LockTableModel::state(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return State::live;
    return m_rows[std::size_t(row)].state;
}

QList<QPointF> LockTableModel::ttlHistory(const QByteArray &key) const
{
    QList<QPointF> points;
    const int row = indexOfKey(key);
    if (row < 0)
        return points;
    const Row &r = m_rows[std::size_t(row)];
    points.reserve(qsizetype(r.history.size()));
    for (const TtlPoint &point : r.history)
        points.append(QPointF(double(point.atMs - r.firstSeenMs) / 1000.0, double(point.ttlMs)));
    return points;
}

bool LockTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    // Key and TTL, the columns one sorts 100,000 rows by, compare small arrays instead of the
    // rows: a comparison of two rows' keys costs a few cache misses, a sort millions of them.
    if (column == KeyColumn)
        return m_keyRank[std::size_t(leftRow)] < m_keyRank[std::size_t(rightRow)];
    if (column == TtlColumn) {
        refreshTtlOrder();
        return m_ttlOrder[std::size_t(leftRow)] < m_ttlOrder[std::size_t(rightRow)];
    }
    const Row &left = m_rows[std::size_t(leftRow)];
    const Row &right = m_rows[std::size_t(rightRow)];
    switch (column) {
    case FormatColumn:
        return formatName(left.snapshot.format) < formatName(right.snapshot.format);
    case TokenColumn:
        return left.snapshot.token() < right.snapshot.token();
    case MetadataColumn:
        return left.snapshot.metadata() < right.snapshot.metadata();
    case AgeColumn:
        // Older first-seen means larger age.
        return left.firstSeenMs > right.firstSeenMs;
    case RefreshesColumn:
        return left.refreshes < right.refreshes;
    case HeldColumn:
        return int(left.held) < int(right.held);
    default:
        return false;
    }
}

QString LockTableModel::keyText(int row) const
{
    return displayBytes(m_rows[std::size_t(row)].snapshot.key);
}

QString LockTableModel::metadataText(int row) const
{
    const LockSnapshot &snapshot = m_rows[std::size_t(row)].snapshot;
    QString text = displayBytes(snapshot.metadata());
    if (snapshot.truncated())
        text += u'…';
    return text;
}

bool LockTableModel::isHeld(int row) const
{
    return m_rows[std::size_t(row)].held;
}

redislock::LockFormat LockTableModel::format(int row) const
{
    return m_rows[std::size_t(row)].snapshot.format;
}

QString LockTableModel::formatTtl(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 60'000)
        return tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return tr("%1 m %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
    if (seconds < 86400)
        return tr("%1 h %2 m").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QChar(u'0'));
    return tr("%1 d %2 h").arg(seconds / 86400).arg(seconds / 3600 % 24, 2, 10, QChar(u'0'));
}

QString LockTableModel::formatAge(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(ms, 0) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    return formatTtl(seconds * 1000);
}

QString LockTableModel::formatName(redislock::LockFormat format)
{
    const std::string_view name = redislock::formatName(format);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

void LockTableModel::upsert(const QList<LockSnapshot> &locks)
{
    readClock();
    m_ttlOrderDirty = true;
    QList<int> ttlRows;     // TTL column only
    QList<int> refreshRows; // TTL through Refreshes
    QList<int> wholeRows;   // a new holder or a revived row
    QList<int> vanishedRows;
    bool queued = false;

    for (const LockSnapshot &lock : locks) {
        const int rowIndex = indexOfKey(lock.key);
        if (rowIndex < 0) {
            // Queued for the next flush; a later page's snapshot of the same key replaces it.
            const auto it = m_pendingIndex.constFind(lock.key);
            if (it != m_pendingIndex.constEnd()) {
                m_pending[it.value()] = {lock, m_now};
            } else if (!lock.gone()) {
                m_pendingIndex.insert(lock.key, m_pending.size());
                m_pending.push_back({lock, m_now});
            }
            queued = true;
            continue;
        }
        Row &row = m_rows[std::size_t(rowIndex)];
        const bool fading = row.state != State::live && row.state != State::stuck;
        if (lock.gone()) {
            if (!fading)
                vanishedRows.append(rowIndex);
            continue;
        }
        if (lock.value != row.snapshot.value || lock.format != row.snapshot.format ||
            lock.tokenLength != row.snapshot.tokenLength) {
            // A different value under the same key: a new holder (see the class comment).
            if (fading)
                m_fadingKeys.remove(lock.key);
            startRow(row, lock, m_now);
            wholeRows.append(rowIndex);
            continue;
        }
        row.snapshot = lock; // same value; the size or type may have been re-read
        if (fading) {
            // The same value is back (a re-sync found it after all): keep its history.
            m_fadingKeys.remove(lock.key);
            setState(row, lock.neverExpires() ? State::stuck : State::live);
            row.deadlineMs = m_now + std::max<qint64>(lock.ttlMs, 0);
            row.leaseMs = std::max(row.leaseMs, lock.ttlMs);
            wholeRows.append(rowIndex);
            continue;
        }
        noteChange(applySample(row, lock.ttlMs), rowIndex, ttlRows, refreshRows);
    }

    emitRowsChanged(ttlRows, TtlColumn, TtlColumn);
    emitRowsChanged(refreshRows, TtlColumn, RefreshesColumn);
    emitRowsChanged(wholeRows, KeyColumn, ColumnCount - 1);
    for (const int row : std::as_const(vanishedRows))
        beginFade(row, KeyRemoval::vanished);
    if (queued && !m_flushTimer.isActive())
        m_flushTimer.start();
    if (!wholeRows.isEmpty() || !vanishedRows.isEmpty())
        Q_EMIT countsChanged();
}

void LockTableModel::flush()
{
    while (!m_pending.empty())
        insertPending(m_pending.size());
}

void LockTableModel::insertPending(std::size_t maxRows)
{
    m_flushTimer.stop();
    const std::size_t begin = m_pendingOffset;
    const std::size_t end = std::min(m_pending.size(), begin + maxRows);
    std::vector<Pending> batch;
    batch.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
        m_pendingIndex.remove(m_pending[i].lock.key);
        // A key removed or found gone while it waited never shows up.
        if (!m_pending[i].lock.gone())
            batch.push_back(std::move(m_pending[i]));
    }
    if (end == m_pending.size()) {
        m_pending.clear();
        m_pendingOffset = 0;
    } else {
        m_pendingOffset = end;
        m_flushTimer.start();
    }
    if (batch.empty())
        return;
    readClock();
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    m_rows.reserve(m_rows.size() + batch.size());
    m_rowOfKey.reserve(m_rowOfKey.size() + qsizetype(batch.size()));
    for (const Pending &p : batch) {
        Row &row = m_rows.emplace_back();
        row.held = m_heldKeys.contains(p.lock.key);
        startRow(row, p.lock, p.receivedMs);
        m_rowOfKey.insert(p.lock.key, int(m_rows.size()) - 1);
    }
    insertIntoKeyOrder(first, int(batch.size()));
    m_ttlOrderDirty = true;
    endInsertRows();
    updateTimer();
    Q_EMIT countsChanged();
}

void LockTableModel::applyTtls(const QList<TtlSample> &samples)
{
    readClock();
    m_ttlOrderDirty = true;
    QList<int> ttlRows;
    QList<int> refreshRows;
    QList<int> vanishedRows;
    const int stuckBefore = m_stuckCount;
    for (const TtlSample &sample : samples) {
        const int rowIndex = indexOfKey(sample.key);
        if (rowIndex < 0) {
            const auto it = m_pendingIndex.constFind(sample.key);
            if (it != m_pendingIndex.constEnd()) {
                Pending &p = m_pending[it.value()];
                p.lock.ttlMs = sample.ttlMs;
                p.receivedMs = m_now;
            }
            continue;
        }
        Row &row = m_rows[std::size_t(rowIndex)];
        if (row.state != State::live && row.state != State::stuck)
            continue; // fading: the removal stands until a scan finds the key again
        if (sample.ttlMs == -2) {
            vanishedRows.append(rowIndex);
            continue;
        }
        noteChange(applySample(row, sample.ttlMs), rowIndex, ttlRows, refreshRows);
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
        const auto it = m_pendingIndex.constFind(key);
        if (it != m_pendingIndex.constEnd())
            m_pending[it.value()].lock.ttlMs = -2; // never shown: dropped at the flush
        return;
    }
    readClock();
    m_ttlOrderDirty = true;
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
    if (row < 0 || m_rows[std::size_t(row)].held == held)
        return;
    m_rows[std::size_t(row)].held = held;
    Q_EMIT dataChanged(index(row, HeldColumn), index(row, HeldColumn));
}

void LockTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfKey.clear();
    m_fadingKeys.clear();
    m_pending.clear();
    m_pendingOffset = 0;
    m_pendingIndex.clear();
    m_flushTimer.stop();
    m_heldKeys.clear();
    m_stuckCount = 0;
    m_keyOrder.clear();
    m_keyRank.clear();
    m_ttlOrder.clear();
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
    // One signal for every countdown: the TTL and Age columns of all rows.
    m_ticking = true;
    Q_EMIT dataChanged(index(0, TtlColumn), index(int(m_rows.size()) - 1, AgeColumn),
                       {Qt::DisplayRole, SortRole, TtlFractionRole});
    m_ticking = false;
    if (!m_fadingKeys.isEmpty())
        removeFaded();
    // A tick may take a tenth of the GUI thread at most (a view sorted by TTL re-checks the
    // order of every row on each tick): slower ticks for big tables, never slower than 1 s.
    if (m_baseTickMs > 0) {
        const qint64 wanted = cost.elapsed() * 10;
        m_timer.setInterval(int(std::clamp<qint64>(wanted, m_baseTickMs, maxTickMs)));
    }
}

qint64 LockTableModel::remainingMs(const Row &row) const
{
    return std::max<qint64>(row.deadlineMs - m_now, 0);
}

double LockTableModel::ttlFraction(const Row &row) const
{
    if (row.state == State::stuck)
        return -1.0;
    if (row.state != State::live || row.leaseMs <= 0)
        return 0.0;
    return std::clamp(double(remainingMs(row)) / double(row.leaseMs), 0.0, 1.0);
}

double LockTableModel::fade(const Row &row) const
{
    if (row.state == State::live || row.state == State::stuck)
        return 1.0;
    const double elapsed = double(m_now - row.fadeStartMs) / double(fadeDurationMs);
    return std::clamp(1.0 - elapsed, 0.0, 1.0);
}

QVariant LockTableModel::sortValue(const Row &row, int column) const
{
    switch (column) {
    case KeyColumn:
        return row.snapshot.key;
    case FormatColumn:
        return formatName(row.snapshot.format);
    case TokenColumn:
        return row.snapshot.token();
    case MetadataColumn:
        return row.snapshot.metadata();
    case TtlColumn:
        if (row.state == State::stuck)
            return std::numeric_limits<qint64>::max();
        if (row.state != State::live)
            return qint64(-1);
        return remainingMs(row);
    case AgeColumn:
        return m_now - row.firstSeenMs;
    case RefreshesColumn:
        return row.refreshes;
    case HeldColumn:
        return row.held;
    default:
        return {};
    }
}

QString LockTableModel::ttlText(const Row &row) const
{
    switch (row.state) {
    case State::live:
        return formatTtl(remainingMs(row));
    case State::stuck:
        return tr("∞ no expiry");
    case State::fadingExpired:
        return tr("expired");
    case State::fadingDeleted:
        return tr("deleted");
    case State::fadingVanished:
        return tr("gone");
    }
    return {};
}

void LockTableModel::startRow(Row &row, const LockSnapshot &lock, qint64 atMs)
{
    row.snapshot = lock;
    row.firstSeenMs = atMs;
    row.refreshes = 0;
    row.fadeStartMs = 0;
    row.history.clear();
    if (lock.neverExpires()) {
        setState(row, State::stuck);
        row.deadlineMs = atMs;
        row.leaseMs = 0;
    } else {
        setState(row, State::live);
        row.deadlineMs = atMs + std::max<qint64>(lock.ttlMs, 0);
        row.leaseMs = std::max<qint64>(lock.ttlMs, 0);
        recordHistory(row, lock.ttlMs, atMs);
    }
}

void LockTableModel::noteChange(SampleChange change, int row, QList<int> &ttlRows,
                                QList<int> &refreshRows)
{
    if (change == SampleChange::ttl)
        ttlRows.append(row);
    else if (change == SampleChange::refresh || change == SampleChange::state)
        refreshRows.append(row);
}

LockTableModel::SampleChange LockTableModel::applySample(Row &row, qint64 ttlMs)
{
    if (ttlMs == -1) {
        if (row.state == State::stuck)
            return SampleChange::none;
        setState(row, State::stuck); // its expiry was removed (PERSIST, or SET without PX)
        return SampleChange::state;
    }
    if (ttlMs < 0)
        return SampleChange::none;
    recordHistory(row, ttlMs, m_now);
    row.leaseMs = std::max(row.leaseMs, ttlMs);
    if (row.state == State::stuck) {
        setState(row, State::live);
        row.deadlineMs = m_now + ttlMs;
        return SampleChange::state;
    }
    const qint64 predicted = row.deadlineMs - m_now;
    const qint64 difference = ttlMs - predicted;
    if (difference > refreshToleranceMs) {
        ++row.refreshes;
        row.deadlineMs = m_now + ttlMs;
        return SampleChange::refresh;
    }
    if (std::abs(difference) <= jitterToleranceMs)
        return SampleChange::none;
    row.deadlineMs = m_now + ttlMs;
    return SampleChange::ttl;
}

void LockTableModel::recordHistory(Row &row, qint64 ttlMs, qint64 atMs)
{
    const TtlPoint point{atMs, ttlMs};
    // Does b continue a's countdown?
    const auto onLine = [](const TtlPoint &a, const TtlPoint &b) {
        return std::abs(a.ttlMs - (b.atMs - a.atMs) - b.ttlMs) <= refreshToleranceMs;
    };
    auto &history = row.history;
    const std::size_t size = history.size();
    if (size >= 2 && onLine(history[size - 2], history[size - 1]) &&
        onLine(history[size - 1], point)) {
        history.back() = point;
        return;
    }
    if (size >= std::size_t(historyCapacity))
        history.erase(history.begin());
    history.push_back(point);
}

void LockTableModel::setState(Row &row, State state)
{
    if (row.state == state)
        return;
    if (row.state == State::stuck)
        --m_stuckCount;
    if (state == State::stuck)
        ++m_stuckCount;
    row.state = state;
}

void LockTableModel::beginFade(int rowIndex, KeyRemoval reason)
{
    Row &row = m_rows[std::size_t(rowIndex)];
    const bool wasFading = row.state != State::live && row.state != State::stuck;
    State state = State::fadingVanished;
    if (reason == KeyRemoval::expired)
        state = State::fadingExpired;
    else if (reason == KeyRemoval::deleted)
        state = State::fadingDeleted;
    if (wasFading) {
        // A later, more precise reason (a notification after a re-sync) replaces "gone".
        if (row.state == State::fadingVanished && state != State::fadingVanished) {
            setState(row, state);
            Q_EMIT dataChanged(index(rowIndex, TtlColumn), index(rowIndex, TtlColumn));
        }
        return;
    }
    setState(row, state);
    row.fadeStartMs = m_now;
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
        if (m_now - m_rows[std::size_t(row)].fadeStartMs >= fadeDurationMs)
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
        const Row &r = m_rows[std::size_t(row)];
        m_fadingKeys.remove(r.snapshot.key);
        if (r.state == State::stuck)
            --m_stuckCount;
    }
    const std::size_t oldSize = m_rows.size();
    m_ttlOrderDirty = true;
    const QList<std::pair<int, int>> runs = runsOf(rows);
    if (runs.size() > maxRemovedRuns) {
        beginResetModel();
        std::vector<Row> kept;
        kept.reserve(m_rows.size() - std::size_t(rows.size()));
        qsizetype next = 0;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (next < rows.size() && rows[next] == int(i)) {
                m_rowOfKey.remove(m_rows[i].snapshot.key);
                ++next;
            } else {
                kept.push_back(std::move(m_rows[i]));
            }
        }
        m_rows = std::move(kept);
        reindexFrom(0);
        removeFromKeyOrder(rows, oldSize);
        endResetModel();
        return;
    }
    // From the bottom up, so that the rows of the runs still to go keep their numbers.
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        beginRemoveRows({}, run->first, run->second);
        for (int row = run->first; row <= run->second; ++row)
            m_rowOfKey.remove(m_rows[std::size_t(row)].snapshot.key);
        m_rows.erase(m_rows.begin() + run->first, m_rows.begin() + run->second + 1);
        endRemoveRows();
    }
    reindexFrom(runs.first().first);
    removeFromKeyOrder(rows, oldSize);
}

void LockTableModel::refreshTtlOrder() const
{
    if (!m_ttlOrderDirty)
        return;
    // Deadlines, not remaining times: the order of deadlines is the order of TTLs at any
    // moment, so the countdown never makes it stale.
    m_ttlOrder.resize(m_rows.size());
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows[i];
        if (row.state == State::stuck)
            m_ttlOrder[i] = std::numeric_limits<qint64>::max();
        else if (row.state == State::live)
            m_ttlOrder[i] = row.deadlineMs;
        else
            m_ttlOrder[i] = std::numeric_limits<qint64>::min();
    }
    m_ttlOrderDirty = false;
}

void LockTableModel::insertIntoKeyOrder(int first, int count)
{
    const auto keyLess = [this](int a, int b) {
        return m_rows[std::size_t(a)].snapshot.key < m_rows[std::size_t(b)].snapshot.key;
    };
    std::vector<int> fresh(static_cast<std::size_t>(count));
    std::iota(fresh.begin(), fresh.end(), first);
    std::sort(fresh.begin(), fresh.end(), keyLess);
    // Each new key's place by binary search: k log n key comparisons, not n.
    std::vector<int> merged;
    merged.reserve(m_keyOrder.size() + fresh.size());
    auto from = m_keyOrder.cbegin();
    for (const int row : fresh) {
        const auto to = std::upper_bound(from, m_keyOrder.cend(), row, keyLess);
        merged.insert(merged.end(), from, to);
        merged.push_back(row);
        from = to;
    }
    merged.insert(merged.end(), from, m_keyOrder.cend());
    m_keyOrder.swap(merged);
    rankKeys();
}

void LockTableModel::removeFromKeyOrder(const QList<int> &removedRows, std::size_t oldSize)
{
    // New row number of each old row: minus the removed rows before it.
    std::vector<int> renumbered(oldSize, -1);
    qsizetype removedBefore = 0;
    for (std::size_t row = 0; row < oldSize; ++row) {
        if (removedBefore < removedRows.size() && removedRows[removedBefore] == int(row))
            ++removedBefore;
        else
            renumbered[row] = int(row) - int(removedBefore);
    }
    std::vector<int> kept;
    kept.reserve(m_rows.size());
    for (const int row : m_keyOrder) {
        if (renumbered[std::size_t(row)] >= 0)
            kept.push_back(renumbered[std::size_t(row)]);
    }
    m_keyOrder.swap(kept);
    rankKeys();
}

void LockTableModel::rankKeys()
{
    m_keyRank.resize(m_keyOrder.size());
    for (std::size_t i = 0; i < m_keyOrder.size(); ++i)
        m_keyRank[std::size_t(m_keyOrder[i])] = int(i);
}

void LockTableModel::reindexFrom(int row)
{
    for (std::size_t i = std::size_t(row); i < m_rows.size(); ++i)
        m_rowOfKey[m_rows[i].snapshot.key] = int(i);
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
