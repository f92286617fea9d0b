#include "actions/forcereleasedialog.h"
#include "screenshot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

namespace {

// A lock as redislock writes it: 22 characters of token, then the metadata.
LockSnapshot redislockLock(const QByteArray &key, const QByteArray &metadata, qint64 ttlMs = 8200)
{
    LockSnapshot lock;
    lock.key = key;
    lock.value = QByteArrayLiteral("Zm9vYmFyYmF6cXV4MTIzNA") + metadata;
    lock.valueSize = lock.value.size();
    lock.ttlMs = ttlMs;
    lock.format = redislock::LockFormat::redislock;
    lock.tokenLength = 22;
    return lock;
}

// A Redisson read-write lock as the scanner reads it: a writer that also reads, and a reader.
LockSnapshot redissonLock(bool complete = true)
{
    redislock::LockRecord record;
    record.key = "shop:redisson:catalog";
    record.type = "hash";
    record.ttlMs = 30000;
    record.hash = {{"mode", "write"},
                   {"2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57:write", "2"},
                   {"2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57", "1"}};
    record.hashComplete = complete;
    record.classify(0);
    return LockSnapshot::fromRecord(record);
}

} // namespace

// The force-release confirmation, driven through its real buttons: what it shows, that Enter
// cancels, and that "delete regardless" needs its own confirmation.
class TestForceReleaseDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheLockAsRead()
    {
        const LockSnapshot lock =
            redislockLock("shop:orders:42", R"({"owner":"billing-7","pid":4711})");
        ForceReleaseDialog dialog(lock);
        QCOMPARE(dialog.keyLabel()->text(), QStringLiteral("shop:orders:42"));
        QCOMPARE(dialog.tokenLabel()->text(), QStringLiteral("Zm9vYmFyYmF6cXV4MTIzNA"));
        // Pretty JSON: one field per line, indented.
        const QString metadata = dialog.metadataView()->toPlainText();
        QVERIFY2(metadata.contains(QStringLiteral("\n    \"owner\": \"billing-7\",\n")),
                 qPrintable(metadata));
        QCOMPARE(dialog.valueView()->toPlainText(), QString::fromUtf8(lock.value));
        QCOMPARE(dialog.ttlLabel()->text(), QStringLiteral("8.2 s left"));
        QVERIFY(dialog.windowTitle().contains(QStringLiteral("shop:orders:42")));
        QCOMPARE(dialog.snapshot().value, lock.value);
        QVERIFY(dialog.forceReleaseButton()->isEnabled());
        // It says what force release does and what happens when the lock changed hands.
        bool explained = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            explained |= label->text().contains(QStringLiteral("compare-and-delete")) &&
                         label->text().contains(QStringLiteral("changed hands meanwhile"));
        QVERIFY(explained);
    }

    void escapesBytesThatAreNotUtf8()
    {
        LockSnapshot lock = redislockLock(QByteArray("bin:\xff\x00k", 7), "meta\x01\xfe");
        lock.value.append("\xc3\xa9"); // a whole UTF-8 sequence stays readable
        lock.valueSize = lock.value.size();
        ForceReleaseDialog dialog(lock);
        QCOMPARE(dialog.keyLabel()->text(), QStringLiteral("bin:\\xff\\x00k"));
        QCOMPARE(dialog.metadataView()->toPlainText(), QStringLiteral("meta\\x01\\xfe\u00e9"));
        QCOMPARE(dialog.valueView()->toPlainText(),
                 QStringLiteral("Zm9vYmFyYmF6cXV4MTIzNAmeta\\x01\\xfe\u00e9"));
        // The exact bytes stay what compare-and-delete uses.
        QCOMPARE(dialog.snapshot().value, lock.value);
        QCOMPARE(dialog.snapshot().key, QByteArray("bin:\xff\x00k", 7));
    }

    void escaping_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("shown");
        QTest::newRow("ascii") << QByteArray("shop:orders:42") << QStringLiteral("shop:orders:42");
        QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9:\xe9\x94\x81:\xf0\x9f\x94\x92")
                               << QStringLiteral("caf\u00e9:\u9501:\U0001F512");
        QTest::newRow("invalid") << QByteArray("\xff\xc3(") << QStringLiteral("\\xff\\xc3(");
        QTest::newRow("zero-width space")
            << QByteArray("a\xe2\x80\x8b") << QStringLiteral("a\\xe2\\x80\\x8b");
    }
    void escaping()
    {
        QFETCH(QByteArray, key);
        QFETCH(QString, shown);
        LockSnapshot lock = redislockLock(key, "{}");
        ForceReleaseDialog dialog(lock);
        QCOMPARE(dialog.keyLabel()->text(), shown);
    }

    void rawValueHasNoToken()
    {
        LockSnapshot lock;
        lock.key = "legacy:lock";
        lock.value = "host-1:4711";
        lock.valueSize = lock.value.size();
        lock.ttlMs = -1;
        ForceReleaseDialog dialog(lock);
        QVERIFY(dialog.tokenLabel()->text().contains(QStringLiteral("none")));
        QCOMPARE(dialog.valueView()->toPlainText(), QStringLiteral("host-1:4711"));
        QCOMPARE(dialog.ttlLabel()->text(), QStringLiteral("no expiry (stuck)"));
        QVERIFY(dialog.forceReleaseButton()->isEnabled());
    }

    void ttlText_data()
    {
        QTest::addColumn<qint64>("ttlMs");
        QTest::addColumn<QString>("text");
        QTest::newRow("stuck") << qint64(-1) << QStringLiteral("no expiry (stuck)");
        QTest::newRow("gone") << qint64(-2) << QStringLiteral("gone");
        QTest::newRow("ms") << qint64(250) << QStringLiteral("250 ms left");
        QTest::newRow("seconds") << qint64(8249) << QStringLiteral("8.2 s left");
        QTest::newRow("minutes") << qint64(125'000) << QStringLiteral("2 min 5 s left");
        QTest::newRow("hours") << qint64(7'500'000) << QStringLiteral("2 h 5 min left");
    }
    void ttlText()
    {
        QFETCH(qint64, ttlMs);
        QFETCH(QString, text);
        QCOMPARE(ForceReleaseDialog::ttlText(ttlMs), text);
    }

    void cancelIsTheDefault()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.cancelButton()->isDefault());
        QVERIFY(!dialog.forceReleaseButton()->isDefault());
        QVERIFY(!dialog.forceReleaseButton()->autoDefault());
        QVERIFY(!dialog.deleteRegardlessButton()->autoDefault());

        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::cancelled);
    }

    // Enter stays harmless even with focus on the destructive buttons' neighbours.
    void enterAfterOpeningTheDeletePanelStillCancels()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::mouseClick(dialog.deleteRegardlessButton(), Qt::LeftButton);
        QTest::mouseClick(dialog.confirmDeleteCheckBox(), Qt::LeftButton);
        dialog.confirmDeleteCheckBox()->setFocus();
        QTest::keyClick(dialog.confirmDeleteCheckBox(), Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::cancelled);
    }

    void forceReleaseChoosesCompareAndDelete()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(dialog.forceReleaseButton(), Qt::LeftButton);
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::compareAndDelete);
    }

    void cancelButtonCancels()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::cancelled);
    }

    void deleteRegardlessNeedsASecondConfirmation()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy finished(&dialog, &QDialog::finished);
        QVERIFY(!dialog.confirmDeletePanel()->isVisible());

        // The first button only opens the confirmation.
        QTest::mouseClick(dialog.deleteRegardlessButton(), Qt::LeftButton);
        QVERIFY(dialog.confirmDeletePanel()->isVisible());
        QCOMPARE(finished.size(), 0);
        QVERIFY(!dialog.confirmDeleteButton()->isEnabled());

        // Without the checkbox the confirm button does nothing.
        QTest::mouseClick(dialog.confirmDeleteButton(), Qt::LeftButton);
        QCOMPARE(finished.size(), 0);
        QVERIFY(dialog.isVisible());

        QTest::mouseClick(dialog.confirmDeleteCheckBox(), Qt::LeftButton);
        QVERIFY(dialog.confirmDeleteCheckBox()->isChecked());
        QVERIFY(dialog.confirmDeleteButton()->isEnabled());
        QTest::mouseClick(dialog.confirmDeleteButton(), Qt::LeftButton);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::deleteRegardless);
    }

    // Closing the panel forgets the checkbox: reopening asks again.
    void closingThePanelResetsTheConfirmation()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::mouseClick(dialog.deleteRegardlessButton(), Qt::LeftButton);
        QTest::mouseClick(dialog.confirmDeleteCheckBox(), Qt::LeftButton);
        QVERIFY(dialog.confirmDeleteButton()->isEnabled());
        QTest::mouseClick(dialog.deleteRegardlessButton(), Qt::LeftButton);
        QVERIFY(!dialog.confirmDeletePanel()->isVisible());
        QTest::mouseClick(dialog.deleteRegardlessButton(), Qt::LeftButton);
        QVERIFY(!dialog.confirmDeleteCheckBox()->isChecked());
        QVERIFY(!dialog.confirmDeleteButton()->isEnabled());
    }

    void cutShortValueCannotBeCompared()
    {
        LockSnapshot lock = redislockLock("big", QByteArray(100, 'x'));
        lock.valueSize = lock.value.size() + 5000;
        ForceReleaseDialog dialog(lock);
        QVERIFY(!dialog.forceReleaseButton()->isEnabled());
        QVERIFY(!dialog.forceReleaseUnavailableReason().isEmpty());
        QVERIFY(dialog.deleteRegardlessButton()->isEnabled());
    }

    void otherTypesCannotBeCompared()
    {
        LockSnapshot lock;
        lock.key = "a:hash";
        lock.mutableExtra().type = "hash";
        lock.ttlMs = 1000;
        ForceReleaseDialog dialog(lock);
        QVERIFY(!dialog.forceReleaseButton()->isEnabled());
        QVERIFY(dialog.forceReleaseUnavailableReason().contains(QStringLiteral("hash")));
    }

    // A Redisson hash: its fields are what is compared, and the operator picks the holder that
    // goes; the one picked is what the dialog hands on.
    void redissonHashOffersItsHolders()
    {
        ForceReleaseDialog dialog(redissonLock());
        QVERIFY(dialog.forceReleaseButton()->isEnabled());
        QVERIFY(dialog.forceReleaseUnavailableReason().isEmpty());
        QComboBox *holders = dialog.holderBox();
        QVERIFY(holders);
        QCOMPARE(holders->count(), 2);
        QCOMPARE(holders->itemText(0),
                 QStringLiteral("client 2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80, thread 57, held 2× "
                                "(writer)"));
        QCOMPARE(holders->itemText(1),
                 QStringLiteral("client 2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80, thread 57, held 1× "
                                "(reader)"));
        QCOMPARE(dialog.chosenHolder(),
                 QByteArray("2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57:write"));
        holders->setCurrentIndex(1);
        QCOMPARE(dialog.chosenHolder(), QByteArray("2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57"));
        QVERIFY(dialog.valueView()->toPlainText().contains(QStringLiteral("mode = write")));
        QTest::mouseClick(dialog.forceReleaseButton(), Qt::LeftButton);
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::compareAndDelete);

        // A string lock has no holder to pick.
        ForceReleaseDialog string(redislockLock("k", "{}"));
        QVERIFY(!string.holderBox());
        QVERIFY(string.chosenHolder().isEmpty());
        // A hash read only in part cannot be compared.
        ForceReleaseDialog part(redissonLock(false));
        QVERIFY(!part.forceReleaseButton()->isEnabled());
        QVERIFY(part.forceReleaseUnavailableReason().contains(QStringLiteral("part of the hash")));
    }

    // Modal use, as the main window does it: exec() and clicks on the real buttons.
    void execWithForceRelease()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        QTimer::singleShot(0, &dialog, [&dialog] {
            QTest::mouseClick(dialog.forceReleaseButton(), Qt::LeftButton);
        });
        QCOMPARE(dialog.exec(), int(QDialog::Accepted));
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::compareAndDelete);
    }

    void execWithDeleteRegardless()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        QTimer::singleShot(0, &dialog, [&dialog] {
            QTest::mouseClick(dialog.deleteRegardlessButton(), Qt::LeftButton);
            QTest::mouseClick(dialog.confirmDeleteCheckBox(), Qt::LeftButton);
            QTest::mouseClick(dialog.confirmDeleteButton(), Qt::LeftButton);
        });
        QCOMPARE(dialog.exec(), int(QDialog::Accepted));
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::deleteRegardless);
    }

    void execWithEscape()
    {
        ForceReleaseDialog dialog(redislockLock("k", "{}"));
        QTimer::singleShot(0, &dialog, [&dialog] { QTest::keyClick(&dialog, Qt::Key_Escape); });
        QCOMPARE(dialog.exec(), int(QDialog::Rejected));
        QCOMPARE(dialog.choice(), ForceReleaseDialog::Choice::cancelled);
    }

    void screenshot()
    {
        ForceReleaseDialog dialog(redislockLock(
            "shop:orders:42",
            R"({"service":"billing","host":"billing-7","pid":4711,"since":"2024-05-01T12:00:00Z"})",
            8200));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!grabScreenshot(&dialog, QStringLiteral("forcereleasedialog")).isNull());
        const int width = dialog.width();
        QTest::mouseClick(dialog.deleteRegardlessButton(), Qt::LeftButton);
        QTest::mouseClick(dialog.confirmDeleteCheckBox(), Qt::LeftButton);
        // Opening the panel keeps the width and makes room for all of it.
        QCOMPARE(dialog.width(), width);
        QVERIFY(dialog.cancelButton()->geometry().bottom() < dialog.height());
        QVERIFY(dialog.confirmDeletePanel()->geometry().bottom() <
                dialog.cancelButton()->geometry().top());
        QVERIFY(!grabScreenshot(&dialog, QStringLiteral("forcereleasedialog-delete")).isNull());

        LockSnapshot binary = redislockLock(QByteArray("bin:\xff\x00k", 7), "meta\x01\xfe");
        binary.valueSize = 4096;
        binary.ttlMs = -1;
        ForceReleaseDialog other(binary);
        other.show();
        QVERIFY(QTest::qWaitForWindowExposed(&other));
        QVERIFY(!grabScreenshot(&other, QStringLiteral("forcereleasedialog-binary")).isNull());

        ForceReleaseDialog redisson(redissonLock());
        redisson.show();
        QVERIFY(QTest::qWaitForWindowExposed(&redisson));
        QVERIFY(!grabScreenshot(&redisson, QStringLiteral("forcereleasedialog-redisson")).isNull());
    }
};

QTEST_MAIN(TestForceReleaseDialog)
#include "tst_forcereleasedialog.moc"
