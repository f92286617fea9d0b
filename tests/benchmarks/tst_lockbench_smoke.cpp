// lockbench, run for 50 operations per workload against a fresh server: it must finish, print
// one JSON line with every field of the report, and see no errors. Timings are not checked.

#include "support/redisserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using lockscope::test::RedisServer;

class TestLockbenchSmoke : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsOneCleanJsonLine_data();
    void printsOneCleanJsonLine();

private:
    RedisServer server_;
};

void TestLockbenchSmoke::initTestCase()
{
    QVERIFY2(server_.start(), qPrintable(server_.errorString()));
}

void TestLockbenchSmoke::printsOneCleanJsonLine_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("workers");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("retry"); // as the report names it
    QTest::newRow("single") << QStringLiteral("single") << 1 << QStringList()
                            << QStringLiteral("linear(1ms)");
    QTest::newRow("contended") << QStringLiteral("contended") << 16 << QStringList()
                               << QStringLiteral("linear(1ms)");
    QTest::newRow("contended, notify, shared client, hold 1ms")
        << QStringLiteral("contended") << 4
        << QStringList{QStringLiteral("--workers"), QStringLiteral("4"),
                       QStringLiteral("--retry"),   QStringLiteral("notify(exponential(1ms,50ms))"),
                       QStringLiteral("--clients"), QStringLiteral("shared"),
                       QStringLiteral("--hold"),    QStringLiteral("1ms")}
        << QStringLiteral("notify(exponential(1ms,50ms))");
    QTest::newRow("keep") << QStringLiteral("keep") << 1
                          << QStringList{QStringLiteral("--ttl"), QStringLiteral("300ms")}
                          << QStringLiteral("linear(1ms)");
}

void TestLockbenchSmoke::printsOneCleanJsonLine()
{
    QFETCH(QString, mode);
    QFETCH(int, workers);
    QFETCH(QStringList, options);
    QFETCH(QString, retry);

    QProcess process;
    process.start(QStringLiteral(LOCKBENCH_PATH),
                  QStringList{QStringLiteral("--host"), server_.host(), QStringLiteral("--port"),
                              QString::number(server_.port()), QStringLiteral("--mode"), mode,
                              QStringLiteral("-n"), QStringLiteral("50")} +
                      options);
    QVERIFY2(process.waitForFinished(60000), "lockbench did not finish within a minute");
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(QStringLiteral("exit code %1; stderr: %2")
                            .arg(process.exitCode())
                            .arg(QString::fromUtf8(err))));

    const QList<QByteArray> lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(lines.front(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(document.isObject());
    const QJsonObject report = document.object();

    for (const auto *field : {"peer", "version", "workload", "workers", "ops", "secs",
                              "ops_per_sec", "obtain_p50_us", "obtain_p99_us", "errors"})
        QVERIFY2(report.contains(QLatin1StringView(field)), field);
    // The library measured, and the server it was measured against.
    QCOMPARE(report[QLatin1StringView("peer")].toString(), QStringLiteral("lockscope-redislock"));
    QVERIFY(report[QLatin1StringView("version")].toString().contains(u'.'));
    QCOMPARE(report[QLatin1StringView("server")].toString(),
             server_.host() + u':' + QString::number(server_.port()));
    QVERIFY(report[QLatin1StringView("server_version")].toString().contains(u'.'));
    QCOMPARE(report[QLatin1StringView("retry")].toString(), retry);
    // Every pair costs its obtain and its release script call at least.
    QVERIFY(report[QLatin1StringView("script_calls_per_op")].toDouble() >= 1.0);
    const double fairness = report[QLatin1StringView("fairness")].toDouble();
    QVERIFY(fairness > 0 && fairness <= 1.0);
    if (mode == u"keep") {
        // ops are renewals here: 3 per lock, in batched round trips.
        QCOMPARE(report[QLatin1StringView("errors")].toInt(-1), 0);
        QVERIFY(report[QLatin1StringView("ops")].toInt() >= 150);
        QVERIFY(report[QLatin1StringView("round_trips")].toInt() >= 1);
        QVERIFY(report[QLatin1StringView("round_trips")].toInt() <= 20);
        QCOMPARE(server_.rawClient().dbSize(), 0);
        return;
    }
    QCOMPARE(report[QLatin1StringView("workload")].toString(), mode);
    QCOMPARE(report[QLatin1StringView("workers")].toInt(), workers);
    QCOMPARE(report[QLatin1StringView("errors")].toInt(-1), 0);
    // Contended workers may finish a pair or two after the 50th.
    QVERIFY(report[QLatin1StringView("ops")].toInt() >= 50);
    QVERIFY(report[QLatin1StringView("ops_per_sec")].toDouble() > 0);
    const double p50 = report[QLatin1StringView("obtain_p50_us")].toDouble();
    QVERIFY(p50 > 0 && p50 <= report[QLatin1StringView("obtain_p99_us")].toDouble());

    // Nothing is left behind: every lock was released.
    QCOMPARE(server_.rawClient().dbSize(), 0);
}

QTEST_GUILESS_MAIN(TestLockbenchSmoke)
#include "tst_lockbench_smoke.moc"
