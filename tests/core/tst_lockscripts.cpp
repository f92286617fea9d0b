// The embedded lock scripts as the public header shows them: their SHA1 is what the server
// computes, so an EVALSHA preview shows the command the library really sends.

#include "support/bytes.h"
#include "support/redisserver.h"

#include <redislock/lockscripts.h>

#include <QTest>

#include <optional>

using lockscope::test::bytes;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using redislock::LockScript;

class TestLockScripts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sha1IsWhatScriptLoadAnswers_data();
    void sha1IsWhatScriptLoadAnswers();

private:
    std::optional<RedisServer> server_;
    std::optional<RawRedis> raw_;
};

void TestLockScripts::initTestCase()
{
    server_.emplace();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    raw_.emplace(server_->rawClient());
}

void TestLockScripts::sha1IsWhatScriptLoadAnswers_data()
{
    QTest::addColumn<int>("script");
    QTest::addColumn<QByteArray>("opening");
    QTest::newRow("obtain") << int(LockScript::obtain) << QByteArray("-- obtain.lua");
    QTest::newRow("refresh") << int(LockScript::refresh) << QByteArray("-- refresh.lua");
    QTest::newRow("release") << int(LockScript::release) << QByteArray("-- release.lua");
    QTest::newRow("pttl") << int(LockScript::pttl) << QByteArray("-- pttl.lua");
    QTest::newRow("forcerelease") << int(LockScript::forceRelease)
                                  << QByteArray("-- forcerelease.lua");
}

void TestLockScripts::sha1IsWhatScriptLoadAnswers()
{
    QFETCH(int, script);
    QFETCH(QByteArray, opening);
    const auto source = redislock::scriptSource(LockScript(script));
    QVERIFY(bytes(source).startsWith(opening));
    const auto sha1 = redislock::scriptSha1(LockScript(script));
    QCOMPARE(sha1.size(), 40u);

    const auto loaded = raw_->command({"SCRIPT", "LOAD", bytes(source)});
    QVERIFY2(!loaded.isError(), qPrintable(loaded.toString()));
    QCOMPARE(loaded.str, bytes(sha1));
}

QTEST_GUILESS_MAIN(TestLockScripts)
#include "tst_lockscripts.moc"
