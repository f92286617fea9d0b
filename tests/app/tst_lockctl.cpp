// lockctl as a user runs it: the real binary against a real redis-server, judged by its exit code
// (0 success, 1 not obtained / not held, 2 usage or bad input, 3 connection or server error),
// its stdout (one JSON document with --json), its stderr (one line, "lockctl: …") and what it
// really did on the server, checked with RawRedis.

#include "lockctlrun.h"
#include "support/bytes.h"
#include "support/closedport.h"
#include "support/commandstats.h"
#include "support/polling.h"
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
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <lockscope/version.h>
#include <map>
#include <optional>
#include <thread>

using namespace lockscope::test;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

// A default redislock token: 22 base64url characters.
const QByteArray token22("Ab3_x-9ZqLmN0pQrStUvWx");

using Run = LockctlRun;

Run lockctl(const QStringList &arguments, std::chrono::milliseconds timeout = 15s)
{
    return runLockctl(arguments, timeout);
}

// The first line a running process prints; empty when none comes within `timeout`.
QByteArray firstLine(QProcess &process, std::chrono::milliseconds timeout)
{
    QElapsedTimer timer;
    timer.start();
    while (!process.canReadLine()) {
        if (timer.elapsed() >= timeout.count() || process.state() == QProcess::NotRunning)
            return {};
        process.waitForReadyRead(50);
    }
    return process.readLine();
}

// The bytes of a JSON byte string: a string, or {"base64": …} when they are not UTF-8.
std::optional<QByteArray> bytesOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toUtf8();
    const QJsonObject object = value.toObject();
    if (!value.isObject() || object.size() != 1 || !object.value("base64"_L1).isString())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(object.value("base64"_L1).toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

bool isUtf8(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

// What is wrong with a lock object as lockctl prints it; empty when nothing is.
QString lockShapeProblem(const QJsonObject &lock)
{
    for (const auto name : {"key"_L1, "token"_L1, "metadata"_L1, "value"_L1}) {
        if (!bytesOf(lock.value(name)))
            return u"\"%1\" is neither a string nor {\"base64\": …}"_s.arg(name);
    }
    if (!lock.value("keys"_L1).isArray() || lock.value("keys"_L1).toArray().isEmpty())
        return u"\"keys\" is not a non-empty array"_s;
    for (const auto &key : lock.value("keys"_L1).toArray()) {
        if (!bytesOf(key))
            return u"an element of \"keys\" is not a byte string"_s;
    }
    if (!lock.value("format"_L1).isString())
        return u"\"format\" is not a string"_s;
    if (!lock.value("holder"_L1).isObject())
        return u"\"holder\" is not an object"_s;
    if (!lock.value("evidence"_L1).isString() || lock.value("evidence"_L1).toString().isEmpty())
        return u"\"evidence\" is not a non-empty string"_s;
    const QJsonValue ttl = lock.value("ttl_ms"_L1);
    if (!ttl.isDouble() || ttl.toDouble() != static_cast<double>(ttl.toInteger()))
        return u"\"ttl_ms\" is not a whole number"_s;
    return {};
}

// stdout as the one JSON object it must be: one document, on one line.
std::optional<QJsonObject> jsonObject(const QByteArray &out)
{
    if (!out.endsWith('\n') || out.count('\n') != 1)
        return std::nullopt;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// For comparisons: the bytes, or a marker that no expected value equals.
QByteArray shown(const QJsonValue &value)
{
    return bytesOf(value).value_or("<not a byte string>");
}

QByteArray keyOf(const QJsonObject &lock)
{
    return shown(lock.value("key"_L1));
}

QList<QByteArray> keysOf(const QJsonObject &lock)
{
    QList<QByteArray> keys;
    for (const auto &key : lock.value("keys"_L1).toArray())
        keys.append(shown(key));
    return keys;
}

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

// A python3 that can `import redis` (Debian's python3-redis lives under /usr/bin, which a
// python3 earlier on PATH may not see); empty when there is none.
QString pythonWithRedis()
{
    QStringList candidates;
    if (const QString onPath = QStandardPaths::findExecutable(u"python3"_s); !onPath.isEmpty())
        candidates.append(onPath);
    candidates.append(u"/usr/bin/python3"_s);
    for (const QString &python : candidates) {
        QProcess probe;
        probe.start(python, {u"-c"_s, u"import redis"_s});
        if (probe.waitForFinished(15000) && probe.exitStatus() == QProcess::NormalExit &&
            probe.exitCode() == 0)
            return python;
    }
    return {};
}

// Takes a redis-py Lock (30 s timeout) and prints its token; exits 1 when it is taken.
const QString pythonLockScript = uR"(import sys, redis
r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]))
lock = r.lock(sys.argv[2], timeout=30)
if not lock.acquire(blocking=False):
    sys.exit(1)
token = lock.local.token
sys.stdout.write(token.decode() if isinstance(token, bytes) else token)
)"_s;

using lockscope::test::nonReadCommands;

} // namespace

#define VERIFY_EXIT(run, code)                                                                     \
    QVERIFY2((run).finished && (run).exitCode == (code), (run).describe().constData())

// Success: exit 0 and nothing on stderr.
#define VERIFY_SUCCESS(run)                                                                        \
    do {                                                                                           \
        VERIFY_EXIT(run, 0);                                                                       \
        QVERIFY2((run).err.isEmpty(), (run).describe().constData());                               \
    } while (false)

// Failure: the exit code, and exactly one "lockctl: …" line on stderr.
#define VERIFY_FAILURE(run, code)                                                                  \
    do {                                                                                           \
        VERIFY_EXIT(run, code);                                                                    \
        QVERIFY2(isOneErrorLine((run).err), (run).describe().constData());                         \
    } while (false)

// Declares `object`: stdout parsed as one JSON object.
#define PARSE_JSON(object, run)                                                                    \
    const std::optional<QJsonObject> object##Parsed = jsonObject((run).out);                       \
    QVERIFY2(object##Parsed, (run).describe().constData());                                        \
    const QJsonObject &object = *object##Parsed

#define VERIFY_LOCK_SHAPE(lock)                                                                    \
    do {                                                                                           \
        const QString problem = lockShapeProblem(lock);                                            \
        QVERIFY2(problem.isEmpty(),                                                                \
                 qPrintable(problem + u"\n"_s + QString::fromUtf8(QJsonDocument(lock).toJson()))); \
    } while (false)

class TestLockctl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void help();
    void version();
    void listShowsEachKind_data();
    void listShowsEachKind();
    void listBinaryKey();
    void listTextNamesHolders_data();
    void listTextNamesHolders();
    void listLimit_data();
    void listLimit();
    void listPrefix();
    void obtain_data();
    void obtain();
    void obtainMultipleKeys();
    void obtainFenceKey();
    void obtainRetry_data();
    void obtainRetry();
    void holdRefreshesPastTheTtl();
    void holdLostSaysSoAndExits1();
    void obtainWaitsForReleaseWithNotify();
    void holdInterrupted_data();
    void holdInterrupted();
    void heldLockCommands_data();
    void heldLockCommands();
    void forceRelease_data();
    void forceRelease();
    void backoff_data();
    void backoff();
    void backoffJitter_data();
    void backoffJitter();
    void configFile_data();
    void configFile();
    void configFileErrors_data();
    void configFileErrors();
    void foreignLock_data();
    void foreignLock();
    void otherLibrariesLocks();
    void reobtain_data();
    void reobtain();
    void badInput_data();
    void badInput();
    void passwordSources_data();
    void passwordSources();
    void sandbox();

private:
    // --url <the suite's server> --json, then `arguments`.
    struct BadRow
    {
        QString tag;
        QString url;
        QStringList arguments;
        int exitCode;
        QString mentions;
    };
    [[nodiscard]] static std::vector<BadRow> badInputRows();

    [[nodiscard]] QStringList on(const QStringList &arguments) const
    {
        return QStringList{u"--url"_s, server_.url(), u"--json"_s} + arguments;
    }

    RedisServer server_;
    QTemporaryDir dir_;
};

void TestLockctl::initTestCase()
{
    QVERIFY2(QFile::exists(lockctlPath), qPrintable(lockctlPath));
    QVERIFY2(dir_.isValid(), qPrintable(dir_.errorString()));
    QVERIFY2(server_.start(), qPrintable(server_.errorString()));
}

void TestLockctl::help()
{
    const Run run = lockctl({u"--help"_s});
    VERIFY_SUCCESS(run);
    QVERIFY2(run.out.startsWith("usage: lockctl"), run.describe().constData());
    for (const char *command :
         {"list", "obtain", "refresh", "release", "ttl", "force-release", "backoff", "sandbox"})
        QVERIFY2(run.out.contains(QByteArray("\n  ") + command + ' '), command);
}

// The version is the project()'s, the same the Debian packages carry; it needs no server.
void TestLockctl::version()
{
    const Run run = lockctl({u"--version"_s});
    VERIFY_SUCCESS(run);
    QCOMPARE(run.out, QByteArray("lockctl " LOCKSCOPE_VERSION "\n"));
    QVERIFY2(run.err.isEmpty(), run.describe().constData());
}

void TestLockctl::listShowsEachKind_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("pxMs"); // 0: no expiry
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("metadata");

    const QByteArray json(R"({"job":"report","pid":42})");
    const QByteArray custom = QByteArray("exp-0042") + R"({"rows":120000})";
    const QByteArray binary = QByteArray("\xff\x00\xfe", 3) + " lock";
    const QByteArray chinese = u"订单锁:结算服务"_s.toUtf8();
    const QStringList length8{u"--token-length"_s, u"8"_s};

    QTest::newRow("redislock, JSON metadata")
        << token22 + json << 30000 << QStringList() << u"redislock"_s << token22 << json;
    QTest::newRow("redislock, no metadata")
        << token22 << 5000 << QStringList() << u"redislock"_s << token22 << QByteArray();
    // Bytes that are not text are no metadata: a value that only starts like a token is raw.
    QTest::newRow("binary after 22 base64url characters: raw")
        << token22 + "\x80\x81" << 5000 << QStringList() << u"raw"_s << QByteArray()
        << token22 + "\x80\x81";
    // Another client's 16 random bytes in padded standard base64: redsync's, all of it token.
    QTest::newRow("redsync value")
        << QByteArray("kW3rJ9xQe2LmN0pQrStUvA==") << 5000 << QStringList() << u"redsync"_s
        << QByteArray("kW3rJ9xQe2LmN0pQrStUvA==") << QByteArray();
    QTest::newRow("binary value, --token-length 8: raw")
        << QByteArray("\x00\x9f\xff"
                      "AAAAAxyz",
                      11)
        << 5000 << length8 << u"raw"_s << QByteArray()
        << QByteArray("\x00\x9f\xff"
                      "AAAAAxyz",
                      11);
    // Raw values show whole, as metadata after an empty token (the text table's last column).
    QTest::newRow("raw, no expiry")
        << QByteArray("42") << 0 << QStringList() << u"raw"_s << QByteArray() << QByteArray("42");
    QTest::newRow("raw, 21 base64url characters") << token22.left(21) << 1000 << QStringList()
                                                  << u"raw"_s << QByteArray() << token22.left(21);
    QTest::newRow("raw, binary, not UTF-8")
        << binary << 0 << QStringList() << u"raw"_s << QByteArray() << binary;
    QTest::newRow("raw, Chinese text")
        << chinese << 60000 << QStringList() << u"raw"_s << QByteArray() << chinese;
    QTest::newRow("custom token, no --token-length")
        << custom << 5000 << QStringList() << u"raw"_s << QByteArray() << custom;
    QTest::newRow("custom token, --token-length 8")
        << custom << 5000 << length8 << u"custom-token"_s << QByteArray("exp-0042")
        << QByteArray(R"({"rows":120000})");
    QTest::newRow("custom token, Chinese metadata")
        << QByteArray("tok12345") + u"元数据"_s.toUtf8() << 5000 << length8 << u"custom-token"_s
        << QByteArray("tok12345") << u"元数据"_s.toUtf8();
    QTest::newRow("custom token, value shorter than --token-length")
        << QByteArray("short") << 5000 << length8 << u"raw"_s << QByteArray()
        << QByteArray("short");
    QTest::newRow("redislock wins over --token-length")
        << token22 + "m" << 5000 << length8 << u"redislock"_s << token22 << QByteArray("m");
}

void TestLockctl::listShowsEachKind()
{
    QFETCH(QByteArray, value);
    QFETCH(int, pxMs);
    QFETCH(QStringList, options);
    QFETCH(QString, format);
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, metadata);

    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    QVERIFY(redis.set(bytes(key), value,
                      pxMs ? std::optional(std::chrono::milliseconds(pxMs)) : std::nullopt));

    const Run run = lockctl(on(QStringList{u"list"_s, u"--pattern"_s, qs(key)} + options));
    VERIFY_SUCCESS(run);
    PARSE_JSON(listing, run);
    QVERIFY2(listing.value("complete"_L1).isBool() && listing.value("complete"_L1).toBool(),
             run.describe().constData());
    QCOMPARE(listing.value("scanned"_L1).toInteger(-1), 1);
    const QJsonArray locks = listing.value("locks"_L1).toArray();
    QCOMPARE(locks.size(), 1);
    const QJsonObject lock = locks.first().toObject();
    VERIFY_LOCK_SHAPE(lock);
    QCOMPARE(keyOf(lock), bytes(key));
    QCOMPARE(keysOf(lock), QList<QByteArray>{bytes(key)});
    QCOMPARE(lock.value("format"_L1).toString(), format);
    QCOMPARE(shown(lock.value("token"_L1)), token);
    QCOMPARE(shown(lock.value("metadata"_L1)), metadata);
    QCOMPARE(shown(lock.value("value"_L1)), value);
    // Text stays text, Chinese included; only bytes that are not UTF-8 become base64.
    QCOMPARE(lock.value("value"_L1).isString(), isUtf8(value));
    if (isUtf8(value))
        QCOMPARE(lock.value("value"_L1).toString(), QString::fromUtf8(value));
    const qint64 ttl = lock.value("ttl_ms"_L1).toInteger();
    if (pxMs == 0)
        QCOMPARE(ttl, -1);
    else
        QVERIFY2(ttl > 0 && ttl <= pxMs, qPrintable(QString::number(ttl)));
    redis.del(bytes(key));
}

void TestLockctl::listBinaryKey()
{
    RawRedis redis = server_.rawClient();
    const std::string base = uniqueKey();
    const QByteArray key = bytes(base) + QByteArray(":\xff\x00\xfe", 4);
    QVERIFY(redis.set(key, token22 + "meta", 30s));

    const Run run = lockctl(on({u"list"_s, u"--pattern"_s, qs(base) + u":*"_s}));
    VERIFY_SUCCESS(run);
    PARSE_JSON(listing, run);
    const QJsonArray locks = listing.value("locks"_L1).toArray();
    QCOMPARE(locks.size(), 1);
    const QJsonObject lock = locks.first().toObject();
    VERIFY_LOCK_SHAPE(lock);
    QVERIFY(lock.value("key"_L1).isObject());
    QCOMPARE(keyOf(lock), key);
    QCOMPARE(keysOf(lock), QList<QByteArray>{key});
    QCOMPARE(lock.value("format"_L1).toString(), u"redislock"_s);
    QCOMPARE(lock.value("token"_L1).toString(), QString::fromLatin1(token22));
    redis.del(key);
}

// The table's last column names the holder in English, word for word as lockctl printed it
// before the core gave the line as codes (which the inspector words in its own language).
void TestLockctl::listTextNamesHolders_data()
{
    QTest::addColumn<QByteArray>("suffix"); // after the test's unique key
    QTest::addColumn<QList<QByteArray>>("command");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("holder");
    const QByteArray client = "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80";
    const QByteArray other = "9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0";
    QTest::newRow("redisson") << QByteArray() << QList<QByteArray>{"HSET", client + ":57", "2"}
                              << u"redisson"_s << u"client 2f3a…, thread 57 ×2"_s;
    QTest::newRow("redisson read lock, two readers")
        << QByteArray()
        << QList<QByteArray>{"HSET", "mode", "read", client + ":57", "1", other + ":3", "2"}
        << u"redisson-rwlock"_s << u"read: client 2f3a…, thread 57 (+1 more)"_s;
    QTest::newRow("redisson write lock")
        << QByteArray() << QList<QByteArray>{"HSET", "mode", "write", client + ":57:write", "3"}
        << u"redisson-rwlock"_s << u"write: client 2f3a…, thread 57 ×3"_s;
    QTest::newRow("redis-py") << QByteArray()
                              << QList<QByteArray>{"SET", "74bcae3007a711ef92340242ac110002"}
                              << u"redis-py"_s
                              << u"node 02:42:ac:11:00:02, since 2024-05-01 10:42:07Z"_s;
    QTest::newRow("python-redis-lock")
        << ":lock:nightly"_ba << QList<QByteArray>{"SET", "yMnKy8zNzs/Q0dLT1NXW19jZ"}
        << u"python-redis-lock"_s << u"id yMnK…"_s;
    QTest::newRow("shedlock") << QByteArray()
                              << QList<QByteArray>{"SET", "ADDED:2024-05-01T10:42:07.1Z@cron-01"}
                              << u"shedlock"_s << u"host cron-01, since 2024-05-01 10:42:07Z"_s;
    QTest::newRow("redislock: its metadata instead")
        << QByteArray() << QList<QByteArray>{"SET", token22 + R"({"job":"settle"})"}
        << u"redislock"_s << uR"({"job":"settle"})"_s;
}

void TestLockctl::listTextNamesHolders()
{
    QFETCH(QByteArray, suffix);
    QFETCH(QList<QByteArray>, command);
    QFETCH(QString, format);
    QFETCH(QString, holder);
    RawRedis redis = server_.rawClient();
    const QByteArray key = bytes(uniqueKey()) + suffix;
    command.insert(1, key);
    QVERIFY(!redis.command(command).isError());

    const Run run =
        lockctl({u"--url"_s, server_.url(), u"list"_s, u"--pattern"_s, QString::fromLatin1(key)});
    VERIFY_SUCCESS(run);
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2); // the header and the lock
    QVERIFY2(lines.at(0).endsWith(u" HOLDER / METADATA"_s), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(u' ' + format + u' '), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(1).endsWith(u' ' + holder), qPrintable(lines.at(1)));
    redis.del(key);
}

void TestLockctl::listLimit_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("listed");
    QTest::addColumn<bool>("complete");

    QTest::newRow("no limit") << QStringList() << 5 << true;
    QTest::newRow("--limit 2") << QStringList{u"--limit"_s, u"2"_s} << 2 << false;
    QTest::newRow("--limit 5, all of them") << QStringList{u"--limit"_s, u"5"_s} << 5 << true;
    QTest::newRow("--limit 9") << QStringList{u"--limit"_s, u"9"_s} << 5 << true;
}

void TestLockctl::listLimit()
{
    QFETCH(QStringList, options);
    QFETCH(int, listed);
    QFETCH(bool, complete);

    RawRedis redis = server_.rawClient();
    const std::string base = uniqueKey();
    QList<QByteArray> all;
    for (int i = 1; i <= 5; ++i) {
        all.append(bytes(base) + ':' + QByteArray::number(i));
        QVERIFY(redis.set(all.last(), token22 + QByteArray::number(i), 30s));
    }

    const Run run =
        lockctl(on(QStringList{u"list"_s, u"--pattern"_s, qs(base) + u":*"_s} + options));
    VERIFY_SUCCESS(run);
    PARSE_JSON(listing, run);
    QCOMPARE(listing.value("complete"_L1).toBool(!complete), complete);
    QVERIFY(listing.value("scanned"_L1).toInteger() >= listed);
    const QJsonArray locks = listing.value("locks"_L1).toArray();
    QCOMPARE(locks.size(), listed);
    QSet<QByteArray> seen;
    for (const auto &value : locks) {
        const QJsonObject lock = value.toObject();
        VERIFY_LOCK_SHAPE(lock);
        QVERIFY(all.contains(keyOf(lock)));
        seen.insert(keyOf(lock));
    }
    QCOMPARE(seen.size(), listed);
    for (const auto &key : all)
        redis.del(key);
}

void TestLockctl::listPrefix()
{
    RawRedis redis = server_.rawClient();
    const std::string prefix = uniqueKey();
    const QByteArray p = bytes(prefix);
    QVERIFY(redis.set(p + ":a", token22, 30s));
    QVERIFY(redis.set(p + ":b:c", "raw"));
    QVERIFY(redis.set(p, "the bare prefix"));
    QVERIFY(redis.set(p + "x:d", "another prefix"));
    const auto listed = [](const QJsonObject &listing) {
        QList<QByteArray> keys;
        for (const auto &lock : listing.value("locks"_L1).toArray())
            keys.append(keyOf(lock.toObject()));
        std::ranges::sort(keys);
        return keys;
    };

    // The default pattern with a prefix is "<prefix>:*".
    const Run run = lockctl(on({u"--prefix"_s, qs(prefix), u"list"_s}));
    VERIFY_SUCCESS(run);
    PARSE_JSON(listing, run);
    QCOMPARE(listed(listing), (QList<QByteArray>{p + ":a", p + ":b:c"}));

    // An explicit pattern is used as it is.
    const Run explicitPattern =
        lockctl(on({u"--prefix"_s, qs(prefix), u"list"_s, u"--pattern"_s, qs(prefix) + u"*"_s}));
    VERIFY_SUCCESS(explicitPattern);
    PARSE_JSON(all, explicitPattern);
    QCOMPARE(listed(all), (QList<QByteArray>{p, p + ":a", p + ":b:c", p + "x:d"}));
    for (const auto &key : {p, p + ":a", p + ":b:c", p + "x:d"})
        redis.del(key);
}

void TestLockctl::obtain_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("token"); // empty: a random one is expected
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<QString>("format");

    const QByteArray json(R"({"host":"web-1","pid":4242})");
    QTest::newRow("random token") << QStringList() << QByteArray() << QByteArray()
                                  << u"redislock"_s;
    QTest::newRow("--retry none") << QStringList{u"--retry"_s, u"none"_s} << QByteArray()
                                  << QByteArray() << u"redislock"_s;
    QTest::newRow("--metadata JSON") << QStringList{u"--metadata"_s, QString::fromUtf8(json)}
                                     << QByteArray() << json << u"redislock"_s;
    QTest::newRow("--metadata in Chinese")
        << QStringList{u"--metadata"_s, u"结算服务"_s} << QByteArray() << u"结算服务"_s.toUtf8()
        << u"redislock"_s;
    QTest::newRow("--token") << QStringList{u"--token"_s, u"job-7"_s} << QByteArray("job-7")
                             << QByteArray() << u"custom-token"_s;
    QTest::newRow("--token and --metadata")
        << QStringList{u"--token"_s, u"job-7"_s, u"--metadata"_s, QString::fromUtf8(json)}
        << QByteArray("job-7") << json << u"custom-token"_s;
    QTest::newRow("--token of 22 base64url characters")
        << QStringList{u"--token"_s, QString::fromLatin1(token22)} << token22 << QByteArray()
        << u"redislock"_s;
}

void TestLockctl::obtain()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, metadata);
    QFETCH(QString, format);

    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    const Run run = lockctl(on(QStringList{u"obtain"_s, qs(key), u"--ttl"_s, u"10s"_s} + options));
    VERIFY_SUCCESS(run);
    PARSE_JSON(lock, run);
    VERIFY_LOCK_SHAPE(lock);
    QCOMPARE(keyOf(lock), bytes(key));
    QCOMPARE(keysOf(lock), QList<QByteArray>{bytes(key)});
    QCOMPARE(lock.value("format"_L1).toString(), format);
    const QByteArray shownToken = bytesOf(lock.value("token"_L1)).value_or("");
    if (token.isEmpty()) {
        static const QRegularExpression base64url(u"^[A-Za-z0-9_-]{22}$"_s);
        QVERIFY2(base64url.match(QString::fromLatin1(shownToken)).hasMatch(),
                 shownToken.constData());
    } else {
        QCOMPARE(shownToken, token);
    }
    QCOMPARE(shown(lock.value("metadata"_L1)), metadata);
    QCOMPARE(shown(lock.value("value"_L1)), shownToken + metadata);
    const qint64 ttl = lock.value("ttl_ms"_L1).toInteger();
    QVERIFY2(ttl > 0 && ttl <= 10000, qPrintable(QString::number(ttl)));

    // On the server: exactly that value, with the ttl.
    QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), shownToken + metadata);
    const qint64 pttl = redis.pttl(bytes(key));
    QVERIFY2(pttl > 0 && pttl <= 10000, qPrintable(QString::number(pttl)));
    redis.del(bytes(key));
}

void TestLockctl::obtainMultipleKeys()
{
    RawRedis redis = server_.rawClient();
    const std::string base = uniqueKey();
    QStringList keys;
    QList<QByteArray> keyBytes;
    for (int i = 1; i <= 4; ++i) {
        keys.append(qs(base) + u":%1"_s.arg(i));
        keyBytes.append(keys.last().toUtf8());
    }

    const Run run = lockctl(on({u"obtain"_s, keys[0], keys[1], keys[2], u"--ttl"_s, u"10s"_s}));
    VERIFY_SUCCESS(run);
    PARSE_JSON(lock, run);
    VERIFY_LOCK_SHAPE(lock);
    QCOMPARE(keyOf(lock), keyBytes[0]);
    QCOMPARE(keysOf(lock), keyBytes.first(3));
    const QByteArray value = bytesOf(lock.value("value"_L1)).value_or("");
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(redis.get(keyBytes[i]).value_or("(nil)"), value);
        QVERIFY(redis.pttl(keyBytes[i]) > 0);
    }

    // All or nothing: one key taken, so the other is not written either.
    const Run overlapping = lockctl(on({u"obtain"_s, keys[2], keys[3], u"--ttl"_s, u"10s"_s}));
    VERIFY_FAILURE(overlapping, 1);
    QVERIFY(overlapping.out.isEmpty());
    QVERIFY(!redis.exists(keyBytes[3]));
    QCOMPARE(redis.get(keyBytes[2]).value_or("(nil)"), value);

    // Released together with the token.
    const QString token = lock.value("token"_L1).toString();
    const Run released =
        lockctl(on({u"release"_s, keys[0], keys[1], keys[2], u"--token"_s, token}));
    VERIFY_SUCCESS(released);
    for (int i = 0; i < 3; ++i)
        QVERIFY(!redis.exists(keyBytes[i]));
}

void TestLockctl::obtainFenceKey()
{
    RawRedis redis = server_.rawClient();
    const std::string first = uniqueKey("first");
    const std::string second = uniqueKey("second");
    const std::string fence = uniqueKey("fence");

    // The fence is in the text output (the JSON lock has no field for it).
    const QStringList text{u"--url"_s, server_.url()};
    const Run run = lockctl(text + QStringList{u"obtain"_s, qs(first), u"--ttl"_s, u"10s"_s,
                                               u"--fence-key"_s, qs(fence)});
    VERIFY_SUCCESS(run);
    QVERIFY2(run.out.startsWith("obtained ") && run.out.contains(" fence=1"),
             run.describe().constData());
    QCOMPARE(redis.get(bytes(fence)).value_or("(nil)"), QByteArray("1"));
    const Run next = lockctl(text + QStringList{u"obtain"_s, qs(second), u"--ttl"_s, u"10s"_s,
                                                u"--fence-key"_s, qs(fence)});
    VERIFY_SUCCESS(next);
    QVERIFY2(next.out.contains(" fence=2"), next.describe().constData());
    QCOMPARE(redis.get(bytes(fence)).value_or("(nil)"), QByteArray("2"));

    // The prefix applies to the fence key too.
    const std::string prefix = uniqueKey("prefix");
    const Run prefixed = lockctl(on({u"--prefix"_s, qs(prefix), u"obtain"_s, u"job"_s, u"--ttl"_s,
                                     u"10s"_s, u"--fence-key"_s, u"fence"_s}));
    VERIFY_SUCCESS(prefixed);
    QVERIFY(redis.exists(bytes(prefix) + ":job"));
    QCOMPARE(redis.get(bytes(prefix) + ":fence").value_or("(nil)"), QByteArray("1"));
    for (const auto &key : {bytes(first), bytes(second), bytes(fence), bytes(prefix) + ":job",
                            bytes(prefix) + ":fence"})
        redis.del(key);
}

void TestLockctl::obtainRetry_data()
{
    QTest::addColumn<int>("heldForMs"); // by another value, before lockctl starts
    QTest::addColumn<QString>("retry");
    QTest::addColumn<QString>("ttl");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<int>("minMs"); // the whole run took at least this long

    // The holders outlast lockctl's start (up to a second in a sanitizer build), so that its
    // first attempt finds the key held.
    QTest::newRow("linear retries outlast a 1.5s holder")
        << 1500 << u"linear(50ms)"_s << u"5s"_s << 0 << 1490;
    QTest::newRow("limit(linear(50ms),3) gives up after 3 retries")
        << 30000 << u"limit(linear(50ms),3)"_s << u"5s"_s << 1 << 140;
    QTest::newRow("none: a single attempt") << 30000 << u"none"_s << u"5s"_s << 1 << 0;
    // Without a deadline of the caller's, retrying ends when the ttl has passed.
    QTest::newRow("retrying stops at the ttl deadline")
        << 30000 << u"linear(20ms)"_s << u"400ms"_s << 1 << 300;
    // This server publishes no keyspace events: notify() waits on its strategy alone.
    QTest::newRow("notify without notifications: the strategy outlasts a 1.5s holder")
        << 1500 << u"notify(linear(50ms))"_s << u"5s"_s << 0 << 1490;
}

void TestLockctl::obtainRetry()
{
    QFETCH(int, heldForMs);
    QFETCH(QString, retry);
    QFETCH(QString, ttl);
    QFETCH(int, exitCode);
    QFETCH(int, minMs);

    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    QElapsedTimer timer;
    timer.start();
    QVERIFY(redis.set(bytes(key), "someone-else", std::chrono::milliseconds(heldForMs)));
    const Run run = lockctl(on({u"obtain"_s, qs(key), u"--ttl"_s, ttl, u"--retry"_s, retry}));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= minMs && elapsed < 5000, qPrintable(QString::number(elapsed)));
    if (exitCode == 0) {
        if (retry.startsWith(u"notify("_s)) {
            // Said once, as a note: the wait falls back to the strategy.
            VERIFY_EXIT(run, 0);
            QVERIFY2(run.err.startsWith("lockctl: note: keyspace notifications are off"),
                     run.describe().constData());
            QCOMPARE(run.err.count('\n'), 1);
        } else {
            VERIFY_SUCCESS(run);
        }
        PARSE_JSON(lock, run);
        QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), shown(lock.value("value"_L1)));
    } else {
        VERIFY_FAILURE(run, exitCode);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), QByteArray("someone-else"));
    }
    redis.del(bytes(key));
}

void TestLockctl::holdRefreshesPastTheTtl()
{
    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    QElapsedTimer timer;
    timer.start();
    QProcess process;
    process.start(lockctlPath,
                  on({u"obtain"_s, qs(key), u"--ttl"_s, u"150ms"_s, u"--hold"_s, u"900ms"_s}));
    const QByteArray line = firstLine(process, 5s);
    const auto lock = jsonObject(line);
    QVERIFY2(lock, (line + process.readAllStandardError()).constData());
    const QByteArray value = bytesOf(lock->value("value"_L1)).value_or("");

    // Well past the 150ms ttl, twice, it is still there: refreshed at a third of the ttl.
    for (const auto at : {350ms, 650ms}) {
        std::this_thread::sleep_for(at - std::chrono::milliseconds(timer.elapsed()));
        QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), value);
        const qint64 pttl = redis.pttl(bytes(key));
        QVERIFY2(pttl > 0 && pttl <= 150, qPrintable(QString::number(pttl)));
    }

    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(process.readAllStandardError(), QByteArray());
    QCOMPARE(process.readAllStandardOutput(), QByteArray()); // the lock was the one document
    // Released at the end of the hold, not left to expire.
    QVERIFY(!redis.exists(bytes(key)));
}

void TestLockctl::holdLostSaysSoAndExits1()
{
    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    QProcess process;
    process.start(lockctlPath,
                  on({u"obtain"_s, qs(key), u"--ttl"_s, u"300ms"_s, u"--hold"_s, u"60s"_s}));
    const QByteArray line = firstLine(process, 5s);
    QVERIFY2(jsonObject(line), (line + process.readAllStandardError()).constData());
    // Taken from under it: the next renewal finds another value.
    QCOMPARE(redis.del(bytes(key)), 1);
    QVERIFY(redis.set(bytes(key), "someone-else", std::chrono::milliseconds(10000)));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(process.waitForFinished(10000));
    // Within about a renewal period (100 ms), not at the end of the 60 s hold.
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(err.count('\n'), 1);
    QVERIFY2(err.startsWith("lockctl: lock on") && err.contains("lost"), err.constData());
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
    // The other holder's lock is left alone.
    QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), QByteArray("someone-else"));
    redis.del(bytes(key));
}

void TestLockctl::obtainWaitsForReleaseWithNotify()
{
    RedisServerOptions serverOptions;
    serverOptions.notifyKeyspaceEvents = u"Egx"_s;
    RedisServer server(serverOptions);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis redis = server.rawClient();
    const std::string key = uniqueKey();
    QVERIFY(redis.set(bytes(key), "someone-else", std::chrono::milliseconds(30000)));
    QProcess process;
    // The strategy alone would wait 20 s between attempts.
    process.start(lockctlPath,
                  QStringList{u"--url"_s, server.url(), u"--json"_s, u"obtain"_s, qs(key),
                              u"--ttl"_s, u"30s"_s, u"--retry"_s, u"notify(linear(20s))"_s});
    // It tried once and listens for the key's release.
    QVERIFY(lockscope::test::waitFor(
        [&] {
            const auto numsub = redis.command({"PUBSUB", "NUMSUB", "__keyevent@0__:del"});
            return numsub.elements.size() == 2 && numsub.elements[1].integer == 1;
        },
        10s));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(redis.del(bytes(key)), 1);
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(process.readAllStandardError(), QByteArray());
    const auto lock = jsonObject(process.readAllStandardOutput());
    QVERIFY(lock);
    QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), shown(lock->value("value"_L1)));
}

void TestLockctl::holdInterrupted_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

void TestLockctl::holdInterrupted()
{
    QFETCH(int, signal);

    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    QProcess process;
    process.start(lockctlPath,
                  on({u"obtain"_s, qs(key), u"--ttl"_s, u"5s"_s, u"--hold"_s, u"60s"_s}));
    const QByteArray line = firstLine(process, 5s);
    QVERIFY2(jsonObject(line), (line + process.readAllStandardError()).constData());
    QVERIFY(redis.exists(bytes(key)));

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), signal), 0);
    QVERIFY(process.waitForFinished(3000));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardError(), QByteArray());
    // Released on the way out: the next holder need not wait 5 s.
    QVERIFY(!redis.exists(bytes(key)));
}

void TestLockctl::heldLockCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("remains");
    QTest::addColumn<int>("minPttl"); // of the key afterwards, when it remains
    QTest::addColumn<int>("maxPttl");

    // The lock on the server: token "tok-1234", metadata {"m":1}, 10 s.
    const QStringList right{u"--token"_s, u"tok-1234"_s, u"--metadata"_s, u"{\"m\":1}"_s};
    const QStringList wrongToken{u"--token"_s, u"tok-9999"_s, u"--metadata"_s, u"{\"m\":1}"_s};
    const QStringList wrongMetadata{u"--token"_s, u"tok-1234"_s, u"--metadata"_s, u"{\"m\":2}"_s};
    const QStringList noMetadata{u"--token"_s, u"tok-1234"_s};
    const QStringList ttl20s{u"--ttl"_s, u"20s"_s};

    QTest::newRow("ttl, right token and metadata") << u"ttl"_s << right << 0 << true << 1 << 10000;
    QTest::newRow("ttl, wrong token") << u"ttl"_s << wrongToken << 1 << true << 1 << 10000;
    QTest::newRow("ttl, metadata left out") << u"ttl"_s << noMetadata << 1 << true << 1 << 10000;
    QTest::newRow("refresh, right token and metadata")
        << u"refresh"_s << right + ttl20s << 0 << true << 10001 << 20000;
    QTest::newRow("refresh, wrong token")
        << u"refresh"_s << wrongToken + ttl20s << 1 << true << 1 << 10000;
    QTest::newRow("refresh, wrong metadata")
        << u"refresh"_s << wrongMetadata + ttl20s << 1 << true << 1 << 10000;
    QTest::newRow("release, right token and metadata")
        << u"release"_s << right << 0 << false << 0 << 0;
    QTest::newRow("release, wrong token") << u"release"_s << wrongToken << 1 << true << 1 << 10000;
    QTest::newRow("release, metadata left out")
        << u"release"_s << noMetadata << 1 << true << 1 << 10000;
}

void TestLockctl::heldLockCommands()
{
    QFETCH(QString, command);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(bool, remains);
    QFETCH(int, minPttl);
    QFETCH(int, maxPttl);

    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    const QByteArray value = QByteArray("tok-1234") + R"({"m":1})";
    QVERIFY(redis.set(bytes(key), value, 10s));

    const Run run = lockctl(on(QStringList{command, qs(key)} + options));
    if (exitCode == 0) {
        VERIFY_SUCCESS(run);
        PARSE_JSON(result, run);
        QCOMPARE(keyOf(result), bytes(key));
        if (command == "ttl"_L1) {
            const qint64 ttl = result.value("ttl_ms"_L1).toInteger();
            QVERIFY2(ttl > 0 && ttl <= 10000, run.describe().constData());
        } else if (command == "refresh"_L1) {
            VERIFY_LOCK_SHAPE(result);
            QCOMPARE(shown(result.value("value"_L1)), value);
            const qint64 ttl = result.value("ttl_ms"_L1).toInteger();
            QVERIFY2(ttl > 10000 && ttl <= 20000, run.describe().constData());
        } else {
            QCOMPARE(result.value("released"_L1).toInteger(), 1);
        }
    } else {
        VERIFY_FAILURE(run, exitCode);
        // The error names the key.
        QVERIFY2(run.err.contains(bytes(key)), run.describe().constData());
    }

    QCOMPARE(redis.exists(bytes(key)), remains);
    if (remains) {
        QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), value);
        const qint64 pttl = redis.pttl(bytes(key));
        QVERIFY2(pttl >= minPttl && pttl <= maxPttl, qPrintable(QString::number(pttl)));
        redis.del(bytes(key));
    }
}

void TestLockctl::forceRelease_data()
{
    QTest::addColumn<QStringList>("options"); // VALUE: the value on the server
    QTest::addColumn<bool>("seeded");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("deleted");

    const QStringList exact{u"--expect-value"_s, u"VALUE"_s};
    QTest::newRow("--expect-value, the exact value") << exact << true << 0 << true;
    QTest::newRow("--expect-value, another value")
        << QStringList{u"--expect-value"_s, u"someone-else"_s} << true << 1 << false;
    QTest::newRow("--expect-value, the token without the metadata")
        << QStringList{u"--expect-value"_s, QString::fromLatin1(token22)} << true << 1 << false;
    QTest::newRow("--regardless") << QStringList{u"--regardless"_s} << true << 0 << true;
    QTest::newRow("neither flag") << QStringList() << true << 2 << false;
    QTest::newRow("both flags") << exact + QStringList{u"--regardless"_s} << true << 2 << false;
    QTest::newRow("empty --expect-value")
        << QStringList{u"--expect-value"_s, QString()} << true << 2 << false;
    QTest::newRow("--expect-value, no such key") << exact << false << 1 << false;
    QTest::newRow("--regardless, no such key")
        << QStringList{u"--regardless"_s} << false << 1 << false;
}

void TestLockctl::forceRelease()
{
    QFETCH(QStringList, options);
    QFETCH(bool, seeded);
    QFETCH(int, exitCode);
    QFETCH(bool, deleted);

    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    const QByteArray value = token22 + R"({"host":"crashed-7"})";
    if (seeded)
        QVERIFY(redis.set(bytes(key), value, 30s));
    options.replaceInStrings(QRegularExpression(u"^VALUE$"_s), QString::fromUtf8(value));

    const Run run = lockctl(on(QStringList{u"force-release"_s, qs(key)} + options));
    if (exitCode == 0) {
        VERIFY_SUCCESS(run);
        PARSE_JSON(result, run);
        QCOMPARE(keyOf(result), bytes(key));
        QCOMPARE(result.value("deleted"_L1).toInteger(), 1);
    } else {
        VERIFY_FAILURE(run, exitCode);
    }
    if (deleted) {
        QVERIFY(!redis.exists(bytes(key)));
    } else if (seeded) {
        QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), value);
        QVERIFY(redis.pttl(bytes(key)) > 0);
        redis.del(bytes(key));
    } else {
        QVERIFY(!redis.exists(bytes(key)));
    }
}

void TestLockctl::backoff_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QList<double>>("waits");
    QTest::addColumn<double>("deadline");
    QTest::addColumn<int>("attemptsBeforeDeadline");

    QTest::newRow("exponential(0,0): 4, 8, 16, …")
        << QStringList{u"exponential(0,0)"_s} << u"exponential(0s,0s)"_s
        << QList<double>{4, 8, 16, 32, 64, 128, 256, 512, 1024} << 1000.0 << 8;
    QTest::newRow("exponential(0,0), --attempts 5")
        << QStringList{u"exponential(0,0)"_s, u"--attempts"_s, u"5"_s} << u"exponential(0s,0s)"_s
        << QList<double>{4, 8, 16, 32} << 1000.0 << 5;
    QTest::newRow("exponential(16ms,1s): the minimum first")
        << QStringList{u"exponential(16ms,1s)"_s, u"--attempts"_s, u"7"_s}
        << u"exponential(16ms,1s)"_s << QList<double>{16, 16, 16, 32, 64, 128} << 1000.0 << 7;
    QTest::newRow("exponential(16ms,100ms): capped at the maximum")
        << QStringList{u"exponential(16ms,100ms)"_s, u"--attempts"_s, u"8"_s}
        << u"exponential(16ms,100ms)"_s << QList<double>{16, 16, 16, 32, 64, 100, 100} << 1000.0
        << 8;
    // Cosy's own test case: the deadline (the ttl) cuts retrying off before the first retry.
    QTest::newRow("limit(linear(100ms),10), --ttl 100ms")
        << QStringList{u"limit(linear(100ms),10)"_s, u"--ttl"_s, u"100ms"_s}
        << u"limit(linear(100ms),10)"_s << QList<double>(9, 100) << 100.0 << 1;
    QTest::newRow("linear(100ms), --ttl 350ms")
        << QStringList{u"linear(100ms)"_s, u"--ttl"_s, u"350ms"_s} << u"linear(100ms)"_s
        << QList<double>(9, 100) << 350.0 << 4;
    QTest::newRow("limit(exponential(16ms,1s),3)")
        << QStringList{u"limit(exponential(16ms,1s),3)"_s} << u"limit(exponential(16ms,1s),3)"_s
        << QList<double>{16, 16, 16} << 1000.0 << 4;
    QTest::newRow("none") << QStringList{u"none"_s} << u"none"_s << QList<double>() << 1000.0 << 1;
    // Waiting for a release: the inner strategy's waits are each wait's bound.
    QTest::newRow("notify(limit(linear(50ms),3))")
        << QStringList{u"notify(limit(linear(50ms),3))"_s} << u"notify(limit(linear(50ms),3))"_s
        << QList<double>{50, 50, 50} << 1000.0 << 4;
}

void TestLockctl::backoff()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, strategy);
    QFETCH(QList<double>, waits);
    QFETCH(double, deadline);
    QFETCH(int, attemptsBeforeDeadline);

    // No server needed.
    const Run run = lockctl(QStringList{u"--json"_s, u"backoff"_s} + arguments);
    VERIFY_SUCCESS(run);
    PARSE_JSON(schedule, run);
    QCOMPARE(schedule.value("strategy"_L1).toString(), strategy);
    QList<double> shownWaits;
    for (const auto &wait : schedule.value("waits_ms"_L1).toArray()) {
        QVERIFY(wait.isDouble());
        shownWaits.append(wait.toDouble());
    }
    QCOMPARE(shownWaits, waits);
    QList<double> cumulative;
    double sum = 0;
    for (const double wait : waits)
        cumulative.append(sum += wait);
    QList<double> shownCumulative;
    for (const auto &start : schedule.value("cumulative_ms"_L1).toArray())
        shownCumulative.append(start.toDouble());
    QCOMPARE(shownCumulative, cumulative);
    QCOMPARE(schedule.value("deadline_ms"_L1).toDouble(), deadline);
    QVERIFY(schedule.value("attempts_before_deadline"_L1).isDouble());
    QCOMPARE(schedule.value("attempts_before_deadline"_L1).toInteger(), attemptsBeforeDeadline);
    QCOMPARE(schedule.value("wakes_on_release"_L1).toBool(), strategy.startsWith(u"notify("_s));
}

void TestLockctl::backoffJitter_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("fulljitter") << u"fulljitter(16ms,1s)"_s;
    QTest::newRow("equaljitter") << u"equaljitter(16ms,1s)"_s;
    QTest::newRow("decorrelated") << u"decorrelated(16ms,1s)"_s;
}

void TestLockctl::backoffJitter()
{
    QFETCH(QString, spec);

    const Run run = lockctl({u"--json"_s, u"backoff"_s, spec, u"--attempts"_s, u"10"_s});
    VERIFY_SUCCESS(run);
    PARSE_JSON(schedule, run);
    QCOMPARE(schedule.value("strategy"_L1).toString(), spec);
    const QJsonArray waits = schedule.value("waits_ms"_L1).toArray();
    const QJsonArray cumulative = schedule.value("cumulative_ms"_L1).toArray();
    QCOMPARE(waits.size(), 9);
    QCOMPARE(cumulative.size(), 9);
    double sum = 0;
    int beforeDeadline = 1;
    for (qsizetype i = 0; i < waits.size(); ++i) {
        const double wait = waits[i].toDouble();
        QVERIFY2(wait > 0 && wait <= 1000, qPrintable(QString::number(wait)));
        sum += wait;
        // Six significant digits in the output: compare with that precision.
        QVERIFY2(qAbs(cumulative[i].toDouble() - sum) <= 1e-5 * sum + 1e-3,
                 run.describe().constData());
        if (cumulative[i].toDouble() < 1000)
            ++beforeDeadline;
    }
    QCOMPARE(schedule.value("attempts_before_deadline"_L1).toInteger(), beforeDeadline);
}

void TestLockctl::configFile_data()
{
    QTest::addColumn<QString>("ini"); // %1: port, %2: password
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("prefix"); // the key prefix expected on the server
    QTest::addColumn<int>("db");

    const QString full = u"[redis]\nAddr = 127.0.0.1:%1\nPassword = %2\nDB = 2\nPrefix = app\n"_s;
    QTest::newRow("Addr, Password, DB, Prefix") << full << QStringList() << u"app"_s << 2;
    QTest::newRow("--prefix overrides Prefix")
        << full << QStringList{u"--prefix"_s, u"cli"_s} << u"cli"_s << 2;
    QTest::newRow("no Prefix, no DB")
        << u"[redis]\nAddr = 127.0.0.1:%1\nPassword = %2\n"_s << QStringList() << QString() << 0;
    QTest::newRow("CRLF, quoted Addr, other sections, Chinese Prefix")
        << u"[app]\r\nName = demo\r\n[redis]\r\nAddr = \"127.0.0.1:%1\"\r\nPassword = %2\r\n"
           "DB = 3\r\nPrefix = 订单\r\n"_s
        << QStringList() << u"订单"_s << 3;
}

void TestLockctl::configFile()
{
    QFETCH(QString, ini);
    QFETCH(QStringList, options);
    QFETCH(QString, prefix);
    QFETCH(int, db);

    RedisServerOptions serverOptions;
    serverOptions.password = u"s3cret"_s;
    RedisServer server(serverOptions);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis redis = server.rawClient();
    QVERIFY(redis.select(db));
    // A key outside the prefix, in the same database.
    QVERIFY(redis.set("outside", "not listed under a prefix"));

    const QString path = dir_.filePath(u"app-%1.ini"_s.arg(server.port()));
    QVERIFY(writeFile(path, ini.arg(server.port()).arg(serverOptions.password).toUtf8()));
    const QStringList config = QStringList{u"--config"_s, path, u"--json"_s} + options;
    const QByteArray key = prefix.isEmpty() ? QByteArray("job") : prefix.toUtf8() + ":job";

    const Run obtained = lockctl(config + QStringList{u"obtain"_s, u"job"_s, u"--ttl"_s, u"10s"_s});
    VERIFY_SUCCESS(obtained);
    PARSE_JSON(lock, obtained);
    QCOMPARE(keyOf(lock), key);
    QCOMPARE(redis.get(key).value_or("(nil)"), shown(lock.value("value"_L1)));
    const QString token = lock.value("token"_L1).toString();

    // The default pattern follows the prefix.
    const Run listed = lockctl(config + QStringList{u"list"_s});
    VERIFY_SUCCESS(listed);
    PARSE_JSON(listing, listed);
    QList<QByteArray> keys;
    for (const auto &each : listing.value("locks"_L1).toArray())
        keys.append(keyOf(each.toObject()));
    std::ranges::sort(keys);
    QList<QByteArray> expected{key};
    if (prefix.isEmpty())
        expected.append("outside");
    QCOMPARE(keys, expected);

    const Run ttl = lockctl(config + QStringList{u"ttl"_s, u"job"_s, u"--token"_s, token});
    VERIFY_SUCCESS(ttl);
    const Run released = lockctl(config + QStringList{u"release"_s, u"job"_s, u"--token"_s, token});
    VERIFY_SUCCESS(released);
    QVERIFY(!redis.exists(key));
    QVERIFY(redis.exists("outside"));
}

void TestLockctl::configFileErrors_data()
{
    QTest::addColumn<QString>("ini"); // %1: port; empty: no file at all
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("wrong Password") << u"[redis]\nAddr = 127.0.0.1:%1\nPassword = wrong\n"_s
                                    << QStringList() << 3 << u"127.0.0.1:%1"_s;
    QTest::newRow("no Password") << u"[redis]\nAddr = 127.0.0.1:%1\n"_s << QStringList() << 3
                                 << u"127.0.0.1:%1"_s;
    QTest::newRow("malformed Addr")
        << u"[redis]\nAddr = 127.0.0.1:notaport\n"_s << QStringList() << 2 << u"notaport"_s;
    QTest::newRow("DB not a number")
        << u"[redis]\nAddr = 127.0.0.1:%1\nDB = two\n"_s << QStringList() << 2 << u"two"_s;
    QTest::newRow("no such file") << QString() << QStringList() << 2 << u"nowhere.ini"_s;
    QTest::newRow("--url and --config")
        << u"[redis]\nAddr = 127.0.0.1:%1\n"_s << QStringList{u"--url"_s, u"redis://127.0.0.1:%1"_s}
        << 2 << u"--url"_s;
}

void TestLockctl::configFileErrors()
{
    QFETCH(QString, ini);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);

    RedisServerOptions serverOptions;
    serverOptions.password = u"s3cret"_s;
    RedisServer server(serverOptions);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString port = QString::number(server.port());
    const QString path =
        ini.isEmpty() ? dir_.filePath(u"nowhere.ini"_s) : dir_.filePath(u"bad-%1.ini"_s.arg(port));
    if (!ini.isEmpty())
        QVERIFY(writeFile(path, QString(ini).replace(u"%1"_s, port).toUtf8()));
    options.replaceInStrings(u"%1"_s, port);

    const Run run = lockctl(QStringList{u"--config"_s, path, u"--json"_s} + options +
                            QStringList{u"obtain"_s, u"job"_s, u"--ttl"_s, u"10s"_s});
    VERIFY_FAILURE(run, exitCode);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(QString(mentions).replace(u"%1"_s, port).toUtf8()),
             run.describe().constData());
    QCOMPARE(server.rawClient().dbSize(), 0);
}

void TestLockctl::foreignLock_data()
{
    QTest::addColumn<bool>("python");
    QTest::newRow("raw SET NX PX") << false;
    QTest::newRow("python3-redis Lock") << true;
}

void TestLockctl::foreignLock()
{
    QFETCH(bool, python);

    RawRedis redis = server_.rawClient();
    const std::string key = uniqueKey();
    QString interpreter;
    QByteArray value;
    const auto pythonLock = [&] {
        QProcess process;
        process.start(interpreter,
                      {u"-c"_s, pythonLockScript, QString::number(server_.port()), qs(key)});
        Run run;
        run.arguments = {interpreter, u"-c"_s, u"…"_s, qs(key)};
        run.finished =
            process.waitForFinished(15000) && process.exitStatus() == QProcess::NormalExit;
        run.exitCode = process.exitCode();
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    };
    if (python) {
        interpreter = pythonWithRedis();
        if (interpreter.isEmpty())
            QSKIP("python3-redis is not installed (apt-get install python3-redis)");
        const Run taken = pythonLock();
        VERIFY_EXIT(taken, 0);
        value = taken.out;
        // redis-py's token: uuid1().hex.
        QVERIFY2(
            QRegularExpression(u"^[0-9a-f]{32}$"_s).match(QString::fromLatin1(value)).hasMatch(),
            taken.describe().constData());
    } else {
        value = "worker-7:4242";
        const RawReply reply = redis.command({"SET", bytes(key), value, "NX", "PX", "30000"});
        QCOMPARE(reply.str, QByteArray("OK"));
    }
    QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), value);
    const qint64 pttl = redis.pttl(bytes(key));
    QVERIFY2(pttl > 20000 && pttl <= 30000, qPrintable(QString::number(pttl)));

    // lockctl refuses to obtain it, and leaves it as it was.
    const Run refused = lockctl(on({u"obtain"_s, qs(key), u"--ttl"_s, u"10s"_s}));
    VERIFY_FAILURE(refused, 1);
    QVERIFY(refused.out.isEmpty());
    QVERIFY2(refused.err.contains(bytes(key)), refused.describe().constData());
    QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), value);
    QVERIFY(redis.pttl(bytes(key)) <= pttl);

    // It lists it, with its value and TTL.
    const Run listed = lockctl(on({u"list"_s, u"--pattern"_s, qs(key)}));
    VERIFY_SUCCESS(listed);
    PARSE_JSON(listing, listed);
    const QJsonArray locks = listing.value("locks"_L1).toArray();
    QCOMPARE(locks.size(), 1);
    const QJsonObject lock = locks.first().toObject();
    VERIFY_LOCK_SHAPE(lock);
    QCOMPARE(keyOf(lock), bytes(key));
    QCOMPARE(shown(lock.value("value"_L1)), value);
    const qint64 ttl = lock.value("ttl_ms"_L1).toInteger();
    QVERIFY2(ttl > 0 && ttl <= 30000, qPrintable(QString::number(ttl)));
    QCOMPARE(lock.value("format"_L1).toString(), python ? u"redis-py"_s : u"raw"_s);
    if (python)
        QVERIFY(lock.value("holder"_L1).toObject().value("node"_L1).isString());

    // force-release deletes it only with the exact value.
    QByteArray wrong = value;
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    const Run mismatch =
        lockctl(on({u"force-release"_s, qs(key), u"--expect-value"_s, QString::fromUtf8(wrong)}));
    VERIFY_FAILURE(mismatch, 1);
    QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), value);
    const Run matched =
        lockctl(on({u"force-release"_s, qs(key), u"--expect-value"_s, QString::fromUtf8(value)}));
    VERIFY_SUCCESS(matched);
    QVERIFY(!redis.exists(bytes(key)));

    // Free now: lockctl takes it, and the other client in turn finds it taken.
    const Run obtained = lockctl(on({u"obtain"_s, qs(key), u"--ttl"_s, u"10s"_s}));
    VERIFY_SUCCESS(obtained);
    if (python) {
        const Run refusedByPython = pythonLock();
        VERIFY_EXIT(refusedByPython, 1);
    } else {
        const RawReply reply = redis.command({"SET", bytes(key), value, "NX", "PX", "30000"});
        QVERIFY2(reply.isNil(), qPrintable(reply.toString()));
    }
    redis.del(bytes(key));
}

// Locks of other libraries: listed with their format, holder and evidence; force-released as
// each library's own release would (one Redisson holder while the hash is as shown; a
// python-redis-lock id and its signal list); their auxiliary keys grouped, orphans counted.
void TestLockctl::otherLibrariesLocks()
{
    RawRedis redis = server_.rawClient();
    const std::string name = uniqueKey();
    const std::string redisson = name + ":warehouse";
    const QByteArray reader1 = "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57";
    const QByteArray reader2 = "9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0:3";
    QVERIFY(!redis.command({"HSET", bytes(redisson), "mode", "read", reader1, "1", reader2, "2"})
                 .isError());
    const QByteArray lease = "{" + bytes(redisson) + "}:" + reader2 + ":rwlock_timeout:";
    QVERIFY(redis.set(lease + "1", "1", 30s));
    QVERIFY(redis.set(lease + "2", "1", 30s));
    QVERIFY(redis.set("redisson_lock_token:{" + bytes(name) + ":gone}", "7"));
    const QByteArray pythonKey = "lock:" + bytes(name);
    QVERIFY(redis.set(pythonKey, "yMnKy8zNzs/Q0dLT1NXW19jZ", 30s));

    // Listed: the Redisson read lock with both readers and what force-release needs.
    const Run listed = lockctl(on({u"list"_s, u"--pattern"_s, qs(redisson)}));
    VERIFY_SUCCESS(listed);
    PARSE_JSON(listing, listed);
    const QJsonObject lock = listing.value("locks"_L1).toArray().first().toObject();
    VERIFY_LOCK_SHAPE(lock);
    QCOMPARE(lock.value("format"_L1).toString(), u"redisson-rwlock"_s);
    const QJsonObject holder = lock.value("holder"_L1).toObject();
    QCOMPARE(holder.value("mode"_L1).toString(), u"read"_s);
    QCOMPARE(holder.value("holders"_L1).toArray().size(), 2);
    const QString expectHash = lock.value("expect_hash"_L1).toString();
    QVERIFY(expectHash.contains(QString::fromLatin1(reader2) + u"=2"_s));

    // With two holders, one must be named; a hash that changed is left alone.
    const Run unnamed =
        lockctl(on({u"force-release"_s, qs(redisson), u"--expect-hash"_s, expectHash}));
    VERIFY_FAILURE(unnamed, 2);
    QVERIFY(!redis.command({"HINCRBY", bytes(redisson), reader1, "1"}).isError());
    const Run stale = lockctl(on({u"force-release"_s, qs(redisson), u"--expect-hash"_s, expectHash,
                                  u"--holder"_s, QString::fromLatin1(reader2)}));
    VERIFY_FAILURE(stale, 1);
    QCOMPARE(redis.command({"HLEN", bytes(redisson)}).integer, 3);
    QVERIFY(!redis.command({"HINCRBY", bytes(redisson), reader1, "-1"}).isError());

    // As shown: that reader goes, with its lease keys; the other reader keeps the lock.
    const Run released = lockctl(on({u"force-release"_s, qs(redisson), u"--expect-hash"_s,
                                     expectHash, u"--holder"_s, QString::fromLatin1(reader2)}));
    VERIFY_SUCCESS(released);
    PARSE_JSON(outcome, released);
    QCOMPARE(outcome.value("format"_L1).toString(), u"redisson-rwlock"_s);
    QCOMPARE(redis.command({"HGET", bytes(redisson), reader2}).type, RawReply::Type::nil);
    QCOMPARE(redis.command({"HGET", bytes(redisson), reader1}).str, QByteArray("1"));
    QVERIFY(!redis.exists(lease + "1"));
    QVERIFY(!redis.exists(lease + "2"));

    // python-redis-lock: deleted, and its waiters signalled as the library's release does.
    const Run python = lockctl(on({u"force-release"_s, QString::fromLatin1(pythonKey),
                                   u"--expect-value"_s, u"yMnKy8zNzs/Q0dLT1NXW19jZ"_s}));
    VERIFY_SUCCESS(python);
    PARSE_JSON(pythonOutcome, python);
    QCOMPARE(pythonOutcome.value("format"_L1).toString(), u"python-redis-lock"_s);
    QVERIFY(!redis.exists(pythonKey));
    const QByteArray signal = "lock-signal:" + bytes(name);
    QCOMPARE(redis.command({"LLEN", signal}).integer, 1);
    const qint64 signalTtl = redis.pttl(signal);
    QVERIFY2(signalTtl > 0 && signalTtl <= 1000, qPrintable(QString::number(signalTtl)));

    // --aux: the Redisson token of a lock that is gone is an orphan, with its memory.
    const Run aux = lockctl(on({u"list"_s, u"--aux"_s, u"--pattern"_s, qs(name + ":*")}));
    VERIFY_SUCCESS(aux);
    PARSE_JSON(auxListing, aux);
    const QJsonArray entries = auxListing.value("aux"_L1).toArray();
    QCOMPARE(entries.size(), 1);
    const QJsonObject token = entries.first().toObject();
    QCOMPARE(token.value("kind"_L1).toString(), u"redisson-fence-token"_s);
    QCOMPARE(token.value("lock"_L1).toString(), qs(name + ":gone"));
    QCOMPARE(token.value("lock_exists"_L1).toBool(true), false);
    QVERIFY(token.value("memory_bytes"_L1).toInteger() > 0);
    const QJsonObject orphans = auxListing.value("orphans"_L1).toObject();
    QCOMPARE(orphans.value("count"_L1).toInteger(), 1);
    QCOMPARE(orphans.value("memory_bytes"_L1).toInteger(),
             token.value("memory_bytes"_L1).toInteger());
    redis.del(bytes(redisson));
    redis.del("redisson_lock_token:{" + bytes(name) + ":gone}");
}

void TestLockctl::reobtain_data()
{
    QTest::addColumn<QStringList>("first");  // obtain options of the holder, ttl 10s
    QTest::addColumn<QStringList>("second"); // obtain options of the second caller, ttl 60s
    QTest::addColumn<int>("exitCode");       // of the second
    QTest::addColumn<QByteArray>("value");   // on the server afterwards
    QTest::addColumn<bool>("reobtained");    // the second's ttl (above 10s) is on the key

    const QString t22 = QString::fromLatin1(token22);
    const auto opts = [](std::initializer_list<QString> list) {
        return QStringList(list);
    };
    // A custom token that is a prefix of the holder's, or that ends where the holder's metadata
    // begins: the Go rule would re-take it; lockctl does not.
    QTest::newRow("worker-1 over worker-10")
        << opts({u"--token"_s, u"worker-10"_s}) << opts({u"--token"_s, u"worker-1"_s}) << 1
        << QByteArray("worker-10") << false;
    QTest::newRow("svcA over svc + metadata A")
        << opts({u"--token"_s, u"svc"_s, u"--metadata"_s, u"A"_s})
        << opts({u"--token"_s, u"svcA"_s}) << 1 << QByteArray("svcA") << false;
    QTest::newRow("a random token over any holder")
        << opts({u"--token"_s, u"worker-10"_s}) << QStringList() << 1 << QByteArray("worker-10")
        << false;
    // The holder's exact token, where lockctl can tell it is exact: re-obtained.
    QTest::newRow("the same 22-character token")
        << opts({u"--token"_s, t22, u"--metadata"_s, u"a"_s})
        << opts({u"--token"_s, t22, u"--metadata"_s, u"b"_s}) << 0 << token22 + "b" << true;
    QTest::newRow("the same custom token, --token-length 5")
        << opts({u"--token"_s, u"job-7"_s, u"--metadata"_s, u"a"_s})
        << opts({u"--token"_s, u"job-7"_s, u"--metadata"_s, u"b"_s, u"--token-length"_s, u"5"_s})
        << 0 << QByteArray("job-7b") << true;
    // Where it cannot tell, it refuses unless asked to re-obtain.
    QTest::newRow("the same custom token, no --token-length")
        << opts({u"--token"_s, u"job-7"_s, u"--metadata"_s, u"a"_s})
        << opts({u"--token"_s, u"job-7"_s, u"--metadata"_s, u"b"_s}) << 1 << QByteArray("job-7a")
        << false;
    QTest::newRow("the same custom token, --reobtain")
        << opts({u"--token"_s, u"job-7"_s, u"--metadata"_s, u"a"_s})
        << opts({u"--token"_s, u"job-7"_s, u"--metadata"_s, u"b"_s, u"--reobtain"_s}) << 0
        << QByteArray("job-7b") << true;
    QTest::newRow("--token-length that does not match the token")
        << opts({u"--token"_s, u"worker-10"_s})
        << opts({u"--token"_s, u"worker-1"_s, u"--token-length"_s, u"9"_s}) << 1
        << QByteArray("worker-10") << false;
    // A 22-character token is not a prefix of another 22-character token plus metadata.
    QTest::newRow("another 22-character token")
        << opts({u"--token"_s, t22}) << opts({u"--token"_s, u"Zz3_x-9ZqLmN0pQrStUvWx"_s}) << 1
        << token22 << false;
}

void TestLockctl::reobtain()
{
    QFETCH(QStringList, first);
    QFETCH(QStringList, second);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, value);
    QFETCH(bool, reobtained);

    const std::string key = uniqueKey();
    RawRedis redis = server_.rawClient();
    const Run holder = lockctl(on(QStringList{u"obtain"_s, qs(key), u"--ttl"_s, u"10s"_s} + first));
    VERIFY_SUCCESS(holder);
    const Run run = lockctl(on(QStringList{u"obtain"_s, qs(key), u"--ttl"_s, u"60s"_s} + second));
    VERIFY_EXIT(run, exitCode);
    if (exitCode != 0)
        QVERIFY2(isOneErrorLine(run.err), run.describe().constData());
    QCOMPARE(redis.get(bytes(key)).value_or("(nil)"), value);
    const qint64 ttl = redis.pttl(bytes(key));
    QVERIFY2(reobtained ? ttl > 10000 : (ttl > 0 && ttl <= 10000),
             qPrintable(QString::number(ttl)));
    redis.del(bytes(key));
}

std::vector<TestLockctl::BadRow> TestLockctl::badInputRows()
{
    std::vector<BadRow> rows;
    const QString server = u"redis://127.0.0.1:%port"_s;
    const QString closed = u"redis://127.0.0.1:%closed"_s;
    const auto row = [&rows](const char *tag, const QString &url, const QStringList &arguments,
                             int exitCode, const QString &mentions) {
        rows.push_back({QString::fromUtf8(tag), url, arguments, exitCode, mentions});
    };
    const QString k = u"KEY"_s;
    const QStringList obtain1s{u"obtain"_s, k, u"--ttl"_s, u"1s"_s};

    row("ttl 0", server, {u"obtain"_s, k, u"--ttl"_s, u"0"_s}, 2, u"ttl"_s);
    row("ttl 0s on refresh", server, {u"refresh"_s, k, u"--token"_s, u"t"_s, u"--ttl"_s, u"0s"_s},
        2, u"ttl"_s);
    row("negative ttl", server, {u"obtain"_s, k, u"--ttl"_s, u"-5s"_s}, 2, u"-5s"_s);
    row("ttl without a unit", server, {u"obtain"_s, k, u"--ttl"_s, u"5"_s}, 2, u"unit"_s);
    row("missing --ttl", server, {u"obtain"_s, k}, 2, u"--ttl"_s);
    row("--ttl without its value", server, {u"obtain"_s, k, u"--ttl"_s}, 2, u"--ttl"_s);
    row("refresh: missing --ttl", server, {u"refresh"_s, k, u"--token"_s, u"t"_s}, 2, u"--ttl"_s);
    row("negative --hold", server, obtain1s + QStringList{u"--hold"_s, u"-1s"_s}, 2, u"--hold"_s);
    row("retry spec: bad duration", server, obtain1s + QStringList{u"--retry"_s, u"linear(abc)"_s},
        2, u"linear(abc)"_s);
    row("retry spec: unclosed", server, obtain1s + QStringList{u"--retry"_s, u"linear(10ms"_s}, 2,
        u"linear(10ms"_s);
    row("retry spec: limit without a count", server,
        obtain1s + QStringList{u"--retry"_s, u"limit(linear(10ms))"_s}, 2, u"limit"_s);
    row("retry spec: unknown strategy", server,
        obtain1s + QStringList{u"--retry"_s, u"bogus(1s)"_s}, 2, u"bogus"_s);
    row("retry spec on refresh", server,
        {u"refresh"_s, k, u"--token"_s, u"t"_s, u"--ttl"_s, u"1s"_s, u"--retry"_s, u"x"_s}, 2,
        u"retry spec"_s);
    row("obtain: missing KEY", server, {u"obtain"_s, u"--ttl"_s, u"1s"_s}, 2, u"KEY"_s);
    row("refresh: missing KEY", server, {u"refresh"_s, u"--token"_s, u"t"_s, u"--ttl"_s, u"1s"_s},
        2, u"KEY"_s);
    row("release: missing KEY", server, {u"release"_s, u"--token"_s, u"t"_s}, 2, u"KEY"_s);
    row("ttl: missing KEY", server, {u"ttl"_s, u"--token"_s, u"t"_s}, 2, u"KEY"_s);
    row("force-release: missing KEY", server, {u"force-release"_s, u"--regardless"_s}, 2, u"KEY"_s);
    row("force-release: two KEYs", server, {u"force-release"_s, k, u"KEY2"_s, u"--regardless"_s}, 2,
        u"KEY"_s);
    row("release: missing --token", server, {u"release"_s, k}, 2, u"--token"_s);
    row("obtain: empty --token", server, obtain1s + QStringList{u"--token"_s, QString()}, 2,
        u"token"_s);
    row("release: empty --token", server, {u"release"_s, k, u"--token"_s, QString()}, 2,
        u"token"_s);
    row("refresh: empty --token", server,
        {u"refresh"_s, k, u"--token"_s, QString(), u"--ttl"_s, u"1s"_s}, 2, u"token"_s);
    row("unknown command", server, {u"frobnicate"_s, k}, 2, u"frobnicate"_s);
    row("no command", server, {}, 2, u"command"_s);
    row("unknown option", server, obtain1s + QStringList{u"--frob"_s, u"1"_s}, 2, u"--frob"_s);
    row("another command's option", server, {u"list"_s, u"--ttl"_s, u"1s"_s}, 2, u"--ttl"_s);
    row("a flag given a value", server, {u"--json=yes"_s, u"list"_s}, 2, u"--json"_s);
    row("list: an argument", server, {u"list"_s, k}, 2, u"--pattern"_s);
    row("--limit 0", server, {u"list"_s, u"--limit"_s, u"0"_s}, 2, u"--limit"_s);
    row("--limit abc", server, {u"list"_s, u"--limit"_s, u"abc"_s}, 2, u"--limit"_s);
    row("--limit -1", server, {u"list"_s, u"--limit"_s, u"-1"_s}, 2, u"--limit"_s);
    row("--token-length 0", server, {u"list"_s, u"--token-length"_s, u"0"_s}, 2,
        u"--token-length"_s);
    row("backoff: no SPEC", server, {u"backoff"_s}, 2, u"SPEC"_s);
    row("backoff: malformed SPEC", server, {u"backoff"_s, u"exponential(1s)"_s}, 2,
        u"exponential(1s)"_s);
    row("backoff: --attempts 0", server, {u"backoff"_s, u"none"_s, u"--attempts"_s, u"0"_s}, 2,
        u"--attempts"_s);
    row("sandbox: --port 70000", server, {u"sandbox"_s, u"--port"_s, u"70000"_s}, 2, u"--port"_s);
    row("malformed URL: port", u"redis://127.0.0.1:notaport"_s, obtain1s, 2, u"notaport"_s);
    row("malformed URL: port out of range", u"redis://127.0.0.1:99999"_s, obtain1s, 2, u"99999"_s);
    row("malformed URL: scheme", u"http://127.0.0.1:%port"_s, obtain1s, 2, u"http"_s);
    row("malformed URL: database", u"redis://127.0.0.1:%port/abc"_s, {u"list"_s}, 2, u"abc"_s);
    row("malformed URL: empty", QString(), {u"list"_s}, 2, u"URL"_s);
    row("unreachable server: obtain", closed, obtain1s, 3, u"%closed"_s);
    row("unreachable server: list", closed, {u"list"_s}, 3, u"%closed"_s);
    row("unreachable server: release", closed, {u"release"_s, k, u"--token"_s, u"t"_s}, 3,
        u"%closed"_s);
    row("unreachable server: force-release", closed,
        {u"force-release"_s, k, u"--expect-value"_s, u"v"_s}, 3, u"%closed"_s);
    // Bad input is found before connecting.
    row("unreachable server, ttl 0", closed, {u"obtain"_s, k, u"--ttl"_s, u"0"_s}, 2, u"ttl"_s);

    // Bounds: no allocation of gigabytes, no scan loop hammering the server, no lock that
    // would outlive everyone, no empty key.
    row("backoff: --attempts 1000000000", server,
        {u"backoff"_s, u"none"_s, u"--attempts"_s, u"1000000000"_s}, 2, u"10000"_s);
    row("list --watch --interval 0", server, {u"list"_s, u"--watch"_s, u"--interval"_s, u"0"_s}, 2,
        u"100ms"_s);
    row("list --watch --interval 10ms", server,
        {u"list"_s, u"--watch"_s, u"--interval"_s, u"10ms"_s}, 2, u"100ms"_s);
    row("ttl of 292 years", server, {u"obtain"_s, k, u"--ttl"_s, u"2562047h"_s}, 2, u"8760h"_s);
    row("ttl past the largest duration", server, {u"obtain"_s, k, u"--ttl"_s, u"2562048h"_s}, 2,
        u"too large"_s);
    row("refresh: ttl of two years", server,
        {u"refresh"_s, k, u"--token"_s, u"t"_s, u"--ttl"_s, u"17520h"_s}, 2, u"8760h"_s);
    row("obtain: empty KEY", server, {u"obtain"_s, QString(), u"--ttl"_s, u"1s"_s}, 2, u"KEY"_s);
    row("obtain: empty second KEY", server, {u"obtain"_s, k, QString(), u"--ttl"_s, u"1s"_s}, 2,
        u"KEY"_s);
    row("release: empty KEY", server, {u"release"_s, QString(), u"--token"_s, u"t"_s}, 2, u"KEY"_s);
    row("force-release: empty KEY", server, {u"force-release"_s, QString(), u"--regardless"_s}, 2,
        u"KEY"_s);
    row("--hold of 5,000 fraction digits, too large", server,
        obtain1s + QStringList{u"--hold"_s, QString(5000, u'9') + u".9s"_s}, 2, u"too large"_s);
    row("retry spec: exponential min above max", server,
        obtain1s + QStringList{u"--retry"_s, u"exponential(1s,1ms)"_s}, 2, u"MIN at most MAX"_s);
    row("retry spec: fulljitter cap 0", server,
        obtain1s + QStringList{u"--retry"_s, u"fulljitter(1s,0)"_s}, 2, u"CAP at least BASE"_s);
    row("backoff: fulljitter cap below base", server, {u"backoff"_s, u"fulljitter(1s,0)"_s}, 2,
        u"CAP at least BASE"_s);
    row("--token-length 5000", server, {u"list"_s, u"--token-length"_s, u"5000"_s}, 2,
        u"--token-length"_s);
    row("harness: --clients 1000000", server,
        {u"harness"_s, u"--clients"_s, u"1000000"_s, u"--strategy"_s, u"none"_s, u"--hold"_s,
         u"1ms"_s, u"--ttl"_s, u"1s"_s, u"--acquisitions"_s, u"1"_s},
        2, u"--clients"_s);
    // Control characters from input are escaped in the one error line.
    row("escape in a retry spec", server,
        obtain1s + QStringList{u"--retry"_s, u"linear(1\x1b[2Jms)"_s}, 2, u"\\x1b[2J"_s);
    row("newline in a retry spec", server,
        obtain1s + QStringList{u"--retry"_s, u"linear(1ms)\nx"_s}, 2, u"\\x0a"_s);
    row("escape in an unknown command", server, {u"frob\x1b]0;title\x07"_s}, 2, u"\\x1b]0"_s);
    row("escape in a percent-decoded URL part", u"redis://127.0.0.1:%port/1%1b?db=x"_s, {u"list"_s},
        2, u"db"_s);
    row("escape in a --limit", server, {u"list"_s, u"--limit"_s, u"1\x1b[2J"_s}, 2, u"\\x1b"_s);
    row("C1 control in a duration", server, {u"obtain"_s, k, u"--ttl"_s, u"1\u009b2Js"_s}, 2,
        u"\\u{9b}"_s);
    // Timeouts of 0 would fail at once.
    row("URL: connect_timeout=0", u"redis://127.0.0.1:%port?connect_timeout=0"_s, {u"list"_s}, 2,
        u"connect_timeout"_s);
    row("URL: read_timeout=0s", u"redis://127.0.0.1:%port?read_timeout=0s"_s, {u"list"_s}, 2,
        u"read_timeout"_s);
    row("URL: ?password= not echoed", u"redis://127.0.0.1:%port?password=S3cretPW&bogus=1"_s,
        {u"list"_s}, 2, u"password=***"_s);
    row("URL: port out of range", u"redis://u:S3cretPW@127.0.0.1:99999"_s, {u"list"_s}, 2,
        u"out of range 1-65535"_s);
    row("--password-file that does not exist", server,
        {u"--password-file"_s, u"/nonexistent/pw"_s, u"list"_s}, 2, u"/nonexistent/pw"_s);
    row("--password-file that is a directory", server, {u"--password-file"_s, u"/"_s, u"list"_s}, 2,
        u"directory"_s);
    return rows;
}

void TestLockctl::badInput_data()
{
    QTest::addColumn<QString>("url");           // %port: the suite's server, %closed: a closed port
    QTest::addColumn<QStringList>("arguments"); // KEY: a key that does not exist
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions"); // in the stderr line
    for (const BadRow &row : badInputRows())
        QTest::newRow(row.tag.toUtf8().constData())
            << row.url << row.arguments << row.exitCode << row.mentions;
}

void TestLockctl::badInput()
{
    QFETCH(QString, url);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);

    const quint16 closedPort = closedLoopbackPort();
    QVERIFY(closedPort != 0);
    const auto substitute = [&](QString text) {
        return text.replace(u"%port"_s, QString::number(server_.port()))
            .replace(u"%closed"_s, QString::number(closedPort));
    };
    const std::string key = uniqueKey();
    arguments.replaceInStrings(QRegularExpression(u"^KEY$"_s), qs(key));

    // A known state, and the statistics that show any write.
    RawRedis redis = server_.rawClient();
    QVERIFY(redis.flushAll());
    QVERIFY(redis.set("bystander", token22 + "meta"));
    QVERIFY(!redis.command({"HSET", "bystander-hash", "holder", "1"}).isError());
    const QList<QByteArray> before = redis.keys();
    QVERIFY(!redis.command({"CONFIG", "RESETSTAT"}).isError());

    const Run run = lockctl(QStringList{u"--url"_s, substitute(url), u"--json"_s} + arguments);
    VERIFY_FAILURE(run, exitCode);
    QVERIFY2(run.out.isEmpty(), run.describe().constData());
    QVERIFY2(run.err.contains(substitute(mentions).toUtf8()), run.describe().constData());
    // One line of text: no control character but its final newline, no secret.
    for (const char c : run.err.chopped(1))
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, run.describe().constData());
    QVERIFY2(!run.err.contains("S3cretPW"), run.describe().constData());

    // Nothing written.
    const QStringList writes = nonReadCommands(redis);
    QVERIFY2(writes.isEmpty(), qPrintable(writes.join(u", "_s)));
    QCOMPARE(redis.keys(), before);
    QCOMPARE(redis.dbSize(), before.size());
    QCOMPARE(redis.get("bystander").value_or("(nil)"), token22 + "meta");
    QCOMPARE(redis.pttl("bystander"), -1);
}

// The bad-input table once more with a known password given every way lockctl takes one: in
// the URL's userinfo, as ?password=, in --password-file, in LOCKSCOPE_PASSWORD and in
// REDISCLI_AUTH. Whatever goes wrong, the password is in no output.
void TestLockctl::passwordSources_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("userinfo") << u"userinfo"_s;
    QTest::newRow("?password=") << u"query"_s;
    QTest::newRow("--password-file") << u"file"_s;
    QTest::newRow("LOCKSCOPE_PASSWORD") << u"env"_s;
    QTest::newRow("REDISCLI_AUTH") << u"rediscli"_s;
}

void TestLockctl::passwordSources()
{
    QFETCH(QString, how);
    const QByteArray password = "Pw-7f3Kq9-S3cret";

    const std::vector<BadRow> rows = badInputRows();
    QVERIFY(rows.size() > 50);

    const quint16 closedPort = closedLoopbackPort();
    QVERIFY(closedPort != 0);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString passwordFile = dir.filePath(u"password"_s);
    {
        QFile file(passwordFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(password + "\n");
    }
    RawRedis redis = server_.rawClient();
    QVERIFY(redis.flushAll());
    QVERIFY(!redis.command({"CONFIG", "RESETSTAT"}).isError());

    for (const BadRow &row : rows) {
        QString url = row.url;
        url.replace(u"%port"_s, QString::number(server_.port()))
            .replace(u"%closed"_s, QString::number(closedPort));
        QStringList arguments = row.arguments;
        arguments.replaceInStrings(QRegularExpression(u"^KEY$"_s), u"some-key"_s);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"LOCKSCOPE_PASSWORD"_s);
        environment.remove(u"REDISCLI_AUTH"_s);
        if (how == u"userinfo"_s && url.startsWith(u"redis://"_s))
            url.insert(8, u":"_s + QString::fromLatin1(password) + u"@"_s);
        else if (how == u"query"_s)
            url += (url.contains(u'?') ? u"&password="_s : u"?password="_s) +
                   QString::fromLatin1(password);
        else if (how == u"file"_s)
            arguments.prepend(passwordFile), arguments.prepend(u"--password-file"_s);
        else if (how == u"env"_s)
            environment.insert(u"LOCKSCOPE_PASSWORD"_s, QString::fromLatin1(password));
        else if (how == u"rediscli"_s)
            environment.insert(u"REDISCLI_AUTH"_s, QString::fromLatin1(password));
        const Run run =
            runLockctl(QStringList{u"--url"_s, url, u"--json"_s} + arguments, 15s, environment);
        const QByteArray context = row.tag.toUtf8() + "\n" + run.describe();
        QVERIFY2(run.finished, context.constData());
        QVERIFY2(run.exitCode == 2 || run.exitCode == 3, context.constData());
        QVERIFY2(!run.out.contains(password) && !run.err.contains(password), context.constData());
        QVERIFY2(!run.out.contains("Pw-7f3Kq9") && !run.err.contains("Pw-7f3Kq9"),
                 context.constData());
    }
    // And none of it wrote anything.
    const QStringList writes = nonReadCommands(redis);
    QVERIFY2(writes.isEmpty(), qPrintable(writes.join(u", "_s)));
}

void TestLockctl::sandbox()
{
    QProcess process;
    process.start(lockctlPath, {u"sandbox"_s});
    const QByteArray line = firstLine(process, 10s);
    static const QRegularExpression urlLine(u"^sandbox: (redis://127\\.0\\.0\\.1:(\\d+))\\n$"_s);
    const QRegularExpressionMatch match = urlLine.match(QString::fromUtf8(line));
    QVERIFY2(match.hasMatch(), (line + process.readAllStandardError()).constData());
    const QString url = match.captured(1);
    const auto port = static_cast<quint16>(match.captured(2).toUInt());
    QVERIFY(port != 0 && port != server_.port());

    // Within a few seconds the demo services hold locks of their own; the seeded keys are
    // there from the start.
    QElapsedTimer timer;
    timer.start();
    QJsonObject stuck;
    QJsonObject live;
    QJsonObject hash;
    QJsonObject plain;
    std::map<QByteArray, QString> formats;
    while (live.isEmpty() && timer.elapsed() < 10000) {
        const Run run =
            lockctl({u"--url"_s, url, u"--prefix"_s, u"shop"_s, u"--json"_s, u"list"_s});
        VERIFY_SUCCESS(run);
        PARSE_JSON(listing, run);
        QVERIFY(listing.value("complete"_L1).toBool());
        for (const auto &each : listing.value("locks"_L1).toArray()) {
            const QJsonObject lock = each.toObject();
            VERIFY_LOCK_SHAPE(lock);
            const QByteArray key = keyOf(lock);
            QVERIFY2(key.startsWith("shop:"), key.constData());
            formats[key] = lock.value("format"_L1).toString();
            if (key == "shop:legacy:nightly-report")
                stuck = lock;
            else if (key == "shop:redisson:warehouse")
                hash = lock;
            else if (key == "shop:config:schema-version")
                plain = lock;
            else if (lock.value("format"_L1).toString() == "redislock"_L1 &&
                     lock.value("ttl_ms"_L1).toInteger() > 0)
                live = lock;
        }
        if (live.isEmpty())
            std::this_thread::sleep_for(200ms);
    }
    QVERIFY2(!live.isEmpty(), "no service held a lock within 10 s");
    QVERIFY(bytesOf(live.value("metadata"_L1)).value_or("").contains(R"("service":)"));
    QCOMPARE(stuck.value("format"_L1).toString(), u"redislock"_s);
    QCOMPARE(stuck.value("ttl_ms"_L1).toInteger(), -1);
    QCOMPARE(stuck.value("token"_L1).toString(), u"cron7Zq2LkP0aXwYbE4tHs"_s);
    QVERIFY(stuck.value("metadata"_L1).toString().contains("legacy-cron"_L1));
    QCOMPARE(hash.value("format"_L1).toString(), u"redisson"_s);
    QCOMPARE(hash.value("type"_L1).toString(), u"hash"_s);
    // Each other library's lock is seeded in its exact bytes, and listed as that library's.
    const std::map<QByteArray, QString> seeded{
        {"shop:redisson:catalog", u"redisson-rwlock"_s},
        {"shop:ledger:close", u"redsync"_s},
        {"shop:cart:checkout", u"node-redlock"_s},
        {"shop:reports:daily", u"redis-py"_s},
        {"shop:sync:inventory", u"redis-plus-plus"_s},
        {"shop:prod:invoice-export", u"shedlock"_s},
    };
    for (const auto &[key, format] : seeded)
        QCOMPARE(formats[key], format);
    QCOMPARE(plain.value("format"_L1).toString(), u"raw"_s);
    QCOMPARE(plain.value("value"_L1).toString(), u"42"_s);

    // Ctrl-C stops the services and the server, quickly.
    QElapsedTimer stopping;
    stopping.start();
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(3000));
    QVERIFY2(stopping.elapsed() < 3000, qPrintable(QString::number(stopping.elapsed())));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains("sandbox: stopped after "));
    QCOMPARE(process.readAllStandardError(), QByteArray());
    // Its redis-server is gone with it.
    RawRedis probe(port, {}, {}, 500ms);
    QVERIFY(!probe.ping());
    QVERIFY2(probe.errorString().contains("refused"_L1, Qt::CaseInsensitive),
             qPrintable(probe.errorString()));
}

QTEST_GUILESS_MAIN(TestLockctl)
#include "tst_lockctl.moc"
