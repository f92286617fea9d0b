// The Cosy documentation's lock example, built as cosy_lock_example: run as a user would run
// it, against a fresh server, it prints exactly what the documentation says it prints.

#include "support/closedport.h"
#include "support/rawredis.h"
#include "support/redisserver.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace lockscope::test;
using namespace std::chrono_literals;

namespace {

const QString examplePath = QStringLiteral(COSY_LOCK_EXAMPLE_PATH);

const QByteArray allGood("I have a lock!\n"
                         "Yay, I still have my lock!\n"
                         "Now, my lock has expired!\n");
const QByteArray notObtained("Could not obtain lock!\n");

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    // For failure messages.
    [[nodiscard]] QByteArray describe() const
    {
        return "exit code " + QByteArray::number(exitCode) + "\nstdout: " + out +
               "\nstderr: " + err;
    }
};

// Runs the example in `workingDirectory` with REDIS_ADDR set to `redisAddr` (unset when empty).
Run runExample(const QString &workingDirectory, const QString &redisAddr,
               const QStringList &arguments = {})
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("REDIS_ADDR"));
    if (!redisAddr.isEmpty())
        environment.insert(QStringLiteral("REDIS_ADDR"), redisAddr);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(workingDirectory);
    process.start(examplePath, arguments);
    Run run;
    run.finished = process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit;
    if (!run.finished)
        process.kill();
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString addressOf(const RedisServer &server)
{
    return QStringLiteral("127.0.0.1:%1").arg(server.port());
}

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

} // namespace

#define START_OR_FAIL(server)                                                                      \
    RedisServer server;                                                                            \
    QVERIFY2(server.start(), qPrintable(server.errorString()))

#define VERIFY_RUN(run, expectedExit, expectedOut)                                                 \
    do {                                                                                           \
        QVERIFY2((run).finished, (run).describe().constData());                                    \
        QVERIFY2((run).exitCode == (expectedExit), (run).describe().constData());                  \
        QCOMPARE((run).out, QByteArray(expectedOut));                                              \
    } while (false)

class TestExample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsTheThreeOutcomes();
    void heldByAnotherValue();
    void appIniArgument_data();
    void appIniArgument();
    void appIniInWorkingDirectory();
    void unreachableServer();
    void missingAppIni();

private:
    QTemporaryDir dir_;
};

void TestExample::initTestCase()
{
    QVERIFY2(QFile::exists(examplePath), qPrintable(examplePath));
    QVERIFY2(dir_.isValid(), qPrintable(dir_.errorString()));
}

void TestExample::printsTheThreeOutcomes()
{
    START_OR_FAIL(server);
    const Run run = runExample(dir_.path(), addressOf(server));
    VERIFY_RUN(run, 0, allGood);
    QCOMPARE(run.err, QByteArray());
    // Released at exit or expired: nothing left behind.
    QCOMPARE(server.rawClient().dbSize(), 0);

    // And again: the key is free for the next run.
    const Run again = runExample(dir_.path(), addressOf(server));
    VERIFY_RUN(again, 0, allGood);
}

void TestExample::heldByAnotherValue()
{
    START_OR_FAIL(server);
    RawRedis redis = server.rawClient();
    // No Prefix from REDIS_ADDR: Cosy's buildKey gives ":my-key".
    QVERIFY(redis.set(":my-key", "someone-else's-token", 10s));
    const Run run = runExample(dir_.path(), addressOf(server));
    VERIFY_RUN(run, 0, notObtained);
    QCOMPARE(run.err, QByteArray());
    QCOMPARE(redis.get(":my-key").value_or("(nil)"), QByteArray("someone-else's-token"));

    // The bare key does not count.
    QVERIFY(redis.del(":my-key") == 1);
    QVERIFY(redis.set("my-key", "someone-else's-token", 10s));
    const Run free = runExample(dir_.path(), addressOf(server));
    VERIFY_RUN(free, 0, allGood);
}

void TestExample::appIniArgument_data()
{
    QTest::addColumn<QString>("ini"); // %1: the server's port
    QTest::addColumn<QByteArray>("heldKey");
    QTest::addColumn<int>("heldDb");
    QTest::addColumn<QByteArray>("output");

    const QString withPrefix = QStringLiteral("[app]\n"
                                              "Name = demo\n"
                                              "[redis]\n"
                                              "Addr = 127.0.0.1:%1\n"
                                              "Prefix = PREFIX\n");
    const QString withDb = QStringLiteral("[redis]\r\n"
                                          "Addr = \"127.0.0.1:%1\"\r\n"
                                          "DB = 2\r\n"
                                          "Prefix = 订单\r\n");

    QTest::newRow("prefix, key free") << withPrefix << QByteArray() << 0 << allGood;
    QTest::newRow("prefix, PREFIX:my-key held")
        << withPrefix << QByteArray("PREFIX:my-key") << 0 << notObtained;
    QTest::newRow("prefix, :my-key held") << withPrefix << QByteArray(":my-key") << 0 << allGood;
    QTest::newRow("db 2, held in db 2")
        << withDb << QStringLiteral("订单:my-key").toUtf8() << 2 << notObtained;
    QTest::newRow("db 2, held in db 0")
        << withDb << QStringLiteral("订单:my-key").toUtf8() << 0 << allGood;
}

void TestExample::appIniArgument()
{
    QFETCH(QString, ini);
    QFETCH(QByteArray, heldKey);
    QFETCH(int, heldDb);
    QFETCH(QByteArray, output);

    START_OR_FAIL(server);
    const QString path = dir_.filePath(QStringLiteral("app-%1.ini").arg(server.port()));
    QVERIFY(writeFile(path, ini.arg(server.port()).toUtf8()));
    RawRedis redis = server.rawClient();
    QVERIFY(redis.select(heldDb));
    if (!heldKey.isEmpty())
        QVERIFY(redis.set(heldKey, "foreign", 10s));

    // No REDIS_ADDR: the file given on the command line is read.
    const Run run = runExample(dir_.path(), QString(), {path});
    VERIFY_RUN(run, 0, output);
    QCOMPARE(run.err, QByteArray());
    if (!heldKey.isEmpty())
        QCOMPARE(redis.get(heldKey).value_or("(nil)"), QByteArray("foreign"));
}

void TestExample::appIniInWorkingDirectory()
{
    START_OR_FAIL(server);
    QTemporaryDir workingDirectory;
    QVERIFY(workingDirectory.isValid());
    QVERIFY(writeFile(workingDirectory.filePath(QStringLiteral("app.ini")),
                      QStringLiteral("[redis]\nAddr = 127.0.0.1:%1\nPrefix = cwd\n")
                          .arg(server.port())
                          .toUtf8()));
    RawRedis redis = server.rawClient();
    QVERIFY(redis.set("cwd:my-key", "foreign", 10s));
    const Run held = runExample(workingDirectory.path(), QString());
    VERIFY_RUN(held, 0, notObtained);
    QVERIFY(redis.del("cwd:my-key") == 1);
    const Run free = runExample(workingDirectory.path(), QString());
    VERIFY_RUN(free, 0, allGood);
}

void TestExample::unreachableServer()
{
    const quint16 port = lockscope::test::closedLoopbackPort();
    QVERIFY(port != 0);
    const Run run = runExample(dir_.path(), QStringLiteral("127.0.0.1:%1").arg(port));
    VERIFY_RUN(run, 1, QByteArray());
    // One line on stderr that says what failed.
    QVERIFY2(run.err.endsWith('\n') && run.err.count('\n') == 1 && run.err.size() > 1,
             run.describe().constData());
    QVERIFY2(run.err.contains(QByteArray::number(port)), run.describe().constData());
}

void TestExample::missingAppIni()
{
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    const Run run = runExample(empty.path(), QString());
    VERIFY_RUN(run, 1, QByteArray());
    QVERIFY2(run.err.endsWith('\n') && run.err.count('\n') == 1, run.describe().constData());
    QVERIFY2(run.err.contains("app.ini"), run.describe().constData());

    const QString missing = empty.filePath(QStringLiteral("nowhere.ini"));
    const Run named = runExample(empty.path(), QString(), {missing});
    VERIFY_RUN(named, 1, QByteArray());
    QVERIFY2(named.err.contains(missing.toUtf8()), named.describe().constData());
}

QTEST_GUILESS_MAIN(TestExample)
#include "tst_example.moc"
