#include "actions/obtaindialog.h"
#include "screenshot.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

// The obtain dialog, driven through its real widgets: what the operator types, the one-line
// error and OK's state, and the request it produces.
class TestObtainDialog : public QObject
{
    Q_OBJECT

private:
    // keyClicks() takes Latin-1 only; other characters go in as key events carrying their text.
    static void typeText(QWidget *widget, const QString &text)
    {
        for (const QChar c : text) {
            if (c.unicode() < 0x80)
                QTest::keyClick(widget, char(c.unicode()));
            else
                QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c),
                                    Qt::NoModifier);
        }
    }
    // Replaces a line edit's text by typing, as a person would.
    static void retype(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        typeText(edit, text);
    }
    static void retype(QPlainTextEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        // keyClicks sends '\n' as a character; Return is what makes a new line.
        const QStringList lines = text.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i > 0)
                QTest::keyClick(edit, Qt::Key_Return);
            typeText(edit, lines[i]);
        }
    }

private Q_SLOTS:
    void validation_data()
    {
        QTest::addColumn<QString>("keys");
        QTest::addColumn<QString>("ttl");
        QTest::addColumn<QString>("retry");
        QTest::addColumn<QString>("error"); // a part of the error line; empty: valid
        const QString key = QStringLiteral("shop:orders:42");
        const QString none = QStringLiteral("none");

        QTest::newRow("valid") << key << QStringLiteral("10s") << none << QString();
        QTest::newRow("ttl 500ms") << key << QStringLiteral("500ms") << none << QString();
        QTest::newRow("ttl 1m30s") << key << QStringLiteral("1m30s") << none << QString();
        QTest::newRow("ttl 1ms") << key << QStringLiteral("1ms") << none << QString();
        QTest::newRow("ttl 0") << key << QStringLiteral("0") << none
                               << QStringLiteral("at least 1ms");
        QTest::newRow("ttl 999us")
            << key << QStringLiteral("999us") << none << QStringLiteral("at least 1ms");
        QTest::newRow("ttl -1s") << key << QStringLiteral("-1s") << none
                                 << QStringLiteral("invalid duration \"-1s\"");
        QTest::newRow("ttl abc") << key << QStringLiteral("abc") << none
                                 << QStringLiteral("invalid duration \"abc\"");
        QTest::newRow("ttl without unit")
            << key << QStringLiteral("500") << none << QStringLiteral("invalid duration");
        QTest::newRow("ttl empty")
            << key << QString() << none << QStringLiteral("invalid duration");
        QTest::newRow("no key") << QString() << QStringLiteral("10s") << none
                                << QStringLiteral("Enter a key");
        QTest::newRow("blank lines only") << QStringLiteral("  \n\n ") << QStringLiteral("10s")
                                          << none << QStringLiteral("Enter a key");
        QTest::newRow("key twice") << QStringLiteral("a\nb\na") << QStringLiteral("10s") << none
                                   << QStringLiteral("The key a is listed twice");
        QTest::newRow("no key and bad ttl: the key first")
            << QString() << QStringLiteral("abc") << none << QStringLiteral("Enter a key");
        QTest::newRow("linear") << key << QStringLiteral("10s") << QStringLiteral("linear(100ms)")
                                << QString();
        QTest::newRow("limit") << key << QStringLiteral("10s")
                               << QStringLiteral("limit(exponential(16ms,1s),5)") << QString();
        QTest::newRow("seeded jitter") << key << QStringLiteral("10s")
                                       << QStringLiteral("fulljitter(16ms, 1s, 42)") << QString();
        QTest::newRow("decorrelated")
            << key << QStringLiteral("10s") << QStringLiteral("decorrelated(16ms,1s)") << QString();
        QTest::newRow("unknown strategy")
            << key << QStringLiteral("10s") << QStringLiteral("quadratic(1s)")
            << QStringLiteral("Retry: invalid retry spec");
        QTest::newRow("missing argument")
            << key << QStringLiteral("10s") << QStringLiteral("exponential(16ms)")
            << QStringLiteral("Retry: invalid retry spec");
        QTest::newRow("bad duration inside")
            << key << QStringLiteral("10s") << QStringLiteral("linear(fast)")
            << QStringLiteral("invalid duration \"fast\"");
        QTest::newRow("unclosed") << key << QStringLiteral("10s")
                                  << QStringLiteral("limit(linear(1ms),3")
                                  << QStringLiteral("Retry: invalid retry spec");
        QTest::newRow("empty retry") << key << QStringLiteral("10s") << QString()
                                     << QStringLiteral("Retry: invalid retry spec");
    }
    void validation()
    {
        QFETCH(QString, keys);
        QFETCH(QString, ttl);
        QFETCH(QString, retry);
        QFETCH(QString, error);

        ObtainDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        retype(dialog.keysEdit(), keys);
        retype(dialog.ttlEdit(), ttl);
        retype(dialog.retryCombo()->lineEdit(), retry);

        const QString shown = dialog.errorLabel()->text();
        if (error.isEmpty()) {
            QCOMPARE(shown, QString());
            QVERIFY(dialog.okButton()->isEnabled());
            QVERIFY(dialog.isValid());
        } else {
            QVERIFY2(shown.contains(error), qPrintable(shown));
            QVERIFY(!shown.contains(u'\n')); // one line
            QVERIFY(!dialog.okButton()->isEnabled());
            QVERIFY(!dialog.isValid());
        }
    }

    // Enter on an invalid form does not accept; once fixed, it does.
    void enterOnlyAcceptsValidInput()
    {
        ObtainDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        retype(dialog.ttlEdit(), QStringLiteral("0"));
        QTest::keyClick(dialog.ttlEdit(), Qt::Key_Return);
        QCOMPARE(accepted.size(), 0);
        QVERIFY(dialog.isVisible());

        retype(dialog.keysEdit(), QStringLiteral("k"));
        retype(dialog.ttlEdit(), QStringLiteral("2s"));
        QTest::keyClick(dialog.ttlEdit(), Qt::Key_Return);
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void requestCarriesEveryField()
    {
        ObtainDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        retype(dialog.keysEdit(), QStringLiteral("  shop:orders:42 \n\nshop:stock:7\nshop:ü"));
        retype(dialog.ttlEdit(), QStringLiteral("1m30s"));
        retype(dialog.metadataEdit(), QStringLiteral("{\"owner\": \"ops\"}"));
        retype(dialog.tokenEdit(), QStringLiteral("maintenance-token"));
        retype(dialog.retryCombo()->lineEdit(),
               QStringLiteral(" limit( exponential(16ms, 1s) ,5)"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));

        const ObtainRequest request = dialog.request();
        const QList<QByteArray> keys{"shop:orders:42", "shop:stock:7", "shop:\xc3\xbc"};
        QCOMPARE(request.keys, keys);
        QCOMPARE(request.ttlMs, 90'000);
        QCOMPARE(request.metadata, QByteArray("{\"owner\": \"ops\"}"));
        QCOMPARE(request.token, QByteArray("maintenance-token"));
        // The spec as the core writes it, so the session and the audit log see one spelling.
        QCOMPARE(request.retrySpec, QStringLiteral("limit(exponential(16ms,1s),5)"));
    }

    void emptyTokenMeansRandom()
    {
        ObtainDialog dialog;
        dialog.setKey("k");
        QVERIFY(dialog.isValid());
        QVERIFY(dialog.request().token.isEmpty());
        QVERIFY(dialog.request().metadata.isEmpty());
        QCOMPARE(dialog.request().retrySpec, QStringLiteral("none"));
        QCOMPARE(dialog.request().ttlMs, 10'000); // the default
        QVERIFY(!dialog.tokenEdit()->placeholderText().isEmpty());
    }

    void subMillisecondTtlIsRoundedDownAsTheCoreDoes()
    {
        ObtainDialog dialog;
        dialog.setKey("k");
        retype(dialog.ttlEdit(), QStringLiteral("1.5ms"));
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.request().ttlMs, 1);
    }

    void setKeyPrefills()
    {
        ObtainDialog dialog;
        QVERIFY(!dialog.isValid());
        dialog.setKey("shop:orders:42");
        QCOMPARE(dialog.keysEdit()->toPlainText(), QStringLiteral("shop:orders:42"));
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.request().keys, QList<QByteArray>{"shop:orders:42"});
    }

    void metadataNote_data()
    {
        QTest::addColumn<QString>("metadata");
        QTest::addColumn<QString>("note");
        QTest::newRow("empty") << QString() << QStringLiteral("No metadata");
        QTest::newRow("object") << QStringLiteral("{\"a\": [1, 2]}")
                                << QStringLiteral("Valid JSON");
        QTest::newRow("array") << QStringLiteral("[1,2]") << QStringLiteral("Valid JSON");
        QTest::newRow("text") << QStringLiteral("owner=ops") << QStringLiteral("not JSON");
        QTest::newRow("broken json") << QStringLiteral("{\"a\": ") << QStringLiteral("not JSON");
    }
    void metadataNote()
    {
        QFETCH(QString, metadata);
        QFETCH(QString, note);
        ObtainDialog dialog;
        dialog.setKey("k");
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        retype(dialog.metadataEdit(), metadata);
        QVERIFY2(dialog.metadataLabel()->text().contains(note),
                 qPrintable(dialog.metadataLabel()->text()));
        QVERIFY(dialog.isValid()); // metadata never blocks
        QCOMPARE(dialog.request().metadata, metadata.toUtf8());
    }

    void retryNote_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("note");
        QTest::newRow("none") << QStringLiteral("none")
                              << QStringLiteral("none — a single attempt");
        QTest::newRow("limited linear")
            << QStringLiteral("limit(linear(100ms),2)")
            << QStringLiteral("limit(linear(100ms),2) — waits 100ms, 100ms, then gives up");
        QTest::newRow("exponential")
            << QStringLiteral("exponential(16ms,1s)")
            << QStringLiteral("exponential(16ms,1s) — waits 16ms, 16ms, 16ms, 32ms, 64ms, 128ms, "
                              "… until the ttl runs out");
    }
    void retryNote()
    {
        QFETCH(QString, spec);
        QFETCH(QString, note);
        ObtainDialog dialog;
        dialog.setKey("k");
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        retype(dialog.retryCombo()->lineEdit(), spec);
        QVERIFY2(dialog.retryLabel()->text().startsWith(note),
                 qPrintable(dialog.retryLabel()->text()));
    }

    void presetsAreOfferedAndValid()
    {
        ObtainDialog dialog;
        dialog.setKey("k");
        QComboBox *combo = dialog.retryCombo();
        QCOMPARE(combo->count(), ObtainDialog::retryPresets().size());
        for (int i = 0; i < combo->count(); ++i) {
            combo->setCurrentIndex(i);
            QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
            QCOMPARE(dialog.request().retrySpec, combo->itemText(i));
        }
        // Picking a preset after an invalid spec clears the error.
        retype(combo->lineEdit(), QStringLiteral("nonsense"));
        QVERIFY(!dialog.isValid());
        combo->setCurrentIndex(2);
        QCOMPARE(combo->currentText(), QStringLiteral("exponential(16ms,1s)"));
        QVERIFY(dialog.isValid());
    }

    // Modal use, as the main window does it: exec() and a click on the real OK button.
    void execAcceptsWithOk()
    {
        ObtainDialog dialog;
        dialog.setKey("shop:orders:42");
        QTimer::singleShot(0, &dialog,
                           [&dialog] { QTest::mouseClick(dialog.okButton(), Qt::LeftButton); });
        QCOMPARE(dialog.exec(), int(QDialog::Accepted));
        QCOMPARE(dialog.request().keys, QList<QByteArray>{"shop:orders:42"});
    }

    void execCancelsWithEscape()
    {
        ObtainDialog dialog;
        dialog.setKey("k");
        QTimer::singleShot(0, &dialog, [&dialog] { QTest::keyClick(&dialog, Qt::Key_Escape); });
        QCOMPARE(dialog.exec(), int(QDialog::Rejected));
    }

    void screenshot()
    {
        ObtainDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        retype(dialog.keysEdit(), QStringLiteral("shop:orders:42\nshop:stock:7"));
        retype(dialog.ttlEdit(), QStringLiteral("30s"));
        retype(dialog.metadataEdit(),
               QStringLiteral("{\"owner\": \"ops\", \"reason\": \"reindex\"}"));
        dialog.retryCombo()->setCurrentIndex(3);
        QVERIFY(dialog.isValid());
        const QPixmap valid = grabScreenshot(&dialog, QStringLiteral("obtaindialog"));
        QVERIFY(!valid.isNull());

        retype(dialog.ttlEdit(), QStringLiteral("-1s"));
        QVERIFY(!dialog.isValid());
        const QPixmap invalid = grabScreenshot(&dialog, QStringLiteral("obtaindialog-invalid"));
        QCOMPARE(invalid.size(), valid.size()); // the error line does not resize the dialog
    }
};

QTEST_MAIN(TestObtainDialog)
#include "tst_obtaindialog.moc"
