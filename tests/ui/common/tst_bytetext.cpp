#include "common/bytetext.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

// The one helper every view uses to show raw Redis bytes. The rows are the union of the two
// helpers it replaces (ui/locks' displayBytes and ui/actions' escapedBytes): whatever either
// escaped is escaped, so the same bytes look the same in the table, the detail pane and the
// dialogs.
class TestByteText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void displayBytes_data();
    void displayBytes();
    void displayBytesIsUnambiguous();
    void hexDump_data();
    void hexDump();
    void narrowHexDump();
    void elidedToolTip_data();
    void elidedToolTip();
    void isUtf8_data();
    void isUtf8();
    void prettyJson_data();
    void prettyJson();
};

void TestByteText::displayBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("shown");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("ascii") << QByteArray("shop:orders:42") << u"shop:orders:42"_s;
    QTest::newRow("space") << QByteArray("a b") << u"a b"_s;
    QTest::newRow("utf-8") << QByteArray("锁:订单") << u"锁:订单"_s;
    QTest::newRow("utf-8 mixed") << QByteArray("caf\xc3\xa9:\xe9\x94\x81:\xf0\x9f\x94\x92")
                                 << u"caf\u00e9:\u9501:\U0001F512"_s;
    QTest::newRow("emoji") << QByteArray("\xf0\x9f\x94\x92") << u"\U0001F512"_s;
    // Controls: C0, DEL and C1 (a valid two-byte sequence, escaped byte by byte).
    QTest::newRow("nul") << QByteArray("a\0b", 3) << u"a\\x00b"_s;
    QTest::newRow("newline and tab") << QByteArray("a\nb\t") << u"a\\x0ab\\x09"_s;
    QTest::newRow("controls") << QByteArray("a\tb\nc\x7f") << u"a\\x09b\\x0ac\\x7f"_s;
    QTest::newRow("del") << QByteArray("\x7f") << u"\\x7f"_s;
    QTest::newRow("c1 control") << QByteArray("\xc2\x85") << u"\\xc2\\x85"_s;
    QTest::newRow("c1 control after text") << QByteArray("a\xc2\x85") << u"a\\xc2\\x85"_s;
    // The backslash is escaped, so a literal "\x00" never looks like an escaped NUL.
    QTest::newRow("backslash") << QByteArray("a\\x00") << u"a\\\\x00"_s;
    // Bytes outside valid UTF-8.
    QTest::newRow("invalid byte") << QByteArray("k\xff") << u"k\\xff"_s;
    QTest::newRow("invalid then ascii") << QByteArray("\xff\xc3(") << u"\\xff\\xc3("_s;
    QTest::newRow("stray continuation") << QByteArray("\x80z") << u"\\x80z"_s;
    QTest::newRow("overlong nul") << QByteArray("\xc0\x80") << u"\\xc0\\x80"_s;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << u"\\xc0\\xaf"_s;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << u"\\xed\\xa0\\x80"_s;
    QTest::newRow("beyond U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << u"\\xf4\\x90\\x80\\x80"_s;
    QTest::newRow("cut short") << QByteArray("\xe9\x94") << u"\\xe9\\x94"_s;
    QTest::newRow("cut at the end") << QByteArray("ab\xe9\x94") << u"ab\\xe9\\x94"_s;
    // Valid UTF-8 but invisible: format characters, private use, unassigned.
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbfk") << u"\\xef\\xbb\\xbfk"_s;
    QTest::newRow("zero-width space") << QByteArray("a\xe2\x80\x8b") << u"a\\xe2\\x80\\x8b"_s;
    QTest::newRow("zero-width joiner") << QByteArray("a\xe2\x80\x8d") << u"a\\xe2\\x80\\x8d"_s;
    QTest::newRow("right-to-left override") << QByteArray("a\xe2\x80\xae") << u"a\\xe2\\x80\\xae"_s;
    QTest::newRow("soft hyphen") << QByteArray("a\xc2\xad") << u"a\\xc2\\xad"_s;
    QTest::newRow("private use") << QByteArray("\xee\x80\x80") << u"\\xee\\x80\\x80"_s;
    QTest::newRow("unassigned") << QByteArray("\xef\xbf\xbf") << u"\\xef\\xbf\\xbf"_s;
}

void TestByteText::displayBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, shown);
    QCOMPARE(::displayBytes(bytes), shown);
}

// Bytes that differ only by an escape-looking text or an invisible character never look alike.
void TestByteText::displayBytesIsUnambiguous()
{
    const QList<QByteArray> keys = {
        QByteArray("a\0", 2),        QByteArray("a\\x00"),    QByteArray("a"),
        QByteArray("a\xe2\x80\x8b"), QByteArray("a\xc2\xad"), QByteArray("a\xff"),
        QByteArray("a\\xff"),        QByteArray("a\\\\xff"),
    };
    QSet<QString> shown;
    for (const QByteArray &key : keys)
        shown.insert(::displayBytes(key));
    QCOMPARE(shown.size(), keys.size());
}

void TestByteText::hexDump_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("dump");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("short line") << QByteArray("ABC\x00\xff", 5)
                                << u"00000000  41 42 43 00 ff "_s + QString(11 * 3 + 1, u' ') +
                                       u" |ABC..|\n"_s;
    QTest::newRow("two lines") << QByteArray(17, 'x')
                               << u"00000000  78 78 78 78 78 78 78 78  78 78 78 78 78 78 78 78  "
                                  u"|xxxxxxxxxxxxxxxx|\n"
                                  u"00000010  78 "_s +
                                      QString(15 * 3 + 1, u' ') + u" |x|\n"_s;
}

void TestByteText::hexDump()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, dump);
    QCOMPARE(::hexDump(bytes), dump);
}

void TestByteText::narrowHexDump()
{
    // Eight bytes a line for a narrow view, with the ASCII column at the end of every line.
    QCOMPARE(::hexDump(QByteArray("ABCDEFGHI\x01", 10), 8),
             u"00000000  41 42 43 44 45 46 47 48  |ABCDEFGH|\n"
             u"00000008  49 01 "_s +
                 QString(6 * 3, u' ') + u" |I.|\n"_s);
}

void TestByteText::elidedToolTip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("tip");
    QTest::newRow("short") << u"abc"_s << u"abc"_s;
    QTest::newRow("exactly 300") << QString(300, u'x') << QString(300, u'x');
    QTest::newRow("1.9 KB") << QString(1900, u'x') << QString(300, u'x') + u'…';
    // A surrogate pair is never cut in half.
    QTest::newRow("surrogate at the cut")
        << QString(299, u'x') + QString::fromUcs4(U"\U0001F512") + u"tail"_s
        << QString(299, u'x') + u'…';
}

void TestByteText::elidedToolTip()
{
    QFETCH(QString, text);
    QFETCH(QString, tip);
    QCOMPARE(::elidedToolTip(text), tip);
}

void TestByteText::isUtf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("utf8");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("ascii") << QByteArray("shop:orders:42") << true;
    QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9:\xe9\x94\x81") << true;
    QTest::newRow("controls") << QByteArray("a\"b\\c\nd\te\x01") << true;
    QTest::newRow("nul") << QByteArray("a\0b", 3) << true;
    QTest::newRow("bom kept") << QByteArray("\xef\xbb\xbfx") << true;
    QTest::newRow("invalid") << QByteArray("tok\xff\xfe\x00z", 7) << false;
    QTest::newRow("cut sequence") << QByteArray("caf\xc3") << false;
    QTest::newRow("overlong") << QByteArray("\xc0\xaf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
}

void TestByteText::isUtf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, utf8);
    QCOMPARE(::isUtf8(bytes), utf8);
}

void TestByteText::prettyJson_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("json");
    QTest::addColumn<QString>("pretty");
    QTest::newRow("object") << QByteArray(R"({"host":"web-1","pid":42})") << true
                            << u"{\n    \"host\": \"web-1\",\n    \"pid\": 42\n}"_s;
    QTest::newRow("array") << QByteArray("[1,2]") << true << u"[\n    1,\n    2\n]"_s;
    QTest::newRow("empty object") << QByteArray("{}") << true << u"{\n}"_s;
    QTest::newRow("holder's order")
        << QByteArray(R"({"service":"checkout","host":"web-3"})") << true
        << u"{\n    \"service\": \"checkout\",\n    \"host\": \"web-3\"\n}"_s;
    QTest::newRow("nested, as written")
        << QByteArray(R"( {"b": [1.50, {"z":1,"a":{}}], "s":"x, {y}: \"q\""} )") << true << uR"({
    "b": [
        1.50,
        {
            "z": 1,
            "a": {
            }
        }
    ],
    "s": "x, {y}: \"q\""
})"_s;
    QTest::newRow("scalar") << QByteArray("42") << false << QString();
    QTest::newRow("string") << QByteArray(R"("text")") << false << QString();
    QTest::newRow("plain text") << QByteArray("host-1:4711") << false << QString();
    QTest::newRow("broken") << QByteArray(R"({"host":)") << false << QString();
    QTest::newRow("empty") << QByteArray() << false << QString();
}

void TestByteText::prettyJson()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, json);
    QFETCH(QString, pretty);
    const std::optional<QString> text = ::prettyJson(bytes);
    QCOMPARE(text.has_value(), json);
    if (json)
        QCOMPARE(*text, pretty);
}

QTEST_GUILESS_MAIN(TestByteText)
#include "tst_bytetext.moc"
