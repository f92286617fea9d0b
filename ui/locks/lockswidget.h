#pragma once

#include "session/locksnapshot.h"

#include <QWidget>

#include <utility>

class LockDetailWidget;
class LockFilterProxyModel;
class LockTableModel;
class QLabel;
class QLineEdit;
class QModelIndex;
class QSplitter;
class QTableView;
class QTimer;

// The locks view: a filter box (Ctrl+F), the sortable table of locks with its TTL bars, the
// detail pane of the current lock beside it, and a status line ("N locks · M shown · K stuck").
// It owns its model; the main window feeds the model from the session (model()->upsert(), ...)
// and answers currentLockChanged() with the command previews (setCommandPreviews()).
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

    // The current row's lock; a default LockSnapshot (empty key) when there is none.
    [[nodiscard]] LockSnapshot currentLock() const;
    [[nodiscard]] QList<LockSnapshot> selectedLocks() const;
    // Makes the key's row current (and visible); false when it is not listed or filtered out.
    bool selectKey(const QByteArray &key);

    // Column widths, order, sort column and the splitter, for QSettings.
    [[nodiscard]] QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // The status line's text.
    [[nodiscard]] QString statusText() const;

public Q_SLOTS:
    void setCommandPreviews(const QList<std::pair<QString, QString>> &labelAndCommand);
    void setFilterText(const QString &text);
    void focusFilter();

Q_SIGNALS:
    // The current lock changed, or its value did; an empty key when none is current.
    void currentLockChanged(const LockSnapshot &lock);
    // Double-click or Enter on a row.
    void activated(const LockSnapshot &lock);

private:
    void onCurrentRowChanged(const QModelIndex &current);
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void scheduleStatus();
    void updateStatus();
    [[nodiscard]] int currentSourceRow() const;

    LockTableModel *m_model = nullptr;
    LockFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QTableView *m_view = nullptr;
    LockDetailWidget *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTimer *m_filterTimer = nullptr;
    QTimer *m_statusTimer = nullptr;
    QByteArray m_currentKey;
    QByteArray m_currentValue;
};
