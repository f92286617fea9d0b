#include "actions/activitymodel.h"
#include "actions/auditlog.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

ActionResult entry(const QByteArray &key, ActionResult::Outcome outcome, int second = 0)
{
    ActionResult r;
    r.action = LockAction::forceRelease;
    r.connection = QStringLiteral("prod-eu");
    r.key = key;
    r.value = "tok{}";
    r.outcome = outcome;
    r.message = QStringLiteral("message for ") + QString::fromLatin1(key);
    r.time = QDateTime(QDate(2024, 5, 1), QTime(12, 0, second, 250), Qt::UTC);
    return r;
}

} // namespace

// The Activity table: newest first, display text and raw roles, under QAbstractItemModelTester.
class TestActivityModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnsAndText()
    {
        ActivityModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append(entry("shop:orders:42", ActionResult::Outcome::changedHands));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), int(ActivityModel::ColumnCount));
        const auto text = [&](int column) {
            return model.index(0, column).data().toString();
        };
        QCOMPARE(text(ActivityModel::TimeColumn), entry("", {}).time.toLocalTime().toString(
                                                      QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        QCOMPARE(text(ActivityModel::ConnectionColumn), QStringLiteral("prod-eu"));
        QCOMPARE(text(ActivityModel::ActionColumn), QStringLiteral("force release"));
        QCOMPARE(text(ActivityModel::KeyColumn), QStringLiteral("shop:orders:42"));
        QCOMPARE(text(ActivityModel::OutcomeColumn), QStringLiteral("changed hands"));
        QCOMPARE(text(ActivityModel::MessageColumn), QStringLiteral("message for shop:orders:42"));
        QCOMPARE(model.headerData(ActivityModel::OutcomeColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
                 QStringLiteral("Outcome"));
        // The tooltip of the time is the exact UTC time, of the key the value too.
        QCOMPARE(model.index(0, ActivityModel::TimeColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("2024-05-01T12:00:00.250Z"));
        QVERIFY(model.index(0, ActivityModel::KeyColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("tok{}")));
    }

    void binaryKeysAreEscaped()
    {
        ActivityModel model;
        model.append(entry(QByteArray("bin\xff\x00", 5), ActionResult::Outcome::done));
        QCOMPARE(model.index(0, ActivityModel::KeyColumn).data().toString(),
                 QStringLiteral("bin\\xff\\x00"));
    }

    void newestFirst()
    {
        ActivityModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries({entry("a", ActionResult::Outcome::done, 1),
                          entry("b", ActionResult::Outcome::done, 2)});
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append(entry("c", ActionResult::Outcome::failed, 3));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0][1].toInt(), 0); // at the top
        QCOMPARE(model.index(0, ActivityModel::KeyColumn).data().toString(), QStringLiteral("c"));
        QCOMPARE(model.index(2, ActivityModel::KeyColumn).data().toString(), QStringLiteral("a"));
        QCOMPARE(model.entry(0).key, QByteArray("c"));
    }

    void rawRoles()
    {
        ActivityModel model;
        model.append(entry("a", ActionResult::Outcome::notObtained, 7));
        const QModelIndex time = model.index(0, ActivityModel::TimeColumn);
        QCOMPARE(time.data(ActivityModel::SortRole).toLongLong(),
                 entry("a", {}, 7).time.toMSecsSinceEpoch());
        QCOMPARE(
            model.index(0, ActivityModel::KeyColumn).data(ActivityModel::OutcomeRole).toString(),
            QStringLiteral("not-obtained"));
    }

    void outcomeColours_data()
    {
        QTest::addColumn<ActionResult::Outcome>("outcome");
        using Outcome = ActionResult::Outcome;
        QTest::newRow("done") << Outcome::done;
        QTest::newRow("not-obtained") << Outcome::notObtained;
        QTest::newRow("not-held") << Outcome::notHeld;
        QTest::newRow("changed-hands") << Outcome::changedHands;
        QTest::newRow("refused") << Outcome::refused;
        QTest::newRow("failed") << Outcome::failed;
    }
    void outcomeColours()
    {
        QFETCH(ActionResult::Outcome, outcome);
        ActivityModel model;
        model.append(entry("a", outcome));
        const QColor colour =
            model.index(0, ActivityModel::OutcomeColumn).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(colour.isValid());
        QCOMPARE(colour, ActivityModel::outcomeColor(outcome));
        QCOMPARE(model.index(0, ActivityModel::KeyColumn)
                     .data(ActivityModel::OutcomeColorRole)
                     .value<QColor>(),
                 colour);
        // Only the outcome column is coloured.
        QVERIFY(!model.index(0, ActivityModel::KeyColumn).data(Qt::ForegroundRole).isValid());
    }

    void distinctColoursForSuccessAndFailure()
    {
        using Outcome = ActionResult::Outcome;
        QVERIFY(ActivityModel::outcomeColor(Outcome::done) !=
                ActivityModel::outcomeColor(Outcome::failed));
        QVERIFY(ActivityModel::outcomeColor(Outcome::done) !=
                ActivityModel::outcomeColor(Outcome::changedHands));
    }

    void dropsTheOldestBeyondTheMaximum()
    {
        ActivityModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaximumRows(3);
        for (int i = 0; i < 5; ++i)
            model.append(entry(QByteArray::number(i), ActionResult::Outcome::done, i));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.entry(0).key, QByteArray("4"));
        QCOMPARE(model.entry(2).key, QByteArray("2"));
        model.setMaximumRows(1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.entry(0).key, QByteArray("4"));
        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
    }

    void followsTheAuditLog()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
        {
            AuditLog log(path);
            log.append(entry("old", ActionResult::Outcome::done));
        }
        AuditLog log(path);
        ActivityModel model(&log);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1); // the entries read back on start
        log.append(entry("new", ActionResult::Outcome::refused));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.entry(0).key, QByteArray("new"));
        QCOMPARE(model.entry(1).key, QByteArray("old"));
    }
};

QTEST_MAIN(TestActivityModel)
#include "tst_activitymodel.moc"
