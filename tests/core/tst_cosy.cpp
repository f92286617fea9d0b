// The Cosy layer: app.ini read as the Go services read it, and init / buildKey / obtainLock
// against real servers: the prefixed key, the database, the password, the process-wide client
// and what a failed init leaves behind.
//
// init() is process-wide, so the order of the slots matters: obtainLockBeforeInit runs first,
// before anything has initialised the client; every later test calls init() itself.

#include "support/closedport.h"
#include "support/rawredis.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <cosy/redis/lock.h>
#include <cosy/redis/settings.h>
#include <redislock/error.h>
#include <redislock/retrystrategy.h>

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace lockscope::test;
using namespace std::chrono_literals;
using cosy::redis::Settings;
using redislock::Errc;

namespace {

QString q(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QByteArray b(std::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::string s(const QString &text)
{
    return text.toStdString();
}

std::filesystem::path fsPath(const QString &path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

std::string addressOf(quint16 port)
{
    return "127.0.0.1:" + std::to_string(port);
}

Settings settingsFor(const RedisServer &server, std::string prefix, int db = 0,
                     std::string password = {})
{
    Settings settings;
    settings.addr = addressOf(server.port());
    settings.password = std::move(password);
    settings.db = db;
    settings.prefix = std::move(prefix);
    return settings;
}

// The value stored at `key`, or "(nil)".
QByteArray stored(RawRedis &redis, QByteArrayView key)
{
    return redis.get(key).value_or(QByteArrayLiteral("(nil)"));
}

// The calls of EVAL and EVALSHA since the last CONFIG RESETSTAT: one per obtain attempt.
qint64 scriptCalls(RawRedis &redis)
{
    const QByteArray info = redis.command({"INFO", "commandstats"}).str;
    qint64 calls = 0;
    for (const QByteArray &line : info.split('\n')) {
        if (!line.startsWith("cmdstat_evalsha:") && !line.startsWith("cmdstat_eval:"))
            continue;
        const qsizetype start = line.indexOf("calls=") + 6;
        calls += line.mid(start, line.indexOf(',', start) - start).toLongLong();
    }
    return calls;
}

} // namespace

#define INIT_OR_FAIL(settings)                                                                     \
    do {                                                                                           \
        const auto initResult = cosy::redis::init(settings);                                       \
        QVERIFY2(initResult.has_value(),                                                           \
                 initResult.has_value() ? "" : initResult.error().message().c_str());              \
    } while (false)

#define OBTAIN_OR_FAIL(variable, ...)                                                              \
    const auto variable##Result = cosy::redis::obtainLock(__VA_ARGS__);                            \
    QVERIFY2(variable##Result.has_value(),                                                         \
             variable##Result.has_value() ? "" : variable##Result.error().message().c_str());      \
    const redislock::Lock &variable = *variable##Result

class TestCosy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void obtainLockBeforeInit(); // first: needs a process where init() never succeeded

    void loadSettings_data();
    void loadSettings();
    void loadSettingsErrors_data();
    void loadSettingsErrors();
    void directoryIsNotAnAppIni();
    void missingFile();

    void prefixedKey_data();
    void prefixedKey();
    void databaseFromSettings();
    void password();
    void failedInitKeepsPreviousClient();
    void notObtained_data();
    void notObtained();
    void metadataAndTokenPassThrough();
    void retryStrategyPassesThrough();
    void fenceKeyIsNotPrefixed();
    void lockOutlivesReinit();
    void keptLockOutlivesItsTtl();
    void settingsFileToLock();
    void concurrentInitAndObtain();

private:
    std::unique_ptr<RedisServer> server_;
    std::unique_ptr<RedisServer> passwordServer_;
    QTemporaryDir iniDir_;
    const QString serverPassword_ = QStringLiteral("c0sy-s3cret");
};

void TestCosy::initTestCase()
{
    QVERIFY2(iniDir_.isValid(), qPrintable(iniDir_.errorString()));
    server_ = std::make_unique<RedisServer>();
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    RedisServerOptions options;
    options.password = serverPassword_;
    passwordServer_ = std::make_unique<RedisServer>(options);
    QVERIFY2(passwordServer_->start(), qPrintable(passwordServer_->errorString()));
}

void TestCosy::obtainLockBeforeInit()
{
    // Cosy's buildKey has no prefix yet, and no client to obtain with.
    QCOMPARE(q(cosy::redis::buildKey("my-key")), QStringLiteral(":my-key"));
    const auto lock = cosy::redis::obtainLock(uniqueKey(), 1s);
    QVERIFY(!lock);
    QVERIFY(lock.error() == Errc::invalidArgument);
    QVERIFY(!(lock.error() == redislock::ErrNotObtained)); // a usage error, not contention
    QVERIFY2(q(lock.error().message()).contains(QStringLiteral("init()")),
             lock.error().message().c_str());

    // Failed inits do not count: still no client.
    Settings unparsable;
    unparsable.addr = "127.0.0.1:notaport";
    const auto badAddress = cosy::redis::init(unparsable);
    QVERIFY(!badAddress);
    QVERIFY2(badAddress.error() == Errc::invalidUrl, badAddress.error().message().c_str());

    Settings refused;
    refused.addr = addressOf(lockscope::test::closedLoopbackPort());
    const auto unreachable = cosy::redis::init(refused);
    QVERIFY(!unreachable);
    QVERIFY2(unreachable.error() == Errc::connectionFailed, unreachable.error().message().c_str());

    const auto unauthenticated = cosy::redis::init(settingsFor(*passwordServer_, "p"));
    QVERIFY(!unauthenticated);
    QVERIFY2(unauthenticated.error() == Errc::authenticationFailed,
             unauthenticated.error().message().c_str());

    const auto stillNone = cosy::redis::obtainLock(uniqueKey(), 1s);
    QVERIFY(!stillNone);
    QVERIFY(stillNone.error() == Errc::invalidArgument);
    QCOMPARE(q(cosy::redis::buildKey("my-key")), QStringLiteral(":my-key"));
    QCOMPARE(server_->rawClient().dbSize(), 0);
}

void TestCosy::loadSettings_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("addr");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("db");
    QTest::addColumn<QString>("prefix");

    const QString defaultAddr = QStringLiteral("127.0.0.1:6379");
    const QString addr = QStringLiteral("127.0.0.1:6380");
    const QString none;

    QTest::newRow("Addr only") << QByteArray("[redis]\nAddr = 127.0.0.1:6380\n") << addr << none
                               << 0 << none;
    QTest::newRow("all four") << QByteArray("[redis]\n"
                                            "Addr = 10.0.0.5:6390\n"
                                            "Password = s3cret\n"
                                            "DB = 3\n"
                                            "Prefix = myapp\n")
                              << QStringLiteral("10.0.0.5:6390") << QStringLiteral("s3cret") << 3
                              << QStringLiteral("myapp");
    QTest::newRow("empty section: defaults")
        << QByteArray("[redis]\n") << defaultAddr << none << 0 << none;
    QTest::newRow("section in capitals")
        << QByteArray("[REDIS]\nAddr = 127.0.0.1:6380\n") << addr << none << 0 << none;
    QTest::newRow("section capitalised") << QByteArray("[Redis]\nPrefix = app\n") << defaultAddr
                                         << none << 0 << QStringLiteral("app");
    QTest::newRow("no spaces around =")
        << QByteArray("[redis]\nAddr=127.0.0.1:6380\nDB=2\n") << addr << none << 2 << none;
    QTest::newRow("spaces and tabs") << QByteArray("  [redis]  \n \tAddr \t=\t 127.0.0.1:6380  \n"
                                                   "DB   =   5\t\n")
                                     << addr << none << 5 << none;
    QTest::newRow("double quotes") << QByteArray("[redis]\nPassword = \"p@ss w0rd\"\n")
                                   << defaultAddr << QStringLiteral("p@ss w0rd") << 0 << none;
    QTest::newRow("backquotes") << QByteArray("[redis]\nPassword = `say \"hi\"`\n") << defaultAddr
                                << QStringLiteral("say \"hi\"") << 0 << none;
    QTest::newRow("single quotes") << QByteArray("[redis]\nPrefix = 'svc'\n") << defaultAddr << none
                                   << 0 << QStringLiteral("svc");
    QTest::newRow("quotes keep ; and #")
        << QByteArray("[redis]\nPassword = \"a;b#c\"\nPrefix = `x#y`\n") << defaultAddr
        << QStringLiteral("a;b#c") << 0 << QStringLiteral("x#y");
    QTest::newRow("quoted DB") << QByteArray("[redis]\nDB = \"4\"\n") << defaultAddr << none << 4
                               << none;
    QTest::newRow("comment lines") << QByteArray("; leading comment\n"
                                                 "# another\n"
                                                 "[redis]\n"
                                                 "; Addr = 10.9.9.9:1\n"
                                                 "  # DB = 9\n"
                                                 "Addr = 127.0.0.1:6380\n"
                                                 ";Prefix = commented-out\n")
                                   << addr << none << 0 << none;
    // go-ini cuts a value at its first # or ;, so the Go services see "app", not "app # …".
    QTest::newRow("inline comments") << QByteArray("[redis]\n"
                                                   "Addr = 127.0.0.1:6380 ; the local one\n"
                                                   "DB = 1 # staging\n"
                                                   "Prefix = app#no space needed\n")
                                     << addr << none << 1 << QStringLiteral("app");
    QTest::newRow("quoted value, then a comment")
        << QByteArray("[redis]\nPrefix = \"a b\" ; spaces kept\n") << defaultAddr << none << 0
        << QStringLiteral("a b");
    QTest::newRow("other sections ignored") << QByteArray("[app]\n"
                                                          "Password = app-secret\n"
                                                          "Prefix = not-this\n"
                                                          "[redis]\n"
                                                          "Addr = 127.0.0.1:6380\n"
                                                          "Password = redis-secret\n"
                                                          "[database]\n"
                                                          "Password = db-secret\n"
                                                          "DB = 7\n"
                                                          "Prefix = nor-this\n")
                                            << addr << QStringLiteral("redis-secret") << 0 << none;
    QTest::newRow("keys before any section ignored")
        << QByteArray("Addr = 10.1.1.1:1\nDB = 9\n[redis]\nPrefix = p\n") << defaultAddr << none
        << 0 << QStringLiteral("p");
    QTest::newRow("unknown names in [redis] ignored")
        << QByteArray("[redis]\nPoolSize = 20\nAddr = 127.0.0.1:6380\nPrefix\t= p\n") << addr
        << none << 0 << QStringLiteral("p");
    // Cosy loads with go-ini's AllowShadows: the first of repeated entries counts.
    QTest::newRow("repeated entry: the first counts")
        << QByteArray("[redis]\nPrefix = first\nPrefix = second\n[redis]\nPrefix = third\n")
        << defaultAddr << none << 0 << QStringLiteral("first");
    // go-ini's MapTo leaves a field alone when its value is empty.
    QTest::newRow("empty values keep defaults")
        << QByteArray("[redis]\nAddr =\nPassword = \"\"\nDB = \nPrefix=\n") << defaultAddr << none
        << 0 << none;
    QTest::newRow("CRLF line endings")
        << QByteArray("[redis]\r\n"
                      "Addr = 127.0.0.1:6380\r\n"
                      "Password = pw\r\n"
                      "DB = 2\r\n"
                      "Prefix = app\r\n")
        << addr << QStringLiteral("pw") << 2 << QStringLiteral("app");
    QTest::newRow("UTF-8 byte order mark") << QByteArray("\xEF\xBB\xBF[redis]\r\nPrefix = bom\r\n")
                                           << defaultAddr << none << 0 << QStringLiteral("bom");
    QTest::newRow("no newline at the end")
        << QByteArray("[redis]\nAddr = 127.0.0.1:6380") << addr << none << 0 << none;
    QTest::newRow("Chinese prefix and comments")
        << QStringLiteral("; 订单服务的配置\n"
                          "[应用]\n"
                          "名称 = 订单\n"
                          "[redis]\n"
                          "# 本地 Redis\n"
                          "Addr = 127.0.0.1:6380\n"
                          "Password = 密码\n"
                          "Prefix = 订单服务\n")
               .toUtf8()
        << addr << QStringLiteral("密码") << 0 << QStringLiteral("订单服务");
    QTest::newRow("Redis URL as Addr")
        << QByteArray("[redis]\nAddr = redis://127.0.0.1:6380/2\n")
        << QStringLiteral("redis://127.0.0.1:6380/2") << none << 0 << none;
}

void TestCosy::loadSettings()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, addr);
    QFETCH(QString, password);
    QFETCH(int, db);
    QFETCH(QString, prefix);

    const QString path =
        iniDir_.filePath(QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(ini), ini.size());
    file.close();

    const auto settings = cosy::redis::loadSettings(fsPath(path));
    QVERIFY2(settings.has_value(), settings ? "" : settings.error().message().c_str());
    QCOMPARE(q(settings->addr), addr);
    QCOMPARE(q(settings->password), password);
    QCOMPARE(settings->db, db);
    QCOMPARE(q(settings->prefix), prefix);
}

void TestCosy::loadSettingsErrors_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<int>("line"); // 0: the error is about the whole file
    QTest::addColumn<QString>("mentions");

    const QString appIni = QStringLiteral("app.ini");

    QTest::newRow("no [redis] section")
        << appIni << QByteArray("[app]\nName = x\n[database]\nDB = 1\n") << 0
        << QStringLiteral("no [redis] section");
    QTest::newRow("empty file") << appIni << QByteArray() << 0
                                << QStringLiteral("no [redis] section");
    QTest::newRow("only comments") << appIni << QByteArray("; [redis]\n# Addr = x\n") << 0
                                   << QStringLiteral("no [redis] section");
    QTest::newRow("DB not a number") << appIni << QByteArray("[redis]\nAddr = x:1\nDB = three\n")
                                     << 3 << QStringLiteral("\"three\"");
    QTest::newRow("DB negative") << appIni << QByteArray("[redis]\nDB = -1\n") << 2
                                 << QStringLiteral("\"-1\"");
    QTest::newRow("DB with trailing text")
        << appIni << QByteArray("[redis]\nDB = 3x\n") << 2 << QStringLiteral("\"3x\"");
    QTest::newRow("DB too large") << appIni << QByteArray("[redis]\nDB = 99999999999\n") << 2
                                  << QStringLiteral("\"99999999999\"");
    QTest::newRow("DB fraction") << appIni << QByteArray("[redis]\r\nDB = 1.5\r\n") << 2
                                 << QStringLiteral("\"1.5\"");
    QTest::newRow("unterminated section header")
        << appIni << QByteArray("[app]\n[redis\nAddr = x:1\n") << 2
        << QStringLiteral("unterminated section");
    QTest::newRow("line without = in [redis]")
        << appIni << QByteArray("[redis]\n\nAddr 127.0.0.1:6380\n") << 3 << QStringLiteral("=");
    QTest::newRow("Chinese file name")
        << QStringLiteral("配置.ini") << QByteArray("[redis]\nDB = 一\n") << 2
        << QStringLiteral("\"一\"");
    // Addr is checked where its line is known.
    QTest::newRow("Addr port out of range")
        << appIni << QByteArray("[redis]\n\nAddr = host:99999\n") << 3
        << QStringLiteral("port \"99999\" is out of range 1-65535");
    QTest::newRow("Addr port not a number")
        << appIni << QByteArray("[redis]\nAddr = host:abc\n") << 2 << QStringLiteral("\"abc\"");
    QTest::newRow("Addr without brackets around IPv6")
        << appIni << QByteArray("[redis]\nAddr = ::1:6379\n") << 2 << QStringLiteral("brackets");
    QTest::newRow("Addr URL with a password and a bad port")
        << appIni << QByteArray("[redis]\nAddr = redis://:S3cretPW@h:0\n") << 2
        << QStringLiteral("out of range");
    QTest::newRow("control characters in a value")
        << appIni << QByteArray("[redis]\nDB = 1\x1b[2J\n") << 2 << QStringLiteral("\\x1b[2J");
}

void TestCosy::loadSettingsErrors()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, ini);
    QFETCH(int, line);
    QFETCH(QString, mentions);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(ini), ini.size());
    file.close();

    const auto settings = cosy::redis::loadSettings(fsPath(path));
    QVERIFY(!settings);
    QVERIFY(settings.error() == Errc::invalidArgument);
    const QString message = q(settings.error().message());
    QVERIFY2(!message.contains(QLatin1Char('\n')) && !message.contains(QLatin1Char('\r')),
             qPrintable(message));
    const QString where = line > 0 ? path + QLatin1Char(':') + QString::number(line) : path;
    QVERIFY2(message.startsWith(where), qPrintable(message));
    QVERIFY2(message.contains(mentions), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("S3cretPW")), qPrintable(message));
}

void TestCosy::directoryIsNotAnAppIni()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto settings = cosy::redis::loadSettings(fsPath(dir.path()));
    QVERIFY(!settings);
    QVERIFY(settings.error() == Errc::invalidArgument);
    const QString message = q(settings.error().message());
    QVERIFY2(message.contains(QLatin1String("is a directory")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("[redis]")), qPrintable(message));
}

void TestCosy::missingFile()
{
    const QString path = iniDir_.filePath(QStringLiteral("does-not-exist/app.ini"));
    const auto settings = cosy::redis::loadSettings(fsPath(path));
    QVERIFY(!settings);
    QVERIFY(settings.error() == Errc::invalidArgument);
    const QString message = q(settings.error().message());
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));

    // A directory is not a readable file either.
    const auto directory = cosy::redis::loadSettings(fsPath(iniDir_.path()));
    QVERIFY(!directory);
    QVERIFY(directory.error() == Errc::invalidArgument);
}

void TestCosy::prefixedKey_data()
{
    QTest::addColumn<QString>("prefix");

    QTest::newRow("plain") << QStringLiteral("myapp");
    QTest::newRow("empty: a bare colon, as in Cosy") << QString();
    QTest::newRow("Chinese") << QStringLiteral("订单服务");
    QTest::newRow("with colons") << QStringLiteral("team:svc");
}

void TestCosy::prefixedKey()
{
    QFETCH(QString, prefix);
    INIT_OR_FAIL(settingsFor(*server_, s(prefix)));

    const std::string key = uniqueKey();
    const std::string expected = s(prefix) + ":" + key;
    QCOMPARE(q(cosy::redis::buildKey(key)), q(expected));

    OBTAIN_OR_FAIL(lock, key, 2s);
    QCOMPARE(q(lock.key()), q(expected));
    QCOMPARE(lock.keys().size(), std::size_t(1));
    QCOMPARE(lock.token().size(), std::size_t(22));
    QCOMPARE(q(lock.value()), q(std::string(lock.token()) + std::string(lock.metadata())));

    RawRedis redis = server_->rawClient();
    QCOMPARE(stored(redis, b(expected)), QByteArray(b(lock.value())));
    const qint64 pttl = redis.pttl(b(expected));
    QVERIFY2(pttl > 1000 && pttl <= 2000, qPrintable(QString::number(pttl)));
    QVERIFY(!redis.exists(b(key))); // nothing under the bare key

    const auto released = lock.release();
    QVERIFY2(released.has_value(), released ? "" : released.error().message().c_str());
    QVERIFY(!redis.exists(b(expected)));
}

void TestCosy::databaseFromSettings()
{
    INIT_OR_FAIL(settingsFor(*server_, "db3", 3));
    const std::string key = uniqueKey();
    OBTAIN_OR_FAIL(lock, key, 2s);

    RawRedis db0 = server_->rawClient();
    RawRedis db3 = server_->rawClient();
    QVERIFY(db3.select(3));
    QCOMPARE(stored(db3, b("db3:" + key)), QByteArray(b(lock.value())));
    QVERIFY(!db0.exists(b("db3:" + key)));

    // The lock's own calls go to db 3 as well.
    const auto ttl = lock.ttl();
    QVERIFY2(ttl.has_value(), ttl ? "" : ttl.error().message().c_str());
    QVERIFY(*ttl > 1000ms);
    QVERIFY(lock.release().has_value());
    QVERIFY(!db3.exists(b("db3:" + key)));
}

void TestCosy::password()
{
    const auto wrong =
        cosy::redis::init(settingsFor(*passwordServer_, "pw", 0, "not-the-password-x7"));
    QVERIFY(!wrong);
    QVERIFY2(wrong.error() == Errc::authenticationFailed, wrong.error().message().c_str());
    QVERIFY2(!q(wrong.error().message()).contains(QStringLiteral("x7")),
             wrong.error().message().c_str()); // never echoes the password

    INIT_OR_FAIL(settingsFor(*passwordServer_, "pw", 2, s(serverPassword_)));
    const std::string key = uniqueKey();
    OBTAIN_OR_FAIL(lock, key, 2s);
    RawRedis redis = passwordServer_->rawClient();
    QVERIFY(redis.select(2));
    QCOMPARE(stored(redis, b("pw:" + key)), QByteArray(b(lock.value())));
    QVERIFY(lock.release().has_value());
}

void TestCosy::failedInitKeepsPreviousClient()
{
    // A failed init() changes nothing: the client and prefix of the last successful one stay.
    INIT_OR_FAIL(settingsFor(*server_, "kept"));

    Settings refused;
    refused.addr = addressOf(lockscope::test::closedLoopbackPort());
    refused.prefix = "refused";
    const auto unreachable = cosy::redis::init(refused);
    QVERIFY(!unreachable);
    QVERIFY2(unreachable.error() == Errc::connectionFailed, unreachable.error().message().c_str());
    QVERIFY2(!q(unreachable.error().message()).contains(QLatin1Char('\n')),
             unreachable.error().message().c_str());

    Settings unparsable;
    unparsable.addr = "no port here:";
    unparsable.prefix = "unparsable";
    QVERIFY(!cosy::redis::init(unparsable));

    const auto unauthenticated =
        cosy::redis::init(settingsFor(*passwordServer_, "unauthenticated", 0, "wrong"));
    QVERIFY(!unauthenticated);

    const std::string key = uniqueKey();
    QCOMPARE(q(cosy::redis::buildKey(key)), q("kept:" + key));
    OBTAIN_OR_FAIL(lock, key, 2s);
    QCOMPARE(q(lock.key()), q("kept:" + key));
    RawRedis redis = server_->rawClient();
    QCOMPARE(stored(redis, b("kept:" + key)), QByteArray(b(lock.value())));
    QVERIFY(lock.release().has_value());
}

void TestCosy::notObtained_data()
{
    QTest::addColumn<QString>("heldKeyPrefix"); // the foreign value sits on heldKeyPrefix + key
    QTest::addColumn<bool>("obtained");

    QTest::newRow("held under our prefix") << QStringLiteral("svc:") << false;
    QTest::newRow("held under the bare key") << QString() << true;
    QTest::newRow("held under another prefix") << QStringLiteral("other:") << true;
    QTest::newRow("held with an empty prefix") << QStringLiteral(":") << true;
}

void TestCosy::notObtained()
{
    QFETCH(QString, heldKeyPrefix);
    QFETCH(bool, obtained);

    INIT_OR_FAIL(settingsFor(*server_, "svc"));
    const std::string key = uniqueKey();
    const QByteArray heldKey = heldKeyPrefix.toUtf8() + b(key);
    const QByteArray foreign("foreign-token-0123456789-and-metadata");
    RawRedis redis = server_->rawClient();
    QVERIFY(redis.set(heldKey, foreign, 10s));

    const auto lock = cosy::redis::obtainLock(key, 1s);
    // The Cosy documentation's test, as one expression.
    if (!lock && lock.error() == redislock::ErrNotObtained) {
        QVERIFY2(!obtained, "not obtained although the prefixed key was free");
        QVERIFY(!(lock.error() == Errc::invalidArgument));
    } else {
        QVERIFY2(lock.has_value(), lock ? "" : lock.error().message().c_str());
        QVERIFY2(obtained, "obtained although the prefixed key was held");
        QVERIFY(lock->release().has_value());
    }
    QCOMPARE(stored(redis, heldKey), QByteArray(foreign));
    QVERIFY(redis.pttl(heldKey) > 5000);
}

void TestCosy::metadataAndTokenPassThrough()
{
    INIT_OR_FAIL(settingsFor(*server_, "opt"));
    RawRedis redis = server_->rawClient();

    redislock::Options withMetadata;
    withMetadata.metadata = R"({"owner":"订单服务","pid":42})";
    const std::string key = uniqueKey();
    OBTAIN_OR_FAIL(lock, key, 2s, withMetadata);
    QCOMPARE(q(lock.metadata()), q(withMetadata.metadata));
    QCOMPARE(q(lock.value()), q(std::string(lock.token()) + withMetadata.metadata));
    QCOMPARE(stored(redis, b("opt:" + key)), QByteArray(b(lock.value())));
    QVERIFY(lock.release().has_value());

    redislock::Options withToken;
    withToken.token = "my-own-token";
    withToken.metadata = "meta";
    const std::string other = uniqueKey();
    OBTAIN_OR_FAIL(own, other, 2s, withToken);
    QCOMPARE(q(own.token()), QStringLiteral("my-own-token"));
    QCOMPARE(q(own.metadata()), QStringLiteral("meta"));
    QCOMPARE(stored(redis, b("opt:" + other)), QByteArray("my-own-tokenmeta"));
    QVERIFY(own.release().has_value());
}

void TestCosy::retryStrategyPassesThrough()
{
    INIT_OR_FAIL(settingsFor(*server_, "retry"));
    RawRedis redis = server_->rawClient();
    const std::string key = uniqueKey();
    const QByteArray heldKey = b("retry:" + key);

    // Warm the script cache, so that each attempt below is exactly one EVALSHA.
    {
        OBTAIN_OR_FAIL(warm, uniqueKey(), 1s);
        QVERIFY(warm.release().has_value());
    }

    // limitRetry(…, 3): four attempts, then ErrNotObtained long before the deadline.
    QVERIFY(redis.set(heldKey, "foreign", 10s));
    QCOMPARE(redis.command({"CONFIG", "RESETSTAT"}).str, QByteArray("OK"));
    redislock::Options limited;
    limited.retryStrategy = redislock::limitRetry(redislock::linearBackoff(5ms), 3);
    const auto refused = cosy::redis::obtainLock(key, 10s, limited);
    QVERIFY(!refused && refused.error() == redislock::ErrNotObtained);
    QVERIFY2(refused.error() == Errc::notObtained, refused.error().message().c_str());
    QCOMPARE(scriptCalls(redis), 4);

    // The default: no retry, one attempt.
    QCOMPARE(redis.command({"CONFIG", "RESETSTAT"}).str, QByteArray("OK"));
    const auto once = cosy::redis::obtainLock(key, 10s);
    QVERIFY(!once && once.error() == redislock::ErrNotObtained);
    QCOMPARE(scriptCalls(redis), 1);

    // Retrying every 20 ms obtains the lock once the foreign one expires.
    QVERIFY(redis.set(heldKey, "foreign", 200ms));
    redislock::Options linear;
    linear.retryStrategy = redislock::linearBackoff(20ms);
    OBTAIN_OR_FAIL(lock, key, 2s, linear);
    QCOMPARE(stored(redis, heldKey), QByteArray(b(lock.value())));
    QVERIFY(lock.release().has_value());
}

void TestCosy::fenceKeyIsNotPrefixed()
{
    // Options reach the client as they are: the fence counter key is not prefixed (only the
    // lock key goes through buildKey, as in Cosy's ObtainLock).
    INIT_OR_FAIL(settingsFor(*server_, "fenced"));
    RawRedis redis = server_->rawClient();
    redislock::Options options;
    options.fenceKey = uniqueKey("fence");
    const std::string key = uniqueKey();
    OBTAIN_OR_FAIL(first, key, 2s, options);
    QCOMPARE(first.fenceToken(), std::int64_t(1));
    QVERIFY(first.release().has_value());
    OBTAIN_OR_FAIL(second, key, 2s, options);
    QCOMPARE(second.fenceToken(), std::int64_t(2));
    QVERIFY(second.release().has_value());
    QCOMPARE(stored(redis, b(options.fenceKey)), QByteArray("2"));
    QVERIFY(!redis.exists(b("fenced:" + options.fenceKey)));
}

void TestCosy::lockOutlivesReinit()
{
    // A lock keeps the client it was obtained with: re-initialising elsewhere does not move it.
    INIT_OR_FAIL(settingsFor(*server_, "before"));
    const std::string key = uniqueKey();
    OBTAIN_OR_FAIL(lock, key, 5s);

    INIT_OR_FAIL(settingsFor(*passwordServer_, "after", 0, s(serverPassword_)));
    QCOMPARE(q(cosy::redis::buildKey(key)), q("after:" + key));
    const auto ttl = lock.ttl();
    QVERIFY2(ttl.has_value(), ttl ? "" : ttl.error().message().c_str());
    QVERIFY(*ttl > 1000ms);
    QVERIFY(lock.refresh(5s).has_value());
    QVERIFY(lock.release().has_value());
    QVERIFY(!server_->rawClient().exists(b("before:" + key)));

    OBTAIN_OR_FAIL(moved, key, 2s);
    RawRedis after = passwordServer_->rawClient();
    QCOMPARE(stored(after, b("after:" + key)), QByteArray(b(moved.value())));
    QVERIFY(moved.release().has_value());
}

void TestCosy::keptLockOutlivesItsTtl()
{
    INIT_OR_FAIL(settingsFor(*server_, "kept"));
    const std::string key = uniqueKey();
    RawRedis raw = server_->rawClient();
    {
        auto kept = cosy::redis::obtainKeptLock(key, 300ms);
        QVERIFY2(kept.has_value(), kept ? "" : kept.error().message().c_str());
        QTRY_VERIFY_WITH_TIMEOUT(kept->renewals() >= 4, 10000);
        QCOMPARE(stored(raw, b("kept:" + key)), QByteArray(b(kept->lock().value())));
        QVERIFY(!kept->lostToken().stop_requested());

        // Held, so a second one is not obtained (and nothing is kept for it).
        const auto second = cosy::redis::obtainKeptLock(key, 300ms);
        QVERIFY(!second);
        QVERIFY(second.error() == redislock::ErrNotObtained);
    }
    // The guard released it.
    QVERIFY(!raw.exists(b("kept:" + key)));
}

void TestCosy::settingsFileToLock()
{
    const QString path = iniDir_.filePath(QStringLiteral("end-to-end.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("[app]\r\n"
                              "PageSize = 20\r\n"
                              "[redis]\r\n"
                              "Addr = 127.0.0.1:%1 ; from the test\r\n"
                              "DB = 3\r\n"
                              "Prefix = \"订单服务\"\r\n"
                              "[database]\r\n"
                              "DB = 9\r\n")
                   .arg(server_->port())
                   .toUtf8());
    file.close();

    const auto settings = cosy::redis::loadSettings(fsPath(path));
    QVERIFY2(settings.has_value(), settings ? "" : settings.error().message().c_str());
    INIT_OR_FAIL(*settings);
    const std::string key = uniqueKey();
    OBTAIN_OR_FAIL(lock, key, 2s);
    RawRedis redis = server_->rawClient();
    QVERIFY(redis.select(3));
    QCOMPARE(stored(redis, b("订单服务:" + key)), QByteArray(b(lock.value())));
    QVERIFY(lock.release().has_value());
}

void TestCosy::concurrentInitAndObtain()
{
    // init() may run while other threads obtain: each obtain uses one whole client, old or new.
    INIT_OR_FAIL(settingsFor(*server_, "x"));
    constexpr int threads = 4;
    constexpr int rounds = 25;
    std::mutex failuresMutex;
    QStringList failures;
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = 0; i < rounds; ++i) {
                const std::string key =
                    "test:concurrentInitAndObtain:" + std::to_string(t) + ":" + std::to_string(i);
                const auto lock = cosy::redis::obtainLock(key, 2s);
                const auto released =
                    lock ? lock->release() : std::expected<void, redislock::Error>();
                if (!lock || !released) {
                    const std::lock_guard guard(failuresMutex);
                    failures.append(q((lock ? released.error() : lock.error()).message()));
                }
            }
        });
    }
    for (int i = 0; i < 20; ++i) {
        const auto ok = cosy::redis::init(settingsFor(*server_, i % 2 ? "x" : "y"));
        if (!ok) {
            const std::lock_guard guard(failuresMutex);
            failures.append(q(ok.error().message()));
        }
    }
    workers.clear();
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    RawRedis redis = server_->rawClient();
    QCOMPARE(redis.keys("x:test:concurrentInitAndObtain:*"), QList<QByteArray>());
    QCOMPARE(redis.keys("y:test:concurrentInitAndObtain:*"), QList<QByteArray>());
}

QTEST_GUILESS_MAIN(TestCosy)
#include "tst_cosy.moc"
