// The lockscope executable as a user starts it: its command line, and the embedded sandbox's
// promise (a server on a loopback port, announced on stdout, gone when the app goes).
#include "support/rawredis.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <lockscope/version.h>

using lockscope::test::RawRedis;

namespace {

// Offscreen, with settings and the audit log in a temporary home of its own.
QProcessEnvironment environmentIn(const QTemporaryDir &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
    return environment;
}

} // namespace

class TestLockscope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badCommandLinesAreOneLineAndExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        QTest::newRow("bad url") << QStringList{QStringLiteral("--url"), QStringLiteral("foo://x")}
                                 << QStringLiteral("unknown scheme");
        QTest::newRow("missing app.ini")
            << QStringList{QStringLiteral("--config"), QStringLiteral("/nonexistent/app.ini")}
            << QStringLiteral("/nonexistent/app.ini");
        QTest::newRow("two sources")
            << QStringList{QStringLiteral("--sandbox"), QStringLiteral("--url"),
                           QStringLiteral("redis://127.0.0.1:1")}
            << QStringLiteral("exclude each other");
        QTest::newRow("stray argument")
            << QStringList{QStringLiteral("extra")} << QStringLiteral("unexpected argument");
    }

    void badCommandLinesAreOneLineAndExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        QTemporaryDir home;
        QProcess process;
        process.setProcessEnvironment(environmentIn(home));
        process.start(QStringLiteral(LOCKSCOPE_PATH), arguments);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        const QStringList lines =
            QString::fromUtf8(process.readAllStandardError()).split(QLatin1Char('\n'));
        const QStringList ours = lines.filter(QStringLiteral("lockscope: "));
        QCOMPARE(ours.size(), 1);
        QVERIFY2(ours.constFirst().contains(says), qPrintable(ours.constFirst()));
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }

    // The project()'s version, as the Debian package carries it; no window is opened.
    void version()
    {
        QTemporaryDir home;
        QProcess process;
        process.setProcessEnvironment(environmentIn(home));
        process.start(QStringLiteral(LOCKSCOPE_PATH), {QStringLiteral("--version")});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardOutput(), QByteArray("lockscope " LOCKSCOPE_VERSION "\n"));
    }

    void sandboxAnnouncesItsServerAndStopsItOnSigterm()
    {
        QTemporaryDir home;
        QProcess process;
        process.setProcessEnvironment(environmentIn(home));
        process.start(QStringLiteral(LOCKSCOPE_PATH), {QStringLiteral("--sandbox")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 20000);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const auto match =
            QRegularExpression(QStringLiteral("^sandbox: redis://127\\.0\\.0\\.1:(\\d+)$"))
                .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        const auto port = match.captured(1).toUShort();

        // A server with demo locks under shop:, and keyspace notifications on.
        RawRedis redis(port);
        QVERIFY(redis.ping());
        QTRY_VERIFY_WITH_TIMEOUT(
            redis.command({"EXISTS", "shop:legacy:nightly-report"}).integer == 1, 10000);
        const auto config = redis.command({"CONFIG", "GET", "notify-keyspace-events"});
        QCOMPARE(config.elements.size(), 2);
        QVERIFY(!config.elements.at(1).str.isEmpty());

        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(15000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        RawRedis after(port);
        QVERIFY(!after.ping());
    }

    void clusterSandboxStartsAndStopsWithTheApp()
    {
        QTemporaryDir home;
        QProcess process;
        process.setProcessEnvironment(environmentIn(home));
        process.start(QStringLiteral(LOCKSCOPE_PATH),
                      {QStringLiteral("--sandbox"), QStringLiteral("cluster")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 60000);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const auto match =
            QRegularExpression(
                QStringLiteral("^sandbox: redis-cluster://((127\\.0\\.0\\.1:\\d+,?)+)$"))
                .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QList<quint16> ports;
        for (const QString &seed : match.captured(1).split(QLatin1Char(',')))
            ports << seed.section(QLatin1Char(':'), -1).toUShort();
        QCOMPARE(ports.size(), 6); // 3 masters, 3 replicas

        // A cluster serving every slot, with demo locks spread over its masters.
        RawRedis node(ports.constFirst());
        QVERIFY(node.ping());
        QVERIFY(node.command({"CLUSTER", "INFO"}).str.contains("cluster_state:ok"));
        QTRY_VERIFY_WITH_TIMEOUT(
            (int(std::count_if(ports.cbegin(), ports.cend(),
                               [](quint16 port) {
                                   RawRedis redis(port);
                                   return redis.command({"ROLE"}).elements.value(0).str ==
                                              "master" &&
                                          redis.command({"DBSIZE"}).integer > 0;
                               }))) == 3,
            20000);

        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        for (const quint16 port : std::as_const(ports))
            QTRY_VERIFY_WITH_TIMEOUT(!RawRedis(port).ping(), 10000);
    }

    void sandboxDiesWithTheApp()
    {
        QTemporaryDir home;
        QProcess process;
        process.setProcessEnvironment(environmentIn(home));
        process.start(QStringLiteral(LOCKSCOPE_PATH), {QStringLiteral("--sandbox")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 20000);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const auto port = line.section(QLatin1Char(':'), -1).toUShort();
        QVERIFY2(port > 0, qPrintable(line));
        QVERIFY(RawRedis(port).ping());

        process.kill(); // SIGKILL: no handler runs; the parent-death signal takes the server
        QVERIFY(process.waitForFinished(15000));
        QTRY_VERIFY_WITH_TIMEOUT(!RawRedis(port).ping(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestLockscope)
#include "tst_lockscope.moc"
