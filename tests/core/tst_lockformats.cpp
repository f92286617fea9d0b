// The lock-format recognisers: each format's exact bytes (from the libraries' sources, and
// taken by the real libraries where they install here: redis-py, node-redlock), what each
// reveals of its holder, the rule for bytes that fit several formats, and the scanner reading
// what the recognisers need (a Redisson hash's fields, python-redis-lock's signal list).

#include "support/bytes.h"
#include "support/commandstats.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/auxkeys.h>
#include <redislock/client.h>
#include <redislock/forcerelease.h>
#include <redislock/keyscanner.h>
#include <redislock/subscription.h>

#include <QDateTime>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using lockscope::test::bytes;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::uniqueKey;
using redislock::LockFormat;
using redislock::LockRecord;
using Fields = QList<QPair<QByteArray, QByteArray>>;

Q_DECLARE_METATYPE(Fields)

namespace {

// Bytes as the libraries write them (see each recogniser's file for the source of the layout).
constexpr auto redissonClient = "2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80";
constexpr auto otherClient = "9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0";
// uuid1() made 2024-05-01T10:42:07.123Z on node 02:42:ac:11:00:02.
constexpr auto redisPyToken = "74bcae3007a711ef92340242ac110002";

LockRecord recordOf(const QByteArray &key, const QByteArray &type, const QByteArray &value,
                    const Fields &hash)
{
    LockRecord record;
    record.key = key.toStdString();
    record.type = type.toStdString();
    record.value = value.toStdString();
    record.valueSize = record.value.size();
    for (const auto &[field, content] : hash)
        record.hash.emplace_back(field.toStdString(), content.toStdString());
    return record;
}

QString holderText(const LockRecord &record)
{
    QStringList parts;
    for (const auto &[name, value] : record.holder)
        parts.append(QString::fromStdString(name + "=" + value));
    for (const auto &holder : record.holders) {
        QStringList one;
        for (const auto &[name, value] : holder)
            one.append(QString::fromStdString(name + "=" + value));
        parts.append(u"{"_s + one.join(u',') + u"}"_s);
    }
    return parts.join(u' ');
}

// A python3 that can `import redis` (Debian's python3-redis lives under /usr/bin, which a
// python3 earlier on PATH may not see); empty when there is none.
QString pythonWithRedis()
{
    QStringList candidates{u"/usr/bin/python3"_s};
    if (const QString onPath = QStandardPaths::findExecutable(u"python3"_s); !onPath.isEmpty())
        candidates.append(onPath);
    for (const QString &python : candidates) {
        QProcess probe;
        probe.start(python, {u"-c"_s, u"import redis"_s});
        if (probe.waitForFinished(15000) && probe.exitStatus() == QProcess::NormalExit &&
            probe.exitCode() == 0)
            return python;
    }
    return {};
}

// Runs a program to its end; its stdout, or nothing (with the reason in `failure`).
std::optional<QByteArray> run(const QString &program, const QStringList &arguments,
                              QString &failure)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        failure = program + u" failed: "_s + QString::fromUtf8(process.readAllStandardError());
        return std::nullopt;
    }
    return process.readAllStandardOutput();
}

} // namespace

class TestLockFormats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recognises_data();
    void recognises();
    void classifiesAlikeInPlace_data();
    void classifiesAlikeInPlace();
    void formatNamesRoundTrip();
    void holderSummaries_data();
    void holderSummaries();
    void scannerReadsRedissonHashes();
    void scannerReadsPythonRedisLockSignals();
    void largeHashIsReadInPart();
    void forceReleasesRedissonHolders();
    void forceReleaseLeavesAChangedLockAlone();
    void forceReleaseWakesRedissonWaiters_data();
    void forceReleaseWakesRedissonWaiters();
    void auxKeyNamesMapBackToTheirLock_data();
    void auxKeyNamesMapBackToTheirLock();
    void auxKeysAreReadWithoutWriting();
    void realRedisPyLocks();
    void realNodeRedlockLocks();

private:
    [[nodiscard]] std::vector<LockRecord> readBack(const std::vector<std::string> &keys);

    std::optional<RedisServer> server_;
    std::optional<redislock::Client> client_;
    std::optional<RawRedis> raw_;
};

void TestLockFormats::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    auto client = redislock::Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    client_.emplace(std::move(*client));
    raw_.emplace(server_->rawClient());
}

std::vector<LockRecord> TestLockFormats::readBack(const std::vector<std::string> &keys)
{
    auto records = redislock::readRecords(*client_, keys, {});
    if (!records) {
        qWarning("%s", records.error().message().c_str());
        return {};
    }
    return std::move(*records);
}

void TestLockFormats::recognises_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<Fields>("hash");
    QTest::addColumn<int>("customLength");
    QTest::addColumn<int>("format");
    // Every "name=value" (or "{...}" holder) that must be in the holder text.
    QTest::addColumn<QStringList>("holder");
    QTest::addColumn<QString>("evidence"); // a part of the evidence line

    const QByteArray client(redissonClient);
    const QByteArray other(otherClient);
    const QString clientId = u"client_id="_s + QString::fromLatin1(client);

    QTest::newRow("redislock + JSON")
        << "shop:order:1"_ba
        << "string"_ba
        << R"(AbCdEfGhIjKlMnOpQrSt-_{"job":"settle"})"_ba << Fields{} << 0
        << int(LockFormat::redislock)
        << QStringList{u"token=AbCdEfGhIjKlMnOpQrSt-_"_s, u"metadata={\"job\":\"settle\"}"_s}
        << u"bsm/redislock"_s;
    QTest::newRow("custom token") << "shop:export"_ba
                                  << "string"_ba
                                  << "exp-0042{}"_ba << Fields{} << 8
                                  << int(LockFormat::customToken)
                                  << QStringList{u"token=exp-0042"_s} << u"configured 8"_s;

    // Redisson RLock: HSET name "<uuid>:<thread>" 1, HINCRBY on re-entry.
    QTest::newRow("redisson RLock, re-entered")
        << "shop:warehouse"_ba
        << "hash"_ba << QByteArray() << Fields{{client + ":57", "2"}} << 0
        << int(LockFormat::redisson)
        << QStringList{u"{"_s + clientId + u",thread_id=57,hold_count=2}"_s} << u"Redisson RLock"_s;
    QTest::newRow("redisson field without a UUID")
        << "shop:warehouse"_ba
        << "hash"_ba << QByteArray() << Fields{{"8d2f-41c7:1", "2"}} << 0 << int(LockFormat::raw)
        << QStringList{} << u"hash that fits no known lock format"_s;
    QTest::newRow("redisson zero count")
        << "shop:warehouse"_ba
        << "hash"_ba << QByteArray() << Fields{{client + ":57", "0"}} << 0 << int(LockFormat::raw)
        << QStringList{} << u"fits no known"_s;
    // RReadWriteLock: "mode", readers "<uuid>:<thread>", a writer "<uuid>:<thread>:write".
    QTest::newRow("redisson read lock, two readers")
        << "shop:catalog"_ba
        << "hash"_ba << QByteArray()
        << Fields{{"mode", "read"}, {client + ":57", "1"}, {other + ":12", "3"}} << 0
        << int(LockFormat::redissonRwlock)
        << QStringList{u"mode=read"_s,
                       u"{"_s + clientId + u",thread_id=57,hold_count=1,lock=read}"_s,
                       u"thread_id=12,hold_count=3,lock=read}"_s}
        << u"mode=read"_s;
    QTest::newRow("redisson write lock")
        << "shop:catalog"_ba
        << "hash"_ba << QByteArray() << Fields{{"mode", "write"}, {client + ":57:write", "1"}} << 0
        << int(LockFormat::redissonRwlock)
        << QStringList{u"mode=write"_s, u"thread_id=57,hold_count=1,lock=write}"_s}
        << u"RReadWriteLock"_s;
    QTest::newRow("write mode without a writer")
        << "shop:catalog"_ba
        << "hash"_ba << QByteArray() << Fields{{"mode", "write"}, {client + ":57", "1"}} << 0
        << int(LockFormat::raw) << QStringList{} << u"fits no known"_s;
    QTest::newRow("mode in a plain RLock's place")
        << "shop:catalog"_ba
        << "hash"_ba << QByteArray() << Fields{{"mode", "exclusive"}} << 0 << int(LockFormat::raw)
        << QStringList{} << u"fits no known"_s;

    // go-redsync: base64.StdEncoding of 16 random bytes.
    QTest::newRow("redsync") << "shop:ledger"_ba
                             << "string"_ba
                             << "kW3rJ9xQe2LmN0pQrStUvA=="_ba << Fields{} << 0
                             << int(LockFormat::redsync) << QStringList{} << u"exactly 16 bytes"_s;
    QTest::newRow("redsync with + and /")
        << "shop:ledger"_ba
        << "string"_ba
        << "+/3rJ9xQe2LmN0pQrSt/vw=="_ba << Fields{} << 0 << int(LockFormat::redsync)
        << QStringList{} << u"go-redsync"_s;
    QTest::newRow("padding after a non-final character")
        << "shop:ledger"_ba
        << "string"_ba
        << "kW3rJ9xQe2LmN0pQrStUvB=="_ba << Fields{} << 0 << int(LockFormat::raw) << QStringList{}
        << u"fits no known"_s;
    // node-redlock: randomBytes(16).toString("hex").
    QTest::newRow("node-redlock") << "shop:cart"_ba
                                  << "string"_ba
                                  << "9bfa066277d612880511c8e3485b5c2b"_ba << Fields{} << 0
                                  << int(LockFormat::nodeRedlock) << QStringList{}
                                  << u"node-redlock"_s;
    QTest::newRow("31 hex digits") << "shop:cart"_ba
                                   << "string"_ba
                                   << "9bfa066277d612880511c8e3485b5c2"_ba << Fields{} << 0
                                   << int(LockFormat::raw) << QStringList{} << u"fits no known"_s;
    // redis-py: uuid1().hex, with its time and node.
    QTest::newRow("redis-py uuid1")
        << "reports"_ba
        << "string"_ba << QByteArray(redisPyToken) << Fields{} << 0 << int(LockFormat::redisPy)
        << QStringList{u"acquired_at=2024-05-01T10:42:07.123Z"_s, u"node=02:42:ac:11:00:02"_s,
                       u"node_kind=MAC address"_s}
        << u"also fits node-redlock"_s;
    QTest::newRow("version 4, not 1")
        << "reports"_ba
        << "string"_ba
        << "74bcae3007a741ef92340242ac110002"_ba << Fields{} << 0 << int(LockFormat::nodeRedlock)
        << QStringList{} << u"node-redlock"_s;
    QTest::newRow("uuid1 with the NCS variant")
        << "reports"_ba
        << "string"_ba
        << "74bcae3007a711ef12340242ac110002"_ba << Fields{} << 0 << int(LockFormat::nodeRedlock)
        << QStringList{} << u"node-redlock"_s;
    QTest::newRow("uuid1 from 1583")
        << "reports"_ba
        << "string"_ba
        << "000000000000100092340242ac110002"_ba << Fields{} << 0 << int(LockFormat::nodeRedlock)
        << QStringList{} << u"node-redlock"_s;
    QTest::newRow("uuid1 from the far future")
        << "reports"_ba
        << "string"_ba
        << "74bcae3007a71fff92340242ac110002"_ba << Fields{} << 0 << int(LockFormat::nodeRedlock)
        << QStringList{} << u"node-redlock"_s;
    QTest::newRow("uuid1 with a random node")
        << "reports"_ba
        << "string"_ba
        << "74bcae3007a711ef9234a3b1c2d3e4f5"_ba << Fields{} << 0 << int(LockFormat::redisPy)
        << QStringList{u"node_kind=random (no MAC address was found)"_s} << u"uuid1().hex"_s;
    // python-redis-lock: "lock:NAME" = b64encode(urandom(18)).
    QTest::newRow("python-redis-lock")
        << "lock:nightly"_ba
        << "string"_ba
        << "yMnKy8zNzs/Q0dLT1NXW19jZ"_ba << Fields{} << 0 << int(LockFormat::pythonRedisLock)
        << QStringList{u"id=yMnKy8zNzs/Q0dLT1NXW19jZ"_s, u"signal_key=lock-signal:nightly"_s}
        << u"python-redis-lock"_s;
    // Its first 22 characters are base64url about half the time: python-redis-lock's key and
    // alphabet fit more closely than a redislock token with 2 characters of metadata.
    QTest::newRow("python-redis-lock id that starts like a redislock token")
        << "lock:nightly"_ba
        << "string"_ba
        << "q83vASNFZ4mrze8BI0VniavN"_ba << Fields{} << 0 << int(LockFormat::pythonRedisLock)
        << QStringList{u"id=q83vASNFZ4mrze8BI0VniavN"_s} << u"also fits redislock"_s;
    // Under a client's namespace, the library's names keep their "lock:" segment.
    QTest::newRow("python-redis-lock in a namespace")
        << "shop:lock:reindex"_ba
        << "string"_ba
        << "yMnKy8zNzs/Q0dLT1NXW19jZ"_ba << Fields{} << 0 << int(LockFormat::pythonRedisLock)
        << QStringList{u"signal_key=shop:lock-signal:reindex"_s} << u"python-redis-lock"_s;
    QTest::newRow("lock: inside a segment is no lock: segment")
        << "shop:padlock:reindex"_ba
        << "string"_ba
        << "yMnKy8zNzs/Q0dLT1NXW19jZ"_ba << Fields{} << 0 << int(LockFormat::raw) << QStringList{}
        << u"fits no known"_s;
    QTest::newRow("the same id under another key")
        << "sessions:nightly"_ba
        << "string"_ba
        << "yMnKy8zNzs/Q0dLT1NXW19jZ"_ba << Fields{} << 0 << int(LockFormat::raw) << QStringList{}
        << u"fits no known"_s;
    // redis-plus-plus: 20 characters of [0-9a-zA-Z].
    QTest::newRow("redis-plus-plus")
        << "jobs:sync"_ba
        << "string"_ba
        << "aZ3kP9qLm2Xv7Rt0bN4c"_ba << Fields{} << 0 << int(LockFormat::redisPlusPlus)
        << QStringList{} << u"redis-plus-plus"_s;
    QTest::newRow("redis-plus-plus over a custom length of 20")
        << "jobs:sync"_ba
        << "string"_ba
        << "aZ3kP9qLm2Xv7Rt0bN4c"_ba << Fields{} << 20 << int(LockFormat::redisPlusPlus)
        << QStringList{} << u"also fits custom-token"_s;
    QTest::newRow("twenty digits are a number")
        << "jobs:sync"_ba
        << "string"_ba
        << "12345678901234567890"_ba << Fields{} << 0 << int(LockFormat::raw) << QStringList{}
        << u"fits no known"_s;
    // ShedLock: "ADDED:<ISO instant>@<host>" (+ ":<uuid>" in newer versions).
    QTest::newRow("shedlock with id")
        << "job-lock:prod:nightly-report"_ba
        << "string"_ba
        << "ADDED:2024-05-01T10:42:07.123Z@cron-01:3f2a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80"_ba
        << Fields{} << 0 << int(LockFormat::shedlock)
        << QStringList{u"locked_at=2024-05-01T10:42:07.123Z"_s, u"host=cron-01"_s,
                       u"id=3f2a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80"_s, u"environment=prod"_s,
                       u"job=nightly-report"_s}
        << u"job-lock:<env>:<name>"_s;
    QTest::newRow("shedlock, older value")
        << "jobs:report"_ba
        << "string"_ba
        << "ADDED:2019-01-31T23:59:59Z@host.example.com"_ba << Fields{} << 0
        << int(LockFormat::shedlock)
        << QStringList{u"locked_at=2019-01-31T23:59:59Z"_s, u"host=host.example.com"_s}
        << u"ShedLock"_s;
    QTest::newRow("ADDED: without a time")
        << "jobs:report"_ba
        << "string"_ba
        << "ADDED:yesterday@host"_ba << Fields{} << 0 << int(LockFormat::raw) << QStringList{}
        << u"fits no known"_s;
    QTest::newRow("a list") << "queue"_ba
                            << "list"_ba << QByteArray() << Fields{} << 0 << int(LockFormat::raw)
                            << QStringList{} << u"a list that fits no known lock format"_s;
}

void TestLockFormats::recognises()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, value);
    QFETCH(Fields, hash);
    QFETCH(int, customLength);
    QFETCH(int, format);
    QFETCH(QStringList, holder);
    QFETCH(QString, evidence);
    LockRecord record = recordOf(key, type, value, hash);
    record.classify(std::size_t(customLength));
    const QString shown = QString::fromStdString(record.evidence);
    QVERIFY2(int(record.format) == format,
             qPrintable(u"claimed "_s + QString::fromUtf8(redislock::formatName(record.format)) +
                        u": "_s + shown));
    QVERIFY2(shown.contains(evidence), qPrintable(shown));
    const QString text = holderText(record);
    for (const QString &part : holder)
        QVERIFY2(text.contains(part), qPrintable(text));
    // A string format's token is the value (redislock's: its start); hashes have none.
    if (record.format == LockFormat::raw || type != "string")
        QCOMPARE(record.tokenLength, 0u);
    else
        QVERIFY(record.tokenLength > 0 && record.tokenLength <= record.value.size());
    // Without the key, a value classifies alike, except where the key is the evidence.
    if (type == "string" && !key.startsWith("lock:") && !key.contains(":lock:"))
        QCOMPARE(int(redislock::classifyValue(record.value, std::size_t(customLength))), format);
}

void TestLockFormats::classifiesAlikeInPlace_data()
{
    recognises_data();
}

// A listing classifies the records of a spent page again, in place, and what classify() writes
// (the holder facts, the holders, the evidence) reuses the room they had: whatever the record
// held before, it reads exactly as a new record of the same key does.
void TestLockFormats::classifiesAlikeInPlace()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, value);
    QFETCH(Fields, hash);
    QFETCH(int, customLength);
    LockRecord fresh = recordOf(key, type, value, hash);
    fresh.classify(std::size_t(customLength));

    const QByteArray client(redissonClient);
    const std::vector<LockRecord> before{
        recordOf("shop:catalog", "hash", {},
                 {{"mode", "read"}, {client + ":57", "1"}, {otherClient + ":12"_ba, "3"}}),
        recordOf("shop:order:1", "string", R"(AbCdEfGhIjKlMnOpQrSt-_{"job":"a longer job name"})",
                 {}),
        recordOf("job-lock:prod:nightly-report", "string",
                 "ADDED:2024-05-01T10:42:07.123Z@cron-01:3f2a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80", {}),
        recordOf("lock:a", "string", redisPyToken, {}),
        recordOf("queue", "list", {}, {}),
    };
    for (LockRecord record : before) {
        record.classify(8);
        LockRecord bytes = recordOf(key, type, value, hash);
        record.key = bytes.key;
        record.type = bytes.type;
        record.value = bytes.value;
        record.valueSize = bytes.valueSize;
        record.hash = bytes.hash;
        record.classify(std::size_t(customLength));
        QCOMPARE(int(record.format), int(fresh.format));
        QCOMPARE(record.tokenLength, fresh.tokenLength);
        QCOMPARE(record.holder, fresh.holder);
        QCOMPARE(record.holders, fresh.holders);
        QCOMPARE(record.evidence, fresh.evidence);
        QVERIFY(record.evidenceClauses == fresh.evidenceClauses);
    }
}

void TestLockFormats::formatNamesRoundTrip()
{
    QStringList names;
    for (const LockFormat format : redislock::allFormats()) {
        const std::string_view name = redislock::formatName(format);
        names.append(QString::fromUtf8(name.data(), qsizetype(name.size())));
        LockFormat back = LockFormat::raw;
        QVERIFY(redislock::formatFromName(name, back));
        QCOMPARE(int(back), int(format));
    }
    QCOMPARE(names,
             QStringList({u"redislock"_s, u"custom-token"_s, u"redisson"_s, u"redisson-rwlock"_s,
                          u"redsync"_s, u"node-redlock"_s, u"redis-py"_s, u"python-redis-lock"_s,
                          u"redis-plus-plus"_s, u"shedlock"_s, u"raw"_s}));
    LockFormat unused = LockFormat::raw;
    QVERIFY(!redislock::formatFromName("ambiguous", unused));
}

// The holder line as the core gives it (a code and its arguments, for a front end to word)
// and in English, word for word what lockctl printed before the line had codes.
void TestLockFormats::holderSummaries_data()
{
    using Code = redislock::HolderLineCode;
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<Fields>("hash");
    QTest::addColumn<int>("code");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("summary");
    const QByteArray client(redissonClient);
    QTest::newRow("redisson") << "a"_ba
                              << "hash"_ba << QByteArray() << Fields{{client + ":57", "2"}}
                              << int(Code::redissonThread)
                              << QStringList{u"2f3a…"_s, u"57"_s, u"2"_s, {}, {}}
                              << u"client 2f3a…, thread 57 ×2"_s;
    QTest::newRow("redisson, held once")
        << "a"_ba
        << "hash"_ba << QByteArray() << Fields{{client + ":57", "1"}} << int(Code::redissonThread)
        << QStringList{u"2f3a…"_s, u"57"_s, {}, {}, {}} << u"client 2f3a…, thread 57"_s;
    QTest::newRow("redisson read lock")
        << "a"_ba
        << "hash"_ba << QByteArray()
        << Fields{{"mode", "read"}, {client + ":57", "1"}, {QByteArray(otherClient) + ":3", "1"}}
        << int(Code::redissonThread) << QStringList{u"2f3a…"_s, u"57"_s, {}, u"1"_s, u"read"_s}
        << u"read: client 2f3a…, thread 57 (+1 more)"_s;
    QTest::newRow("redisson write lock, re-entered")
        << "a"_ba
        << "hash"_ba << QByteArray() << Fields{{"mode", "write"}, {client + ":57:write", "3"}}
        << int(Code::redissonThread) << QStringList{u"2f3a…"_s, u"57"_s, u"3"_s, {}, u"write"_s}
        << u"write: client 2f3a…, thread 57 ×3"_s;
    QTest::newRow("redis-py") << "a"_ba
                              << "string"_ba << QByteArray(redisPyToken) << Fields{}
                              << int(Code::redisPyNode)
                              << QStringList{u"02:42:ac:11:00:02"_s, u"2024-05-01 10:42:07Z"_s}
                              << u"node 02:42:ac:11:00:02, since 2024-05-01 10:42:07Z"_s;
    QTest::newRow("python-redis-lock")
        << "lock:report"_ba
        << "string"_ba
        << "YWJjZGVmZ2hpamtsbW5vcHFy"_ba << Fields{} << int(Code::pythonRedisLockId)
        << QStringList{u"YWJj…"_s} << u"id YWJj…"_s;
    QTest::newRow("shedlock") << "a"_ba
                              << "string"_ba
                              << "ADDED:2024-05-01T10:42:07.1Z@cron-01"_ba << Fields{}
                              << int(Code::shedlockHost)
                              << QStringList{u"cron-01"_s, u"2024-05-01 10:42:07Z"_s}
                              << u"host cron-01, since 2024-05-01 10:42:07Z"_s;
    QTest::newRow("redsync: nothing to say") << "a"_ba
                                             << "string"_ba
                                             << "kW3rJ9xQe2LmN0pQrStUvA=="_ba << Fields{}
                                             << int(Code::none) << QStringList{} << QString();
}

void TestLockFormats::holderSummaries()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, value);
    QFETCH(Fields, hash);
    QFETCH(int, code);
    QFETCH(QStringList, args);
    QFETCH(QString, summary);
    LockRecord record = recordOf(key, type, value, hash);
    record.classify(0);
    const redislock::HolderLine line = redislock::holderLine(record);
    QCOMPARE(int(line.code), code);
    QStringList lineArgs;
    for (const std::string &arg : line.args)
        lineArgs.append(QString::fromStdString(arg));
    QCOMPARE(lineArgs, args);
    QCOMPARE(QString::fromStdString(redislock::holderLineText(line)), summary);
    QCOMPARE(QString::fromStdString(redislock::holderSummary(record)), summary);
}

// The scanner reads a hash's fields in the same round trips as before (HSCAN beside TYPE), so
// Redisson's hashes are recognised in a listing and after a keyspace event alike.
void TestLockFormats::scannerReadsRedissonHashes()
{
    const std::string prefix = uniqueKey() + ":";
    const QByteArray client(redissonClient);
    raw_->command({"HSET", bytes(prefix + "rlock"), client + ":57", "2"});
    raw_->command({"PEXPIRE", bytes(prefix + "rlock"), "30000"});
    raw_->command({"HSET", bytes(prefix + "rw"), "mode", "read", client + ":57", "1",
                   QByteArray(otherClient) + ":12", "1"});

    redislock::ScanOptions options;
    options.pattern = prefix + "*";
    redislock::KeyScanner scanner(*client_, options);
    std::map<std::string, LockRecord> found;
    while (!scanner.finished()) {
        auto page = scanner.next();
        QVERIFY2(page, page ? "" : page.error().message().c_str());
        for (auto &record : *page)
            found[record.key] = std::move(record);
    }
    QCOMPARE(found.size(), 2u);
    const LockRecord &rlock = found.at(prefix + "rlock");
    QCOMPARE(int(rlock.format), int(LockFormat::redisson));
    QCOMPARE(rlock.holders.size(), 1u);
    QVERIFY(rlock.ttlMs > 0);
    const LockRecord &rw = found.at(prefix + "rw");
    QCOMPARE(int(rw.format), int(LockFormat::redissonRwlock));
    QCOMPARE(rw.holders.size(), 2u);
    QCOMPARE(rw.ttlMs, -1);

    const auto read = readBack({prefix + "rlock", prefix + "rw"});
    QCOMPARE(read.size(), 2u);
    QCOMPARE(int(read[0].format), int(LockFormat::redisson));
    QCOMPARE(int(read[1].format), int(LockFormat::redissonRwlock));
    QCOMPARE(read[1].hash, rw.hash);
}

void TestLockFormats::scannerReadsPythonRedisLockSignals()
{
    const std::string name = uniqueKey();
    const std::string key = "lock:" + name;
    QVERIFY(raw_->set(bytes(key), "yMnKy8zNzs/Q0dLT1NXW19jZ", 30s));
    auto read = readBack({key});
    QCOMPARE(read.size(), 1u);
    QCOMPARE(int(read[0].format), int(LockFormat::pythonRedisLock));
    QCOMPARE(read[0].signalLength, 0);

    raw_->command({"LPUSH", bytes("lock-signal:" + name), "1"});
    read = readBack({key});
    QCOMPARE(read.size(), 1u);
    QCOMPARE(read[0].signalLength, 1);
    QVERIFY(QString::fromStdString(read[0].evidence).contains(u"signal list exists"_s));
}

// A hash of many fields is no lock: the scanner reads one bounded HSCAN page of it, says it
// read only part, and lists it as raw.
void TestLockFormats::largeHashIsReadInPart()
{
    const std::string key = uniqueKey();
    QList<QByteArray> command{"HSET", bytes(key)};
    for (int i = 0; i < 1000; ++i)
        command << QByteArray(redissonClient) + ":" + QByteArray::number(i) << "1";
    QVERIFY(!raw_->command(command).isError());
    const auto read = readBack({key});
    QCOMPARE(read.size(), 1u);
    QVERIFY(!read[0].hashComplete);
    QVERIFY(read[0].hash.size() < 1000u);
    // Every field read has a holder's shape: what was read says Redisson, and says it was part.
    QCOMPARE(int(read[0].format), int(LockFormat::redisson));
    QVERIFY(QString::fromStdString(read[0].evidence).contains(u"read of a larger hash"_s));
}

// A Redisson write lock: the writer goes and the mode turns to read while its own re-entrant
// read remains; the last holder takes the hash with it.
void TestLockFormats::forceReleasesRedissonHolders()
{
    const std::string key = uniqueKey();
    const QByteArray client(redissonClient);
    raw_->command(
        {"HSET", bytes(key), "mode", "write", client + ":57:write", "1", client + ":57", "1"});
    auto shown = readBack({key});
    QCOMPARE(shown.size(), 1u);
    QCOMPARE(int(shown[0].format), int(LockFormat::redissonRwlock));
    // Two holders (the write and the writer's read): one must be named.
    QCOMPARE(redislock::forceRelease(*client_, shown[0]).error(), redislock::Errc::invalidArgument);
    auto released = redislock::forceRelease(*client_, shown[0], client.toStdString() + ":57:write");
    QVERIFY2(released && *released, released ? "not released" : released.error().message().c_str());
    QCOMPARE(raw_->command({"HGET", bytes(key), "mode"}).str, QByteArray("read"));
    QCOMPARE(raw_->command({"HLEN", bytes(key)}).integer, 2);

    shown = readBack({key});
    QCOMPARE(shown[0].holders.size(), 1u);
    released = redislock::forceRelease(*client_, shown[0]);
    QVERIFY(released && *released);
    QVERIFY(!raw_->exists(bytes(key)));
}

// What was shown is what is compared: a hold count that changed, or a value that did, leaves
// the lock untouched, and the script wrote nothing.
void TestLockFormats::forceReleaseLeavesAChangedLockAlone()
{
    const std::string key = uniqueKey();
    const QByteArray field = QByteArray(redissonClient) + ":57";
    raw_->command({"HSET", bytes(key), field, "1"});
    const auto shown = readBack({key});
    QCOMPARE(shown.size(), 1u);
    raw_->command({"HINCRBY", bytes(key), field, "1"});
    QVERIFY(!raw_->command({"CONFIG", "RESETSTAT"}).isError());
    auto released = redislock::forceRelease(*client_, shown[0]);
    QVERIFY(released);
    QVERIFY(!*released);
    QCOMPARE(raw_->command({"HGET", bytes(key), field}).str, QByteArray("2"));
    // Commands a script runs count in commandstats: the script only read.
    const QStringList ran = lockscope::test::nonReadCommands(*raw_);
    QVERIFY2(ran.contains(u"eval"_s), qPrintable(ran.join(u' ')));
    for (const QString &write : {u"hdel"_s, u"del"_s, u"hset"_s, u"lpush"_s, u"pexpire"_s})
        QVERIFY2(!ran.contains(write), qPrintable(ran.join(u' ')));

    // A string lock (redsync's) whose value changed is left alone too.
    const std::string other = uniqueKey();
    QVERIFY(raw_->set(bytes(other), "kW3rJ9xQe2LmN0pQrStUvA==", 30s));
    const auto value = readBack({other});
    QVERIFY(raw_->set(bytes(other), "+/3rJ9xQe2LmN0pQrSt/vw==", 30s));
    released = redislock::forceRelease(*client_, value[0]);
    QVERIFY(released && !*released);
    QCOMPARE(raw_->get(bytes(other)).value_or("(nil)"), QByteArray("+/3rJ9xQe2LmN0pQrSt/vw=="));
    QVERIFY(raw_->set(bytes(other), "kW3rJ9xQe2LmN0pQrStUvA==", 30s));
    released = redislock::forceRelease(*client_, value[0]);
    QVERIFY(released && *released);
    QVERIFY(!raw_->exists(bytes(other)));
}

// Redisson's waiters sleep until their unlock message arrives on the lock's channel: the
// force-release that removes the last holder publishes exactly what Redisson's unlock does,
// and one that leaves a holder publishes nothing.
void TestLockFormats::forceReleaseWakesRedissonWaiters_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<Fields>("hash");
    QTest::addColumn<QByteArray>("release"); // the holder field to release
    QTest::addColumn<QByteArray>("channel"); // with %1 for the lock's name
    QTest::addColumn<QByteArray>("payload"); // empty: nothing is published
    const QByteArray client(redissonClient);
    const QByteArray other(otherClient);
    QTest::newRow("RLock") << "lock"_ba << Fields{{client + ":57", "2"}} << client + ":57"
                           << "redisson_lock__channel:{%1}"_ba
                           << "0"_ba;
    QTest::newRow("RLock, name with a hash tag")
        << "{shop}:lock"_ba << Fields{{client + ":57", "1"}} << client + ":57"
        << "redisson_lock__channel:%1"_ba
        << "0"_ba;
    QTest::newRow("last reader") << "rw"_ba << Fields{{"mode", "read"}, {client + ":57", "1"}}
                                 << client + ":57"
                                 << "redisson_rwlock:{%1}"_ba
                                 << "0"_ba;
    QTest::newRow("writer") << "rw"_ba << Fields{{"mode", "write"}, {client + ":57:write", "1"}}
                            << client + ":57:write"
                            << "redisson_rwlock:{%1}"_ba
                            << "1"_ba;
    QTest::newRow("one reader of two")
        << "rw"_ba << Fields{{"mode", "read"}, {client + ":57", "1"}, {other + ":12", "1"}}
        << client + ":57"
        << "redisson_rwlock:{%1}"_ba << QByteArray();
}

void TestLockFormats::forceReleaseWakesRedissonWaiters()
{
    QFETCH(QByteArray, name);
    QFETCH(Fields, hash);
    QFETCH(QByteArray, release);
    QFETCH(QByteArray, channel);
    QFETCH(QByteArray, payload);
    const QByteArray key = bytes(uniqueKey()) + name;
    QList<QByteArray> command{"HSET", key};
    for (const auto &[field, value] : hash)
        command << field << value;
    QVERIFY(!raw_->command(command).isError());
    const QByteArray expectedChannel = QByteArray(channel).replace("%1", key);
    // A waiter as Redisson has one: subscribed to the lock's channel before the release.
    auto waiter = redislock::Subscription::open(*client_, {expectedChannel.toStdString()});
    QVERIFY2(waiter, waiter ? "" : waiter.error().message().c_str());

    const auto shown = readBack({key.toStdString()});
    QCOMPARE(shown.size(), 1u);
    const auto released = redislock::forceRelease(*client_, shown[0], release.toStdString());
    QVERIFY2(released && *released, released ? "not released" : released.error().message().c_str());
    if (payload.isEmpty()) {
        QVERIFY(raw_->exists(key));
        const auto message = waiter->next(redislock::Context::withTimeout(300ms));
        QVERIFY(message && !*message);
        return;
    }
    QVERIFY(!raw_->exists(key));
    const auto message = waiter->next(redislock::Context::withTimeout(10s));
    QVERIFY2(message, message ? "" : message.error().message().c_str());
    QVERIFY2(*message, "no unlock message within 10 s");
    QCOMPARE(bytes((*message)->channel), expectedChannel);
    QCOMPARE(bytes((*message)->payload), payload);
}

// Every name auxKeyNames gives for a lock is one auxKeyOf reads back as that lock's, of the
// same kind: the two directions of one naming.
void TestLockFormats::auxKeyNamesMapBackToTheirLock_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<Fields>("hash");
    QTest::addColumn<int>("names");
    const QByteArray client(redissonClient);
    QTest::newRow("plain") << "shop:orders:42"_ba << Fields{} << 4;
    QTest::newRow("python-redis-lock") << "lock:reindex"_ba << Fields{} << 5;
    QTest::newRow("python-redis-lock in a namespace") << "shop:lock:reindex"_ba << Fields{} << 5;
    QTest::newRow("hash tag") << "{shop}:warehouse"_ba << Fields{{client + ":57", "2"}} << 4;
    QTest::newRow("two reads of a reader")
        << "shop:catalog"_ba << Fields{{"mode", "read"}, {client + ":57", "2"}} << 6;
}

void TestLockFormats::auxKeyNamesMapBackToTheirLock()
{
    QFETCH(QByteArray, key);
    QFETCH(Fields, hash);
    QFETCH(int, names);
    LockRecord record = recordOf(key, hash.isEmpty() ? "string"_ba : "hash"_ba, "v", hash);
    record.classify(0);
    const auto aux = redislock::auxKeyNames(record);
    QCOMPARE(int(aux.size()), names);
    for (const auto &[name, kind] : aux) {
        const auto back = redislock::auxKeyOf(name);
        QVERIFY2(back, name.c_str());
        QCOMPARE(back->lockKey, record.key);
        QCOMPARE(int(back->kind), int(kind));
    }
}

// The inspector's and lockctl's readings of auxiliary keys: one lock's (those that exist,
// with their type and ttl) and a pattern's with its orphans and their memory; the server
// counts no write.
void TestLockFormats::auxKeysAreReadWithoutWriting()
{
    const std::string prefix = uniqueKey();
    const std::string lock = prefix + ":warehouse";
    const QByteArray field = QByteArray(redissonClient) + ":57";
    QVERIFY(!raw_->command({"HSET", bytes(lock), field, "1"}).isError());
    QVERIFY(raw_->set(bytes("redisson_lock_token:{" + lock + "}"), "12", 60s));
    QVERIFY(raw_->set(bytes(lock + ":fence"), "7"));
    // Beside a lock that is gone: orphans.
    QVERIFY(raw_->set(bytes("redisson_lock_token:{" + prefix + ":retired}"), "3"));
    QVERIFY(raw_->set(bytes(prefix + ":orders:99:fence"), "41"));
    QVERIFY(!raw_->command({"CONFIG", "RESETSTAT"}).isError());

    const auto shown = readBack({lock});
    QCOMPARE(shown.size(), 1u);
    auto found = redislock::readAuxKeys(*client_, shown[0]);
    QVERIFY2(found, found ? "" : found.error().message().c_str());
    QCOMPARE(found->size(), 2u);
    QCOMPARE(found->at(0).key, lock + ":fence");
    QCOMPARE(int(found->at(0).aux.kind), int(redislock::AuxKind::fenceCounter));
    QCOMPARE(found->at(0).ttlMs, -1);
    QCOMPARE(found->at(1).key, "redisson_lock_token:{" + lock + "}");
    QCOMPARE(found->at(1).type, std::string("string"));
    QVERIFY(found->at(1).ttlMs > 0);

    redislock::ScanOptions options;
    options.pattern = prefix + ":*";
    options.count = 100;
    auto report = redislock::scanAuxKeys(*client_, options);
    QVERIFY2(report, report ? "" : report.error().message().c_str());
    QCOMPARE(report->entries.size(), 4u);
    QCOMPARE(report->orphans, 2u);
    QCOMPARE(report->sampled, 2u);
    QVERIFY(!report->estimated);
    QVERIFY(report->orphanBytes > 0);
    for (const auto &entry : report->entries)
        QCOMPARE(entry.orphan, entry.aux.lockKey != lock);

    const QStringList ran = lockscope::test::nonReadCommands(*raw_);
    QVERIFY2(ran.isEmpty(), qPrintable(ran.join(u' ')));
}

// Locks taken by redis-py itself: each is recognised, with the node Python used and a time of
// acquisition within the test's run.
void TestLockFormats::realRedisPyLocks()
{
    const QString python = pythonWithRedis();
    if (python.isEmpty())
        QSKIP("python3-redis is not installed (packaging/install-dependencies.sh installs it)");
    const std::string prefix = uniqueKey() + ":";
    const QString script = uR"(import sys, uuid, redis
r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]))
print("%012x" % uuid.getnode())
for i in range(10):
    lock = r.lock(sys.argv[2] + str(i), timeout=60)
    assert lock.acquire(blocking=False)
)"_s;
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QString failure;
    const auto output = run(
        python, {u"-c"_s, script, QString::number(server_->port()), QString::fromStdString(prefix)},
        failure);
    QVERIFY2(output, qPrintable(failure));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QByteArray node = output->trimmed();
    QCOMPARE(node.size(), 12);
    for (int i = 10; i > 0; i -= 2)
        node.insert(i, ':');

    std::vector<std::string> keys;
    for (int i = 0; i < 10; ++i)
        keys.push_back(prefix + std::to_string(i));
    const auto read = readBack(keys);
    QCOMPARE(read.size(), keys.size());
    for (const LockRecord &record : read) {
        QVERIFY2(record.format == LockFormat::redisPy, record.evidence.c_str());
        QCOMPARE(record.holder.at(1).first, std::string("node"));
        QCOMPARE(QByteArray::fromStdString(record.holder.at(1).second), node);
        const auto acquired = QDateTime::fromString(
            QString::fromStdString(record.holder.at(0).second), Qt::ISODateWithMs);
        QVERIFY(acquired.isValid());
        // uuid1's clock is the system's: the time lies within the run (a millisecond's slack
        // for the truncation to whole milliseconds).
        QVERIFY(acquired.toMSecsSinceEpoch() >= before - 1);
        QVERIFY(acquired.toMSecsSinceEpoch() <= after + 1);
    }
}

// Locks taken by node-redlock (the version pinned in tests/clients/node) are recognised.
void TestLockFormats::realNodeRedlockLocks()
{
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    const QString clients = QStringLiteral(LOCKSCOPE_NODE_CLIENTS);
    if (node.isEmpty())
        QSKIP("node is not installed (packaging/install-dependencies.sh installs it)");
    QVERIFY2(QDir(clients + u"/node_modules/redlock"_s).exists(),
             "node-redlock is not installed: run packaging/install-dependencies.sh (npm ci in "
             "tests/clients/node)");
    const std::string prefix = uniqueKey() + ":";
    QStringList arguments{clients + u"/lock.cjs"_s, QString::number(server_->port())};
    std::vector<std::string> keys;
    for (int i = 0; i < 10; ++i) {
        keys.push_back(prefix + std::to_string(i));
        arguments.append(QString::fromStdString(keys.back()));
    }
    QString failure;
    const auto output = run(node, arguments, failure);
    QVERIFY2(output, qPrintable(failure));
    const auto values = output->trimmed().split('\n');
    QCOMPARE(values.size(), 10);

    const auto read = readBack(keys);
    QCOMPARE(read.size(), keys.size());
    for (std::size_t i = 0; i < read.size(); ++i) {
        QCOMPARE(QByteArray::fromStdString(read[i].value), values[qsizetype(i)]);
        // 32 random hex digits decode as a plausible version-1 UUID about once in 8000
        // draws: then redis-py's reading is the closer one, and the evidence names both.
        if (read[i].format == LockFormat::redisPy)
            QVERIFY2(read[i].evidence.find("node-redlock") != std::string::npos,
                     read[i].evidence.c_str());
        else
            QVERIFY2(read[i].format == LockFormat::nodeRedlock, read[i].evidence.c_str());
    }
}

QTEST_GUILESS_MAIN(TestLockFormats)
#include "tst_lockformats.moc"
