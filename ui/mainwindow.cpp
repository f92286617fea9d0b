#include "mainwindow.h"

#include "actions/activitywidget.h"
#include "actions/auditlog.h"
#include "actions/forcereleasedialog.h"
#include "actions/obtaindialog.h"
#include "backoff/backofflabwidget.h"
#include "connection/connectiondialog.h"
#include "connection/connectionstore.h"
#include "connection/recentconnectionsmenu.h"
#include "connection/serverstatuswidget.h"
#include "harness/harnesswidget.h"
#include "helpdialogs.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "session/inspectorsession.h"

#include <redislock/connectionoptions.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>

namespace {

std::unique_ptr<QSettings> openSettings(const QString &path)
{
    if (path.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(path, QSettings::IniFormat);
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
    // The tabs' mnemonics share Alt with the menu bar (C, L, V, H) and the open tab's fields:
    // each letter means one thing (tst_accelerators checks it in every language).
    tabs_->addTab(locks_, tr("L&ocks"));
    tabs_->addTab(backoffLab_, tr("&Backoff lab"));
    tabs_->addTab(harness_, tr("Co&ntention harness"));
    tabs_->addTab(activity_, tr("&Activity"));
    setCentralWidget(tabs_);
    // Below this the tabs' forms scroll and the tables squeeze past usefulness.
    setMinimumSize(800, 520);

    createActions();
    createMenus();
    createStatusBar();
    connectSession();
    restoreLayout();
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
        session_->close();
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

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("MainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(connectAction_);
    toolbar->addAction(rescanAction_);
    toolbar->addSeparator();
    toolbar->addAction(obtainAction_);
    toolbar->addAction(refreshAction_);
    toolbar->addAction(releaseAction_);
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
    auto *connectionMenu = menuBar()->addMenu(tr("&Connection"));
    connectionMenu->addAction(connectAction_);
    auto *recent = new RecentConnectionsMenu(store_, this);
    recent->setTitle(tr("&Recent"));
    connectionMenu->addMenu(recent);
    connect(recent, &RecentConnectionsMenu::profileChosen, this, &MainWindow::openSavedConnection);
    // A saved connection's password comes from the keychain, asynchronously.
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
    locksMenu->addSeparator();
    locksMenu->addAction(obtainAction_);
    locksMenu->addAction(refreshAction_);
    locksMenu->addAction(releaseAction_);
    locksMenu->addSeparator();
    locksMenu->addAction(forceReleaseAction_);
    locksMenu->addAction(deleteRegardlessAction_);

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
    connect(session_, &InspectorSession::heldChanged, this,
            [this, model](const QByteArray &key, bool held) {
                model->setHeld(key, held);
                if (!held)
                    heldTtls_.remove(key);
                updateActions();
            });
    connect(session_, &InspectorSession::stateChanged, this,
            [this](InspectorSession::State state, const QString &message) {
                serverStatus_->setState(ConnectionState(int(state)), message);
                // Recent lists only what connected: a mistyped URL stays out of it.
                if (state == InspectorSession::State::connected)
                    store_->addRecent(session_->profile());
                if (!message.isEmpty())
                    // A core error's English detail is its second line: the tooltip has it.
                    statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 5000);
                updateActions();
                updateTitle();
            });
    connect(session_, &InspectorSession::serverInfoChanged, serverStatus_,
            &ServerStatusWidget::setServerInfo);
    connect(session_, &InspectorSession::scanStarted, this, [this] {
        scanProgress_->setFormat(tr("Scanning…"));
        scanProgress_->show();
        cancelScanButton_->show();
    });
    connect(session_, &InspectorSession::scanProgress, this, [this](quint64 scanned) {
        scanProgress_->setFormat(tr("%n key(s) scanned", nullptr, int(scanned)));
    });
    connect(session_, &InspectorSession::scanFinished, this, [this](bool complete, quint64 n) {
        scanProgress_->hide();
        cancelScanButton_->hide();
        statusBar()->showMessage(complete ? tr("Scan complete: %n key(s)", nullptr, int(n))
                                          : tr("Scan stopped after %n key(s)", nullptr, int(n)),
                                 5000);
    });
    connect(session_, &InspectorSession::actionFinished, this, &MainWindow::onActionFinished);
    connect(session_, &InspectorSession::errorOccurred, this, [this](const QString &message) {
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 8000);
    });
    connect(locks_, &LocksWidget::currentLockChanged, this, &MainWindow::onCurrentLockChanged);
}

void MainWindow::setAppReadOnly(bool readOnly)
{
    appReadOnly_ = readOnly;
    session_->setReadOnly(readOnly);
    serverStatus_->setReadOnly(readOnly || session_->readOnly());
    updateActions();
    updateTitle();
}

void MainWindow::openConnection(const ConnectionProfile &profile)
{
    locks_->model()->clear();
    heldTtls_.clear();
    session_->open(profile);
    session_->setReadOnly(appReadOnly_);
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
            [this, sandbox, connectButton](QAbstractButton *button) {
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

void MainWindow::updateActions()
{
    const bool connected = session_->state() == InspectorSession::State::connected;
    const bool writable = connected && !session_->readOnly();
    const bool selected = !current_.key.isEmpty();
    const bool held = selected && session_->holds(current_.key);
    rescanAction_->setEnabled(connected);
    disconnectAction_->setEnabled(session_->state() != InspectorSession::State::disconnected);
    obtainAction_->setEnabled(writable);
    refreshAction_->setEnabled(writable && held);
    releaseAction_->setEnabled(writable && held);
    forceReleaseAction_->setEnabled(writable && selected);
    deleteRegardlessAction_->setEnabled(writable && selected);
    const QString why = session_->readOnly() ? tr("read-only") : QString();
    for (QAction *action : {obtainAction_, refreshAction_, releaseAction_, forceReleaseAction_,
                            deleteRegardlessAction_})
        action->setStatusTip(why);
}

void MainWindow::updateTitle()
{
    QString title;
    if (session_->state() != InspectorSession::State::disconnected)
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
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ObtainRequest request = dialog->request();
        for (const QByteArray &key : request.keys)
            heldTtls_.insert(key, request.ttlMs);
        session_->obtain(request);
    });
    dialog->open();
}

void MainWindow::refreshLock()
{
    if (current_.key.isEmpty())
        return;
    session_->refresh(current_.key, heldTtls_.value(current_.key, 10000));
}

void MainWindow::releaseLock()
{
    if (!current_.key.isEmpty())
        session_->release(current_.key);
}

void MainWindow::forceReleaseLock(bool regardless)
{
    if (current_.key.isEmpty())
        return;
    auto *dialog = new ForceReleaseDialog(current_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (regardless)
        dialog->deleteRegardlessButton()->click(); // straight to its own confirmation
    const LockSnapshot shown = current_;
    connect(dialog, &QDialog::finished, this, [this, dialog, shown] {
        switch (dialog->choice()) {
        case ForceReleaseDialog::Choice::compareAndDelete:
            session_->forceRelease(shown.key, shown.value);
            break;
        case ForceReleaseDialog::Choice::deleteRegardless:
            session_->deleteRegardless(shown.key);
            break;
        case ForceReleaseDialog::Choice::cancelled:
            break;
        }
    });
    dialog->open();
}

void MainWindow::onActionFinished(const ActionResult &result)
{
    auditLog_->append(result);
    statusBar()->showMessage(result.message, 8000);
    if (result.outcome == ActionResult::Outcome::changedHands ||
        result.outcome == ActionResult::Outcome::failed)
        showError(result.message);
    updateActions();
}

void MainWindow::closeWithoutAsking()
{
    askBeforeClosing_ = false;
    close();
}

bool MainWindow::releaseHeldLocksBeforeClosing()
{
    QList<QByteArray> held;
    for (auto it = heldTtls_.cbegin(); it != heldTtls_.cend(); ++it) {
        if (session_->holds(it.key()))
            held.append(it.key());
    }
    if (held.isEmpty())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Locks held"),
                    tr("This app holds %n lock(s).", nullptr, int(held.size())),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("Release them now, or leave them to expire when their ttl runs "
                              "out? Other services cannot take them until then."));
    auto *release = box.addButton(tr("Release and quit"), QMessageBox::AcceptRole);
    auto *keep = box.addButton(tr("Quit, let them expire"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(release);
    box.exec();
    if (box.clickedButton() == keep)
        return true;
    if (box.clickedButton() != release)
        return false;
    // Wait for the releases, but never for long: closing must not hang on a dead server.
    QEventLoop loop;
    QTimer::singleShot(3000, &loop, &QEventLoop::quit);
    connect(session_, &InspectorSession::heldChanged, &loop, [this, &loop, held] {
        if (std::none_of(held.cbegin(), held.cend(),
                         [this](const QByteArray &key) { return session_->holds(key); }))
            loop.quit();
    });
    for (const QByteArray &key : held)
        session_->release(key);
    loop.exec();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (askBeforeClosing_ && !releaseHeldLocksBeforeClosing()) {
        event->ignore();
        return;
    }
    saveLayout();
    session_->close();
    event->accept();
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
