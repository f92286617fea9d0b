// The inspector as an operator uses it: the real main window, its dialogs and a real
// redis-server with keyspace notifications, driven with QTest offscreen.
#include "actions/auditlog.h"
#include "actions/forcereleasedialog.h"
#include "actions/obtaindialog.h"
#include "backoff/backofflabwidget.h"
#include "common/messagebanner.h"
#include "harness/harnesswidget.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "mainwindow.h"
#include "session/inspectorsession.h"
#include "support/closedport.h"
#include "support/commandstats.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace lockscope::test;
using namespace std::chrono_literals;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RedisServer> server_;
    std::unique_ptr<RawRedis> raw_;
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<MainWindow> window_;
    QString prefix_;

    // A connected window listing the keys under a fresh prefix.
    bool openWindow(bool readOnly = false, const QString &url = {}, const QString &name = {})
    {
        dir_ = std::make_unique<QTemporaryDir>();
        window_ = std::make_unique<MainWindow>(auditPath(),
                                               dir_->filePath(QStringLiteral("settings.ini")));
        window_->setAppReadOnly(readOnly);
        window_->show();
        prefix_ = QString::fromStdString(uniqueKey("mw"));
        ConnectionProfile profile;
        profile.name = url.isEmpty() ? QStringLiteral("test") : name;
        profile.url = url.isEmpty() ? server_->url() : url;
        profile.prefix = prefix_;
        window_->openConnection(profile);
        return QTest::qWaitFor(
            [this] { return window_->session()->state() == InspectorSession::State::connected; },
            10000);
    }

    [[nodiscard]] QString auditPath() const
    {
        return dir_->filePath(QStringLiteral("audit.jsonl"));
    }

    // Obtains `name` as this app, through the session, and waits until it is held.
    bool obtain(const char *name, qint64 ttlMs = 60000)
    {
        ObtainRequest request;
        request.keys = {key(name)};
        request.ttlMs = ttlMs;
        window_->session()->obtain(request);
        return QTest::qWaitFor([&] { return window_->session()->holds(key(name)); }, 10000);
    }

    // Answers the next modal question box with the button of `role`, and keeps its text.
    void answerNextQuestion(QMessageBox::ButtonRole role, QString *text)
    {
        QTimer::singleShot(0, this, [this, role, text] {
            QMessageBox *box = nullptr;
            if (!QTest::qWaitFor(
                    [&] {
                        box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                        return box != nullptr;
                    },
                    5000))
                return;
            *text = box->text() + u'\n' + box->informativeText();
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == role) {
                    QTest::mouseClick(button, Qt::LeftButton);
                    return;
                }
            }
        });
    }

    [[nodiscard]] LockTableModel *model() const { return window_->locksWidget()->model(); }
    [[nodiscard]] QByteArray key(const char *name) const
    {
        return (prefix_ + QLatin1Char(':') + QLatin1String(name)).toUtf8();
    }
    // Waits for a dialog of type T that the window opened (dialogs are opened, never exec'd).
    template <class T>
    T *waitForDialog()
    {
        T *dialog = nullptr;
        [[maybe_unused]] const bool shown = QTest::qWaitFor(
            [&] {
                dialog = window_->findChild<T *>();
                return dialog && dialog->isVisible();
            },
            5000);
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        RedisServerOptions options;
        options.notifyKeyspaceEvents = QStringLiteral("KEA");
        server_ = std::make_unique<RedisServer>(options);
        QVERIFY2(server_->start(), qPrintable(server_->errorString()));
        raw_ = std::make_unique<RawRedis>(server_->port());
    }

    void cleanup()
    {
        window_.reset();
        raw_->command({"FLUSHALL"});
    }

    void obtainThroughTheDialogListsAndCountsDown()
    {
        QVERIFY(openWindow());
        QVERIFY(window_->obtainAction()->isEnabled());
        window_->obtainAction()->trigger();
        auto *dialog = waitForDialog<ObtainDialog>();
        QVERIFY(dialog);
        dialog->keysEdit()->clear();
        QTest::keyClicks(dialog->keysEdit(), QString::fromUtf8(key("orders:42")));
        dialog->ttlEdit()->clear();
        QTest::keyClicks(dialog->ttlEdit(), QStringLiteral("30s"));
        QTest::keyClicks(dialog->metadataEdit(), QStringLiteral(R"({"job":"settle"})"));
        QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->errorText()));
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        const auto result = finished.constFirst().constFirst().value<ActionResult>();
        QCOMPARE(result.outcome, ActionResult::Outcome::done);

        // The row appears, held by this app, and its ttl counts down between re-syncs.
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("orders:42")) >= 0, 10000);
        const int row = model()->indexOfKey(key("orders:42"));
        QTRY_VERIFY(model()->isHeld(model()->indexOfKey(key("orders:42"))));
        const QModelIndex ttl = model()->index(row, LockTableModel::TtlColumn);
        const qint64 first = ttl.data(LockTableModel::SortRole).toLongLong();
        QVERIFY2(first > 25000 && first <= 30000, qPrintable(QString::number(first)));
        QTRY_VERIFY_WITH_TIMEOUT(ttl.data(LockTableModel::SortRole).toLongLong() < first - 300,
                                 3000);
        QVERIFY(ttl.data(Qt::DisplayRole).toString().contains(QLatin1Char('s')));
        QVERIFY(model()->metadataText(row).contains(QStringLiteral("settle")));

        // On the server: our token and metadata; in the audit log: the obtain.
        const QByteArray value = raw_->command({"GET", key("orders:42")}).str;
        QVERIFY(value.endsWith(R"({"job":"settle"})"));
        QCOMPARE(result.value, value);
        const QList<ActionResult> entries = window_->auditLog()->entries();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.constFirst().action, LockAction::obtain);
        // The outcome is shown in full where the operator looks, not only in the status bar.
        QVERIFY(window_->messageBanner()->isVisible());
        QCOMPARE(window_->messageBanner()->text(), result.message);
        QCOMPARE(window_->messageBanner()->severity(), MessageBanner::Severity::positive);

        // Refresh and release act on the lock this app holds.
        QVERIFY(window_->locksWidget()->selectKey(key("orders:42")));
        QTRY_VERIFY(window_->releaseAction()->isEnabled());
        finished.clear();
        window_->releaseAction()->trigger();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.constFirst().constFirst().value<ActionResult>().outcome,
                 ActionResult::Outcome::done);
        QVERIFY(raw_->command({"EXISTS", key("orders:42")}).integer == 0);
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("orders:42")) < 0, 10000);
    }

    void forceReleaseRefusesALockThatChangedHands()
    {
        const QByteArray first = "AAAAAAAAAAAAAAAAAAAAAA{\"owner\":\"first\"}";
        const QByteArray second = "BBBBBBBBBBBBBBBBBBBBBB{\"owner\":\"second\"}";
        QVERIFY(openWindow());
        raw_->command({"SET", key("job"), first, "PX", "60000"});
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("job")) >= 0, 10000);
        QVERIFY(window_->locksWidget()->selectKey(key("job")));
        QTRY_VERIFY(window_->forceReleaseAction()->isEnabled());

        window_->forceReleaseAction()->trigger();
        auto *dialog = waitForDialog<ForceReleaseDialog>();
        QVERIFY(dialog);
        QVERIFY(dialog->keyLabel()->text().contains(QString::fromUtf8(key("job"))));
        QCOMPARE(dialog->tokenLabel()->text(), QStringLiteral("AAAAAAAAAAAAAAAAAAAAAA"));
        QVERIFY(dialog->metadataView()->toPlainText().contains(QStringLiteral("\"first\"")));

        // While the operator reads the confirmation, the lock changes hands.
        raw_->command({"SET", key("job"), second, "PX", "60000"});
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        QTest::mouseClick(dialog->forceReleaseButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        const auto result = finished.constFirst().constFirst().value<ActionResult>();
        QCOMPARE(result.outcome, ActionResult::Outcome::changedHands);
        QCOMPARE(result.value, first);
        QCOMPARE(raw_->command({"GET", key("job")}).str, second);
        // The operator is told, not only the log.
        QTRY_VERIFY(window_->findChild<QMessageBox *>() != nullptr);
        QVERIFY(window_->auditLog()->entries().constLast().outcome ==
                ActionResult::Outcome::changedHands);
    }

    void forceReleaseDeletesTheValueShown()
    {
        const QByteArray value = "CCCCCCCCCCCCCCCCCCCCCC{\"owner\":\"stuck\"}";
        QVERIFY(openWindow());
        raw_->command({"SET", key("stuck"), value}); // no expiry: a stuck lock
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("stuck")) >= 0, 10000);
        QVERIFY(model()->isStuck(model()->indexOfKey(key("stuck"))));
        QVERIFY(window_->locksWidget()->selectKey(key("stuck")));
        window_->forceReleaseAction()->trigger();
        auto *dialog = waitForDialog<ForceReleaseDialog>();
        QVERIFY(dialog);
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        QTest::mouseClick(dialog->forceReleaseButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.constFirst().constFirst().value<ActionResult>().outcome,
                 ActionResult::Outcome::done);
        QCOMPARE(raw_->command({"EXISTS", key("stuck")}).integer, 0);
        // The deleted row leaves the selection at once: no action is left pointing at it, nor
        // at the neighbour that takes its place.
        QTRY_VERIFY_WITH_TIMEOUT(!window_->forceReleaseAction()->isEnabled(), 10000);
        QVERIFY(window_->locksWidget()->selectedLocks().isEmpty());
        // The row fades out, then goes.
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("stuck")) < 0, 10000);
        QVERIFY(!window_->forceReleaseAction()->isEnabled());
    }

    void deleteRegardlessNeedsItsOwnConfirmation()
    {
        QVERIFY(openWindow());
        raw_->command({"SET", key("raw"), "not a lock at all", "PX", "60000"});
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("raw")) >= 0, 10000);
        QVERIFY(window_->locksWidget()->selectKey(key("raw")));
        window_->deleteRegardlessAction()->trigger();
        auto *dialog = waitForDialog<ForceReleaseDialog>();
        QVERIFY(dialog);
        QVERIFY(dialog->confirmDeletePanel()->isVisible());
        QVERIFY(!dialog->confirmDeleteButton()->isEnabled());
        QTest::mouseClick(dialog->confirmDeleteCheckBox(), Qt::LeftButton);
        QVERIFY(dialog->confirmDeleteButton()->isEnabled());
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        QTest::mouseClick(dialog->confirmDeleteButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        const auto result = finished.constFirst().constFirst().value<ActionResult>();
        QCOMPARE(result.action, LockAction::deleteRegardless);
        QCOMPARE(result.outcome, ActionResult::Outcome::done);
        QCOMPARE(raw_->command({"EXISTS", key("raw")}).integer, 0);
        // The audit log keeps what the operator was shown when confirming.
        QCOMPARE(window_->auditLog()->entries().constLast().value, QByteArray("not a lock at all"));
    }

    void readOnlyDisablesEveryWrite()
    {
        QVERIFY(openWindow(/*readOnly=*/true));
        raw_->command({"SET", key("ro"), "DDDDDDDDDDDDDDDDDDDDDD{}", "PX", "60000"});
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("ro")) >= 0, 10000);
        QVERIFY(window_->locksWidget()->selectKey(key("ro")));
        QTest::qWait(100);
        for (QAction *action :
             {window_->obtainAction(), window_->refreshAction(), window_->releaseAction(),
              window_->forceReleaseAction(), window_->deleteRegardlessAction()})
            QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
        QVERIFY(window_->windowTitle().contains(QStringLiteral("read-only")));

        // Also below the UI: the session refuses, and the key stays.
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        window_->session()->deleteRegardless(key("ro"));
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.constFirst().constFirst().value<ActionResult>().outcome,
                 ActionResult::Outcome::refused);
        QCOMPARE(raw_->command({"EXISTS", key("ro")}).integer, 1);
    }

    void closingOffersToReleaseHeldLocks_data()
    {
        QTest::addColumn<QMessageBox::ButtonRole>("answer");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<bool>("keyLeft");
        QTest::newRow("release and quit") << QMessageBox::AcceptRole << true << false;
        QTest::newRow("quit, let them expire") << QMessageBox::DestructiveRole << true << true;
        QTest::newRow("cancel") << QMessageBox::RejectRole << false << true;
    }

    void closingOffersToReleaseHeldLocks()
    {
        QFETCH(QMessageBox::ButtonRole, answer);
        QFETCH(bool, closed);
        QFETCH(bool, keyLeft);
        QVERIFY(openWindow());
        window_->obtainAction()->trigger();
        auto *dialog = waitForDialog<ObtainDialog>();
        QVERIFY(dialog);
        dialog->keysEdit()->clear();
        QTest::keyClicks(dialog->keysEdit(), QString::fromUtf8(key("held")));
        dialog->ttlEdit()->clear();
        QTest::keyClicks(dialog->ttlEdit(), QStringLiteral("60s"));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window_->session()->holds(key("held")), 10000);

        // The question is modal: answer it from the event loop it runs.
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            asked = box->text().contains(QStringLiteral("1"));
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == answer)
                    QTest::mouseClick(button, Qt::LeftButton);
            }
        });
        window_->close();
        QVERIFY(asked);
        QCOMPARE(window_->isVisible(), !closed);
        QCOMPARE(raw_->command({"EXISTS", key("held")}).integer, keyLeft ? 1 : 0);
        // Releasing on the way out is a write like any other: it is in the audit log.
        const ActionResult last = window_->auditLog()->entries().constLast();
        if (!keyLeft) {
            QCOMPARE(last.action, LockAction::release);
            QCOMPARE(last.key, key("held"));
            QCOMPARE(last.outcome, ActionResult::Outcome::done);
        } else {
            QCOMPARE(last.action, LockAction::obtain);
        }
    }

    void theQuitQuestionListsTheKeys()
    {
        QVERIFY(openWindow());
        QVERIFY(obtain("a"));
        QVERIFY(obtain("b"));
        QString text;
        answerNextQuestion(QMessageBox::RejectRole, &text);
        window_->close();
        QTRY_VERIFY(!text.isEmpty());
        QVERIFY2(text.contains(QString::fromUtf8(key("a"))) &&
                     text.contains(QString::fromUtf8(key("b"))),
                 qPrintable(text));
        QVERIFY(window_->isVisible());
        window_->closeWithoutAsking();
    }

    void theFilterNarrowsTheTable()
    {
        QVERIFY(openWindow());
        raw_->command({"SET", key("orders:1"), "EEEEEEEEEEEEEEEEEEEEEE{\"service\":\"billing\"}",
                       "PX", "60000"});
        raw_->command({"SET", key("orders:2"), "FFFFFFFFFFFFFFFFFFFFFF{\"service\":\"payments\"}",
                       "PX", "60000"});
        raw_->command({"SET", key("sku:9"), "GGGGGGGGGGGGGGGGGGGGGG{\"service\":\"payments\"}",
                       "PX", "60000"});
        QTableView *view = window_->locksWidget()->view();
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, 10000);
        QTest::keyClicks(window_->locksWidget()->filterEdit(), QStringLiteral("payments"));
        QTRY_COMPARE(view->model()->rowCount(), 2);
        window_->locksWidget()->filterEdit()->clear();
        QTest::keyClicks(window_->locksWidget()->filterEdit(), QStringLiteral("sku"));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QVERIFY(view->model()->index(0, 0).data().toString().endsWith(QStringLiteral("sku:9")));
    }

    void readOnlyMakesNoWriteFromAnyTab()
    {
        // Every part of the app, driven in read-only mode, against a server that counts what it
        // runs: not one write.
        QVERIFY(openWindow(/*readOnly=*/true));
        const QByteArray value = "HHHHHHHHHHHHHHHHHHHHHH{\"owner\":\"them\"}";
        raw_->command({"SET", key("theirs"), value}); // a stuck lock, tempting to fix
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("theirs")) >= 0, 10000);
        QVERIFY(!raw_->command({"CONFIG", "RESETSTAT"}).isError());

        // Locks tab: every action is off, and says why.
        QVERIFY(window_->locksWidget()->selectKey(key("theirs")));
        QTest::qWait(100);
        for (QAction *action : {window_->obtainAction(), window_->refreshAction(),
                                window_->releaseAction(), window_->forceReleaseAction(),
                                window_->deleteRegardlessAction(), window_->setExpiryAction()}) {
            QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
            QVERIFY2(action->statusTip().contains(QStringLiteral("read-only")),
                     qPrintable(action->statusTip()));
            action->trigger(); // a shortcut on a disabled action does nothing either
        }
        QVERIFY(!window_->findChild<ObtainDialog *>());
        QVERIFY(!window_->findChild<ForceReleaseDialog *>());

        // Below the UI: the session refuses every write it is asked for.
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        ObtainRequest request;
        request.keys = {key("new")};
        request.ttlMs = 1000;
        window_->session()->obtain(request);
        window_->session()->refresh(key("theirs"), 1000);
        window_->session()->release(key("theirs"));
        window_->session()->forceRelease(key("theirs"), value);
        window_->session()->deleteRegardless(key("theirs"), value);
        window_->session()->setExpiry(key("theirs"), value, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 6, 10000);
        for (const auto &arguments : finished)
            QCOMPARE(arguments.at(0).value<ActionResult>().outcome, ActionResult::Outcome::refused);

        // Harness tab: Run is off and says why; run() called anyway is refused by the runner,
        // which asks the session's gate, and the refusal is audited.
        window_->tabs()->setCurrentWidget(window_->harnessWidget());
        auto *run = window_->harnessWidget()->findChild<QPushButton *>(QStringLiteral("run"));
        QVERIFY(run);
        QVERIFY(!run->isEnabled());
        QVERIFY2(run->toolTip().contains(QStringLiteral("read-only")), qPrintable(run->toolTip()));
        QSignalSpy harnessEnded(window_->harnessWidget(), &HarnessWidget::finished);
        window_->harnessWidget()->run();
        QVERIFY(harnessEnded.wait(10000));
        QVERIFY(!harnessEnded.constFirst().at(1).toString().isEmpty());
        const ActionResult harnessEntry = window_->auditLog()->entries().constLast();
        QCOMPARE(harnessEntry.action, LockAction::harnessRun);
        QCOMPARE(harnessEntry.outcome, ActionResult::Outcome::refused);

        // Backoff lab and Activity: shown, computed locally.
        window_->tabs()->setCurrentWidget(window_->backoffLab());
        QTest::qWait(50);
        window_->tabs()->setCurrentIndex(window_->tabs()->count() - 1);
        QTest::qWait(50);

        // Reads went on meanwhile; not one write reached the server.
        QTest::qWait(1500);
        QCOMPARE(raw_->command({"GET", key("theirs")}).str, value);
        QCOMPARE(raw_->command({"EXISTS", "lockscope:harness"}).integer, 0);
        const QStringList writes = lockscope::test::nonReadCommands(*raw_);
        QVERIFY2(writes.isEmpty(), qPrintable(writes.join(u' ')));
    }

    void secretsAreNeverShown()
    {
        RedisServerOptions options;
        options.password = QStringLiteral("secretpw");
        RedisServer locked(options);
        QVERIFY2(locked.start(), qPrintable(locked.errorString()));
        QVERIFY(
            openWindow(false, QStringLiteral("redis://:secretpw@127.0.0.1:%1").arg(locked.port())));
        QVERIFY(obtain("secret"));
        QTRY_VERIFY(!window_->auditLog()->entries().isEmpty());
        QFile log(auditPath());
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray written = log.readAll();
        QVERIFY(written.contains(key("secret")));
        QVERIFY2(!written.contains("secretpw"), written.constData());
        QCOMPARE(log.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                      QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY2(!window_->windowTitle().contains(QStringLiteral("secretpw")),
                 qPrintable(window_->windowTitle()));
        QVERIFY(window_->windowTitle().contains(QString::number(locked.port())));
        QVERIFY(!window_->session()->profile().url.contains(QStringLiteral("secretpw")));
        // Every text of the status bar and the banners.
        for (QLabel *label : window_->findChildren<QLabel *>())
            QVERIFY2(!label->text().contains(QStringLiteral("secretpw")),
                     qPrintable(label->text()));
        QVERIFY(!window_->statusBar()->currentMessage().contains(QStringLiteral("secretpw")));
        window_->closeWithoutAsking();
    }

    void staleStateIsShownWhenTheServerDies()
    {
        RedisServerOptions options;
        options.notifyKeyspaceEvents = QStringLiteral("KEA");
        RedisServer mortal(options);
        QVERIFY2(mortal.start(), qPrintable(mortal.errorString()));
        QVERIFY(openWindow(false, mortal.url(), QStringLiteral("mortal")));
        window_->session()->setResyncInterval(100ms);
        RawRedis raw = mortal.rawClient();
        raw.command({"SET", key("job"), "IIIIIIIIIIIIIIIIIIIIII{}", "PX", "60000"});
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("job")) >= 0, 10000);
        QVERIFY(!window_->staleBanner()->isVisible());

        mortal.kill();
        QTRY_VERIFY_WITH_TIMEOUT(window_->staleBanner()->isVisible(), 10000);
        QVERIFY2(window_->staleBanner()->text().contains(QStringLiteral("last known state")),
                 qPrintable(window_->staleBanner()->text()));
        QVERIFY(window_->locksWidget()->view()->graphicsEffect() != nullptr); // dimmed
        QVERIFY(model()->indexOfKey(key("job")) >= 0);                        // still listed

        QVERIFY2(mortal.start(), qPrintable(mortal.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!window_->staleBanner()->isVisible(), 20000);
        QVERIFY(window_->locksWidget()->view()->graphicsEffect() == nullptr);
    }

    void connectingElsewhereAsksAndKeepsTheWorkingSession()
    {
        QVERIFY(openWindow());
        QVERIFY(obtain("mine"));
        ConnectionProfile nowhere;
        nowhere.name = QStringLiteral("nowhere");
        nowhere.url =
            QStringLiteral("redis://127.0.0.1:%1").arg(lockscope::test::closedLoopbackPort());

        // Cancelled: nothing changes.
        QString text;
        answerNextQuestion(QMessageBox::RejectRole, &text);
        window_->openConnection(nowhere);
        QVERIFY2(text.contains(QString::fromUtf8(key("mine"))), qPrintable(text));
        QVERIFY(!window_->session()->isConnecting());
        QCOMPARE(window_->session()->profile().name, QStringLiteral("test"));

        // Let them expire, but the other server is down: the working session stays, lock and all.
        answerNextQuestion(QMessageBox::DestructiveRole, &text);
        window_->openConnection(nowhere);
        QTRY_VERIFY_WITH_TIMEOUT(!window_->session()->isConnecting(), 10000);
        QCOMPARE(window_->session()->state(), InspectorSession::State::connected);
        QCOMPARE(window_->session()->profile().name, QStringLiteral("test"));
        QVERIFY(window_->session()->holds(key("mine")));
        QTRY_VERIFY(window_->messageBanner()->text().contains(QStringLiteral("still connected")));
        // Still listed, and live (the table is not cleared for a connection that never came).
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("mine")) >= 0, 10000);
        QVERIFY(model()->isHeld(model()->indexOfKey(key("mine"))));
        window_->closeWithoutAsking();
    }

    void setExpiryAndForceReleaseOnSeveralStuckLocks()
    {
        QVERIFY(openWindow());
        raw_->command({"SET", key("stuck:1"), "JJJJJJJJJJJJJJJJJJJJJJ{}"});
        raw_->command({"SET", key("stuck:2"), "KKKKKKKKKKKKKKKKKKKKKK{}"});
        raw_->command({"SET", key("stuck:3"), "LLLLLLLLLLLLLLLLLLLLLL{}"});
        QTableView *view = window_->locksWidget()->view();
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, 10000);
        const auto select = [&](QList<QByteArray> keys) {
            view->selectionModel()->clearSelection();
            for (const QByteArray &name : keys) {
                const QModelIndex index = window_->locksWidget()->proxy()->mapFromSource(
                    model()->index(model()->indexOfKey(name), 0));
                view->selectionModel()->select(index, QItemSelectionModel::Select |
                                                          QItemSelectionModel::Rows);
            }
        };
        select({key("stuck:1"), key("stuck:2")});
        QTRY_VERIFY(window_->setExpiryAction()->isEnabled());

        // Set expiry: one dialog for both, listing them; each gets the ttl, the third is left.
        window_->setExpiryAction()->trigger();
        auto *dialog = waitForDialog<QInputDialog>();
        QVERIFY(dialog);
        QVERIFY(dialog->labelText().contains(QString::fromUtf8(key("stuck:1"))));
        QVERIFY(dialog->labelText().contains(QString::fromUtf8(key("stuck:2"))));
        QVERIFY(!dialog->labelText().contains(QString::fromUtf8(key("stuck:3"))));
        dialog->setTextValue(QStringLiteral("20s"));
        QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        for (const char *name : {"stuck:1", "stuck:2"}) {
            const qint64 pttl = raw_->command({"PTTL", key(name)}).integer;
            QVERIFY2(pttl > 15000 && pttl <= 20000, qPrintable(QString::number(pttl)));
        }
        QCOMPARE(raw_->command({"PTTL", key("stuck:3")}).integer, -1);
        QCOMPARE(window_->auditLog()->entries().constLast().action, LockAction::setExpiry);

        // Force release of two: one confirmation that lists both, then a compare-and-delete each.
        select({key("stuck:2"), key("stuck:3")});
        QTRY_VERIFY(window_->forceReleaseAction()->isEnabled());
        finished.clear();
        window_->forceReleaseAction()->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window_->findChild<QMessageBox *>(QStringLiteral("bulkConfirmation"))) &&
                    box->isVisible());
        QVERIFY(box->informativeText().contains(QString::fromUtf8(key("stuck:2"))));
        QVERIFY(box->informativeText().contains(QString::fromUtf8(key("stuck:3"))));
        for (QAbstractButton *button : box->buttons())
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QCOMPARE(raw_->command({"EXISTS", key("stuck:1")}).integer, 1);
        QCOMPARE(raw_->command({"EXISTS", key("stuck:2")}).integer, 0);
        QCOMPARE(raw_->command({"EXISTS", key("stuck:3")}).integer, 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
