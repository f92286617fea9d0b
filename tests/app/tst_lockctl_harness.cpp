// lockctl harness as a user runs it: the real binary against a real
// redis-server; its JSON, its table, its CSV of every attempt, SIGINT, and bad input (exit 2,
// one line on stderr, nothing written anywhere).

#include "lockctlrun.h"
#include "support/closedport.h"
#include "support/rawredis.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <optional>

using namespace lockscope::test;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

using Run = LockctlRun;

Run lockctl(const QStringList &arguments, std::chrono::milliseconds timeout = 20s)
{
    return runLockctl(arguments, timeout);
}

// The fields lockctl promises for each run, with their JSON types.
const QList<std::pair<QLatin1StringView, QJsonValue::Type>> specFields{
    {"strategy"_L1, QJsonValue::String},         {"clients"_L1, QJsonValue::Double},
    {"acquisitions"_L1, QJsonValue::Double},     {"attempts"_L1, QJsonValue::Double},
    {"redis_calls"_L1, QJsonValue::Double},      {"calls_per_acquisition"_L1, QJsonValue::Double},
    {"throughput_per_s"_L1, QJsonValue::Double}, {"wait_p50_ms"_L1, QJsonValue::Double},
    {"wait_p99_ms"_L1, QJsonValue::Double},      {"fairness"_L1, QJsonValue::Double},
    {"violations"_L1, QJsonValue::Double},
};

qint64 integerOf(const QJsonObject &object, QLatin1StringView name)
{
    return static_cast<qint64>(object.value(name).toDouble(-1));
}

} // namespace

class TestLockctlHarness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void help();
    void json();
    void table();
    void csv();
    void durationAndPrefix();
    void interrupted();
    void badInput_data();
    void badInput();
    void connectionRefused();

private:
    [[nodiscard]] QStringList base(const QString &key) const
    {
        return {u"--url"_s, server_->url(), u"--json"_s, u"harness"_s, u"--key"_s, key};
    }

    std::optional<RedisServer> server_;
    QTemporaryDir dir_;
};

void TestLockctlHarness::initTestCase()
{
    QVERIFY(dir_.isValid());
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
}

void TestLockctlHarness::help()
{
    const Run run = lockctl({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("harness --clients N --strategy SPEC"));
    QVERIFY(run.out.contains("--acquisitions N"));
}

void TestLockctlHarness::json()
{
    const QString key = QString::fromStdString(uniqueKey());
    const Run run = lockctl(base(key) + QStringList{
                                            u"--clients"_s,
                                            u"4"_s,
                                            u"--strategy"_s,
                                            u"linear(1ms)"_s,
                                            u"--strategy"_s,
                                            u"fulljitter(1ms,8ms)"_s,
                                            u"--hold"_s,
                                            u"0..1ms"_s,
                                            u"--ttl"_s,
                                            u"1s"_s,
                                            u"--acquisitions"_s,
                                            u"25"_s,
                                        });
    QVERIFY2(run.finished && run.exitCode == 0, run.describe());
    QVERIFY2(run.err.isEmpty(), run.describe());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, run.describe());
    const QJsonArray runs = document.object().value("runs"_L1).toArray();
    QCOMPARE(runs.size(), 2);
    const QStringList strategies{u"linear(1ms)"_s, u"fulljitter(1ms,8ms)"_s};
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const QJsonObject object = runs[i].toObject();
        for (const auto &[name, type] : specFields)
            QVERIFY2(object.value(name).type() == type,
                     qPrintable(name + u" in "_s + QString::fromUtf8(run.out)));
        QCOMPARE(object.value("strategy"_L1).toString(), strategies[i]);
        QCOMPARE(integerOf(object, "clients"_L1), 4);
        QCOMPARE(integerOf(object, "acquisitions"_L1), 25);
        QCOMPARE(integerOf(object, "violations"_L1), 0);
        QCOMPARE(integerOf(object, "attempts"_L1), integerOf(object, "acquisitions"_L1) +
                                                       integerOf(object, "not_obtained"_L1) +
                                                       integerOf(object, "errors"_L1));
        QCOMPARE(integerOf(object, "redis_calls"_L1),
                 integerOf(object, "attempts"_L1) + integerOf(object, "releases"_L1));
        QVERIFY(object.value("fairness"_L1).toDouble() > 0);
        QVERIFY(object.value("fairness"_L1).toDouble() <= 1);
        QVERIFY(object.value("wait_p50_ms"_L1).toDouble() <=
                object.value("wait_p99_ms"_L1).toDouble());
        QVERIFY(object.value("throughput_per_s"_L1).toDouble() > 0);
        QVERIFY(object.value("complete"_L1).toBool());
        QCOMPARE(object.value("per_client_acquisitions"_L1).toArray().size(), 4);
    }
    QVERIFY(!server_->rawClient().exists(key.toUtf8()));
}

void TestLockctlHarness::table()
{
    const QString key = QString::fromStdString(uniqueKey());
    const Run run =
        lockctl({u"--url"_s, server_->url(), u"harness"_s, u"--key"_s, key, u"--clients"_s, u"2"_s,
                 u"--strategy"_s, u"exponential(1ms,4ms)"_s, u"--strategy"_s, u"none"_s,
                 u"--hold"_s, u"1ms"_s, u"--ttl"_s, u"1s"_s, u"--acquisitions"_s, u"10"_s});
    QVERIFY2(run.finished && run.exitCode == 0, run.describe());
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.contains(u"2 clients on \""_s + key + u"\", hold 1ms, ttl 1s"_s), run.describe());
    for (const QString &column :
         {u"strategy"_s, u"wasted"_s, u"calls/acq"_s, u"p99 ms"_s, u"fairness"_s, u"violations"_s})
        QVERIFY2(out.contains(column), run.describe());
    // One row per strategy: its name, then 10 acquisitions.
    QVERIFY2(out.contains(QRegularExpression(u"\nexponential\\(1ms,4ms\\) +10 "_s)),
             run.describe());
    QVERIFY2(out.contains(QRegularExpression(u"\nnone +10 "_s)), run.describe());
}

void TestLockctlHarness::csv()
{
    const QString key = QString::fromStdString(uniqueKey());
    const QString path = dir_.filePath(u"attempts.csv"_s);
    const Run run =
        lockctl(base(key) + QStringList{u"--clients"_s, u"3"_s, u"--strategy"_s,
                                        u"exponential(1ms,8ms)"_s, u"--strategy"_s,
                                        u"linear(1ms)"_s, u"--hold"_s, u"1ms"_s, u"--ttl"_s,
                                        u"1s"_s, u"--acquisitions"_s, u"15"_s, u"--csv"_s, path});
    QVERIFY2(run.finished && run.exitCode == 0, run.describe());
    const QJsonArray runs = QJsonDocument::fromJson(run.out).object().value("runs"_L1).toArray();
    QCOMPARE(runs.size(), 2);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.first(), QByteArray("strategy,client,start_ms,end_ms,outcome"));
    QCOMPARE(lines.last(), QByteArray()); // ends with a line break
    QHash<QByteArray, qint64> attempts;
    QHash<QByteArray, qint64> acquired;
    for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
        // The strategy is quoted when it holds a comma: split from the right.
        const QByteArray &line = lines[i];
        const QList<QByteArray> tail = line.mid(line.lastIndexOf("\",") + 2).split(',');
        QByteArray strategy = line.startsWith('"') ? line.mid(1, line.lastIndexOf("\",") - 1)
                                                   : line.left(line.indexOf(','));
        const QList<QByteArray> fields =
            line.startsWith('"') ? tail : line.mid(line.indexOf(',') + 1).split(',');
        QCOMPARE(fields.size(), 4);
        bool ok = false;
        QVERIFY(fields[0].toInt(&ok) >= 0 && ok && fields[0].toInt() < 3);
        const double start = fields[1].toDouble(&ok);
        QVERIFY(ok);
        QVERIFY(fields[2].toDouble(&ok) >= start && ok);
        QVERIFY2(fields[3] == "acquired" || fields[3] == "not-obtained" || fields[3] == "error",
                 line);
        ++attempts[strategy];
        if (fields[3] == "acquired")
            ++acquired[strategy];
    }
    for (const QJsonValue &value : runs) {
        const QJsonObject object = value.toObject();
        const QByteArray strategy = object.value("strategy"_L1).toString().toUtf8();
        QCOMPARE(attempts.value(strategy), integerOf(object, "attempts"_L1));
        QCOMPARE(acquired.value(strategy), 15);
    }
}

void TestLockctlHarness::durationAndPrefix()
{
    QElapsedTimer timer;
    timer.start();
    const QString key = QString::fromStdString(uniqueKey());
    const Run run =
        lockctl({u"--url"_s,      server_->url(), u"--prefix"_s,   u"shop"_s,
                 u"--json"_s,     u"harness"_s,   u"--key"_s,      key,
                 u"--clients"_s,  u"3"_s,         u"--strategy"_s, u"decorrelated(1ms,8ms,5)"_s,
                 u"--hold"_s,     u"1ms..2ms"_s,  u"--ttl"_s,      u"500ms"_s,
                 u"--duration"_s, u"300ms"_s,     u"--seed"_s,     u"9"_s});
    QVERIFY2(run.finished && run.exitCode == 0, run.describe());
    QVERIFY(timer.elapsed() < 3000);
    const QJsonObject document = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(document.value("key"_L1).toString(), u"shop:"_s + key); // Cosy's buildKey
    QCOMPARE(document.value("hold"_L1).toString(), u"1ms..2ms"_s);
    const QJsonObject object = document.value("runs"_L1).toArray().first().toObject();
    QVERIFY(object.value("elapsed_ms"_L1).toDouble() >= 300);
    QVERIFY(object.value("elapsed_ms"_L1).toDouble() < 600);
    QVERIFY(integerOf(object, "acquisitions"_L1) > 10);
    QCOMPARE(integerOf(object, "violations"_L1), 0);
}

void TestLockctlHarness::interrupted()
{
    const QString key = QString::fromStdString(uniqueKey());
    QProcess process;
    process.start(lockctlPath,
                  base(key) + QStringList{u"--clients"_s, u"2"_s, u"--strategy"_s, u"linear(1ms)"_s,
                                          u"--strategy"_s, u"none"_s, u"--hold"_s, u"5ms"_s,
                                          u"--ttl"_s, u"1s"_s, u"--duration"_s, u"60s"_s});
    QVERIFY(process.waitForStarted());
    QTest::qWait(400);
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(3000));
    QCOMPARE(process.exitCode(), 0);
    const QJsonObject document = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    QVERIFY(document.value("cancelled"_L1).toBool());
    const QJsonArray runs = document.value("runs"_L1).toArray();
    QCOMPARE(runs.size(), 1); // the second strategy never started
    QVERIFY(!runs.first().toObject().value("complete"_L1).toBool());
    QVERIFY(integerOf(runs.first().toObject(), "acquisitions"_L1) > 0);
    QVERIFY(!server_->rawClient().exists(key.toUtf8()));
}

void TestLockctlHarness::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QStringList good{u"--clients"_s,  u"2"_s,   u"--strategy"_s, u"none"_s,
                           u"--hold"_s,     u"1ms"_s, u"--ttl"_s,      u"1s"_s,
                           u"--duration"_s, u"1s"_s};
    // `good` with option `name` given `value` instead (or dropped, when value is null).
    const auto with = [&good](const QString &name, const QString &value) {
        QStringList arguments = good;
        const qsizetype at = arguments.indexOf(name);
        if (at < 0)
            arguments << name << value;
        else if (value.isNull())
            arguments.remove(at, 2);
        else
            arguments[at + 1] = value;
        return arguments;
    };
    QTest::newRow("no --clients") << with(u"--clients"_s, QString()) << u"--clients"_s;
    QTest::newRow("--clients 0") << with(u"--clients"_s, u"0"_s) << u"--clients"_s;
    QTest::newRow("--clients x") << with(u"--clients"_s, u"x"_s) << u"--clients"_s;
    QTest::newRow("no --strategy") << with(u"--strategy"_s, QString()) << u"--strategy"_s;
    QTest::newRow("bad --strategy")
        << with(u"--strategy"_s, u"exponential(1s)"_s) << u"--strategy"_s;
    QTest::newRow("no --hold") << with(u"--hold"_s, QString()) << u"--hold"_s;
    QTest::newRow("reversed --hold") << with(u"--hold"_s, u"5ms..1ms"_s) << u"--hold"_s;
    QTest::newRow("no --ttl") << with(u"--ttl"_s, QString()) << u"--ttl"_s;
    QTest::newRow("--ttl below 1ms") << with(u"--ttl"_s, u"500us"_s) << u"ttl"_s;
    QTest::newRow("neither limit") << with(u"--duration"_s, QString()) << u"exactly one"_s;
    QTest::newRow("both limits") << with(u"--acquisitions"_s, u"5"_s) << u"exactly one"_s;
    QTest::newRow("--duration 0") << with(u"--duration"_s, u"0"_s) << u"--duration"_s;
    QTest::newRow("--seed -1") << with(u"--seed"_s, u"-1"_s) << u"--seed"_s;
    QTest::newRow("unknown option") << with(u"--retry"_s, u"none"_s) << u"--retry"_s;
    QTest::newRow("positional") << (good + QStringList{u"extra"_s}) << u"extra"_s;
    QTest::newRow("unwritable --csv")
        << with(u"--csv"_s, u"/nonexistent-dir/attempts.csv"_s) << u"--csv"_s;
}

void TestLockctlHarness::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const QString key = QString::fromStdString(uniqueKey());
    const QString csvPath = dir_.filePath(QString::fromStdString(uniqueKey()) + u".csv"_s);
    RawRedis raw = server_->rawClient();
    QCOMPARE(raw.command({"CONFIG", "RESETSTAT"}).str, QByteArray("OK"));
    QStringList all = base(key) + arguments;
    if (!arguments.contains(u"--csv"_s))
        all << u"--csv"_s << csvPath;
    const Run run = lockctl(all);
    QVERIFY2(run.finished && run.exitCode == 2, run.describe());
    QVERIFY2(isOneErrorLine(run.err), run.describe());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.describe());
    QVERIFY2(run.out.isEmpty(), run.describe());
    QVERIFY(!QFile::exists(csvPath));
    // Nothing reached the server: no script ran, no key was made.
    const RawReply info = raw.command({"INFO", "commandstats"});
    QVERIFY2(!info.str.contains("cmdstat_evalsha") && !info.str.contains("cmdstat_eval:"),
             info.str);
    QVERIFY(!raw.exists(key.toUtf8()));
}

void TestLockctlHarness::connectionRefused()
{
    const QString csvPath = dir_.filePath(u"refused.csv"_s);
    const Run run =
        lockctl({u"--url"_s, u"redis://127.0.0.1:%1"_s.arg(closedLoopbackPort()), u"harness"_s,
                 u"--clients"_s, u"2"_s, u"--strategy"_s, u"none"_s, u"--hold"_s, u"1ms"_s,
                 u"--ttl"_s, u"1s"_s, u"--acquisitions"_s, u"5"_s, u"--csv"_s, csvPath});
    QVERIFY2(run.finished && run.exitCode == 3, run.describe());
    QVERIFY2(isOneErrorLine(run.err), run.describe());
    QVERIFY2(run.out.isEmpty(), run.describe());
    QVERIFY2(!QFile::exists(csvPath), "a failed run leaves no CSV behind");
}

QTEST_GUILESS_MAIN(TestLockctlHarness)
#include "tst_lockctl_harness.moc"
