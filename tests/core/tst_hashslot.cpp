// redislock::hashSlot: the slot a key lives in on a Redis Cluster, which the cluster client will
// route by and the inspector shows. The specification's examples are fixed rows; everything
// else is checked against CLUSTER KEYSLOT of a real cluster node, so the two cannot drift.

#include "support/rawredis.h"
#include "support/redisserver.h"

#include <redislock/hashslot.h>

#include <QRandomGenerator>
#include <QTest>

#include <string_view>

using namespace lockscope::test;

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

} // namespace

class TestHashSlot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void specification_data();
    void specification();
    void hashTags_data();
    void hashTags();
    void matchesServer_data();
    void matchesServer();
    void randomKeysMatchServer();

private:
    // One cluster-enabled node answers CLUSTER KEYSLOT without any slots assigned: no need for
    // a whole cluster to ask the server's own hash function.
    RedisServer node_{[] {
        RedisServerOptions options;
        options.clusterNode = true;
        return options;
    }()};
};

void TestHashSlot::initTestCase()
{
    QVERIFY2(node_.start(), qPrintable(node_.errorString()));
}

void TestHashSlot::specification_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<int>("slot");
    // CRC16-XMODEM's check value, 0x31C3, quoted by the cluster specification; mod 16384.
    QTest::newRow("check value") << QByteArray("123456789") << (0x31C3 & 0x3FFF);
    QTest::newRow("empty key") << QByteArray() << 0;
    // The CLUSTER KEYSLOT documentation's examples.
    QTest::newRow("somekey") << QByteArray("somekey") << 11058;
    QTest::newRow("foo{hash_tag}") << QByteArray("foo{hash_tag}") << 2515;
    QTest::newRow("bar{hash_tag}") << QByteArray("bar{hash_tag}") << 2515;
    QTest::newRow("foo") << QByteArray("foo") << 12182;
}

void TestHashSlot::specification()
{
    QFETCH(QByteArray, key);
    QFETCH(int, slot);
    QCOMPARE(int{redislock::hashSlot(view(key))}, slot);
}

void TestHashSlot::hashTags_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("hashed"); // what the specification says is hashed
    QTest::newRow("tag") << QByteArray("{user1000}.following") << QByteArray("user1000");
    QTest::newRow("same tag") << QByteArray("{user1000}.followers") << QByteArray("user1000");
    QTest::newRow("first tag only") << QByteArray("foo{bar}{zap}") << QByteArray("bar");
    QTest::newRow("empty first tag: whole key")
        << QByteArray("foo{}{bar}") << QByteArray("foo{}{bar}");
    QTest::newRow("first { then first }") << QByteArray("foo{{bar}}zap") << QByteArray("{bar");
    QTest::newRow("no closing brace") << QByteArray("foo{bar") << QByteArray("foo{bar");
    QTest::newRow("closing brace first") << QByteArray("foo}bar{x") << QByteArray("foo}bar{x");
    QTest::newRow("} before { then a tag") << QByteArray("a}b{c}d") << QByteArray("c");
    QTest::newRow("whole key is a tag") << QByteArray("{lock}") << QByteArray("lock");
    QTest::newRow("single byte tag") << QByteArray("x{y}") << QByteArray("y");
    QTest::newRow("braces only") << QByteArray("{}") << QByteArray("{}");
}

void TestHashSlot::hashTags()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, hashed);
    QCOMPARE(redislock::hashSlot(view(key)), redislock::hashSlot(view(hashed)));
    if (key != hashed) {
        // Not a coincidence of the rows: bytes after the tag change nothing.
        const QByteArray longer = key + ":more";
        QCOMPARE(redislock::hashSlot(view(longer)), redislock::hashSlot(view(hashed)));
    }
}

void TestHashSlot::matchesServer_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("lock key") << QByteArray("shop:orders:42");
    QTest::newRow("tagged lock key") << QByteArray("shop:{orders:42}:fence");
    QTest::newRow("nul bytes") << QByteArray("a\0b\0c", 5);
    QTest::newRow("nul in tag") << QByteArray("x{\0}y", 5);
    QTest::newRow("high bytes") << QByteArray("\xff\xfe{\x80\x81}\x00", 7);
    QTest::newRow("utf-8") << QByteArray("锁:订单:{42}");
    QTest::newRow("empty tag then tag") << QByteArray("foo{}{bar}");
    QTest::newRow("nested") << QByteArray("foo{{bar}}zap");
    QTest::newRow("long") << QByteArray(4096, 'k');
    QTest::newRow("empty") << QByteArray();
}

void TestHashSlot::matchesServer()
{
    QFETCH(QByteArray, key);
    RawRedis redis = node_.rawClient();
    const RawReply reply = redis.command({"CLUSTER", "KEYSLOT", key});
    QCOMPARE(reply.type, RawReply::Type::integer);
    QCOMPARE(qint64{redislock::hashSlot(view(key))}, reply.integer);
}

void TestHashSlot::randomKeysMatchServer()
{
    // Seeded, so that a failure can be reproduced; braces are frequent so that tags of every
    // shape occur, and every byte value can appear.
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    static constexpr char alphabet[] = "ab{}{}:\0\xff";
    RawRedis redis = node_.rawClient();
    for (int i = 0; i < 2000; ++i) {
        QByteArray key(random.bounded(0, 24), '\0');
        for (char &byte : key) {
            byte = random.bounded(4) == 0 ? static_cast<char>(random.bounded(256))
                                          : alphabet[random.bounded(int(sizeof(alphabet) - 1))];
        }
        const RawReply reply = redis.command({"CLUSTER", "KEYSLOT", key});
        QVERIFY2(reply.type == RawReply::Type::integer, qPrintable(reply.toString()));
        QVERIFY2(qint64{redislock::hashSlot(view(key))} == reply.integer,
                 qPrintable(QStringLiteral("seed %1, key %2: ours %3, the server's %4")
                                .arg(seed)
                                .arg(QString::fromLatin1(key.toHex()))
                                .arg(redislock::hashSlot(view(key)))
                                .arg(reply.integer)));
    }
}

QTEST_GUILESS_MAIN(TestHashSlot)
#include "tst_hashslot.moc"
