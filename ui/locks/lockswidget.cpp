#include "locks/lockswidget.h"

#include "locks/columnfitter.h"
#include "locks/lockdetailwidget.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/locktablemodel.h"
#include "locks/ttlbardelegate.h"

#include <QAction>
#include <QDataStream>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 stateMagicV1 = 0x4c4b5731; // "LKW1": header and splitter
constexpr quint32 stateMagic = 0x4c4b5732;   // "LKW2": and the locks-only toggle
constexpr int filterDelayMs = 150;
constexpr int statusDelayMs = 100;

// The locks table. A listing appends rows in batches, and a sorted view keeps new rows at the
// end until its next re-sort: once the viewport is full they land below the last visible row,
// and change nothing there but the scroll bar. Qt still lays the items out again after every
// batch and repaints the whole viewport, every cell of every visible row (at 100,000 locks most
// of what the GUI thread painted while listing). Here a layout that follows only such appends
// updates the scroll bars and leaves the viewport alone; anything else (rows inserted where
// they show, removed, moved, re-sorted, a reset, new columns, a viewport that changed size or
// scrolled) still repaints it whole.
class LocksTableView : public QTableView
{
public:
    using QTableView::QTableView;

    void setModel(QAbstractItemModel *model) override
    {
        for (const QMetaObject::Connection &connection : std::as_const(m_connections))
            disconnect(connection);
        m_connections.clear();
        m_layout = Layout::full;
        QTableView::setModel(model);
        if (!model)
            return;
        const auto full = [this] {
            m_layout = Layout::full;
        };
        m_connections = {
            connect(model, &QAbstractItemModel::rowsRemoved, this, full),
            connect(model, &QAbstractItemModel::rowsMoved, this, full),
            connect(model, &QAbstractItemModel::columnsInserted, this, full),
            connect(model, &QAbstractItemModel::columnsRemoved, this, full),
            connect(model, &QAbstractItemModel::columnsMoved, this, full),
            connect(model, &QAbstractItemModel::layoutChanged, this, full),
            connect(model, &QAbstractItemModel::modelReset, this, full),
        };
    }

    void doItemsLayout() override
    {
        const bool appendsOnly = m_layout == Layout::appendsBelow;
        m_layout = Layout::none;
        if (!appendsOnly) {
            QTableView::doItemsLayout();
            return;
        }
        // What the base class does (updateGeometries() and a whole-viewport update), without the
        // update unless the geometry moved what the viewport shows.
        const QSize size = viewport()->size();
        const int top = verticalScrollBar()->value();
        const int left = horizontalScrollBar()->value();
        updateGeometries();
        if (viewport()->size() != size || verticalScrollBar()->value() != top ||
            horizontalScrollBar()->value() != left)
            viewport()->update();
    }

protected:
    // QAbstractItemView repaints nothing for changed cells while an item layout is pending,
    // counting on that layout's repaint of the whole viewport, which a layout after appends out
    // of sight no longer makes: then the cells of the range that show are repainted here. (Any
    // other pending layout repaints the whole viewport; with none, the base class repaints.)
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles) override
    {
        QTableView::dataChanged(topLeft, bottomRight, roles);
        if (m_layout == Layout::appendsBelow && isVisible() && topLeft.isValid() &&
            !topLeft.parent().isValid())
            viewport()->update(shownArea(topLeft.row(), bottomRight.row(), topLeft.column(),
                                         bottomRight.column()));
    }

    void rowsInserted(const QModelIndex &parent, int start, int end) override
    {
        QTableView::rowsInserted(parent, start, end);
        // The last row the viewport shows, even in part (-1: the rows end above its bottom, so
        // new rows show up in the free space). Rows after it are out of sight.
        const int lastShown = rowAt(viewport()->height() - 1);
        // Hidden, the view lays nothing out until it shows again: no layout to spare.
        const bool below = isVisible() && !parent.isValid() && lastShown >= 0 && start > lastShown;
        if (!below)
            m_layout = Layout::full;
        else if (m_layout == Layout::none)
            m_layout = Layout::appendsBelow;
    }

private:
    // The viewport's part that shows these cells.
    [[nodiscard]] QRegion shownArea(int firstRow, int lastRow, int firstColumn,
                                    int lastColumn) const
    {
        const int height = viewport()->height();
        const int firstShown = rowAt(0);
        int lastShown = rowAt(height - 1);
        if (lastShown < 0)
            lastShown = model()->rowCount() - 1;
        firstRow = std::max(firstRow, firstShown);
        lastRow = std::min(lastRow, lastShown);
        if (firstShown < 0 || firstRow > lastRow)
            return {};
        const int top = rowViewportPosition(firstRow);
        const int bottom = rowViewportPosition(lastRow) + rowHeight(lastRow);
        QRegion area;
        for (int column = firstColumn; column <= lastColumn; ++column) {
            if (!isColumnHidden(column))
                area +=
                    QRect(columnViewportPosition(column), top, columnWidth(column), bottom - top);
        }
        return area;
    }

    // What the next item layout is for: nothing seen since the last one (a layout asked for
    // another reason: the full repaint), only rows appended out of sight, or anything else.
    enum class Layout
    {
        none,
        appendsBelow,
        full
    };
    Layout m_layout = Layout::full;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace

LocksWidget::LocksWidget(QWidget *parent) : QWidget(parent)
{
    m_model = new LockTableModel(this);
    m_proxy = new LockFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setPlaceholderText(
        tr("Filter by key or metadata (Ctrl+F) · format:raw · is:stuck · is:held · is:lock"));
    m_filterEdit->setClearButtonEnabled(true);
    m_locksOnlyButton = new QToolButton(this);
    m_locksOnlyButton->setObjectName(QStringLiteral("locksOnlyButton"));
    m_locksOnlyButton->setText(tr("Locks only"));
    m_locksOnlyButton->setCheckable(true);
    m_locksOnlyButton->setToolTip(
        tr("Hide keys whose value is not in a lock format (counters, configuration values)"));
    connect(m_locksOnlyButton, &QToolButton::toggled, m_proxy, &LockFilterProxyModel::setLocksOnly);
    auto *findAction = new QAction(tr("Find"), this);
    findAction->setShortcut(QKeySequence::Find);
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findAction, &QAction::triggered, this, &LocksWidget::focusFilter);
    addAction(findAction);

    m_view = new LocksTableView(this);
    m_view->setObjectName(QStringLiteral("locksView"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new TtlBarDelegate(m_view));
    m_view->setSortingEnabled(true);
    // The countdown repaints, between its once-a-second whole tick, only what can be seen.
    m_model->setVisibleRows([this] { return visibleSourceRows(); });
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Uniform, fixed row heights: the header never measures 100,000 rows.
    QHeaderView *rows = m_view->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true); // no dead band right of the last column
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Widths from what the columns show, so that no font or style cuts the TTL or the header.
    const QFontMetrics metrics = m_view->fontMetrics();
    const QFontMetrics headerMetrics = columns->fontMetrics();
    QFont bold = m_view->font();
    bold.setBold(true);
    const auto chars = [&metrics](int n) {
        return metrics.averageCharWidth() * n;
    };
    const auto header = [&headerMetrics, this](int column) {
        return headerMetrics.horizontalAdvance(
                   m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()) +
               28; // margins and the sort indicator
    };
    // Key and metadata are elided (the detail pane shows them whole): narrow enough that every
    // column, Held the last, is in view in the default 1200x760 window.
    m_view->setColumnWidth(LockTableModel::KeyColumn, chars(24));
    m_view->setColumnWidth(LockTableModel::FormatColumn,
                           metrics.horizontalAdvance(u"custom-token"_s) + 12);
    m_view->setColumnWidth(LockTableModel::TokenColumn, chars(14));
    m_view->setColumnWidth(LockTableModel::MetadataColumn, chars(22));
    m_view->setColumnWidth(LockTableModel::TtlColumn,
                           QFontMetrics(bold).horizontalAdvance(tr("∞ no expiry")) + 28);
    m_view->setColumnWidth(LockTableModel::AgeColumn,
                           std::max(metrics.horizontalAdvance(u"59 m 59 s"_s) + 12,
                                    header(LockTableModel::AgeColumn)));
    m_view->setColumnWidth(LockTableModel::RefreshesColumn,
                           header(LockTableModel::RefreshesColumn));
    m_view->setColumnWidth(
        LockTableModel::HeldColumn,
        std::max(metrics.horizontalAdvance(tr("held")) + 12, header(LockTableModel::HeldColumn)));
    m_view->setColumnWidth(LockTableModel::NodeColumn,
                           std::max(metrics.horizontalAdvance(u"127.0.0.1:00000"_s) + 12,
                                    header(LockTableModel::NodeColumn)));
    m_view->setColumnWidth(
        LockTableModel::SlotColumn,
        std::max(metrics.horizontalAdvance(u"00000"_s) + 12, header(LockTableModel::SlotColumn)));
    // Where a lock lives reads best next to its key; the model keeps them last so that the
    // columns every deployment has keep their numbers.
    columns->moveSection(columns->visualIndex(LockTableModel::NodeColumn), 1);
    columns->moveSection(columns->visualIndex(LockTableModel::SlotColumn), 2);
    setClusterColumnsVisible(false);
    // The TTL stays in view in a small window (a cluster's Node and Slot take room): the
    // metadata gives way, then the token, then the key, which names the row and goes last (the
    // detail pane shows all three whole).
    m_columnFitter = new ColumnFitter(m_view, LockTableModel::TtlColumn,
                                      {{LockTableModel::MetadataColumn, chars(10)},
                                       {LockTableModel::TokenColumn, chars(8)},
                                       {LockTableModel::KeyColumn, chars(12)}});
    m_view->sortByColumn(LockTableModel::KeyColumn, Qt::AscendingOrder);

    m_detail = new LockDetailWidget(this);
    m_detail->setObjectName(QStringLiteral("lockDetail"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("locksSplitter"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 5);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *filterRow = new QHBoxLayout;
    filterRow->setSpacing(4);
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_locksOnlyButton);
    layout->addLayout(filterRow);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_statusLabel);

    // Typing is not re-filtering 100,000 rows per key stroke.
    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(filterDelayMs);
    connect(m_filterTimer, &QTimer::timeout, this,
            [this] { m_proxy->setFilterText(m_filterEdit->text().trimmed()); });
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));

    m_statusTimer = new QTimer(this);
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(statusDelayMs);
    connect(m_statusTimer, &QTimer::timeout, this, &LocksWidget::updateStatus);
    connect(m_model, &LockTableModel::countsChanged, this, &LocksWidget::scheduleStatus);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &LocksWidget::scheduleStatus);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LocksWidget::scheduleStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LocksWidget::scheduleStatus);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LocksWidget::scheduleStatus);

    // The selection decides what actions act on; the focused row does not.
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LocksWidget::updateSelection);
    // Rows the filter hides leave the selection with these.
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LocksWidget::updateSelection);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LocksWidget::updateSelection);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LocksWidget::updateSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &LocksWidget::onSourceDataChanged);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const int row = m_proxy->mapToSource(index).row();
        if (row >= 0)
            Q_EMIT activated(m_model->snapshot(row));
    });
    m_view->viewport()->installEventFilter(this);
    updatePlaceholder();
    updateStatus();
}

LocksWidget::~LocksWidget() = default;

LockSnapshot LocksWidget::currentLock() const
{
    const QList<int> rows = selectedSourceRows();
    return rows.size() == 1 ? m_model->snapshot(rows.first()) : LockSnapshot{};
}

QList<LockSnapshot> LocksWidget::selectedLocks() const
{
    QList<LockSnapshot> locks;
    const QList<int> rows = selectedSourceRows();
    locks.reserve(rows.size());
    for (const int row : rows)
        locks.append(m_model->snapshot(row));
    return locks;
}

QList<int> LocksWidget::selectedSourceRows() const
{
    QModelIndexList indexes = m_view->selectionModel()->selectedRows();
    std::sort(indexes.begin(), indexes.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<int> rows;
    rows.reserve(indexes.size());
    for (const QModelIndex &index : std::as_const(indexes)) {
        const int row = m_proxy->mapToSource(index).row();
        if (row >= 0 && !m_model->isFading(row))
            rows.append(row);
    }
    return rows;
}

bool LocksWidget::selectKey(const QByteArray &key)
{
    const int row = m_model->indexOfKey(key);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void LocksWidget::setConnected(bool connected)
{
    m_connected = connected;
    updatePlaceholder();
}

void LocksWidget::setLocksOnly(bool locksOnly)
{
    m_locksOnlyButton->setChecked(locksOnly);
}

bool LocksWidget::locksOnly() const
{
    return m_locksOnlyButton->isChecked();
}

bool LocksWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport()) {
        // Rows stay where they are from a press to its release (a click, a drag to select).
        if (event->type() == QEvent::MouseButtonPress ||
            event->type() == QEvent::MouseButtonDblClick)
            m_proxy->holdResorts(true);
        else if (event->type() == QEvent::MouseButtonRelease)
            QTimer::singleShot(0, m_proxy, [proxy = m_proxy] { proxy->holdResorts(false); });
    }
    return QWidget::eventFilter(watched, event);
}

QByteArray LocksWidget::saveState() const
{
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    // The elastic columns' widths last, so that a layout saved in a small window (where they
    // gave way to the TTL) comes back whole in a large one.
    stream << stateMagic << m_view->horizontalHeader()->saveState() << m_splitter->saveState()
           << locksOnly() << m_columnFitter->preferredWidths();
    return state;
}

bool LocksWidget::restoreState(const QByteArray &state)
{
    QDataStream stream(state);
    quint32 magic = 0;
    QByteArray header;
    QByteArray splitter;
    bool onlyLocks = false;
    QList<int> preferredWidths; // absent from layouts saved before the TTL was kept in view
    stream >> magic >> header >> splitter;
    if (magic == stateMagic)
        stream >> onlyLocks;
    if (stream.status() != QDataStream::Ok || (magic != stateMagic && magic != stateMagicV1))
        return false;
    if (!stream.atEnd())
        stream >> preferredWidths;
    setLocksOnly(onlyLocks);
    const bool headerOk = m_view->horizontalHeader()->restoreState(header);
    const bool splitterOk = m_splitter->restoreState(splitter);
    m_columnFitter->restorePreferredWidths(preferredWidths);
    // A saved layout says nothing about the deployment this window is connected to.
    setClusterColumnsVisible(m_clusterColumns);
    return headerOk && splitterOk;
}

void LocksWidget::setClusterColumnsVisible(bool visible)
{
    m_clusterColumns = visible;
    m_view->setColumnHidden(LockTableModel::NodeColumn, !visible);
    m_view->setColumnHidden(LockTableModel::SlotColumn, !visible);
    if (m_columnFitter)
        m_columnFitter->fit();
}

QString LocksWidget::statusText() const
{
    return m_statusLabel->text();
}

void LocksWidget::setCommandPreviews(const QList<std::pair<QString, QString>> &labelAndCommand)
{
    m_detail->setCommandPreviews(labelAndCommand);
}

void LocksWidget::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
    m_filterTimer->stop();
    m_proxy->setFilterText(text.trimmed());
}

void LocksWidget::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void LocksWidget::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                      const QList<int> &roles)
{
    if (roles.contains(LockTableModel::CountdownRole) || roles.contains(LockTableModel::FadeRole)) {
        // The countdown: only the figures of the lock in the detail pane move.
        const int row = m_currentKey.isNull() ? -1 : m_model->indexOfKey(m_currentKey);
        if (row >= topLeft.row() && row <= bottomRight.row())
            m_detail->setLock(m_model->rowInfo(row));
        return;
    }
    // A new value, a fade-out, a refresh: the selection may hold a row that is on its way out
    // or that has a new holder. A re-sync signals hundreds of ranges; with nothing selected
    // there is nothing to check.
    if (m_selection.isEmpty() && !m_view->selectionModel()->hasSelection())
        return;
    // Only a change to a selected row or the current one can change what the selection holds.
    // A re-sync of a million rows signals thousands of ranges, and going over the selection and
    // the detail pane for each was a seventh of an idle GUI thread at a million rows; a large
    // selection is still checked whole.
    constexpr qsizetype checkedOneByOne = 64;
    if (!m_selection.isEmpty() && m_selection.size() <= checkedOneByOne) {
        const auto inRange = [&](int row) {
            return row >= topLeft.row() && row <= bottomRight.row();
        };
        const QModelIndex current = m_view->currentIndex();
        bool touched = current.isValid() && inRange(m_proxy->mapToSource(current).row());
        for (qsizetype i = 0; !touched && i < m_selection.size(); ++i)
            touched = inRange(m_model->indexOfKey(m_selection[i].first));
        if (!touched)
            return;
    }
    updateSelection();
}

QList<int> LocksWidget::visibleSourceRows() const
{
    QList<int> rows;
    if (!m_view->isVisible())
        return rows; // another tab, or minimised: nothing is painted
    const int rowCount = m_proxy->rowCount();
    const int top = m_view->rowAt(0);
    if (top < 0)
        return rows;
    int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
    if (bottom < 0)
        bottom = rowCount - 1;
    rows.reserve(bottom - top + 1);
    for (int row = top; row <= bottom; ++row)
        rows.append(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
    return rows;
}

void LocksWidget::updateSelection()
{
    if (m_updatingSelection)
        return;
    QItemSelectionModel *selection = m_view->selectionModel();
    // A row on its way out leaves the selection, and the focus with it, so that neither the
    // detail pane nor an action moves on to its neighbour when it is removed.
    QItemSelection fading;
    const QModelIndexList selectedRows = selection->selectedRows();
    for (const QModelIndex &index : selectedRows) {
        const int row = m_proxy->mapToSource(index).row();
        if (row >= 0 && m_model->isFading(row))
            fading.select(index, index.siblingAtColumn(LockTableModel::ColumnCount - 1));
    }
    const QModelIndex current = m_view->currentIndex();
    const int currentRow = current.isValid() ? m_proxy->mapToSource(current).row() : -1;
    const bool currentFading = currentRow >= 0 && m_model->isFading(currentRow);
    if (!fading.isEmpty() || currentFading) {
        m_updatingSelection = true;
        if (!fading.isEmpty())
            selection->select(fading, QItemSelectionModel::Deselect);
        if (currentFading)
            selection->setCurrentIndex(QModelIndex(), QItemSelectionModel::NoUpdate);
        m_updatingSelection = false;
    }

    const QList<int> rows = selectedSourceRows();
    QList<std::pair<QByteArray, QByteArray>> now;
    now.reserve(rows.size());
    for (const int row : rows) {
        const LockSnapshot &lock = m_model->snapshotRef(row);
        now.append({lock.key, lock.value});
    }
    if (now != m_selection) {
        m_selection = now;
        Q_EMIT selectedLocksChanged(selectedLocks());
    }
    showDetail();
}

void LocksWidget::showDetail()
{
    const bool one = m_selection.size() == 1;
    const QByteArray key = one ? m_selection.first().first : QByteArray();
    const QByteArray value = one ? m_selection.first().second : QByteArray();
    const int row = one ? m_model->indexOfKey(key) : -1;
    if (row < 0) {
        const bool had = !m_currentKey.isNull();
        m_currentKey = {};
        m_currentValue = {};
        m_detail->clearLock();
        updatePlaceholder();
        if (had)
            Q_EMIT currentLockChanged(LockSnapshot{});
        return;
    }
    const bool changed = key != m_currentKey || value != m_currentValue || m_currentKey.isNull();
    m_currentKey = key;
    m_currentValue = value;
    m_detail->setLock(m_model->rowInfo(row));
    if (changed)
        Q_EMIT currentLockChanged(m_model->snapshot(row));
}

void LocksWidget::updatePlaceholder()
{
    QString text;
    if (!m_connected)
        text = tr("Not connected — use Connection → Connect… (Ctrl+O) or start the sandbox.");
    else if (m_selection.size() > 1)
        text = tr("%n locks selected.", nullptr, int(m_selection.size()));
    else
        text = tr("Select a lock to see its value, metadata, TTL history and the commands its "
                  "actions run.");
    m_detail->setPlaceholderText(text);
}

void LocksWidget::scheduleStatus()
{
    if (!m_statusTimer->isActive())
        m_statusTimer->start();
}

void LocksWidget::updateStatus()
{
    const QLocale locale;
    const int total = m_model->rowCount();
    const QString locks = total == 1 ? tr("1 lock") : tr("%1 locks").arg(locale.toString(total));
    m_statusLabel->setText(tr("%1 · %2 shown · %3 stuck")
                               .arg(locks, locale.toString(m_proxy->rowCount()),
                                    locale.toString(m_model->stuckCount())));
}
