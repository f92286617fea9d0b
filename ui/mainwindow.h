#pragma once

#include "connection/connectionprofile.h"
#include "connection/connectionstate.h"
#include "session/lockaction.h"
#include "session/locksnapshot.h"

#include <QDateTime>
#include <QMainWindow>

class ActivityWidget;
class BusiestLocksWidget;
class LockHistoryFeed;
class SnapshotExporter;
class AuditLog;
class BackoffLabWidget;
class ConnectionStore;
class HarnessWidget;
class InspectorSession;
class LocksWidget;
class MessageBanner;
class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QToolButton;
class ServerStatusWidget;

// The inspector's window: the Locks, Backoff lab, Contention harness and Activity tabs over one
// InspectorSession. It only wires widgets to the session; every Redis call happens on the
// session's threads.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // auditLogPath and settingsPath: empty for the defaults in the app data dir and the user's
    // QSettings (tests pass temporary files).
    explicit MainWindow(const QString &auditLogPath = {}, const QString &settingsPath = {},
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] InspectorSession *session() const { return session_; }
    [[nodiscard]] LocksWidget *locksWidget() const { return locks_; }
    [[nodiscard]] AuditLog *auditLog() const { return auditLog_; }
    [[nodiscard]] QTabWidget *tabs() const { return tabs_; }
    [[nodiscard]] HarnessWidget *harnessWidget() const { return harness_; }
    [[nodiscard]] BackoffLabWidget *backoffLab() const { return backoffLab_; }
    // Each lock's history as this window observed it, and the tab of the busiest locks.
    [[nodiscard]] LockHistoryFeed *history() const { return history_; }
    [[nodiscard]] BusiestLocksWidget *timelineTab() const { return timeline_; }
    [[nodiscard]] QAction *exportSnapshotAction() const { return exportSnapshotAction_; }
    [[nodiscard]] SnapshotExporter *snapshotExporter() const { return exporter_; }
    // Writes the table, each lock's timeline and the audit log to `path` (JSON) and the table
    // beside it (CSV), on a thread of its own; the outcome shows in the message banner.
    void exportSnapshot(const QString &path);
    // Where the outcome of the last action is shown in full.
    [[nodiscard]] MessageBanner *messageBanner() const { return messages_; }
    // "Connection lost at …: showing the last known state": visible while the table is stale.
    [[nodiscard]] MessageBanner *staleBanner() const { return staleBanner_; }
    // The write actions, for shortcuts, menus and tests.
    [[nodiscard]] QAction *obtainAction() const { return obtainAction_; }
    [[nodiscard]] QAction *refreshAction() const { return refreshAction_; }
    [[nodiscard]] QAction *releaseAction() const { return releaseAction_; }
    [[nodiscard]] QAction *forceReleaseAction() const { return forceReleaseAction_; }
    [[nodiscard]] QAction *deleteRegardlessAction() const { return deleteRegardlessAction_; }
    [[nodiscard]] QAction *setExpiryAction() const { return setExpiryAction_; }
    [[nodiscard]] QAction *auxKeysAction() const { return auxKeysAction_; }

    // --read-only: no write for any connection of this run.
    void setAppReadOnly(bool readOnly);
    // Connects to `profile`; a password in its URL is moved to profile.password first, so that
    // nothing shown carries it. While this app holds locks it asks first what to do with them.
    void openConnection(const ConnectionProfile &profile);
    // A first start with nothing to connect to: offer the sandbox, a connection or later.
    void offerConnection();
    // Closes without asking about held locks (SIGINT/SIGTERM: nobody is there to answer).
    void closeWithoutAsking();

public Q_SLOTS:
    void showError(const QString &message);

Q_SIGNALS:
    // The operator asked for the embedded sandbox; the app starts it and calls openConnection.
    void sandboxRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createStatusBar();
    void connectSession();
    void updateActions();
    void updateTitle();
    void showConnectDialog(const ConnectionProfile &profile = {}, const QString &reason = {});
    void openSavedConnection(const ConnectionProfile &profile);
    void importAppIni();
    [[nodiscard]] LockSnapshot currentLock() const;
    // The locks an action applies to: the visible selected rows, else the current one.
    [[nodiscard]] QList<LockSnapshot> chosenLocks() const;

    void obtainLock();
    void refreshLock();
    void releaseLock();
    void forceReleaseLock(bool regardless);
    // One confirmation listing every lock, then a compare-and-delete (or DEL) of each.
    void forceReleaseLocks(const QList<LockSnapshot> &locks, bool regardless);
    void setExpiry();
    // The auxiliary keys beside the locks and their orphans, in a dialog (reads only).
    void showAuxKeys();
    void onStateChanged(ConnectionState state, const QString &message);
    void onConnectionChanged(const ConnectionProfile &profile);
    void setStale(bool stale);
    void showOutcome(const ActionResult &result);
    void onActionFinished(const ActionResult &result);
    void onCurrentLockChanged(const LockSnapshot &lock);

    // Asks what to do with the locks this app holds before leaving them (quitting, connecting
    // elsewhere), listing them; releases them when asked and waits (briefly) for the outcomes,
    // which reach the audit log. False: the operator cancelled.
    bool askAboutHeldLocks(bool quitting);
    void restoreLayout();
    void saveLayout();
    // The command budget of TTL re-syncs: read from the settings file, asked for by a dialog.
    void restoreResyncBudget();
    void askResyncBudget();

    InspectorSession *session_ = nullptr;
    AuditLog *auditLog_ = nullptr;
    ConnectionStore *store_ = nullptr;
    QString settingsPath_;

    QTabWidget *tabs_ = nullptr;
    LocksWidget *locks_ = nullptr;
    BackoffLabWidget *backoffLab_ = nullptr;
    HarnessWidget *harness_ = nullptr;
    ActivityWidget *activity_ = nullptr;
    BusiestLocksWidget *timeline_ = nullptr;
    LockHistoryFeed *history_ = nullptr;
    SnapshotExporter *exporter_ = nullptr;

    ServerStatusWidget *serverStatus_ = nullptr;
    QProgressBar *scanProgress_ = nullptr;
    QToolButton *cancelScanButton_ = nullptr;

    QAction *connectAction_ = nullptr;
    QAction *importAction_ = nullptr;
    QAction *sandboxAction_ = nullptr;
    QAction *disconnectAction_ = nullptr;
    QAction *rescanAction_ = nullptr;
    QAction *resyncBudgetAction_ = nullptr;
    QAction *obtainAction_ = nullptr;
    QAction *refreshAction_ = nullptr;
    QAction *releaseAction_ = nullptr;
    QAction *forceReleaseAction_ = nullptr;
    QAction *deleteRegardlessAction_ = nullptr;
    QAction *setExpiryAction_ = nullptr;
    QAction *exportSnapshotAction_ = nullptr;
    QAction *auxKeysAction_ = nullptr;

    MessageBanner *messages_ = nullptr;
    MessageBanner *staleBanner_ = nullptr;
    QDateTime lostAt_;       // when the connection was lost; invalid while live
    bool resyncing_ = false; // reconnected, the first complete scan not done yet

    bool appReadOnly_ = false;
    bool askBeforeClosing_ = true;
    ConnectionProfile pendingProfile_; // waiting for its password from the keychain
    LockSnapshot current_;
};
