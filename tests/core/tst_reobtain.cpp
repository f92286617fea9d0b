// The re-obtain rules of obtain, against a real redis-server: the Go library's token-prefix rule
// (the default), "never" (create-if-absent, atomically over all keys), and the rule the tools
// pick for a token; the value on the server checked with RawRedis.

#include "support/bytes.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/options.h>

#include <QTest>

#include <optional>

using namespace std::chrono_literals;
using lockscope::test::bytes;
using lockscope::test::RedisServer;
using lockscope::test::uniqueKey;
using redislock::ReobtainRule;

Q_DECLARE_METATYPE(ReobtainRule)

class TestReobtain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rule_data();
    void rule();
    void neverIsAllOrNothing();
    void toolRule_data();
    void toolRule();

private:
    std::optional<RedisServer> server_;
    std::optional<redislock::Client> client_;
};

void TestReobtain::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    auto client = redislock::Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    client_.emplace(std::move(*client));
}

void TestReobtain::rule_data()
{
    QTest::addColumn<QByteArray>("holderToken");
    QTest::addColumn<QByteArray>("holderMetadata");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<ReobtainRule>("rule");
    QTest::addColumn<bool>("obtained");
    QTest::addColumn<QByteArray>("value"); // on the server afterwards

    const QByteArray t22("Ab3_x-9ZqLmN0pQrStUvWx");
    // The Go rule, kept for compatibility: a prefix of the holder's value is enough.
    QTest::newRow("prefix: worker-1 over worker-10")
        << QByteArray("worker-10") << QByteArray() << QByteArray("worker-1")
        << ReobtainRule::tokenPrefix << true << QByteArray("worker-1m");
    QTest::newRow("prefix: svcA over svc + A")
        << QByteArray("svc") << QByteArray("A") << QByteArray("svcA") << ReobtainRule::tokenPrefix
        << true << QByteArray("svcAm");
    QTest::newRow("prefix: the exact token")
        << t22 << QByteArray("a") << t22 << ReobtainRule::tokenPrefix << true << t22 + "m";
    QTest::newRow("prefix: another token") << t22 << QByteArray("a") << QByteArray("other")
                                           << ReobtainRule::tokenPrefix << false << t22 + "a";
    // Never: whatever the token, an existing key stays as it is.
    QTest::newRow("never: worker-1 over worker-10")
        << QByteArray("worker-10") << QByteArray() << QByteArray("worker-1") << ReobtainRule::never
        << false << QByteArray("worker-10");
    QTest::newRow("never: svcA over svc + A")
        << QByteArray("svc") << QByteArray("A") << QByteArray("svcA") << ReobtainRule::never
        << false << QByteArray("svcA");
    QTest::newRow("never: the exact token")
        << t22 << QByteArray("a") << t22 << ReobtainRule::never << false << t22 + "a";
    QTest::newRow("never: a free key") << QByteArray() << QByteArray() << QByteArray("job-7")
                                       << ReobtainRule::never << true << QByteArray("job-7m");
}

void TestReobtain::rule()
{
    QFETCH(QByteArray, holderToken);
    QFETCH(QByteArray, holderMetadata);
    QFETCH(QByteArray, token);
    QFETCH(ReobtainRule, rule);
    QFETCH(bool, obtained);
    QFETCH(QByteArray, value);

    const std::string key = uniqueKey();
    auto raw = server_->rawClient();
    if (!holderToken.isEmpty()) {
        redislock::Options holder;
        holder.token = holderToken.toStdString();
        holder.metadata = holderMetadata.toStdString();
        QVERIFY(client_->obtain(key, 10s, holder));
    }
    redislock::Options options;
    options.token = token.toStdString();
    options.metadata = "m";
    options.reobtain = rule;
    const auto lock = client_->obtain(key, 60s, options);
    QCOMPARE(bool(lock), obtained);
    if (!lock)
        QVERIFY2(lock.error() == redislock::ErrNotObtained, lock.error().message().c_str());
    QCOMPARE(raw.get(bytes(key)).value_or("(nil)"), value);
    const qint64 ttl = raw.pttl(bytes(key));
    QVERIFY2(obtained ? ttl > 10000 : (ttl > 0 && ttl <= 10000), qPrintable(QString::number(ttl)));
    raw.del(bytes(key));
}

// With several keys, "never" takes all of them or none: one existing key refuses the lot.
void TestReobtain::neverIsAllOrNothing()
{
    const std::string a = uniqueKey();
    const std::string b = uniqueKey();
    auto raw = server_->rawClient();
    QVERIFY(raw.set(bytes(b), "someone", 10s));
    redislock::Options options;
    options.token = "job-7";
    options.reobtain = ReobtainRule::never;
    QVERIFY(!client_->obtainMulti({a, b}, 60s, options));
    QVERIFY(!raw.exists(bytes(a)));
    QCOMPARE(raw.get(bytes(b)).value_or("(nil)"), QByteArray("someone"));
    raw.del(bytes(b));
    const auto lock = client_->obtainMulti({a, b}, 60s, options);
    QVERIFY(lock);
    QCOMPARE(raw.get(bytes(a)).value_or("(nil)"), QByteArray("job-7"));
    QCOMPARE(raw.get(bytes(b)).value_or("(nil)"), QByteArray("job-7"));
    QVERIFY(lock->release());
}

void TestReobtain::toolRule_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("customLength");
    QTest::addColumn<ReobtainRule>("rule");

    QTest::newRow("random token") << QByteArray() << 0 << ReobtainRule::tokenPrefix;
    QTest::newRow("22 base64url characters")
        << QByteArray("Ab3_x-9ZqLmN0pQrStUvWx") << 0 << ReobtainRule::tokenPrefix;
    QTest::newRow("22 characters, not base64url")
        << QByteArray("Ab3_x-9ZqLmN0pQrStUv.x") << 0 << ReobtainRule::never;
    QTest::newRow("21 base64url characters")
        << QByteArray("Ab3_x-9ZqLmN0pQrStUvW") << 0 << ReobtainRule::never;
    QTest::newRow("custom token, no length") << QByteArray("worker-1") << 0 << ReobtainRule::never;
    QTest::newRow("custom token of the configured length")
        << QByteArray("worker-1") << 8 << ReobtainRule::tokenPrefix;
    QTest::newRow("custom token of another length")
        << QByteArray("worker-1") << 9 << ReobtainRule::never;
}

void TestReobtain::toolRule()
{
    QFETCH(QByteArray, token);
    QFETCH(int, customLength);
    QFETCH(ReobtainRule, rule);
    QCOMPARE(int(redislock::toolReobtainRule(token.toStdString(), std::size_t(customLength))),
             int(rule));
}

QTEST_GUILESS_MAIN(TestReobtain)
#include "tst_reobtain.moc"
