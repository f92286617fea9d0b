#include "mainwindow.h"

#include "actions/activitywidget.h"
#include "actions/auditlog.h"
#include "actions/forcereleasedialog.h"
#include "actions/obtaindialog.h"
#include "backoff/backofflabwidget.h"
#include "common/bytetext.h"
#include "common/elidingstatusbar.h"
#include "common/messagebanner.h"
#include "connection/connectiondialog.h"
#include "connection/connectionstore.h"
#include "connection/connectionurl.h"
#include "connection/recentconnectionsmenu.h"
#include "connection/serverstatuswidget.h"
#include "harness/harnessrunner.h"
#include "harness/harnesswidget.h"
#include "helpdialogs.h"
#include "locks/auxkeysdialog.h"
#include "locks/busiestlockswidget.h"
#include "locks/lockdetailwidget.h"
#include "locks/lockhistoryfeed.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "locks/snapshotexport.h"
#include "session/inspectorsession.h"
#include "session/writegate.h"

#include <redislock/connectionoptions.h>
#include <redislock/duration.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QGraphicsOpacityEffect>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

std::unique_ptr<QSettings> openSettings(const QString &path)
{
    if (path.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(path, QSettings::IniFormat);
}

// Keys of a confirmation, one a line, at most `shown` of them.
QString keyList(const QList<QByteArray> &keys, qsizetype shown = 20)
{
    QStringList lines;
    for (qsizetype i = 0; i < keys.size() && i < shown; ++i)
        lines.append(QStringLiteral("• ") + displayBytes(keys[i]));
    if (keys.size() > shown)
        lines.append(QCoreApplication::translate("MainWindow", "… and %n more", nullptr,
                                                 int(keys.size() - shown)));
    return lines.join(u'\n');
}

MessageBanner::Severity severityOf(ActionResult::Outcome outcome)
{
    using Outcome = ActionResult::Outcome;
    switch (outcome) {
    case Outcome::done:
        return MessageBanner::Severity::positive;
    case Outcome::started:
    case Outcome::cancelled:
        return MessageBanner::Severity::information;
    case Outcome::notObtained:
    case Outcome::notHeld:
    case Outcome::refused:
        return MessageBanner::Severity::warning;
    case Outcome::changedHands:
    case Outcome::failed:
        return MessageBanner::Severity::error;
    }
    return MessageBanner::Severity::information;
}

} // namespace

MainWindow::MainWindow(const QString &auditLogPath, const QString &settingsPath, QWidget *parent)
    : QMainWindow(parent), settingsPath_(settingsPath)
{
    setObjectName(QStringLiteral("MainWindow"));
    session_ = new InspectorSession(this);
    auditLog_ = auditLogPath.isEmpty() ? new AuditLog(this)
                                       : new AuditLog(auditLogPath, AuditLog::defaultKept, this);
    store_ = settingsPath.isEmpty() ? new ConnectionStore(this)
                                    : new ConnectionStore(settingsPath, this);

    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    locks_ = new LocksWidget(tabs_);
    backoffLab_ = new BackoffLabWidget(tabs_);
    harness_ = new HarnessWidget(tabs_);
    activity_ = new ActivityWidget(auditLog_, tabs_);
    history_ = new LockHistoryFeed(this);
    timeline_ = new BusiestLocksWidget(tabs_);
    timeline_->setFeed(history_);
    locks_->model()->setHistory(history_);
    locks_->detail()->setHistory(history_);
    exporter_ = new SnapshotExporter(this);
    // The tabs' mnemonics share Alt with the menu bar (C, L, V, H) and the open tab's fields:
    // each letter means one thing (tst_accelerators checks it in every language).
    tabs_->addTab(locks_, tr("L&ocks"));
    tabs_->addTab(timeline_, tr("B&usiest locks"));
    tabs_->addTab(backoffLab_, tr("&Backoff lab"));
    tabs_->addTab(harness_, tr("Co&ntention harness"));
    tabs_->addTab(activity_, tr("&Activity"));
    // Above the tabs, where the operator looks: the outcome of the last action in full, and
    // while the connection is down, that the table shows the last known state.
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    staleBanner_ = new MessageBanner(central);
    staleBanner_->setObjectName(QStringLiteral("staleBanner"));
    staleBanner_->setClosable(false);
    messages_ = new MessageBanner(central);
    messages_->setObjectName(QStringLiteral("messageBanner"));
    layout->addWidget(staleBanner_);
    layout->addWidget(messages_);
    layout->addWidget(tabs_, 1);
    setCentralWidget(central);
    harness_->runner()->setWriteGate(session_->writeGate());
    connect(harness_->runner(), &HarnessRunner::audited, this, [this](const ActionResult &entry) {
        auditLog_->append(entry);
        showOutcome(entry);
    });
    // Below this the tabs' forms scroll and the tables squeeze past usefulness.
    setMinimumSize(800, 520);

    createActions();
    createMenus();
    createStatusBar();
    connectSession();
    restoreLayout();
    restoreResyncBudget();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow()
{
    // The session is a child, destroyed after this window's members: what it signals while it
    // winds down (held locks let go, state) must not reach a half-destroyed window.
    session_->disconnect(this);
    delete session_;
}

void MainWindow::createActions()
{
    exportSnapshotAction_ = new QAction(tr("&Export snapshot…"), this);
    exportSnapshotAction_->setToolTip(
        tr("Save the table, each lock's timeline and the audit log for a post-mortem (JSON, "
           "and the table as CSV)"));
    connect(exportSnapshotAction_, &QAction::triggered, this, [this] {
        const QString stamp =
            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export snapshot"), QStringLiteral("lockscope-snapshot-%1.json").arg(stamp),
            tr("JSON (*.json)"));
        if (!path.isEmpty())
            exportSnapshot(path);
    });

    connectAction_ = new QAction(tr("&Connect…"), this);
    connectAction_->setShortcut(QKeySequence::Open);
    connectAction_->setToolTip(tr("Connect to a Redis server by URL"));
    connect(connectAction_, &QAction::triggered, this, [this] { showConnectDialog(); });

    importAction_ = new QAction(tr("&Import Cosy app.ini…"), this);
    connect(importAction_, &QAction::triggered, this, &MainWindow::importAppIni);

    sandboxAction_ = new QAction(tr("Start the &sandbox"), this);
    sandboxAction_->setToolTip(
        tr("A private redis-server with simulated services holding locks, for trying things"));
    connect(sandboxAction_, &QAction::triggered, this, &MainWindow::sandboxRequested);

    disconnectAction_ = new QAction(tr("&Disconnect"), this);
    connect(disconnectAction_, &QAction::triggered, this, [this] {
        if (!askAboutHeldLocks(/*quitting=*/false))
            return;
        session_->close();
        setStale(false);
        locks_->model()->clear();
        updateActions();
        updateTitle();
    });

    rescanAction_ = new QAction(tr("Re&scan"), this);
    rescanAction_->setShortcut(QKeySequence::Refresh);
    rescanAction_->setToolTip(tr("Scan the keys under the pattern again (SCAN, in pages)"));
    connect(rescanAction_, &QAction::triggered, session_, &InspectorSession::rescan);

    obtainAction_ = new QAction(tr("&Obtain…"), this);
    obtainAction_->setShortcut(QKeySequence::New);
    obtainAction_->setToolTip(tr("Obtain a lock as this app"));
    connect(obtainAction_, &QAction::triggered, this, &MainWindow::obtainLock);

    refreshAction_ = new QAction(tr("&Refresh"), this);
    refreshAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    refreshAction_->setToolTip(tr("Extend a lock this app holds to the ttl it was obtained with"));
    connect(refreshAction_, &QAction::triggered, this, &MainWindow::refreshLock);

    releaseAction_ = new QAction(tr("Re&lease"), this);
    releaseAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    releaseAction_->setToolTip(tr("Release a lock this app holds"));
    connect(releaseAction_, &QAction::triggered, this, &MainWindow::releaseLock);

    forceReleaseAction_ = new QAction(tr("&Force release…"), this);
    forceReleaseAction_->setShortcut(QKeySequence::Delete);
    forceReleaseAction_->setToolTip(
        tr("Delete the selected lock if it still holds the value shown (compare-and-delete)"));
    connect(forceReleaseAction_, &QAction::triggered, this, [this] { forceReleaseLock(false); });

    deleteRegardlessAction_ = new QAction(tr("&Delete regardless…"), this);
    deleteRegardlessAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Delete));
    deleteRegardlessAction_->setToolTip(tr("Delete the selected key whatever it holds now (DEL)"));
    connect(deleteRegardlessAction_, &QAction::triggered, this, [this] { forceReleaseLock(true); });
    auxKeysAction_ = new QAction(tr("&Auxiliary keys…"), this);
    auxKeysAction_->setToolTip(tr("The keys lock libraries keep beside their locks, and the "
                                  "orphans whose lock is gone, with their memory (reads only)"));
    connect(auxKeysAction_, &QAction::triggered, this, &MainWindow::showAuxKeys);

    setExpiryAction_ = new QAction(tr("Set e&xpiry…"), this);
    setExpiryAction_->setToolTip(tr("Give the selected lock(s) an expiry if they still hold the "
                                    "value shown (compare-and-PEXPIRE): the gentle fix for a "
                                    "stuck lock"));
    connect(setExpiryAction_, &QAction::triggered, this, &MainWindow::setExpiry);

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("MainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(connectAction_);
    toolbar->addAction(rescanAction_);
    toolbar->addSeparator();
    toolbar->addAction(obtainAction_);
    toolbar->addAction(refreshAction_);
    toolbar->addAction(releaseAction_);
    toolbar->addAction(setExpiryAction_);
    toolbar->addAction(forceReleaseAction_);
    // Chinese (and Japanese) translations put the mnemonic after the text, "连接(&C)…"; a
    // toolbar button has none, and Qt would leave "连接(C)…" on it.
    static const QRegularExpression mnemonic(QStringLiteral("\\(&[^&]\\)"));
    for (QAction *action : toolbar->actions())
        if (!action->isSeparator())
            action->setIconText(action->text().remove(mnemonic).remove(QLatin1Char('&')));
}

void MainWindow::createMenus()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(exportSnapshotAction_);
    auto *connectionMenu = menuBar()->addMenu(tr("&Connection"));
    connectionMenu->addAction(connectAction_);
    auto *recent = new RecentConnectionsMenu(store_, this);
    recent->setTitle(tr("&Recent"));
    connectionMenu->addMenu(recent);
    connect(recent, &RecentConnectionsMenu::profileChosen, this, &MainWindow::openSavedConnection);
    // A saved connection's password comes from the keychain, asynchronously.
    connect(store_, &ConnectionStore::sentinelPasswordReady, this,
            [this](const QString &name, const QString &sentinelPassword) {
                if (pendingProfile_.name == name)
                    pendingProfile_.sentinelPassword = sentinelPassword;
            });
    connect(
        store_, &ConnectionStore::passwordReady, this,
        [this](const QString &name, const QString &password, bool found) {
            if (pendingProfile_.name != name)
                return;
            ConnectionProfile profile = pendingProfile_;
            pendingProfile_ = {};
            if (found) {
                profile.password = password;
                openConnection(profile);
            } else {
                showConnectDialog(
                    profile,
                    tr("No stored password for %1: type it, please.").arg(profile.displayName()));
            }
        });
    connectionMenu->addAction(importAction_);
    connectionMenu->addAction(sandboxAction_);
    connectionMenu->addSeparator();
    connectionMenu->addAction(disconnectAction_);
    connectionMenu->addSeparator();
    auto *quitAction = connectionMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);

    auto *locksMenu = menuBar()->addMenu(tr("&Locks"));
    locksMenu->addAction(rescanAction_);
    resyncBudgetAction_ =
        locksMenu->addAction(tr("Default re-sync &budget…"), this, &MainWindow::askResyncBudget);
    resyncBudgetAction_->setObjectName(QStringLiteral("resyncBudgetAction"));
    resyncBudgetAction_->setToolTip(
        tr("How many commands a second the inspector may send to re-read TTLs, on the "
           "connections that do not set a budget of their own"));
    locksMenu->addSeparator();
    locksMenu->addAction(obtainAction_);
    locksMenu->addAction(refreshAction_);
    locksMenu->addAction(releaseAction_);
    locksMenu->addSeparator();
    locksMenu->addAction(setExpiryAction_);
    locksMenu->addAction(forceReleaseAction_);
    locksMenu->addAction(deleteRegardlessAction_);
    locksMenu->addSeparator();
    locksMenu->addAction(auxKeysAction_);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < tabs_->count(); ++i) {
        auto *action = viewMenu->addAction(tabs_->tabText(i).remove(QLatin1Char('&')));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { tabs_->setCurrentIndex(i); });
    }

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&Filter syntax"), this, [this] { showFilterSyntax(this); });
    helpMenu->addAction(tr("&Keyboard shortcuts"), this, [this] { showKeyboardShortcuts(this); });
    helpMenu->addSeparator();
    helpMenu->addAction(tr("&About Lockscope"), this, [this] {
        QMessageBox::about(
            this, tr("About Lockscope"),
            tr("<b>Lockscope %1</b><p>Inspector and test harness for Redis distributed locks "
               "in the format of bsm/redislock and Cosy's redis.ObtainLock.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createStatusBar()
{
    // Temporary messages elided beside the connection indicator, never cut off against it.
    setStatusBar(new ElidingStatusBar(this));
    serverStatus_ = new ServerStatusWidget(this);
    statusBar()->addPermanentWidget(serverStatus_);
    scanProgress_ = new QProgressBar(this);
    scanProgress_->setRange(0, 0);
    scanProgress_->setMaximumWidth(160);
    scanProgress_->setTextVisible(true);
    scanProgress_->hide();
    cancelScanButton_ = new QToolButton(this);
    cancelScanButton_->setText(tr("Cancel"));
    cancelScanButton_->setToolTip(tr("Stop the scan; the keys found so far stay listed"));
    cancelScanButton_->hide();
    connect(cancelScanButton_, &QToolButton::clicked, session_, &InspectorSession::cancelScan);
    statusBar()->addWidget(scanProgress_);
    statusBar()->addWidget(cancelScanButton_);
}

void MainWindow::connectSession()
{
    LockTableModel *model = locks_->model();
    connect(session_, &InspectorSession::locksFound, model, &LockTableModel::upsert);
    connect(session_, &InspectorSession::ttlsResynced, model, &LockTableModel::applyTtls);
    connect(session_, &InspectorSession::keyRemoved, model, &LockTableModel::markRemoved);
    // Each lock's history: the table's badge, the detail pane's timeline and the Busiest locks tab.
    connect(session_, &InspectorSession::locksFound, history_, &LockHistoryFeed::observeLocks);
    connect(session_, &InspectorSession::ttlsResynced, history_, &LockHistoryFeed::observeTtls);
    connect(session_, &InspectorSession::keyRemoved, history_, &LockHistoryFeed::observeRemoval);
    connect(session_, &InspectorSession::actionFinished, history_, &LockHistoryFeed::observeAction);
    connect(timeline_, &BusiestLocksWidget::lockChosen, this, [this](const QByteArray &key) {
        tabs_->setCurrentWidget(locks_);
        if (!locks_->selectKey(key))
            statusBar()->showMessage(tr("%1 is not in the table (it left, or the filter hides it)")
                                         .arg(displayBytes(key)),
                                     5000);
    });
    connect(exporter_, &SnapshotExporter::finished, this,
            [this](const QString &json, const QString &csv, const QString &error) {
                if (!error.isEmpty())
                    messages_->showMessage(tr("Export failed: %1").arg(error),
                                           MessageBanner::Severity::warning);
                else
                    messages_->showMessage(tr("Snapshot exported to %1 and %2").arg(json, csv),
                                           MessageBanner::Severity::positive);
                exportSnapshotAction_->setEnabled(true);
            });
    connect(session_, &InspectorSession::heldChanged, this,
            [this, model](const QByteArray &key, bool held) {
                model->setHeld(key, held);
                updateActions();
            });
    connect(session_, &InspectorSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(session_, &InspectorSession::connectionChanged, this, &MainWindow::onConnectionChanged);
    connect(session_, &InspectorSession::serverInfoChanged, serverStatus_,
            &ServerStatusWidget::setServerInfo);
    connect(session_, &InspectorSession::serverInfoChanged, this, [this](const ServerInfo &info) {
        locks_->setClusterColumnsVisible(info.deployment == redislock::Deployment::cluster);
        // How old a polled TTL may be: the table marks rows read longer ago than that.
        locks_->model()->setResyncCycle(info.resyncCycleMs, info.polledMasters);
    });
    // A failover keeps the table (its reads follow the new master); the operator is told
    // where they look, and the Activity tab keeps it beside the writes for the incident's
    // timeline.
    connect(session_, &InspectorSession::failoverNoticed, this, [this](const ActionResult &entry) {
        auditLog_->append(entry);
        const QString text = entry.displayMessage();
        messages_->showMessage(text, MessageBanner::Severity::warning);
        serverStatus_->setNotice(text);
    });
    connect(locks_->detail(), &LockDetailWidget::replicaCheckRequested, session_,
            &InspectorSession::checkReplicas);
    connect(session_, &InspectorSession::replicasChecked, locks_->detail(),
            &LockDetailWidget::setReplicaCheck);
    connect(locks_->detail(), &LockDetailWidget::auxKeysRequested, session_,
            &InspectorSession::checkAuxKeys);
    connect(session_, &InspectorSession::auxKeysChecked, locks_->detail(),
            &LockDetailWidget::setAuxKeys);
    connect(session_, &InspectorSession::scanStarted, this, [this] {
        scanProgress_->setFormat(tr("Scanning…"));
        scanProgress_->show();
        cancelScanButton_->show();
    });
    // The rows and the history grow once to what the scan will list, not by doubling while the
    // keys pour in.
    connect(session_, &InspectorSession::scanSized, this, [this](quint64 keys) {
        locks_->model()->reserve(qsizetype(keys));
        history_->reserve(std::size_t(keys));
    });
    connect(session_, &InspectorSession::scanProgress, this, [this](quint64 scanned) {
        scanProgress_->setFormat(tr("%n key(s) scanned", nullptr, int(scanned)));
    });
    connect(session_, &InspectorSession::scanFinished, this, [this](bool complete, quint64 n) {
        // The first complete scan after a reconnect: what is listed is live again.
        if (complete && resyncing_ && session_->state() == ConnectionState::connected)
            setStale(false);
        // The scan's last rows go in now, not at the next turn of the event loop.
        locks_->model()->flush();
        // Keys that show up from now on were seen being taken: their age and lease are known.
        if (complete) {
            locks_->model()->markListed();
            history_->beginWatching();
        }
        scanProgress_->hide();
        cancelScanButton_->hide();
        statusBar()->showMessage(complete ? tr("Scan complete: %n key(s)", nullptr, int(n))
                                          : tr("Scan stopped after %n key(s)", nullptr, int(n)),
                                 5000);
    });
    connect(session_, &InspectorSession::actionFinished, this, &MainWindow::onActionFinished);
    connect(session_, &InspectorSession::errorOccurred, this, [this](const QString &message) {
        // In full where the operator looks (a failed connection elsewhere, a failed read), and
        // its first line briefly in the status bar (a core error's English detail follows it).
        messages_->showMessage(message, MessageBanner::Severity::warning);
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 8000);
    });
    connect(locks_, &LocksWidget::currentLockChanged, this, &MainWindow::onCurrentLockChanged);
    connect(locks_->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
}

void MainWindow::onStateChanged(ConnectionState state, const QString &message)
{
    serverStatus_->setState(state, message);
    locks_->setConnected(state != ConnectionState::disconnected);
    // Recent lists only what connected: a mistyped URL stays out of it.
    if (state == ConnectionState::connected)
        store_->addRecent(session_->profile());
    if (!message.isEmpty())
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 5000);
    if (state == ConnectionState::reconnecting && !lostAt_.isValid())
        setStale(true);
    else if (state == ConnectionState::connected && lostAt_.isValid())
        resyncing_ = true; // live once the rescan that follows a reconnect is complete
    else if (state == ConnectionState::disconnected)
        setStale(false);
    updateActions();
    updateTitle();
}

void MainWindow::onConnectionChanged(const ConnectionProfile &profile)
{
    // The new connection is up: what was listed belonged to the previous one.
    locks_->model()->clear();
    history_->clear();
    history_->setMaxHold(std::chrono::minutes(profile.maxHoldMinutes));
    setStale(false);
    store_->addRecent(profile);
    serverStatus_->setProfile(profile);
    serverStatus_->setReadOnly(session_->readOnly());
    // The harness runs its own clients against the same server.
    if (auto options = redislock::ConnectionOptions::fromUrl(profile.url.toStdString())) {
        if (!profile.password.isEmpty())
            options->password = profile.password.toStdString();
        harness_->setConnection(*options);
    }
    updateActions();
    updateTitle();
}

void MainWindow::setStale(bool stale)
{
    QTableView *view = locks_->view();
    if (!stale) {
        lostAt_ = {};
        resyncing_ = false;
        staleBanner_->hide();
        view->setGraphicsEffect(nullptr);
        return;
    }
    lostAt_ = QDateTime::currentDateTime();
    resyncing_ = false;
    staleBanner_->showMessage(tr("Connection lost at %1 — showing the last known state; "
                                 "reconnecting…")
                                  .arg(lostAt_.toString(QStringLiteral("HH:mm:ss"))),
                              MessageBanner::Severity::warning);
    // Dimmed: what is on screen is not live.
    auto *dim = new QGraphicsOpacityEffect(view);
    dim->setOpacity(0.45);
    view->setGraphicsEffect(dim);
}

void MainWindow::setAppReadOnly(bool readOnly)
{
    appReadOnly_ = readOnly;
    session_->setReadOnly(readOnly);
    serverStatus_->setReadOnly(readOnly || session_->readOnly());
    updateActions();
    updateTitle();
}

void MainWindow::openConnection(const ConnectionProfile &chosen)
{
    ConnectionProfile profile = chosen;
    // The password travels beside the URL, never in it: every name shown comes from the URL.
    if (const auto split = connectionurl::takePassword(profile.url); split.found) {
        profile.url = split.url;
        if (profile.password.isEmpty())
            profile.password = split.password;
    }
    if (!askAboutHeldLocks(/*quitting=*/false))
        return;
    session_->setReadOnly(appReadOnly_);
    session_->open(profile);
    if (session_->state() == ConnectionState::connecting) {
        // The first connection: show where it goes while it connects.
        serverStatus_->setProfile(profile);
        serverStatus_->setReadOnly(session_->readOnly());
    } else if (session_->isConnecting()) {
        statusBar()->showMessage(
            tr("Connecting to %1; still connected to %2")
                .arg(profile.displayName(), session_->profile().displayName()));
    }
    updateActions();
    updateTitle();
}

void MainWindow::offerConnection()
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Nothing to inspect yet"),
                                tr("Lockscope is not connected to a Redis server."),
                                QMessageBox::NoButton, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("Start the sandbox — a private redis-server on this machine with simulated "
           "services taking, refreshing and losing locks — or connect to a server of yours."));
    auto *sandbox = box->addButton(tr("Start the sandbox"), QMessageBox::AcceptRole);
    auto *connectButton = box->addButton(tr("Connect…"), QMessageBox::ActionRole);
    box->addButton(tr("Later"), QMessageBox::RejectRole);
    box->setDefaultButton(sandbox);
    connect(box, &QMessageBox::buttonClicked, this,
            [this, sandbox, connectButton](const QAbstractButton *button) {
                if (button == sandbox)
                    Q_EMIT sandboxRequested();
                else if (button == connectButton)
                    showConnectDialog();
            });
    box->open();
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, 10000);
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Lockscope"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showConnectDialog(const ConnectionProfile &profile, const QString &reason)
{
    auto *dialog = new ConnectionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setKeychainAvailable(store_->keychainState() !=
                                 ConnectionStore::KeychainState::unavailable);
    dialog->setDefaultResyncBudget(session_->commandBudget());
    if (!profile.url.isEmpty())
        dialog->setProfile(profile);
    if (!reason.isEmpty())
        dialog->askForPassword(reason);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ConnectionProfile chosen = dialog->profile();
        if (dialog->saveConnection())
            store_->saveConnection(chosen, dialog->rememberPassword());
        openConnection(chosen);
    });
    dialog->open();
}

void MainWindow::openSavedConnection(const ConnectionProfile &profile)
{
    if (!profile.name.isEmpty() && store_->hasStoredPassword(profile.name)) {
        pendingProfile_ = profile;
        store_->requestPassword(profile.name);
        return;
    }
    openConnection(profile);
}

void MainWindow::importAppIni()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import a Cosy app.ini"), QString(),
                                                      tr("INI files (*.ini);;All files (*)"));
    if (path.isEmpty())
        return;
    // The connection dialog shows what was read, so the operator can check it, save it and
    // connect; a file it cannot read is explained there in one line.
    showConnectDialog();
    if (auto *dialog = findChild<ConnectionDialog *>())
        dialog->importAppIni(path);
}

LockSnapshot MainWindow::currentLock() const
{
    return current_;
}

QList<LockSnapshot> MainWindow::chosenLocks() const
{
    QList<LockSnapshot> locks = locks_->selectedLocks();
    if (locks.isEmpty() && !current_.key.isEmpty())
        locks.append(current_);
    return locks;
}

void MainWindow::updateActions()
{
    const bool connected = session_->state() == ConnectionState::connected;
    const bool writable = connected && !session_->readOnly();
    const qsizetype chosen = chosenLocks().size();
    const bool selected = !current_.key.isEmpty();
    const bool held = selected && session_->holds(current_.key);
    rescanAction_->setEnabled(connected);
    auxKeysAction_->setEnabled(connected);
    disconnectAction_->setEnabled(session_->state() != ConnectionState::disconnected);
    obtainAction_->setEnabled(writable);
    refreshAction_->setEnabled(writable && held);
    releaseAction_->setEnabled(writable && held);
    forceReleaseAction_->setEnabled(writable && chosen > 0);
    deleteRegardlessAction_->setEnabled(writable && chosen > 0);
    setExpiryAction_->setEnabled(writable && chosen > 0);
    // Say why the writes are off, where the operator hovers.
    const QString why = session_->readOnly() ? WriteGate::refusal() : QString();
    for (QAction *action : {obtainAction_, refreshAction_, releaseAction_, forceReleaseAction_,
                            deleteRegardlessAction_, setExpiryAction_})
        action->setStatusTip(why);
    harness_->setWritesRefused(session_->readOnly() ? why : QString());
}

void MainWindow::updateTitle()
{
    QString title;
    if (session_->state() != ConnectionState::disconnected)
        title = session_->profile().displayName();
    if (session_->readOnly())
        title = title.isEmpty() ? tr("read-only") : tr("%1 (read-only)").arg(title);
    setWindowTitle(title);
}

void MainWindow::onCurrentLockChanged(const LockSnapshot &lock)
{
    current_ = lock;
    if (!lock.key.isEmpty()) {
        QList<std::pair<QString, QString>> previews;
        if (session_->holds(lock.key)) {
            previews.append({tr("Refresh"), session_->commandPreview(LockAction::refresh, lock)});
            previews.append({tr("Release"), session_->commandPreview(LockAction::release, lock)});
        }
        if (lock.neverExpires())
            previews.append(
                {tr("Set expiry"), session_->commandPreview(LockAction::setExpiry, lock)});
        previews.append(
            {tr("Force release"), session_->commandPreview(LockAction::forceRelease, lock)});
        previews.append({tr("Delete regardless"),
                         session_->commandPreview(LockAction::deleteRegardless, lock)});
        locks_->setCommandPreviews(previews);
    }
    updateActions();
}

void MainWindow::obtainLock()
{
    auto *dialog = new ObtainDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!current_.key.isEmpty())
        dialog->setKey(current_.key);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { session_->obtain(dialog->request()); });
    dialog->open();
}

void MainWindow::refreshLock()
{
    if (current_.key.isEmpty())
        return;
    session_->refresh(current_.key); // to the ttl it was obtained with
}

void MainWindow::releaseLock()
{
    if (!current_.key.isEmpty())
        session_->release(current_.key);
}

void MainWindow::forceReleaseLock(bool regardless)
{
    const QList<LockSnapshot> chosen = chosenLocks();
    if (chosen.isEmpty())
        return;
    if (chosen.size() > 1) {
        forceReleaseLocks(chosen, regardless);
        return;
    }
    const LockSnapshot shown = chosen.constFirst();
    auto *dialog = new ForceReleaseDialog(shown, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (regardless)
        dialog->deleteRegardlessButton()->click(); // straight to its own confirmation
    connect(dialog, &QDialog::finished, this, [this, dialog, shown] {
        switch (dialog->choice()) {
        case ForceReleaseDialog::Choice::compareAndDelete:
            history_->expectOperatorDelete(shown.key);
            session_->forceRelease(shown, dialog->chosenHolder());
            break;
        case ForceReleaseDialog::Choice::deleteRegardless:
            // The value the operator saw when confirming goes to the audit log.
            history_->expectOperatorDelete(shown.key);
            session_->deleteRegardless(shown.key, shown.value);
            break;
        case ForceReleaseDialog::Choice::cancelled:
            break;
        }
    });
    dialog->open();
}

void MainWindow::forceReleaseLocks(const QList<LockSnapshot> &locks, bool regardless)
{
    QList<QByteArray> keys;
    for (const LockSnapshot &lock : locks)
        keys.append(lock.key);
    auto *box = new QMessageBox(
        QMessageBox::Warning, regardless ? tr("Delete regardless") : tr("Force release"),
        regardless
            ? tr("Delete these %n key(s) whatever they hold now (DEL)?", nullptr, int(locks.size()))
            : tr("Force release these %n lock(s)? Each is deleted only if it still "
                 "holds the value shown (compare-and-delete).",
                 nullptr, int(locks.size())),
        QMessageBox::NoButton, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("bulkConfirmation"));
    box->setInformativeText(keyList(keys));
    auto *go =
        box->addButton(regardless ? tr("Delete %n key(s)", nullptr, int(locks.size()))
                                  : tr("Force release %n lock(s)", nullptr, int(locks.size())),
                       QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this,
            [this, go, locks, regardless](const QAbstractButton *button) {
                if (button != go)
                    return;
                for (const LockSnapshot &lock : locks) {
                    history_->expectOperatorDelete(lock.key);
                    if (regardless)
                        session_->deleteRegardless(lock.key, lock.value);
                    else
                        session_->forceRelease(lock);
                }
            });
    box->open();
}

void MainWindow::showAuxKeys()
{
    auto *dialog = findChild<AuxKeysDialog *>();
    if (!dialog) {
        dialog = new AuxKeysDialog(this);
        connect(dialog, &AuxKeysDialog::rescanRequested, session_, &InspectorSession::scanAuxKeys);
        connect(session_, &InspectorSession::auxKeysScanned, dialog, &AuxKeysDialog::setReport);
    }
    dialog->setScanning();
    session_->scanAuxKeys();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void MainWindow::setExpiry()
{
    const QList<LockSnapshot> locks = chosenLocks();
    if (locks.isEmpty())
        return;
    QList<QByteArray> keys;
    for (const LockSnapshot &lock : locks)
        keys.append(lock.key);
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("setExpiryDialog"));
    dialog->setWindowTitle(tr("Set expiry"));
    dialog->setLabelText(
        tr("Expire %n lock(s) after this ttl (e.g. 30s, 5m), each only if it still holds the "
           "value shown:",
           nullptr, int(locks.size())) +
        u'\n' + keyList(keys));
    dialog->setTextValue(QStringLiteral("30s"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, locks](const QString &text) {
        const auto ttl = redislock::parseDuration(text.trimmed().toStdString());
        const qint64 ttlMs =
            ttl ? std::chrono::duration_cast<std::chrono::milliseconds>(*ttl).count() : 0;
        if (ttlMs < 1) {
            messages_->showMessage(
                ttl ? tr("Set expiry: the ttl must be at least 1 ms, got \"%1\"").arg(text)
                    : tr("Set expiry: %1").arg(QString::fromStdString(ttl.error().message())),
                MessageBanner::Severity::warning);
            return;
        }
        for (const LockSnapshot &lock : locks)
            session_->setExpiry(lock.key, lock.value, ttlMs);
    });
    dialog->open();
}

void MainWindow::showOutcome(const ActionResult &result)
{
    const QString text = result.displayMessage();
    messages_->showMessage(text, severityOf(result.outcome));
    statusBar()->showMessage(text, 8000);
}

void MainWindow::onActionFinished(const ActionResult &result)
{
    auditLog_->append(result);
    showOutcome(result);
    if (result.outcome == ActionResult::Outcome::changedHands ||
        result.outcome == ActionResult::Outcome::failed)
        showError(result.displayMessage());
    updateActions();
}

void MainWindow::closeWithoutAsking()
{
    askBeforeClosing_ = false;
    close();
}

bool MainWindow::askAboutHeldLocks(bool quitting)
{
    const QList<HeldLock> held = session_->heldLocks();
    if (held.isEmpty())
        return true;
    QList<QByteArray> keys;
    for (const HeldLock &lock : held)
        keys.append(lock.key);
    QMessageBox box(QMessageBox::Question, tr("Locks held"),
                    tr("This app holds %n lock(s):", nullptr, int(held.size())) + u'\n' +
                        keyList(keys),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("heldLocksQuestion"));
    box.setInformativeText(tr("Release them now, or leave them to expire when their ttl runs "
                              "out? Other services cannot take them until then."));
    auto *release = box.addButton(quitting ? tr("Release and quit") : tr("Release and leave"),
                                  QMessageBox::AcceptRole);
    auto *keep =
        box.addButton(quitting ? tr("Quit, let them expire") : tr("Leave, let them expire"),
                      QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(release);
    box.exec();
    if (box.clickedButton() == keep)
        return true;
    if (box.clickedButton() != release)
        return false;
    // Wait for the outcomes (each reaches the audit log through onActionFinished), but never for
    // long: leaving must not hang on a dead server.
    QSet<quint64> pending;
    QEventLoop loop;
    QTimer::singleShot(3000, &loop, &QEventLoop::quit);
    connect(session_, &InspectorSession::actionFinished, &loop,
            [&pending, &loop](const ActionResult &result) {
                pending.remove(result.id);
                if (pending.isEmpty())
                    loop.quit();
            });
    for (const HeldLock &lock : held)
        pending.insert(session_->release(lock.key));
    if (!pending.isEmpty())
        loop.exec();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (askBeforeClosing_ && !askAboutHeldLocks(/*quitting=*/true)) {
        event->ignore();
        return;
    }
    saveLayout();
    session_->close();
    event->accept();
}

void MainWindow::exportSnapshot(const QString &path)
{
    SnapshotContent content;
    const ConnectionProfile &profile = session_->profile();
    content.connection = profile.displayName();
    content.url = QString::fromStdString(redislock::redactUrl(profile.url.toStdString()));
    content.filter = locks_->filterEdit()->text();
    content.takenAt = QDateTime::currentDateTimeUtc();
    // Queued rows belong in the table the operator is about to see.
    locks_->model()->flush();
    content.gather(*locks_->model(), *locks_->proxy(), *history_);
    for (const ActionResult &entry : auditLog_->entries())
        content.auditLines.append(AuditLog::toJsonLine(entry));
    if (exporter_->start(std::move(content), path))
        exportSnapshotAction_->setEnabled(false);
    else
        messages_->showMessage(tr("Export failed: another export is still being written"),
                               MessageBanner::Severity::warning);
}

void MainWindow::restoreLayout()
{
    const auto settings = openSettings(settingsPath_);
    settings->beginGroup(QStringLiteral("MainWindow"));
    if (!restoreGeometry(settings->value(QStringLiteral("geometry")).toByteArray()))
        resize(1200, 760);
    restoreState(settings->value(QStringLiteral("state")).toByteArray());
    locks_->restoreState(settings->value(QStringLiteral("locks")).toByteArray());
    tabs_->setCurrentIndex(settings->value(QStringLiteral("tab"), 0).toInt());
    settings->endGroup();
}

void MainWindow::restoreResyncBudget()
{
    const auto settings = openSettings(settingsPath_);
    const int budget =
        settings->value(QStringLiteral("Inspector/resyncBudget"), ResyncPlan::defaultBudget)
            .toInt();
    session_->setCommandBudget(budget > 0 ? budget : ResyncPlan::defaultBudget);
}

void MainWindow::askResyncBudget()
{
    bool ok = false;
    const int budget = QInputDialog::getInt(
        this, tr("Default re-sync budget"),
        tr("Commands a second the inspector may send to re-read TTLs and rescan, whatever the "
           "number of locks.\nWith keyspace events a slow sweep needs far fewer; without them a "
           "larger table is re-read less often.\nA connection that sets its own budget (in the "
           "connection dialog) keeps it."),
        session_->commandBudget(), 10, 1'000'000, 500, &ok);
    if (!ok)
        return;
    session_->setCommandBudget(budget);
    const auto settings = openSettings(settingsPath_);
    settings->setValue(QStringLiteral("Inspector/resyncBudget"), budget);
}

void MainWindow::saveLayout()
{
    const auto settings = openSettings(settingsPath_);
    settings->beginGroup(QStringLiteral("MainWindow"));
    settings->setValue(QStringLiteral("geometry"), saveGeometry());
    settings->setValue(QStringLiteral("state"), saveState());
    settings->setValue(QStringLiteral("locks"), locks_->saveState());
    settings->setValue(QStringLiteral("tab"), tabs_->currentIndex());
    settings->endGroup();
}
