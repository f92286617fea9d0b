// Inspection: SCAN-only discovery, pipelined reads, classification of lock formats, bounded
// reads of large values, binary keys, pages and cancellation, against a real redis-server.

#include "support/bytes.h"
#include "support/polling.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/keyscanner.h>

#include <QTest>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

using namespace std::chrono_literals;
using lockscope::test::bytes;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;
using lockscope::test::uniqueKey;
using redislock::KeyScanner;
using redislock::LockFormat;
using redislock::LockRecord;
using redislock::ScanOptions;

namespace {} // namespace

class TestKeyScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void classifiesEveryKeyUnderThePattern();
    void classifyValue_data();
    void classifyValue();
    void readRecordsAsTheScanner_data();
    void readRecordsAsTheScanner();
    void readsLargeValuesBoundedly();
    void pagesThroughManyKeysWithScanOnly();
    void stopsWhenCancelled();
    void readsAheadEveryKeyOnce();
    void recycledPagesReadAsNewOnes();
    void stopsPromptlyWhileReadingAhead();
    void failedServerIsNextsErrorThenResumes();
    void typesOfShortKeysAcrossPages();
    void recordsNameTheirServer();
    void poolOfOneIsFreeBetweenPages();
    void replicaCheckOnAStandaloneMaster();
    void globMatchesAsTheServer_data();
    void globMatchesAsTheServer();

private:
    [[nodiscard]] std::map<std::string, LockRecord> scanAll(const ScanOptions &options);

    std::optional<RedisServer> server_;
    std::optional<redislock::Client> client_;
    std::optional<RawRedis> raw_;
};

void TestKeyScanner::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    auto client = redislock::Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    client_.emplace(std::move(*client));
    raw_.emplace(server_->rawClient());
}

void TestKeyScanner::globMatchesAsTheServer_data()
{
    QTest::addColumn<QByteArray>("pattern");
    for (const char *pattern :
         {"*", "lock:*", "lock:?", "lock:??", "lock:[ab]*", "lock:[^a]*", "lock:[a-c]",
          "lock:[c-a]", "lock:\\*", "*:*:*", "lock:[ab", "lock:\\", "**b", "", "lock:[\\]]", "x*x"})
        QTest::newRow(pattern) << QByteArray(pattern);
}

// Keys heard through keyspace events are filtered on the client: exactly as the server's
// KEYS / SCAN MATCH would, malformed patterns included.
void TestKeyScanner::globMatchesAsTheServer()
{
    QFETCH(QByteArray, pattern);
    const QList<QByteArray> keys{"lock:a",  "lock:b", "lock:c", "lock:d", "lock:*",
                                 "lock:ab", "x",      "xx",     "a:b:c",  "lock:[ab",
                                 "lock:\\", "lock:",  "lock:]", "b"};
    RawRedis raw = server_->rawClient();
    QVERIFY(raw.select(9));
    QVERIFY(!raw.command({"FLUSHDB"}).isError());
    for (const auto &key : keys)
        QVERIFY(raw.set(key, "v"));
    const QList<QByteArray> byServer = raw.keys(pattern);
    QList<QByteArray> byUs;
    for (const auto &key : keys)
        if (redislock::globMatches(
                std::string_view(pattern.constData(), std::size_t(pattern.size())),
                std::string_view(key.constData(), std::size_t(key.size()))))
            byUs.append(key);
    std::ranges::sort(byUs);
    QCOMPARE(byUs, byServer);
    QVERIFY(!raw.command({"FLUSHDB"}).isError());
}

std::map<std::string, LockRecord> TestKeyScanner::scanAll(const ScanOptions &options)
{
    std::map<std::string, LockRecord> found;
    KeyScanner scanner(*client_, options);
    while (!scanner.finished()) {
        auto page = scanner.next();
        if (!page) {
            qWarning("%s", page.error().message().c_str());
            return {};
        }
        for (auto &record : *page)
            found[record.key] = std::move(record);
    }
    return found;
}

void TestKeyScanner::classifiesEveryKeyUnderThePattern()
{
    const std::string prefix = uniqueKey() + ":";
    redislock::Options options;
    options.metadata = R"({"service":"billing"})";
    auto lock = client_->obtain(prefix + "order:1", 30s, options);
    QVERIFY(lock);
    QVERIFY(raw_->set(bytes(prefix + "custom"), "TOKEN-0001{\"a\":1}", 30s));
    QVERIFY(raw_->set(bytes(prefix + "raw"), "1", 30s));
    QVERIFY(raw_->set(bytes(prefix + "stuck"), bytes(std::string(lock->token()) + "x")));
    raw_->command({"HSET", bytes(prefix + "redisson"), "uuid:1", "1"});
    const std::string binaryKey = prefix + std::string("bin\0ary", 7) + "锁";
    QVERIFY(raw_->set(bytes(binaryKey), QByteArray("\x00\xff\r\n", 4), 30s));
    QVERIFY(raw_->set("elsewhere", "not under the pattern"));

    ScanOptions scan;
    scan.pattern = prefix + "*";
    scan.customTokenLength = 10;
    const auto found = scanAll(scan);
    QCOMPARE(found.size(), 6u);

    const LockRecord &order = found.at(prefix + "order:1");
    QCOMPARE(int(order.format), int(LockFormat::redislock));
    QCOMPARE(order.token(), lock->token());
    QCOMPARE(order.metadata(), options.metadata);
    QVERIFY(order.ttlMs > 29000 && order.ttlMs <= 30000);
    QCOMPARE(order.type, std::string("string"));

    const LockRecord &custom = found.at(prefix + "custom");
    QCOMPARE(int(custom.format), int(LockFormat::customToken));
    QCOMPARE(custom.token(), "TOKEN-0001");
    QCOMPARE(custom.metadata(), R"({"a":1})");

    QCOMPARE(int(found.at(prefix + "raw").format), int(LockFormat::raw));
    QCOMPARE(found.at(prefix + "raw").tokenLength, 0u);
    QCOMPARE(found.at(prefix + "stuck").ttlMs, -1);

    const LockRecord &hash = found.at(prefix + "redisson");
    QCOMPARE(int(hash.format), int(LockFormat::raw));
    QCOMPARE(hash.type, std::string("hash"));

    const LockRecord &binary = found.at(binaryKey);
    QCOMPARE(binary.value, std::string("\x00\xff\r\n", 4));
    QCOMPARE(binary.valueSize, 4u);
}

void TestKeyScanner::classifyValue_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("customLength");
    QTest::addColumn<int>("format");
    const auto token = QByteArray("AbCdEfGhIjKlMnOpQrSt-_");
    QTest::newRow("default token alone") << token << 0 << int(LockFormat::redislock);
    QTest::newRow("default token + JSON") << token + "{}" << 0 << int(LockFormat::redislock);
    QTest::newRow("21 characters") << token.left(21) << 0 << int(LockFormat::raw);
    QTest::newRow("not base64url")
        << QByteArray("AbCdEfGhIjKlMnOpQrSt+/") << 0 << int(LockFormat::raw);
    QTest::newRow("custom length") << QByteArray("1234567890") << 8 << int(LockFormat::customToken);
    QTest::newRow("shorter than custom") << QByteArray("1234") << 8 << int(LockFormat::raw);
    QTest::newRow("empty") << QByteArray() << 0 << int(LockFormat::raw);
    // 32 hex digits that are no version-1 UUID: node-redlock's shape, also over a custom token
    // of that length (the library's exact shape fits more closely than a configured length).
    QTest::newRow("32 hex digits")
        << QByteArray("0123456789abcdef0123456789abcdef") << 0 << int(LockFormat::nodeRedlock);
    QTest::newRow("32 hex digits, length 32")
        << QByteArray("0123456789abcdef0123456789abcdef") << 32 << int(LockFormat::nodeRedlock);
    QTest::newRow("a number") << QByteArray("12345678901234567890123") << 0 << int(LockFormat::raw);

    // Other clients' locks: 16 random bytes in padded standard base64 (redsync), whose first
    // 22 characters are often base64url: redsync's, not ours, even with a custom length.
    QTest::newRow("redsync value")
        << QByteArray("kW3rJ9xQe2LmN0pQrStUvA==") << 0 << int(LockFormat::redsync);
    QTest::newRow("padded base64 of 17 bytes")
        << QByteArray("Zm9vYmFyYmF6cXV4cXV1eB==") << 0 << int(LockFormat::raw);
    QTest::newRow("redsync value, --token-length 8")
        << QByteArray("kW3rJ9xQe2LmN0pQrStUvA==") << 8 << int(LockFormat::redsync);
    // Metadata that is text: JSON, plain, Chinese, with line breaks.
    QTest::newRow("JSON metadata")
        << token + R"({"job":"settle","pid":42})" << 0 << int(LockFormat::redislock);
    QTest::newRow("text metadata") << token + "billing worker 3" << 0 << int(LockFormat::redislock);
    QTest::newRow("Chinese metadata")
        << token + QString::fromUtf8("结算").toUtf8() << 0 << int(LockFormat::redislock);
    QTest::newRow("multi-line JSON metadata")
        << token + "{\n  \"a\": 1\n}" << 0 << int(LockFormat::redislock);
    // Bytes that are no metadata: no lock either.
    QTest::newRow("binary after a default token")
        << token + QByteArray("\x00\x9f\xff", 3) << 0 << int(LockFormat::raw);
    QTest::newRow("escape after a default token") << token + "\x1b[2J" << 0 << int(LockFormat::raw);
    QTest::newRow("invalid UTF-8 after a default token")
        << token + "\xc3(" << 0 << int(LockFormat::raw);
    // A custom token is token-like characters of exactly the configured length.
    QTest::newRow("binary value, --token-length 8") << QByteArray("\x00\x9f\xff"
                                                                  "AAAAAxyz",
                                                                  11)
                                                    << 8 << int(LockFormat::raw);
    QTest::newRow("custom token + JSON")
        << QByteArray(R"(exp-0042{"rows":120000})") << 8 << int(LockFormat::customToken);
    QTest::newRow("custom token with a space")
        << QByteArray("exp 0042{}") << 8 << int(LockFormat::raw);
    QTest::newRow("custom token, binary metadata")
        << QByteArray("exp-0042\xff\xfe", 10) << 8 << int(LockFormat::raw);
    QTest::newRow("Chinese text, --token-length 8")
        << QString::fromUtf8("订单锁:结算服务").toUtf8() << 8 << int(LockFormat::raw);
    QTest::newRow("custom token exactly")
        << QByteArray("worker-1") << 8 << int(LockFormat::customToken);
}

void TestKeyScanner::classifyValue()
{
    QFETCH(QByteArray, value);
    QFETCH(int, customLength);
    QFETCH(int, format);
    QCOMPARE(int(redislock::classifyValue(value.toStdString(), std::size_t(customLength))), format);
}

void TestKeyScanner::readRecordsAsTheScanner_data()
{
    QTest::addColumn<int>("customLength");
    QTest::newRow("no custom length") << 0;
    QTest::newRow("--token-length 8") << 8;
}

// What a reader of single keys (the inspector after a keyspace event) sees is what a scan sees.
void TestKeyScanner::readRecordsAsTheScanner()
{
    QFETCH(int, customLength);
    const std::string prefix = uniqueKey() + ":";
    const std::string token = "AbCdEfGhIjKlMnOpQrSt-_";
    const std::map<std::string, std::string> values{
        {prefix + "redislock", token + R"({"job":"settle"})"},
        {prefix + "export", R"(exp-0042{"service":"exporter","rows":120000})"},
        {prefix + "redsync", "kW3rJ9xQe2LmN0pQrStUvA=="},
        {prefix + "binary", std::string("\x00\x9f\xff"
                                        "AAAAAxyz",
                                        11)},
        {prefix + "config", "42"},
        {prefix + "large", token + std::string(5000, 'x')},
    };
    for (const auto &[key, value] : values)
        QVERIFY(raw_->set(bytes(key), bytes(value), 30s));
    QVERIFY(!raw_->command({"HSET", bytes(prefix + "hash"), "f", "v"}).isError());

    ScanOptions options;
    options.pattern = prefix + "*";
    options.customTokenLength = std::size_t(customLength);
    const auto scanned = scanAll(options);
    QCOMPARE(scanned.size(), values.size() + 1);

    std::vector<std::string> keys;
    for (const auto &[key, record] : scanned)
        keys.push_back(key);
    keys.push_back(prefix + "gone"); // named, but not there: left out
    const auto read = redislock::readRecords(*client_, keys, options);
    QVERIFY2(read, read ? "" : read.error().message().c_str());
    QCOMPARE(read->size(), scanned.size());
    for (const LockRecord &record : *read) {
        const LockRecord &expected = scanned.at(record.key);
        QCOMPARE(int(record.format), int(expected.format));
        QCOMPARE(record.tokenLength, expected.tokenLength);
        QCOMPARE(record.value, expected.value);
        QCOMPARE(record.valueSize, expected.valueSize);
        QCOMPARE(record.type, expected.type);
        QVERIFY(record.ttlMs > 0 || record.type != "string");
    }
    // Told that tokens are 8 characters long, the redsync value still reads as redsync's.
    QCOMPARE(int(scanned.at(prefix + "redsync").format), int(LockFormat::redsync));
    QCOMPARE(int(scanned.at(prefix + "binary").format), int(LockFormat::raw));
    QCOMPARE(int(scanned.at(prefix + "export").format),
             int(customLength == 8 ? LockFormat::customToken : LockFormat::raw));
    QCOMPARE(scanned.at(prefix + "large").valueSize, token.size() + 5000);
    QCOMPARE(scanned.at(prefix + "hash").type, std::string("hash"));
}

void TestKeyScanner::readsLargeValuesBoundedly()
{
    const std::string key = uniqueKey();
    const QByteArray big(1 << 20, 'x');
    QVERIFY(raw_->set(bytes(key), big, 30s));
    ScanOptions scan;
    scan.pattern = key;
    scan.maxValueBytes = 100;
    auto found = scanAll(scan);
    QCOMPARE(found.size(), 1u);
    QCOMPARE(found.at(key).value.size(), 100u);
    QCOMPARE(found.at(key).valueSize, std::size_t(1 << 20));
    QVERIFY(found.at(key).truncated());

    scan.maxValueBytes = 0;
    found = scanAll(scan);
    QCOMPARE(found.at(key).value.size(), std::size_t(1 << 20));
    QVERIFY(!found.at(key).truncated());
}

void TestKeyScanner::pagesThroughManyKeysWithScanOnly()
{
    const std::string prefix = uniqueKey() + ":";
    QList<QByteArray> mset{"MSET"};
    for (int i = 0; i < 2500; ++i)
        mset << bytes(prefix + std::to_string(i)) << "v";
    QVERIFY(!raw_->command(mset).isError());
    raw_->command({"CONFIG", "RESETSTAT"});

    ScanOptions scan;
    scan.pattern = prefix + "*";
    scan.count = 500;
    KeyScanner scanner(*client_, scan);
    std::size_t pages = 0;
    std::map<std::string, int> seen;
    while (!scanner.finished()) {
        auto page = scanner.next();
        QVERIFY2(page, page ? "" : page.error().message().c_str());
        ++pages;
        for (const auto &record : *page)
            ++seen[record.key];
    }
    QCOMPARE(seen.size(), 2500u);
    QVERIFY2(pages > 1, "several pages");
    QVERIFY(scanner.scanned() >= 2500);
    const auto stats = raw_->command({"INFO", "commandstats"}).str;
    QVERIFY2(!stats.contains("cmdstat_keys:"), "never KEYS");
    QVERIFY2(!stats.contains("cmdstat_eval"), "never a server-side loop");
    QVERIFY(stats.contains("cmdstat_scan:"));
}

void TestKeyScanner::stopsWhenCancelled()
{
    std::stop_source stop;
    stop.request_stop();
    KeyScanner scanner(*client_);
    auto page = scanner.next(redislock::Context(stop.get_token()));
    QVERIFY(!page);
    QVERIFY(page.error() == redislock::Errc::cancelled);
    QVERIFY(!scanner.finished());
}

// Pages are read ahead of the caller on a thread of their own: every key comes once, in pages
// of its own SCAN call, and finished() comes with the last page, not a call later.
void TestKeyScanner::readsAheadEveryKeyOnce()
{
    const std::string prefix = uniqueKey() + ":";
    constexpr int keys = 3000;
    QList<QByteArray> mset{"MSET"};
    for (int i = 0; i < keys; ++i)
        mset << bytes(prefix + std::to_string(i)) << "v";
    QVERIFY(!raw_->command(mset).isError());

    ScanOptions scan;
    scan.pattern = prefix + "*";
    scan.count = 100;
    KeyScanner scanner(*client_, scan);
    std::map<std::string, int> seen;
    std::size_t records = 0;
    int pages = 0;
    while (!scanner.finished()) {
        auto page = scanner.next();
        QVERIFY2(page, page ? "" : page.error().message().c_str());
        ++pages;
        QVERIFY(page->size() <= 1000); // one SCAN page, never two run together
        records += page->size();
        for (const auto &record : *page) {
            ++seen[record.key];
            QCOMPARE(record.value, std::string("v"));
            QVERIFY(!record.slot);
        }
    }
    QCOMPARE(seen.size(), std::size_t(keys));
    QCOMPARE(records, std::size_t(keys)); // none twice
    QVERIFY2(pages > 2, "several pages, so that some were read ahead");
    QVERIFY(scanner.complete());
    const auto after = scanner.next();
    QVERIFY(after && after->empty());
}

// Pages handed back are filled again by the reader: what it reads into them is exactly what a
// scan without recycling reads, whatever the records held before (hashes, other types, long
// values, records moved from).
void TestKeyScanner::recycledPagesReadAsNewOnes()
{
    const std::string prefix = uniqueKey() + ":";
    for (int i = 0; i < 400; ++i) {
        const QByteArray key = bytes(prefix + std::to_string(i));
        switch (i % 5) {
        case 0:
            raw_->command({"HSET", key, "a8d3c5d6-1c2b-4f6e-9a0b-1c2d3e4f5a6b:57", "1"});
            break;
        case 1:
            QVERIFY(raw_->set(key, QByteArray(2000, 'x'), 30s));
            break;
        case 2:
            raw_->command({"RPUSH", key, "a"});
            break;
        case 3:
            QVERIFY(raw_->set(key, "tok" + QByteArray::number(i), 30s));
            break;
        default:
            QVERIFY(raw_->set(key, "abcdefghijklmnopqrstuv{\"host\":\"h\"}", 30s));
        }
    }
    ScanOptions scan;
    scan.pattern = prefix + "*";
    scan.count = 20;
    const auto plain = scanAll(scan);
    QCOMPARE(plain.size(), std::size_t(400));

    KeyScanner scanner(*client_, scan);
    std::map<std::string, LockRecord> recycled;
    while (!scanner.finished()) {
        auto page = scanner.next();
        QVERIFY2(page, page ? "" : page.error().message().c_str());
        for (auto &record : *page) {
            QVERIFY2(!recycled.contains(record.key), record.key.c_str());
            recycled[record.key] = record;
            record.evidenceClauses = {}; // as a caller that moved parts out leaves it
            record.hash.clear();
        }
        scanner.recycle(std::move(*page));
    }
    QCOMPARE(recycled.size(), plain.size());
    for (const auto &[key, expected] : plain) {
        const LockRecord &got = recycled.at(key);
        QCOMPARE(got.type, expected.type);
        QCOMPARE(got.value, expected.value);
        QCOMPARE(got.valueSize, expected.valueSize);
        QCOMPARE(int(got.format), int(expected.format));
        QCOMPARE(got.tokenLength, expected.tokenLength);
        QCOMPARE(got.hash, expected.hash);
        QCOMPARE(got.hashComplete, expected.hashComplete);
        QCOMPARE(got.holders, expected.holders);
        QCOMPARE(got.holder, expected.holder);
        QCOMPARE(got.evidence, expected.evidence);
        QVERIFY(got.evidenceClauses == expected.evidenceClauses);
        QCOMPARE(got.signalLength, expected.signalLength);
        QCOMPARE(got.node, expected.node);
        QCOMPARE(got.ttlMs > 0, expected.ttlMs > 0);
    }
}

// A caller that cancels, or drops the scanner, while the reader waits on a server that does not
// answer (DEBUG SLEEP) gets control back at once, not when the server wakes up.
void TestKeyScanner::stopsPromptlyWhileReadingAhead()
{
    const std::string prefix = uniqueKey() + ":";
    QList<QByteArray> mset{"MSET"};
    for (int i = 0; i < 2000; ++i)
        mset << bytes(prefix + std::to_string(i)) << "v";
    QVERIFY(!raw_->command(mset).isError());

    ScanOptions scan;
    scan.pattern = prefix + "*";
    scan.count = 50;
    std::optional<KeyScanner> scanner(std::in_place, *client_, scan);
    auto first = scanner->next();
    QVERIFY2(first, first ? "" : first.error().message().c_str());
    QVERIFY(!scanner->finished());

    std::atomic<bool> sent = false;
    std::jthread stall([port = server_->port(), &sent] {
        RawRedis sleeper(port);
        sent = true;
        sleeper.command({"DEBUG", "SLEEP", "3"});
    });
    // Only so that the server is asleep before the pages read ahead run out (were it not yet,
    // the reader would simply have fewer pages to go): the bounds below hold either way.
    QTRY_VERIFY(sent.load());
    std::this_thread::sleep_for(100ms);

    // The pages read ahead are taken; then the reader is stuck on the sleeping server, and a
    // cancelled call returns within a few slices of the cancellation.
    std::stop_source cancel;
    std::jthread canceller([&cancel] {
        std::this_thread::sleep_for(200ms);
        cancel.request_stop();
    });
    const auto started = std::chrono::steady_clock::now();
    std::optional<redislock::Error> error;
    for (int i = 0; i < 100 && !error; ++i) {
        auto page = scanner->next(redislock::Context(cancel.get_token()));
        if (!page)
            error = page.error();
    }
    QVERIFY(error);
    QVERIFY2(*error == redislock::Errc::cancelled, error->message().c_str());
    QVERIFY2(std::chrono::steady_clock::now() - started < 1500ms, "cancelled promptly");
    QVERIFY(!scanner->finished());

    const auto dropped = std::chrono::steady_clock::now();
    scanner.reset(); // stops and joins the reader
    QVERIFY2(std::chrono::steady_clock::now() - dropped < 1500ms, "the reader stopped promptly");
    stall.join();
}

// On one server a failure is next()'s error, as when the caller's thread read the pages; the
// scan keeps its place, and the next call starts reading again from there.
void TestKeyScanner::failedServerIsNextsErrorThenResumes()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis raw = server.rawClient();
    QList<QByteArray> mset{"MSET"};
    for (int i = 0; i < 2000; ++i)
        mset << "k:" + QByteArray::number(i) << "v";
    QVERIFY(!raw.command(mset).isError());
    auto client = redislock::Client::fromUrl(server.url().toStdString() +
                                             "?connect_timeout=500ms&read_timeout=2s");
    QVERIFY(client);

    ScanOptions scan;
    scan.pattern = "k:*";
    scan.count = 100;
    KeyScanner scanner(*client, scan);
    std::size_t seen = 0;
    auto first = scanner.next();
    QVERIFY2(first, first ? "" : first.error().message().c_str());
    seen += first->size();
    server.kill();

    // The pages read before the failure come first, then the failure itself.
    std::optional<redislock::Error> error;
    for (int i = 0; i < 10 && !error && !scanner.finished(); ++i) {
        auto page = scanner.next(redislock::Context::withTimeout(10s));
        if (page)
            seen += page->size();
        else
            error = page.error();
    }
    QVERIFY2(error, "the server's failure is next()'s error");
    QVERIFY2(*error == redislock::Errc::connectionFailed ||
                 *error == redislock::Errc::connectionClosed,
             error->message().c_str());
    QVERIFY(!scanner.finished());
    QVERIFY(scanner.complete()); // one server: no failed nodes, the error says it all
    QVERIFY(seen < 2000);

    // Back (empty: nothing is persisted), the scan goes on from where it stopped and ends.
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    for (int i = 0; i < 100 && !scanner.finished(); ++i) {
        auto page = scanner.next(redislock::Context::withTimeout(10s));
        QVERIFY2(page, page ? "" : page.error().message().c_str());
    }
    QVERIFY(scanner.finished());
}

// Regression: keys of 15 bytes or less of a non-string type were listed as type "none" when the
// type follow-ups of one page were read together with the next page's SCAN.
void TestKeyScanner::typesOfShortKeysAcrossPages()
{
    const std::map<std::string, std::string> kinds{
        {"h", "hash"}, {"l", "list"}, {"s", "set"}, {"z", "zset"}, {"v", "string"}};
    for (int i = 0; i < 300; ++i) {
        const std::string n = std::to_string(i);
        raw_->command({"HSET", bytes("t:h:" + n), "f", "1"});
        raw_->command({"RPUSH", bytes("t:l:" + n), "a"});
        raw_->command({"SADD", bytes("t:s:" + n), "a"});
        raw_->command({"ZADD", bytes("t:z:" + n), "1", "a"});
        raw_->command({"SET", bytes("t:v:" + n), "v"});
    }
    ScanOptions scan;
    scan.pattern = "t:*";
    scan.count = 100;
    KeyScanner scanner(*client_, scan);
    std::size_t seen = 0;
    while (!scanner.finished()) {
        auto page = scanner.next();
        QVERIFY2(page, page ? "" : page.error().message().c_str());
        for (const auto &record : *page) {
            QVERIFY2(record.key.size() <= 15, record.key.c_str());
            const std::string kind = record.key.substr(2, 1);
            QVERIFY2(record.type == kinds.at(kind), (record.key + " " + record.type).c_str());
            ++seen;
        }
    }
    QCOMPARE(seen, std::size_t{1500});
}

void TestKeyScanner::recordsNameTheirServer()
{
    const std::string key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "v", 30s));
    ScanOptions scan;
    scan.pattern = key;
    const auto found = scanAll(scan);
    QCOMPARE(found.size(), 1u);
    const std::string server = "127.0.0.1:" + std::to_string(server_->port());
    QCOMPARE(found.at(key).node, server);
    QVERIFY(!found.at(key).slot); // a slot only on a cluster

    const std::vector<std::string> keys{key};
    const auto read = redislock::readRecords(*client_, keys, scan);
    QVERIFY(read && read->size() == 1);
    QCOMPARE(read->front().node, server);
    QVERIFY(!read->front().slot);
}

void TestKeyScanner::poolOfOneIsFreeBetweenPages()
{
    // A caller with a single pooled connection (a GUI) must be able to act between two pages
    // of its own scan: the scanner may not keep the connection on loan while it waits.
    const std::string prefix = uniqueKey() + ":";
    for (int i = 0; i < 50; ++i)
        QVERIFY(raw_->set(bytes(prefix + std::to_string(i)), "v", 30s));
    auto single = redislock::Client::fromUrl(server_->url().toStdString() +
                                             "?pool_size=1&pool_timeout=300ms");
    QVERIFY(single);
    ScanOptions scan;
    scan.pattern = prefix + "*";
    scan.count = 5;
    KeyScanner scanner(*single, scan);
    std::size_t seen = 0;
    int between = 0;
    while (!scanner.finished()) {
        auto page = scanner.next();
        QVERIFY2(page, page ? "" : page.error().message().c_str());
        seen += page->size();
        if (!scanner.finished()) {
            const auto pong = single->ping();
            QVERIFY2(pong, pong ? "" : pong.error().message().c_str());
            ++between;
        }
    }
    QCOMPARE(seen, std::size_t{50});
    QVERIFY(between > 0);
}

void TestKeyScanner::replicaCheckOnAStandaloneMaster()
{
    // A replica that may be written to directly, so that the test can make it lose the key.
    RedisServerOptions options;
    options.extraArguments = {QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                              QString::number(server_->port()),
                              QStringLiteral("--replica-read-only"), QStringLiteral("no")};
    RedisServer replica(options);
    QVERIFY2(replica.start(), qPrintable(replica.errorString()));
    RawRedis replicaRaw = replica.rawClient();
    QVERIFY(lockscope::test::waitFor(
        [&] {
            return lockscope::test::infoField(replicaRaw.command({"INFO", "replication"}).str,
                                              "master_link_status") == "up";
        },
        30s));

    const std::string key = uniqueKey();
    const std::string value = "replicated-value";
    QVERIFY(raw_->set(bytes(key), bytes(value), 60s));
    const std::string replicaName = "127.0.0.1:" + std::to_string(replica.port());
    std::vector<redislock::ReplicaCopy> copies;
    // The replica catches up: it holds the same value, with a ttl.
    QVERIFY(lockscope::test::waitFor(
        [&] {
            auto checked = redislock::checkReplicas(*client_, key, value);
            if (!checked)
                return false;
            copies = *checked;
            return copies.size() == 1 && copies.front().sameValue;
        },
        30s));
    QCOMPARE(copies.front().node, replicaName);
    QVERIFY(!copies.front().error);
    QVERIFY(copies.front().exists);
    QVERIFY(copies.front().ttlMs > 0 && copies.front().ttlMs <= 60000);
    QVERIFY(copies.front().lagBytes.has_value());
    QVERIFY(*copies.front().lagBytes >= 0);

    // A value the master never held is not the same; a replica without the key would lose
    // the lock in a failover.
    const auto other = redislock::checkReplicas(*client_, key, "someone else's value");
    QVERIFY(other && other->size() == 1);
    QVERIFY(other->front().exists && !other->front().sameValue);
    replicaRaw.command({"DEL", bytes(key)});
    const auto lost = redislock::checkReplicas(*client_, key, value);
    QVERIFY(lost && lost->size() == 1);
    QVERIFY(!lost->front().exists);
    QVERIFY(!lost->front().sameValue);
    QCOMPARE(lost->front().ttlMs, std::int64_t{-2});

    // The topology of a standalone master: one shard serving every slot, with its replica.
    const auto topology = client_->topology();
    QVERIFY2(topology, topology ? "" : topology.error().message().c_str());
    QCOMPARE(topology->shards.size(), 1u);
    QVERIFY(topology->coversAllSlots());
    QCOMPARE(topology->shards.front().master.address(),
             "127.0.0.1:" + std::to_string(server_->port()));
    QCOMPARE(topology->shards.front().replicas.size(), 1u);
    QCOMPARE(topology->shards.front().replicas.front().address(), replicaName);
    replica.stop();
}

QTEST_GUILESS_MAIN(TestKeyScanner)
#include "tst_keyscanner.moc"
