#pragma once

#include "session/locksnapshot.h"

#include <QWidget>

#include <utility>

class ColumnFitter;
class LockDetailWidget;
class LockFilterProxyModel;
class LockTableModel;
class QLabel;
class QLineEdit;
class QModelIndex;
class QSplitter;
class QTableView;
class QTimer;
class QToolButton;

// The locks view: a filter box (Ctrl+F) with a "locks only" toggle, the sortable table of locks
// with its TTL bars, the detail pane of the selected lock beside it, and a status line ("N keys
// · M shown · K stuck"). It owns its model; the main window feeds the model from the session
// (model()->upsert(), ...) and answers currentLockChanged() with the command previews
// (setCommandPreviews()).
//
// Actions act on the selection, never on the focused row: selectedLocks() is what is selected
// and visible and not on its way out. A row that starts fading out (deleted, expired) leaves the
// selection, and so does a row the filter hides, so nothing moves on to a neighbour. While a
// mouse button is held over the table, re-sorts wait, so the row under the pointer at the press
// is the row under it at the release.
class LocksWidget : public QWidget
{
    Q_OBJECT

public:
    explicit LocksWidget(QWidget *parent = nullptr);
    ~LocksWidget() override;

    [[nodiscard]] LockTableModel *model() const { return m_model; }
    [[nodiscard]] LockFilterProxyModel *proxy() const { return m_proxy; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] LockDetailWidget *detail() const { return m_detail; }
    [[nodiscard]] QLineEdit *filterEdit() const { return m_filterEdit; }
    [[nodiscard]] QSplitter *splitter() const { return m_splitter; }

    // The one selected lock, as shown; a default LockSnapshot (empty key) unless exactly one
    // is selected.
    [[nodiscard]] LockSnapshot currentLock() const;
    // The selected rows that are visible and not fading out, as shown, in table order.
    [[nodiscard]] QList<LockSnapshot> selectedLocks() const;
    // Selects the key's row alone (and scrolls to it); false when it is not listed or filtered
    // out.
    bool selectKey(const QByteArray &key);
    // Whether a session is open: the empty detail pane says how to connect when it is not.
    void setConnected(bool connected);
    [[nodiscard]] bool isConnected() const { return m_connected; }
    // The Node and Slot columns: shown on a cluster, where a lock's master and hash slot mean
    // something; hidden otherwise (the default).
    void setClusterColumnsVisible(bool visible);
    [[nodiscard]] bool clusterColumnsVisible() const { return m_clusterColumns; }
    // Hides keys whose value is not in a lock format (the toggle beside the filter).
    void setLocksOnly(bool locksOnly);
    [[nodiscard]] bool locksOnly() const;

    // Column widths, order, sort column, the splitter and the locks-only toggle, for QSettings.
    [[nodiscard]] QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // The status line's text.
    [[nodiscard]] QString statusText() const;

public Q_SLOTS:
    void setCommandPreviews(const QList<std::pair<QString, QString>> &labelAndCommand);
    void setFilterText(const QString &text);
    void focusFilter();

Q_SIGNALS:
    // The one selected lock changed, or its value did; an empty key when not exactly one is.
    void currentLockChanged(const LockSnapshot &lock);
    // selectedLocks() changed: other rows, or a new value in one of them.
    void selectedLocksChanged(const QList<LockSnapshot> &locks);
    // Double-click or Enter on a row.
    void activated(const LockSnapshot &lock);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                             const QList<int> &roles);
    // Drops fading rows from the selection, then signals and shows what changed.
    // The source rows the view shows now (none while it is hidden).
    [[nodiscard]] QList<int> visibleSourceRows() const;
    void updateSelection();
    void showDetail();
    void updatePlaceholder();
    void scheduleStatus();
    void updateStatus();
    // Source rows of the visible, selected rows that are not fading.
    [[nodiscard]] QList<int> selectedSourceRows() const;

    LockTableModel *m_model = nullptr;
    LockFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QToolButton *m_locksOnlyButton = nullptr;
    QTableView *m_view = nullptr;
    ColumnFitter *m_columnFitter = nullptr;
    LockDetailWidget *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTimer *m_filterTimer = nullptr;
    QTimer *m_statusTimer = nullptr;
    // What was last signalled: (key, value) of the selected locks, and the one shown in detail.
    QList<std::pair<QByteArray, QByteArray>> m_selection;
    QByteArray m_currentKey;
    QByteArray m_currentValue;
    bool m_connected = false;
    bool m_clusterColumns = false;
    bool m_updatingSelection = false;
};
