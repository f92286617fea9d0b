// The inspector as an operator uses it: the real main window, its dialogs and a real
// redis-server with keyspace notifications, driven with QTest offscreen.
#include "actions/auditlog.h"
#include "actions/forcereleasedialog.h"
#include "actions/obtaindialog.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "mainwindow.h"
#include "session/inspectorsession.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
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
    bool openWindow(bool readOnly = false)
    {
        dir_ = std::make_unique<QTemporaryDir>();
        window_ = std::make_unique<MainWindow>(dir_->filePath(QStringLiteral("audit.jsonl")),
                                               dir_->filePath(QStringLiteral("settings.ini")));
        window_->setAppReadOnly(readOnly);
        window_->show();
        prefix_ = QString::fromStdString(uniqueKey("mw"));
        ConnectionProfile profile;
        profile.name = QStringLiteral("test");
        profile.url = server_->url();
        profile.prefix = prefix_;
        window_->openConnection(profile);
        return QTest::qWaitFor(
            [this] { return window_->session()->state() == InspectorSession::State::connected; },
            10000);
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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
