// Commands shown as redis-cli shows (and parses back) them.

#include "session/rediscommandtext.h"

#include <QTest>

class TestRedisCommandText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void argument_data();
    void argument();
    void command();
};

void TestRedisCommandText::argument_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QByteArray("shop:orders:42") << QStringLiteral("shop:orders:42");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("\"\"");
    QTest::newRow("space") << QByteArray("a b") << QStringLiteral("\"a b\"");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QStringLiteral("\"a\\x00b\"");
    QTest::newRow("high bytes") << QByteArray("\xff\x80") << QStringLiteral("\"\\xff\\x80\"");
    QTest::newRow("UTF-8 is bytes") << QByteArray("锁") << QStringLiteral("\"\\xe9\\x94\\x81\"");
    QTest::newRow("quotes") << QByteArray(R"({"a":1})") << QStringLiteral(R"("{\"a\":1}")");
    QTest::newRow("single quote") << QByteArray("it's") << QStringLiteral("\"it's\"");
    QTest::newRow("backslash") << QByteArray("a\\b") << QStringLiteral(R"("a\\b")");
    QTest::newRow("control characters")
        << QByteArray("\n\r\t\a\b") << QStringLiteral(R"("\n\r\t\a\b")");
    QTest::newRow("DEL byte") << QByteArray("\x7f") << QStringLiteral(R"("\x7f")");
}

void TestRedisCommandText::argument()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QCOMPARE(RedisCommandText::argument(bytes), text);
}

void TestRedisCommandText::command()
{
    QCOMPARE(RedisCommandText::command({"DEL", QByteArray("k\0", 2)}),
             QStringLiteral("DEL \"k\\x00\""));
    QCOMPARE(RedisCommandText::command({}), QString());
}

QTEST_GUILESS_MAIN(TestRedisCommandText)
#include "tst_rediscommandtext.moc"
