#include "actions/activitymodel.h"
#include "actions/activitywidget.h"
#include "actions/auditlog.h"
#include "common/darkpalette.h"
#include "screenshot.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPalette>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

ActionResult entry(LockAction action, const QByteArray &key, ActionResult::Outcome outcome,
                   const QString &message, int second)
{
    ActionResult r;
    r.action = action;
    r.connection = QStringLiteral("sandbox");
    r.key = key;
    r.value = "Zm9vYmFyYmF6cXV4MTIzNA{}";
    r.outcome = outcome;
    r.message = message;
    r.time = QDateTime(QDate(2024, 5, 1), QTime(12, 0, second, 250), Qt::UTC);
    r.ttlMs = 30'000;
    return r;
}

QStringList shownKeys(QTableView *view)
{
    QStringList keys;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        keys << view->model()->index(row, ActivityModel::KeyColumn).data().toString();
    return keys;
}

} // namespace

// Catches the URLs the widget hands to the desktop, instead of starting a file manager.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls << url; }
};

// The Activity tab: the table as shown, the outcome filter, the log location button and the
// write error line.
class TestActivityWidget : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void showsNewestFirstAndFilters()
    {
        const QString path = dir_.filePath(QStringLiteral("filter/audit.jsonl"));
        AuditLog log(path);
        using Outcome = ActionResult::Outcome;
        log.append(entry(LockAction::obtain, "a", Outcome::done, {}, 1));
        log.append(entry(LockAction::forceRelease, "b", Outcome::changedHands, {}, 2));
        log.append(entry(LockAction::release, "c", Outcome::failed, {}, 3));
        log.append(entry(LockAction::obtain, "d", Outcome::done, {}, 4));

        ActivityWidget widget(&log);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QCOMPARE(shownKeys(widget.view()), (QStringList{QStringLiteral("d"), QStringLiteral("c"),
                                                        QStringLiteral("b"), QStringLiteral("a")}));

        QComboBox *filter = widget.outcomeFilter();
        filter->setCurrentIndex(filter->findText(QStringLiteral("Problems (all but done)")));
        QCOMPARE(shownKeys(widget.view()), (QStringList{QStringLiteral("c"), QStringLiteral("b")}));
        filter->setCurrentIndex(filter->findText(QStringLiteral("done")));
        QCOMPARE(shownKeys(widget.view()), (QStringList{QStringLiteral("d"), QStringLiteral("a")}));
        filter->setCurrentIndex(filter->findText(QStringLiteral("changed hands")));
        QCOMPARE(shownKeys(widget.view()), QStringList{QStringLiteral("b")});

        // A new entry shows up under the current filter only when it matches.
        log.append(entry(LockAction::forceRelease, "e", Outcome::changedHands, {}, 5));
        log.append(entry(LockAction::obtain, "f", Outcome::done, {}, 6));
        QCOMPARE(shownKeys(widget.view()), (QStringList{QStringLiteral("e"), QStringLiteral("b")}));
        filter->setCurrentIndex(0);
        QCOMPARE(widget.view()->model()->rowCount(), 6);
        QCOMPARE(shownKeys(widget.view()).first(), QStringLiteral("f"));
    }

    void opensTheLogFolder()
    {
        const QString path = dir_.filePath(QStringLiteral("open/sub/audit.jsonl"));
        AuditLog log(path);
        ActivityWidget widget(&log);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
        QTest::mouseClick(widget.openLocationButton(), Qt::LeftButton);
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
        QCOMPARE(catcher.urls.size(), 1);
        const QString folder = QFileInfo(path).absolutePath();
        QCOMPARE(catcher.urls[0], QUrl::fromLocalFile(folder));
        QVERIFY(QFileInfo(folder).isDir()); // made, so the file manager has something to show
        QVERIFY(widget.statusLabel()->text().contains(path));
    }

    void showsAWriteFailure()
    {
        QTemporaryDir scratch;
        QVERIFY(QDir(scratch.path()).mkdir(QStringLiteral("audit.jsonl"))); // a folder in the way
        AuditLog log(scratch.filePath(QStringLiteral("audit.jsonl")));
        ActivityWidget widget(&log);
        log.append(entry(LockAction::obtain, "a", ActionResult::Outcome::done, {}, 1));
        QVERIFY(widget.statusLabel()->text().startsWith(QStringLiteral("Audit log: cannot open")));
        QCOMPARE(widget.view()->model()->rowCount(), 1); // still listed

        // Once the disk works again, the line says where the log is again.
        QVERIFY(QDir(scratch.path()).rmdir(QStringLiteral("audit.jsonl")));
        log.append(entry(LockAction::obtain, "b", ActionResult::Outcome::done, {}, 2));
        QCOMPARE(widget.statusLabel()->text(), QStringLiteral("Log: ") + log.path());
        QCOMPARE(widget.view()->model()->rowCount(), 2);
    }

    void screenshot()
    {
        const QString path = dir_.filePath(QStringLiteral("shot/audit.jsonl"));
        AuditLog log(path);
        using Outcome = ActionResult::Outcome;
        log.append(entry(LockAction::obtain, "shop:orders:42", Outcome::done,
                         QStringLiteral("obtained for 30s"), 1));
        log.append(entry(LockAction::obtain, "shop:stock:7", Outcome::notObtained,
                         QStringLiteral("held by another token after 5 retries"), 2));
        log.append(entry(LockAction::refresh, "shop:orders:42", Outcome::done,
                         QStringLiteral("refreshed for 30s"), 3));
        log.append(entry(LockAction::forceRelease, "billing:invoice:9", Outcome::changedHands,
                         QStringLiteral("the lock changed hands since it was shown; nothing "
                                        "deleted"),
                         4));
        log.append(entry(LockAction::deleteRegardless, QByteArray("bin:\xff\x01", 6), Outcome::done,
                         QStringLiteral("deleted"), 5));
        log.append(entry(LockAction::release, "shop:orders:42", Outcome::refused,
                         QStringLiteral("read-only connection"), 6));
        log.append(entry(LockAction::obtain, "shop:orders:43", Outcome::failed,
                         QStringLiteral("connection refused"), 7));

        ActivityWidget widget(&log);
        widget.resize(1000, 320);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QVERIFY(!grabScreenshot(&widget, QStringLiteral("activitywidget")).isNull());

        // The outcome colours have to read on a dark palette as well.
        const QPalette dark = darkPalette();
        widget.setPalette(dark);
        QVERIFY(!grabScreenshot(&widget, QStringLiteral("activitywidget-dark")).isNull());
    }
};

QTEST_MAIN(TestActivityWidget)
#include "tst_activitywidget.moc"
