// RedisGlob against a table of patterns, each row also checked against a real redis-server's
// own matching (KEYS on an otherwise empty server), so the table cannot drift from Redis.

#include "session/redisglob.h"
#include "support/redisserver.h"

#include <QTest>

#include <optional>

using lockscope::test::RawRedis;
using lockscope::test::RedisServer;

class TestRedisGlob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matches_data();
    void matches();

private:
    std::optional<RedisServer> server_;
    std::optional<RawRedis> raw_;
};

void TestRedisGlob::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    raw_.emplace(server_->rawClient());
}

void TestRedisGlob::matches_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("match");
    const auto row = [](const char *tag, QByteArray pattern, QByteArray key, bool match) {
        QTest::newRow(tag) << pattern << key << match;
    };
    row("star matches all", "*", "shop:orders:42", true);
    row("star matches empty rest", "shop:*", "shop:", true);
    row("prefix", "shop:*", "shop:orders:42", true);
    row("other prefix", "shop:*", "shopping:1", false);
    row("star in the middle", "shop:*:42", "shop:orders:42", true);
    row("star in the middle, no match", "shop:*:42", "shop:orders:43", false);
    row("several stars", "*o*r*", "shop:orders", true);
    row("stars collapse", "a**b", "axxb", true);
    row("question mark", "lock:?", "lock:a", true);
    row("question mark needs a byte", "lock:?", "lock:", false);
    row("question mark, one only", "lock:?", "lock:ab", false);
    row("class", "lock:[abc]", "lock:b", true);
    row("class, no match", "lock:[abc]", "lock:d", false);
    row("negated class", "lock:[^abc]", "lock:d", true);
    row("negated class, no match", "lock:[^abc]", "lock:a", false);
    row("range", "job:[0-9]", "job:7", true);
    row("range, no match", "job:[0-9]", "job:x", false);
    row("reversed range", "job:[9-0]", "job:3", true);
    row("escaped star", "a\\*b", "a*b", true);
    row("escaped star is literal", "a\\*b", "axb", false);
    row("escaped question mark", "a\\?", "a?", true);
    row("escape in a class", "a[\\]]", "a]", true);
    row("case-sensitive", "Lock:*", "lock:1", false);
    row("exact", "lock:1", "lock:1", true);
    row("exact, longer key", "lock:1", "lock:10", false);
    row("binary key", "bin:*", QByteArray("bin:\x00\xff", 6), true);
    row("UTF-8", "锁:*", "锁:订单", true);
    row("unterminated class", "a[bc", "ab", true);
    row("empty pattern, empty key", "", "", true);
    row("empty pattern", "", "a", false);
}

void TestRedisGlob::matches()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, key);
    QFETCH(bool, match);
    QCOMPARE(RedisGlob(pattern).matches(key), match);

    // What the server says about the same pair.
    if (key.isEmpty())
        return; // Redis keys may be empty, but KEYS "" is not a useful comparison
    QVERIFY(raw_->flushAll());
    QVERIFY(raw_->set(key, "v"));
    QCOMPARE(raw_->keys(pattern).contains(key), match);
}

QTEST_GUILESS_MAIN(TestRedisGlob)
#include "tst_redisglob.moc"
