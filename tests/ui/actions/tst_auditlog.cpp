#include "actions/auditlog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

ActionResult result(const QByteArray &key, ActionResult::Outcome outcome,
                    LockAction action = LockAction::obtain, const QByteArray &value = "tok{}")
{
    ActionResult r;
    r.id = 7;
    r.action = action;
    r.connection = QStringLiteral("sandbox");
    r.key = key;
    r.value = value;
    r.outcome = outcome;
    r.message = QStringLiteral("obtained for 2s");
    r.time = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 123), Qt::UTC);
    r.ttlMs = 2000;
    return r;
}

QList<QByteArray> fileLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QJsonObject parse(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s (%s)", line.constData(), qPrintable(error.errorString()));
    return document.object();
}

} // namespace

// The audit log on disk: one parseable JSON object per line, append-only, read back on start,
// and a failing disk reported without losing the entry from view.
class TestAuditLog : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    QString path() const { return dir_.filePath(QStringLiteral("audit.jsonl")); }

private Q_SLOTS:
    void init() { QFile::remove(path()); }

    void writesOneJsonObjectPerLine()
    {
        AuditLog log(path());
        QCOMPARE(log.path(), path());
        QVERIFY(!QFile::exists(path())); // nothing is created before there is something to say
        QSignalSpy appended(&log, &AuditLog::appended);
        QVERIFY(log.append(result("shop:orders:42", ActionResult::Outcome::done)));
        QVERIFY(log.append(result("shop:orders:43", ActionResult::Outcome::changedHands,
                                  LockAction::forceRelease)));
        QCOMPARE(appended.size(), 2);

        const QList<QByteArray> lines = fileLines(path());
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = parse(lines[0]);
        QCOMPARE(first[u"time"].toString(), QStringLiteral("2024-05-01T12:00:00.123Z"));
        QCOMPARE(first[u"connection"].toString(), QStringLiteral("sandbox"));
        QCOMPARE(first[u"action"].toString(), QStringLiteral("obtain"));
        QCOMPARE(first[u"key"].toString(), QStringLiteral("shop:orders:42"));
        QCOMPARE(first[u"value"].toString(), QStringLiteral("tok{}"));
        QCOMPARE(first[u"outcome"].toString(), QStringLiteral("done"));
        QCOMPARE(first[u"message"].toString(), QStringLiteral("obtained for 2s"));
        QCOMPARE(first[u"ttl_ms"].toInteger(), 2000);
        const QJsonObject second = parse(lines[1]);
        QCOMPARE(second[u"action"].toString(), QStringLiteral("force-release"));
        QCOMPARE(second[u"outcome"].toString(), QStringLiteral("changed-hands"));
        // The fields in their documented order, time first, for people reading with tail -f.
        QVERIFY(lines[0].startsWith("{\"time\":\"2024-05-01T12:00:00.123Z\",\"user\":"));
    }

    void recordsWhoAndWhere()
    {
        AuditLog log(path());
        log.append(result("k", ActionResult::Outcome::done));
        const QJsonObject entry = parse(fileLines(path()).value(0));
        QVERIFY(!AuditLog::user().isEmpty());
        QVERIFY(!AuditLog::host().isEmpty());
        QCOMPARE(entry[u"user"].toString(), AuditLog::user());
        QCOMPARE(entry[u"host"].toString(), AuditLog::host());
        AuditLog reopened(path());
        QCOMPARE(reopened.entries().value(0).user, AuditLog::user());
        QCOMPARE(reopened.entries().value(0).host, AuditLog::host());
    }

    void theFileIsTheOwnersAlone()
    {
        // Also a log an older version left readable by everyone is narrowed.
        {
            QFile old(path());
            QVERIFY(old.open(QIODevice::WriteOnly));
            QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                       QFileDevice::ReadGroup | QFileDevice::ReadOther));
        }
        for (int i = 0; i < 2; ++i) {
            if (i == 1)
                QFile::remove(path()); // and a new one is created so
            AuditLog log(path());
            QVERIFY(log.append(result("k", ActionResult::Outcome::done)));
            QCOMPARE(QFile::permissions(path()) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }

    void messagesAreEnglishAndTranslatedForDisplay()
    {
        // The message's source and arguments go with it, so that the Activity tab can show it
        // in the operator's language while the file stays in one language.
        ActionResult entry = result("shop:%2:x", ActionResult::Outcome::notObtained);
        entry.setMessage({QByteArrayLiteral("ActionWorker"),
                          QByteArrayLiteral("Not obtained: %1 is held by another token (%n "
                                            "attempt(s))"),
                          {QStringLiteral("shop:%2:x")},
                          3});
        QCOMPARE(entry.message,
                 QStringLiteral("Not obtained: shop:%2:x is held by another token (3 attempt(s))"));
        {
            AuditLog log(path());
            log.append(entry);
        }
        const QJsonObject line = parse(fileLines(path()).value(0));
        QCOMPARE(line[u"message"].toString(), entry.message);
        QCOMPARE(line[u"message_source"][u"context"].toString(), QStringLiteral("ActionWorker"));
        QCOMPARE(line[u"message_source"][u"n"].toInt(), 3);
        AuditLog reopened(path());
        const ActionResult back = reopened.entries().value(0);
        QCOMPARE(back.text.source, entry.text.source);
        QCOMPARE(back.text.args, entry.text.args);
        QCOMPARE(back.displayMessage(), entry.message); // no translator installed: English
    }

    void newActionsAndOutcomesRoundTrip_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("outcome");
        QTest::newRow("set-expiry done")
            << int(LockAction::setExpiry) << int(ActionResult::Outcome::done);
        QTest::newRow("harness-run started")
            << int(LockAction::harnessRun) << int(ActionResult::Outcome::started);
        QTest::newRow("harness-run cancelled")
            << int(LockAction::harnessRun) << int(ActionResult::Outcome::cancelled);
    }

    void newActionsAndOutcomesRoundTrip()
    {
        QFETCH(int, action);
        QFETCH(int, outcome);
        {
            AuditLog log(path());
            log.append(result("k", ActionResult::Outcome(outcome), LockAction(action)));
        }
        AuditLog reopened(path());
        QCOMPARE(reopened.unreadableLines(), 0);
        QCOMPARE(int(reopened.entries().value(0).action), action);
        QCOMPARE(int(reopened.entries().value(0).outcome), outcome);
    }

    void timeIsUtcWithMilliseconds()
    {
        AuditLog log(path());
        ActionResult local = result("k", ActionResult::Outcome::done);
        local.time = QDateTime(QDate(2024, 5, 1), QTime(14, 0, 0, 5), Qt::OffsetFromUTC, 7200);
        log.append(local);
        ActionResult unset = result("k", ActionResult::Outcome::done);
        unset.time = {};
        log.append(unset); // stamped when appended
        const QList<QByteArray> lines = fileLines(path());
        QCOMPARE(parse(lines[0])[u"time"].toString(), QStringLiteral("2024-05-01T12:00:00.005Z"));
        static const QRegularExpression iso(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
        QVERIFY(iso.match(parse(lines[1])[u"time"].toString()).hasMatch());
        QVERIFY(log.entries().last().time.isValid());
    }

    void bytes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("asString");
        QTest::newRow("ascii") << QByteArray("shop:orders:42") << true;
        QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9:\xe9\x94\x81") << true;
        QTest::newRow("quotes and controls") << QByteArray("a\"b\\c\nd\te\x01") << true;
        QTest::newRow("nul") << QByteArray("a\0b", 3) << true;
        QTest::newRow("invalid utf-8") << QByteArray("tok\xff\xfe\x00z", 7) << false;
        QTest::newRow("cut sequence") << QByteArray("caf\xc3") << false;
        QTest::newRow("bom kept") << QByteArray("\xef\xbb\xbfx") << true;
        QTest::newRow("empty") << QByteArray() << true;
    }
    void bytes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, asString);
        {
            AuditLog log(path());
            log.append(
                result(bytes, ActionResult::Outcome::done, LockAction::deleteRegardless, bytes));
        }
        const QList<QByteArray> lines = fileLines(path());
        QCOMPARE(lines.size(), 1);
        const QJsonObject object = parse(lines[0]);
        for (const auto field : {u"key", u"value"}) {
            const QJsonValue value = object[field];
            if (asString) {
                QVERIFY(value.isString());
                QCOMPARE(value.toString().toUtf8(), bytes);
            } else {
                QVERIFY(value.isObject());
                QCOMPARE(QByteArray::fromBase64(value[u"base64"].toString().toLatin1()), bytes);
            }
        }
        // And back, byte for byte.
        AuditLog reopened(path());
        QCOMPARE(reopened.entries().size(), 1);
        QCOMPARE(reopened.entries()[0].key, bytes);
        QCOMPARE(reopened.entries()[0].value, bytes);
    }

    void reloadsAfterReopening()
    {
        {
            AuditLog log(path());
            log.append(result("a", ActionResult::Outcome::done));
            log.append(result("b", ActionResult::Outcome::notObtained));
            log.append(result("c", ActionResult::Outcome::failed, LockAction::release));
        }
        AuditLog log(path());
        QCOMPARE(log.entries().size(), 3);
        QCOMPARE(log.entries()[0].key, QByteArray("a"));
        QCOMPARE(log.entries()[1].outcome, ActionResult::Outcome::notObtained);
        QCOMPARE(log.entries()[2].action, LockAction::release);
        QCOMPARE(log.entries()[2].time, result("c", ActionResult::Outcome::failed).time);
        QCOMPARE(log.entries()[2].ttlMs, 2000);
        QCOMPARE(log.entries()[2].connection, QStringLiteral("sandbox"));
        QCOMPARE(log.unreadableLines(), 0);
    }

    void appendOnly()
    {
        {
            AuditLog log(path());
            log.append(result("a", ActionResult::Outcome::done));
        }
        QFile file(path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        {
            AuditLog log(path());
            log.append(result("b", ActionResult::Outcome::done));
            log.append(result("c", ActionResult::Outcome::done));
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray after = file.readAll();
        QVERIFY(after.startsWith(before));
        QCOMPARE(after.count('\n'), 3);
    }

    // Each entry is on disk when append() returns, not when the log is destroyed.
    void flushedPerEntry()
    {
        AuditLog log(path());
        log.append(result("a", ActionResult::Outcome::done));
        QCOMPARE(fileLines(path()).size(), 1);
        log.append(result("b", ActionResult::Outcome::done));
        QCOMPARE(fileLines(path()).size(), 2);
    }

    void keepsTheLastEntries()
    {
        // Enough lines to need several 64 KiB blocks read backwards.
        {
            AuditLog log(path(), 10);
            for (int i = 0; i < 3000; ++i)
                log.append(result(QByteArray::number(i), ActionResult::Outcome::done));
            QCOMPARE(log.entries().size(), 10);
            QCOMPARE(log.entries().first().key, QByteArray("2990"));
        }
        QVERIFY(QFileInfo(path()).size() > 3 * 64 * 1024);
        AuditLog log(path(), 100);
        QCOMPARE(log.entries().size(), 100);
        QCOMPARE(log.entries().first().key, QByteArray("2900"));
        QCOMPARE(log.entries().last().key, QByteArray("2999"));
        QCOMPARE(log.unreadableLines(), 0);
    }

    // A crash mid-write leaves a torn last line: it is skipped, and the next entry starts on a
    // line of its own instead of gluing onto it.
    void tornLastLine()
    {
        {
            AuditLog log(path());
            log.append(result("a", ActionResult::Outcome::done));
        }
        {
            QFile file(path());
            QVERIFY(file.open(QIODevice::Append));
            file.write("{\"time\":\"2024-05-01T12:00:00.1");
        }
        AuditLog log(path());
        QCOMPARE(log.entries().size(), 1);
        QCOMPARE(log.unreadableLines(), 1);
        QVERIFY(log.append(result("b", ActionResult::Outcome::done)));
        const QList<QByteArray> lines = fileLines(path());
        QCOMPARE(lines.size(), 3);
        QCOMPARE(parse(lines[2])[u"key"].toString(), QStringLiteral("b"));

        AuditLog reopened(path());
        QCOMPARE(reopened.entries().size(), 2);
        QCOMPARE(reopened.unreadableLines(), 1);
    }

    void foreignLinesAreSkipped()
    {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not json\n");
        file.write("{\"time\":\"2024-05-01T12:00:00.000Z\",\"action\":\"teleport\",\"key\":\"k\","
                   "\"value\":\"v\",\"outcome\":\"done\"}\n");
        file.write(AuditLog::toJsonLine(result("ok", ActionResult::Outcome::done)));
        file.write("{\"time\":\"2024-05-01T12:00:00.000Z\",\"action\":\"obtain\","
                   "\"key\":{\"base64\":\"***\"},\"value\":\"v\",\"outcome\":\"done\"}\n");
        file.close();
        AuditLog log(path());
        QCOMPARE(log.entries().size(), 1);
        QCOMPARE(log.entries()[0].key, QByteArray("ok"));
        QCOMPARE(log.unreadableLines(), 3);
    }

    void writeFailureIsReportedAndNeverFatal_data()
    {
        QTest::addColumn<QString>("where");
        QTest::newRow("folder is a file") << QStringLiteral("blocker/audit.jsonl");
        QTest::newRow("log is a folder") << QStringLiteral("blocker-dir");
    }
    void writeFailureIsReportedAndNeverFatal()
    {
        QFETCH(QString, where);
        QTemporaryDir scratch;
        {
            QFile blocker(scratch.filePath(QStringLiteral("blocker")));
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        QVERIFY(QDir(scratch.path()).mkdir(QStringLiteral("blocker-dir")));

        AuditLog log(scratch.filePath(where));
        QSignalSpy failed(&log, &AuditLog::writeFailed);
        QSignalSpy appended(&log, &AuditLog::appended);
        QVERIFY(!log.append(result("k", ActionResult::Outcome::done)));
        QCOMPARE(failed.size(), 1);
        const QString message = failed[0][0].toString();
        QVERIFY2(message.startsWith(QStringLiteral("Audit log:")), qPrintable(message));
        QVERIFY(!message.contains(u'\n'));
        QCOMPARE(log.errorString(), message);
        // The entry is still shown, and later appends keep trying (and keep reporting).
        QCOMPARE(appended.size(), 1);
        QCOMPARE(log.entries().size(), 1);
        QVERIFY(!log.append(result("k2", ActionResult::Outcome::done)));
        QCOMPARE(failed.size(), 2);
        QCOMPARE(log.entries().size(), 2);
    }

    // The device fills up mid-log: /dev/full takes the open and fails every write.
    void diskFull()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("no /dev/full here");
        AuditLog log(QStringLiteral("/dev/full"));
        QSignalSpy failed(&log, &AuditLog::writeFailed);
        QVERIFY(!log.append(result("k", ActionResult::Outcome::done)));
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed[0][0].toString().contains(QStringLiteral("cannot write")));
        QCOMPARE(log.entries().size(), 1);
    }

    void defaultPathIsInTheAppDataFolder()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString expected =
            QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                .filePath(QStringLiteral("audit.jsonl"));
        QCOMPARE(AuditLog::defaultPath(), expected);
        AuditLog log;
        QCOMPARE(log.path(), expected);
        QStandardPaths::setTestModeEnabled(false);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
