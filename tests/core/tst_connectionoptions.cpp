// Connection URLs and Cosy-style addresses: what parses into what, what is refused, and that the
// display form never shows a password.

#include <redislock/connectionoptions.h>
#include <redislock/error.h>

#include <QTest>
#include <QUrl>

using redislock::ConnectionOptions;
using redislock::Errc;

namespace {

QString transportName(ConnectionOptions::Transport transport)
{
    switch (transport) {
    case ConnectionOptions::Transport::tcp:
        return QStringLiteral("tcp");
    case ConnectionOptions::Transport::tls:
        return QStringLiteral("tls");
    case ConnectionOptions::Transport::unixSocket:
        return QStringLiteral("unix");
    }
    return QStringLiteral("?");
}

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

// Parses or fails the current test with the library's own message.
#define PARSE_OR_FAIL(variable, expression)                                                        \
    const auto variable##Result = (expression);                                                    \
    QVERIFY2(variable##Result.has_value(),                                                         \
             variable##Result.has_value() ? "" : variable##Result.error().message().c_str());      \
    const ConnectionOptions &variable = *variable##Result

class TestConnectionOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void tlsOptions_data();
    void tlsOptions();
    void queryOptions_data();
    void queryOptions();
    void invalidUrl_data();
    void invalidUrl();
    void errorDoesNotEchoPassword();
    void fromAddress_data();
    void fromAddress();
    void invalidAddress_data();
    void invalidAddress();
    void displayUrlHidesPassword_data();
    void displayUrlHidesPassword();
    void redactUrl_data();
    void redactUrl();
    void badUrlMessagesHideSecrets_data();
    void badUrlMessagesHideSecrets();
    void clusterAndSentinel_data();
    void clusterAndSentinel();
    void refusedWithAdvice_data();
    void refusedWithAdvice();
    void displayUrlRoundTrips_data();
    void displayUrlRoundTrips();
};

void TestConnectionOptions::parse_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("host"); // not checked for unix://
    QTest::addColumn<int>("port");     // ditto
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("db");

    const QString tcp = QStringLiteral("tcp");
    const QString tls = QStringLiteral("tls");
    const QString unixSocket = QStringLiteral("unix");
    const QString none;

    QTest::newRow("host only") << QStringLiteral("redis://localhost") << tcp
                               << QStringLiteral("localhost") << 6379 << none << none << none << 0;
    QTest::newRow("host and port")
        << QStringLiteral("redis://localhost:6380") << tcp << QStringLiteral("localhost") << 6380
        << none << none << none << 0;
    QTest::newRow("port and db") << QStringLiteral("redis://10.0.0.5:6380/3") << tcp
                                 << QStringLiteral("10.0.0.5") << 6380 << none << none << none << 3;
    QTest::newRow("db 0") << QStringLiteral("redis://h/0") << tcp << QStringLiteral("h") << 6379
                          << none << none << none << 0;
    QTest::newRow("db 15") << QStringLiteral("redis://h:1/15") << tcp << QStringLiteral("h") << 1
                           << none << none << none << 15;
    QTest::newRow("trailing slash") << QStringLiteral("redis://h/") << tcp << QStringLiteral("h")
                                    << 6379 << none << none << none << 0;
    QTest::newRow("password only")
        << QStringLiteral("redis://:secret@h:6380/2") << tcp << QStringLiteral("h") << 6380 << none
        << none << QStringLiteral("secret") << 2;
    QTest::newRow("user and password")
        << QStringLiteral("redis://alice:secret@h") << tcp << QStringLiteral("h") << 6379 << none
        << QStringLiteral("alice") << QStringLiteral("secret") << 0;
    // The grammar is [user[:password]@]: without a colon it is a user (not redis-cli's reading).
    QTest::newRow("user only") << QStringLiteral("redis://alice@h") << tcp << QStringLiteral("h")
                               << 6379 << none << QStringLiteral("alice") << none << 0;
    QTest::newRow("percent-decoded userinfo")
        << QStringLiteral("redis://us%40er:p%3Aa%2Fss%20w%25rd@h:7000") << tcp
        << QStringLiteral("h") << 7000 << none << QStringLiteral("us@er")
        << QStringLiteral("p:a/ss w%rd") << 0;
    QTest::newRow("percent-decoded @ in password")
        << QStringLiteral("redis://:p%40ss@h") << tcp << QStringLiteral("h") << 6379 << none << none
        << QStringLiteral("p@ss") << 0;
    QTest::newRow("UTF-8 password")
        << QStringLiteral("redis://:%E5%AF%86%E7%A0%81@h") << tcp << QStringLiteral("h") << 6379
        << none << none << QStringLiteral("密码") << 0;
    QTest::newRow("IPv6 with port") << QStringLiteral("redis://[::1]:6380") << tcp
                                    << QStringLiteral("::1") << 6380 << none << none << none << 0;
    QTest::newRow("IPv6 without port")
        << QStringLiteral("redis://[::1]") << tcp << QStringLiteral("::1") << 6379 << none << none
        << none << 0;
    QTest::newRow("IPv6 with everything")
        << QStringLiteral("redis://u:p@[fe80::1]:7000/4") << tcp << QStringLiteral("fe80::1")
        << 7000 << none << QStringLiteral("u") << QStringLiteral("p") << 4;
    QTest::newRow("rediss") << QStringLiteral("rediss://h") << tls << QStringLiteral("h") << 6379
                            << none << none << none << 0;
    QTest::newRow("rediss with everything")
        << QStringLiteral("rediss://alice:pw@redis.example:6390/1") << tls
        << QStringLiteral("redis.example") << 6390 << none << QStringLiteral("alice")
        << QStringLiteral("pw") << 1;
    QTest::newRow("unix") << QStringLiteral("unix:///tmp/redis.sock") << unixSocket << none << 0
                          << QStringLiteral("/tmp/redis.sock") << none << none << 0;
    QTest::newRow("unix with db and password")
        << QStringLiteral("unix:///path?db=3&password=x") << unixSocket << none << 0
        << QStringLiteral("/path") << none << QStringLiteral("x") << 3;
    QTest::newRow("unix with user")
        << QStringLiteral("unix:///var/run/redis/redis-server.sock?db=1&user=bob&password=pw")
        << unixSocket << none << 0 << QStringLiteral("/var/run/redis/redis-server.sock")
        << QStringLiteral("bob") << QStringLiteral("pw") << 1;
}

void TestConnectionOptions::parse()
{
    QFETCH(QString, url);
    QFETCH(QString, transport);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, path);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(int, db);

    PARSE_OR_FAIL(options, ConnectionOptions::fromUrl(url.toStdString()));
    QCOMPARE(transportName(options.transport), transport);
    if (transport != QLatin1String("unix")) {
        QCOMPARE(q(options.host), host);
        QCOMPARE(int{options.port}, port);
    }
    QCOMPARE(q(options.path), path);
    QCOMPARE(q(options.user), user);
    QCOMPARE(q(options.password), password);
    QCOMPARE(options.db, db);
}

void TestConnectionOptions::tlsOptions_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("serverName");
    QTest::addColumn<bool>("insecure");

    const QString none;
    QTest::newRow("defaults") << QStringLiteral("rediss://h") << none << none << none << none
                              << false;
    QTest::newRow("plain redis has none")
        << QStringLiteral("redis://h") << none << none << none << none << false;
    QTest::newRow("everything")
        << QStringLiteral("rediss://h:6380?ca=/etc/ca.pem&cert=/etc/c.pem&key=/etc/k.pem"
                          "&sni=redis.example&insecure=true")
        << QStringLiteral("/etc/ca.pem") << QStringLiteral("/etc/c.pem")
        << QStringLiteral("/etc/k.pem") << QStringLiteral("redis.example") << true;
    QTest::newRow("ca only") << QStringLiteral("rediss://h?ca=/tmp/ca.pem")
                             << QStringLiteral("/tmp/ca.pem") << none << none << none << false;
    QTest::newRow("sni only") << QStringLiteral("rediss://127.0.0.1:6380?sni=localhost") << none
                              << none << none << QStringLiteral("localhost") << false;
    QTest::newRow("insecure=false")
        << QStringLiteral("rediss://h?insecure=false") << none << none << none << none << false;
    QTest::newRow("insecure=true")
        << QStringLiteral("rediss://h?insecure=true") << none << none << none << none << true;
    QTest::newRow("with userinfo and db")
        << QStringLiteral("rediss://u:p@h:6390/2?ca=/c&insecure=true") << QStringLiteral("/c")
        << none << none << none << true;
}

void TestConnectionOptions::tlsOptions()
{
    QFETCH(QString, url);
    QFETCH(QString, caFile);
    QFETCH(QString, certFile);
    QFETCH(QString, keyFile);
    QFETCH(QString, serverName);
    QFETCH(bool, insecure);

    PARSE_OR_FAIL(options, ConnectionOptions::fromUrl(url.toStdString()));
    QCOMPARE(q(options.tls.caFile), caFile);
    QCOMPARE(q(options.tls.certFile), certFile);
    QCOMPARE(q(options.tls.keyFile), keyFile);
    QCOMPARE(q(options.tls.serverName), serverName);
    QCOMPARE(options.tls.insecure, insecure);
}

void TestConnectionOptions::queryOptions_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<qint64>("connectTimeoutMs");
    QTest::addColumn<qint64>("readTimeoutMs");
    QTest::addColumn<qint64>("writeTimeoutMs");
    QTest::addColumn<qint64>("keepAliveS");
    QTest::addColumn<qint64>("poolSize");

    QTest::newRow("defaults") << QStringLiteral("redis://h") << qint64{5000} << qint64{3000}
                              << qint64{3000} << qint64{30} << qint64{10};
    QTest::newRow("connect and read timeouts")
        << QStringLiteral("redis://h?connect_timeout=250ms&read_timeout=2s") << qint64{250}
        << qint64{2000} << qint64{3000} << qint64{30} << qint64{10};
    QTest::newRow("write timeout, keepalive off, pool")
        << QStringLiteral("redis://h:6380/1?write_timeout=1500ms&keepalive=0&pool_size=4")
        << qint64{5000} << qint64{3000} << qint64{1500} << qint64{0} << qint64{4};
    QTest::newRow("keepalive") << QStringLiteral("redis://h?keepalive=60s") << qint64{5000}
                               << qint64{3000} << qint64{3000} << qint64{60} << qint64{10};
    QTest::newRow("Go-style composite duration")
        << QStringLiteral("redis://h?connect_timeout=1m30s") << qint64{90000} << qint64{3000}
        << qint64{3000} << qint64{30} << qint64{10};
    QTest::newRow("rediss") << QStringLiteral("rediss://h?ca=/c&read_timeout=100ms") << qint64{5000}
                            << qint64{100} << qint64{3000} << qint64{30} << qint64{10};
    QTest::newRow("unix") << QStringLiteral("unix:///s.sock?db=2&connect_timeout=1s")
                          << qint64{1000} << qint64{3000} << qint64{3000} << qint64{30}
                          << qint64{10};
}

void TestConnectionOptions::queryOptions()
{
    QFETCH(QString, url);
    QFETCH(qint64, connectTimeoutMs);
    QFETCH(qint64, readTimeoutMs);
    QFETCH(qint64, writeTimeoutMs);
    QFETCH(qint64, keepAliveS);
    QFETCH(qint64, poolSize);

    PARSE_OR_FAIL(options, ConnectionOptions::fromUrl(url.toStdString()));
    QCOMPARE(static_cast<qint64>(options.connectTimeout.count()), connectTimeoutMs);
    QCOMPARE(static_cast<qint64>(options.readTimeout.count()), readTimeoutMs);
    QCOMPARE(static_cast<qint64>(options.writeTimeout.count()), writeTimeoutMs);
    QCOMPARE(static_cast<qint64>(options.keepAlive.count()), keepAliveS);
    QCOMPARE(static_cast<qint64>(options.poolSize), poolSize);
}

void TestConnectionOptions::invalidUrl_data()
{
    QTest::addColumn<QString>("url");

    QTest::newRow("empty") << QString();
    QTest::newRow("other scheme") << QStringLiteral("http://x");
    QTest::newRow("no scheme") << QStringLiteral("localhost:6379");
    QTest::newRow("scheme without //") << QStringLiteral("redis:/h");
    QTest::newRow("port too large") << QStringLiteral("redis://host:99999");
    QTest::newRow("port 65536") << QStringLiteral("redis://host:65536");
    QTest::newRow("port 0") << QStringLiteral("redis://host:0");
    QTest::newRow("port not a number") << QStringLiteral("redis://host:abc");
    QTest::newRow("empty port") << QStringLiteral("redis://host:");
    QTest::newRow("db not a number") << QStringLiteral("redis://host/notanumber");
    QTest::newRow("negative db") << QStringLiteral("redis://host/-1");
    QTest::newRow("db overflows") << QStringLiteral("redis://host/99999999999");
    QTest::newRow("unix without path") << QStringLiteral("unix://");
    QTest::newRow("unix relative path") << QStringLiteral("unix://relative/redis.sock");
    QTest::newRow("insecure=maybe") << QStringLiteral("rediss://h?insecure=maybe");
    QTest::newRow("unknown option") << QStringLiteral("redis://h?frobnicate=1");
    QTest::newRow("unknown option on unix") << QStringLiteral("unix:///s?frobnicate=1");
    QTest::newRow("empty userinfo, no host") << QStringLiteral("redis://:@");
    QTest::newRow("unterminated IPv6") << QStringLiteral("redis://[::1");
    QTest::newRow("IPv6 without brackets") << QStringLiteral("redis://::1:6379");
    QTest::newRow("bad duration") << QStringLiteral("redis://h?connect_timeout=fast");
    QTest::newRow("duration without unit") << QStringLiteral("redis://h?read_timeout=250");
    QTest::newRow("negative duration") << QStringLiteral("redis://h?read_timeout=-1s");
    QTest::newRow("bad db option") << QStringLiteral("unix:///s?db=x");
    QTest::newRow("bad percent-encoding") << QStringLiteral("redis://us%zzer@h");
    // TLS settings where they would be silently ignored, or half a client certificate.
    QTest::newRow("TLS option on redis://") << QStringLiteral("redis://h?ca=/ca.pem");
    QTest::newRow("cert without key") << QStringLiteral("rediss://h?cert=/c.pem");
    // A timeout of 0 would fail every connection at once.
    QTest::newRow("connect_timeout 0") << QStringLiteral("redis://h?connect_timeout=0");
    QTest::newRow("read_timeout 0s") << QStringLiteral("redis://h?read_timeout=0s");
    QTest::newRow("write_timeout 0ms") << QStringLiteral("unix:///s?write_timeout=0ms");
    QTest::newRow("read_timeout below 1ms") << QStringLiteral("redis://h?read_timeout=10us");
}

void TestConnectionOptions::invalidUrl()
{
    QFETCH(QString, url);

    const auto result = ConnectionOptions::fromUrl(url.toStdString());
    QVERIFY2(
        !result.has_value(),
        qPrintable(
            QStringLiteral("accepted, as %1").arg(result ? q(result->displayUrl()) : QString())));
    QVERIFY2(result.error() == Errc::invalidUrl, result.error().message().c_str());
    QVERIFY(!result.error().message().empty());
    QVERIFY(!result.error().detail().empty());
}

void TestConnectionOptions::errorDoesNotEchoPassword()
{
    const auto result = ConnectionOptions::fromUrl("redis://alice:topsecret@host:99999");
    QVERIFY(!result);
    QVERIFY2(result.error() == Errc::invalidUrl, result.error().message().c_str());
    QVERIFY2(result.error().message().find("topsecret") == std::string::npos,
             result.error().message().c_str());
}

void TestConnectionOptions::fromAddress_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("db");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");

    QTest::newRow("Cosy example") << QStringLiteral("127.0.0.1:6380") << QStringLiteral("pw") << 2
                                  << QStringLiteral("127.0.0.1") << 6380;
    QTest::newRow("Cosy default") << QStringLiteral("127.0.0.1:6379") << QString() << 0
                                  << QStringLiteral("127.0.0.1") << 6379;
    QTest::newRow("name") << QStringLiteral("redis.internal:7000") << QStringLiteral("p@ss word:")
                          << 15 << QStringLiteral("redis.internal") << 7000;
    QTest::newRow("IPv6") << QStringLiteral("[::1]:6380") << QString() << 0 << QStringLiteral("::1")
                          << 6380;
}

void TestConnectionOptions::fromAddress()
{
    QFETCH(QString, address);
    QFETCH(QString, password);
    QFETCH(int, db);
    QFETCH(QString, host);
    QFETCH(int, port);

    PARSE_OR_FAIL(
        options, ConnectionOptions::fromAddress(address.toStdString(), password.toStdString(), db));
    QCOMPARE(transportName(options.transport), QStringLiteral("tcp"));
    QCOMPARE(q(options.host), host);
    QCOMPARE(int{options.port}, port);
    // Taken as it is: an address has no percent-encoding.
    QCOMPARE(q(options.password), password);
    QVERIFY(options.user.empty());
    QCOMPARE(options.db, db);
}

void TestConnectionOptions::invalidAddress_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("db");

    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("port not a number") << QStringLiteral("127.0.0.1:abc") << 0;
    QTest::newRow("port too large") << QStringLiteral("127.0.0.1:99999") << 0;
    QTest::newRow("negative port") << QStringLiteral("127.0.0.1:-1") << 0;
    QTest::newRow("empty port") << QStringLiteral("127.0.0.1:") << 0;
    QTest::newRow("IPv6 without brackets") << QStringLiteral("::1:6379") << 0;
    QTest::newRow("unterminated IPv6") << QStringLiteral("[::1:6379") << 0;
    QTest::newRow("negative db") << QStringLiteral("127.0.0.1:6379") << -1;
    // Its display form would be a URL with several hosts, which redis:// refuses.
    QTest::newRow("several hosts") << QStringLiteral("1,unirex") << 0;
}

void TestConnectionOptions::invalidAddress()
{
    QFETCH(QString, address);
    QFETCH(int, db);

    const auto result = ConnectionOptions::fromAddress(address.toStdString(), "pw", db);
    QVERIFY2(
        !result.has_value(),
        qPrintable(
            QStringLiteral("accepted, as %1").arg(result ? q(result->displayUrl()) : QString())));
    // A bad address is a bad URL; a bad db number may also be reported as a bad argument.
    QVERIFY2(result.error() == Errc::invalidUrl ||
                 (db < 0 && result.error() == Errc::invalidArgument),
             result.error().message().c_str());
    QVERIFY(!result.error().message().empty());
}

void TestConnectionOptions::displayUrlHidesPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password"); // as parsed
    QTest::addColumn<QString>("shown");    // must appear: host:port or the socket path

    QTest::newRow("password only") << QStringLiteral("redis://:topsecret@h:6380/2")
                                   << QStringLiteral("topsecret") << QStringLiteral("h:6380");
    QTest::newRow("user and password") << QStringLiteral("redis://alice:topsecret@h")
                                       << QStringLiteral("topsecret") << QStringLiteral("h:6379");
    QTest::newRow("rediss") << QStringLiteral("rediss://alice:topsecret@h:6390?ca=/x")
                            << QStringLiteral("topsecret") << QStringLiteral("h:6390");
    QTest::newRow("unix") << QStringLiteral("unix:///tmp/r.sock?password=topsecret&db=3")
                          << QStringLiteral("topsecret") << QStringLiteral("/tmp/r.sock");
    QTest::newRow("encoded") << QStringLiteral("redis://:p%40ss%3Aword@h")
                             << QStringLiteral("p@ss:word") << QStringLiteral("h:6379");
    QTest::newRow("IPv6") << QStringLiteral("redis://u:topsecret@[::1]:6380")
                          << QStringLiteral("topsecret") << QStringLiteral("6380");
    QTest::newRow("no password") << QStringLiteral("redis://h:1") << QString()
                                 << QStringLiteral("h:1");
}

void TestConnectionOptions::displayUrlHidesPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    QFETCH(QString, shown);

    PARSE_OR_FAIL(options, ConnectionOptions::fromUrl(url.toStdString()));
    QCOMPARE(q(options.password), password);
    const QString display = q(options.displayUrl());
    if (!password.isEmpty()) {
        QVERIFY2(!display.contains(password), qPrintable(display));
        QVERIFY2(!display.contains(QString::fromLatin1(QUrl::toPercentEncoding(password))),
                 qPrintable(display));
    }
    QVERIFY2(display.contains(shown), qPrintable(display));

    // It is still a URL, of the same server, just without the password.
    PARSE_OR_FAIL(reparsed, ConnectionOptions::fromUrl(display.toStdString()));
    QCOMPARE(transportName(reparsed.transport), transportName(options.transport));
    QCOMPARE(q(reparsed.host), q(options.host));
    QCOMPARE(int{reparsed.port}, int{options.port});
    QCOMPARE(q(reparsed.path), q(options.path));
    QCOMPARE(q(reparsed.user), q(options.user));
    QCOMPARE(reparsed.db, options.db);
    QVERIFY(reparsed.password.empty());

    // Likewise for an options object made from a Cosy address.
    PARSE_OR_FAIL(fromAddress, ConnectionOptions::fromAddress("h:1", "topsecret", 1));
    QVERIFY(!q(fromAddress.displayUrl()).contains(QLatin1String("topsecret")));
}

void TestConnectionOptions::redactUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("redacted");

    const auto row = [](const char *tag, const char *url, const char *redacted) {
        QTest::newRow(tag) << QString::fromUtf8(url) << QString::fromUtf8(redacted);
    };
    row("no secret", "redis://h:6379/2?read_timeout=1s", "redis://h:6379/2?read_timeout=1s");
    row("user and password", "redis://alice:S3cretPW@h:6379", "redis://alice:***@h:6379");
    row("password only", "redis://:S3cretPW@h", "redis://:***@h");
    row("userinfo without ':' (redis-cli: a password)", "redis://S3cretPW@h", "redis://***@h");
    row("percent-encoded password", "redis://:S3c%40ret%3APW@h", "redis://:***@h");
    row("'/' and '@' in an unencoded password", "redis://u:S3c/r@tPW@h:1/0", "redis://u:***@h:1/0");
    row("password= query item", "redis://127.0.0.1:6379?password=S3cretPW&bogus=1",
        "redis://127.0.0.1:6379?password=***&bogus=1");
    row("password= first of several", "redis://h?password=S3cretPW&db=2",
        "redis://h?password=***&db=2");
    row("both", "redis://u:S3cretPW@h?password=S3cretPW", "redis://u:***@h?password=***");
    row("rediss with TLS options", "rediss://u:S3cretPW@h:6380?ca=/ca.pem&sni=r",
        "rediss://u:***@h:6380?ca=/ca.pem&sni=r");
    row("key passphrase", "rediss://h?key=/k.pem&key_password=S3cretPW",
        "rediss://h?key=/k.pem&key_password=***");
    row("unix", "unix:///run/redis.sock?db=2&password=S3cretPW",
        "unix:///run/redis.sock?db=2&password=***");
    row("unix path with '@'", "unix:///tmp/a@b.sock?password=S3cretPW",
        "unix:///tmp/a@b.sock?password=***");
    row("sentinel, several hosts", "redis-sentinel://:S3cretPW@h1:26379,h2:26379/mymaster",
        "redis-sentinel://:***@h1:26379,h2:26379/mymaster");
    row("sentinel_password", "redis-sentinel://h1,h2/m?sentinel_password=S3cretPW",
        "redis-sentinel://h1,h2/m?sentinel_password=***");
    row("rediss-sentinel, both passwords",
        "rediss-sentinel://u:S3cretPW@[::1]:26379,h2/m/"
        "2?sentinel_user=s&sentinel_password=S3cretPW",
        "rediss-sentinel://u:***@[::1]:26379,h2/m/2?sentinel_user=s&sentinel_password=***");
    row("rediss-cluster", "rediss-cluster://:S3cretPW@h1:7000,h2:7001?ca=/ca.pem",
        "rediss-cluster://:***@h1:7000,h2:7001?ca=/ca.pem");
    row("sentinelPassword", "redis://h1,h2?sentinelPassword=S3cretPW&master=m",
        "redis://h1,h2?sentinelPassword=***&master=m");
    row("cluster with addr items", "redis-cluster://u:S3cretPW@h1:7000?addr=h2:7001&addr=h3:7002",
        "redis-cluster://u:***@h1:7000?addr=h2:7001&addr=h3:7002");
    row("percent-encoded item name", "redis://h?pass%77ord=S3cretPW", "redis://h?pass%77ord=***");
    row("upper case item name", "redis://h?PASSWORD=S3cretPW", "redis://h?PASSWORD=***");
    row("no scheme", "u:S3cretPW@h:6379?password=S3cretPW", "u:***@h:6379?password=***");
    row("empty", "", "");
}

void TestConnectionOptions::redactUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, redacted);
    QCOMPARE(q(redislock::redactUrl(url.toStdString())), redacted);
}

void TestConnectionOptions::badUrlMessagesHideSecrets_data()
{
    QTest::addColumn<QString>("url");
    const auto row = [](const char *tag, const char *url) {
        QTest::newRow(tag) << QString::fromUtf8(url);
    };
    // Each is refused, in every part a parser can refuse, with the password somewhere.
    row("query password, unknown option", "redis://127.0.0.1:6379?password=S3cretPW&bogus=1");
    row("query password, bad port", "redis://127.0.0.1:99999?password=S3cretPW");
    row("query password, bad db", "redis://h/x?password=S3cretPW");
    row("query password, bad timeout", "redis://h?password=S3cretPW&read_timeout=0");
    row("query password, bad encoding after it", "redis://h?password=S3cretPW&user=%zz");
    row("userinfo, bad port", "redis://alice:S3cretPW@host:99999");
    row("userinfo, port not a number", "redis://alice:S3cretPW@host:abc");
    row("userinfo without ':'", "redis://S3cretPW@host:abc");
    row("unencoded '/' in the password", "redis://u:S3c/retPW@host");
    row("rediss, cert without key", "rediss://:S3cretPW@h?cert=/c.pem");
    row("rediss, key passphrase", "rediss://h?key_password=S3cretPW&cert=/c.pem");
    row("unix, bad db", "unix:///s?password=S3cretPW&db=x");
    row("unix, relative path", "unix://s?password=S3cretPW");
    row("unknown scheme", "http://:S3cretPW@h");
    row("sentinel without a master name",
        "redis-sentinel://:S3cretPW@h1:26379,h2:26379?sentinel_password=S3cretPW");
    row("sentinel, bad sentinel port",
        "rediss-sentinel://u:S3cretPW@h1:0/m?sentinel_password=S3cretPW");
    row("cluster with a db", "redis-cluster://:S3cretPW@h1:7000,h2:7001/2");
    row("cluster, empty seed", "redis-cluster://:S3cretPW@h1:7000,,h2:7001");
    row("sentinel_password on a cluster", "redis-cluster://h1?sentinel_password=S3cretPW");
    row("missing scheme", "127.0.0.1:6379?password=S3cretPW");
    row("missing host", "redis://:S3cretPW@");
    row("TLS option on redis://", "redis://:S3cretPW@h?ca=/ca.pem");
}

void TestConnectionOptions::badUrlMessagesHideSecrets()
{
    QFETCH(QString, url);
    const auto result = ConnectionOptions::fromUrl(url.toStdString());
    QVERIFY2(!result, qPrintable(url));
    const std::string message = result.error().message();
    QVERIFY2(message.find("S3c") == std::string::npos, message.c_str());
    QVERIFY2(message.find("***") != std::string::npos, message.c_str());
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
}

namespace {

QString deploymentName(redislock::Deployment deployment)
{
    switch (deployment) {
    case redislock::Deployment::standalone:
        return QStringLiteral("standalone");
    case redislock::Deployment::cluster:
        return QStringLiteral("cluster");
    case redislock::Deployment::sentinel:
        return QStringLiteral("sentinel");
    }
    return QStringLiteral("?");
}

// "h:1,[::1]:2": the seeds as the tables below write them.
QString seedList(const ConnectionOptions &options)
{
    QStringList seeds;
    for (const auto &seed : options.seeds)
        seeds << q(seed.text());
    return seeds.join(QLatin1Char(','));
}

} // namespace

void TestConnectionOptions::clusterAndSentinel_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("deployment");
    QTest::addColumn<QString>("seeds");
    QTest::addColumn<QString>("master");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("db");
    QTest::addColumn<QString>("sentinelUser");
    QTest::addColumn<QString>("sentinelPassword");

    const auto row = [](const char *tag, const char *url, const char *transport,
                        const char *deployment, const char *seeds, const char *master,
                        const char *user, const char *password, int db, const char *sentinelUser,
                        const char *sentinelPassword) {
        QTest::newRow(tag) << QString::fromUtf8(url) << QString::fromUtf8(transport)
                           << QString::fromUtf8(deployment) << QString::fromUtf8(seeds)
                           << QString::fromUtf8(master) << QString::fromUtf8(user)
                           << QString::fromUtf8(password) << db << QString::fromUtf8(sentinelUser)
                           << QString::fromUtf8(sentinelPassword);
    };
    row("plain redis has no seeds", "redis://h:1", "tcp", "standalone", "", "", "", "", 0, "", "");
    row("cluster, one seed", "redis-cluster://h:7000", "tcp", "cluster", "h:7000", "", "", "", 0,
        "", "");
    row("cluster, seeds default to 6379", "redis-cluster://a,b:7001", "tcp", "cluster",
        "a:6379,b:7001", "", "", "", 0, "", "");
    row("cluster, userinfo and options",
        "redis-cluster://alice:p%40ss@10.0.0.1:7000,10.0.0.2:7000?read_timeout=1s", "tcp",
        "cluster", "10.0.0.1:7000,10.0.0.2:7000", "", "alice", "p@ss", 0, "", "");
    row("cluster, IPv6 seeds", "redis-cluster://[::1]:7000,[fe80::2]", "tcp", "cluster",
        "[::1]:7000,[fe80::2]:6379", "", "", "", 0, "", "");
    row("cluster, trailing slash", "redis-cluster://h:7000/", "tcp", "cluster", "h:7000", "", "",
        "", 0, "", "");
    row("rediss-cluster", "rediss-cluster://:pw@h1:7000,h2:7001?ca=/ca.pem&sni=redis", "tls",
        "cluster", "h1:7000,h2:7001", "", "", "pw", 0, "", "");
    row("sentinel", "redis-sentinel://h1:26379,h2:26380/mymaster", "tcp", "sentinel",
        "h1:26379,h2:26380", "mymaster", "", "", 0, "", "");
    row("sentinels default to 26379", "redis-sentinel://h1,[::1]/m", "tcp", "sentinel",
        "h1:26379,[::1]:26379", "m", "", "", 0, "", "");
    row("sentinel with db", "redis-sentinel://h1:5000/m/3", "tcp", "sentinel", "h1:5000", "m", "",
        "", 3, "", "");
    row("sentinel, percent-encoded master", "redis-sentinel://h/my%2Fmaster%20x", "tcp", "sentinel",
        "h:26379", "my/master x", "", "", 0, "", "");
    row("sentinel, both credentials",
        "redis-sentinel://app:m%3Apw@h1,h2/locks/1?sentinel_user=sen&sentinel_password=s%26pw",
        "tcp", "sentinel", "h1:26379,h2:26379", "locks", "app", "m:pw", 1, "sen", "s&pw");
    row("sentinel, sentinel password only", "redis-sentinel://h/m?sentinel_password=x", "tcp",
        "sentinel", "h:26379", "m", "", "", 0, "", "x");
    row("rediss-sentinel", "rediss-sentinel://h:26379/m?ca=/ca.pem&insecure=true", "tls",
        "sentinel", "h:26379", "m", "", "", 0, "", "");
}

void TestConnectionOptions::clusterAndSentinel()
{
    QFETCH(QString, url);
    QFETCH(QString, transport);
    QFETCH(QString, deployment);
    QFETCH(QString, seeds);
    QFETCH(QString, master);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(int, db);
    QFETCH(QString, sentinelUser);
    QFETCH(QString, sentinelPassword);

    PARSE_OR_FAIL(options, ConnectionOptions::fromUrl(url.toStdString()));
    QCOMPARE(transportName(options.transport), transport);
    QCOMPARE(deploymentName(options.deployment), deployment);
    QCOMPARE(seedList(options), seeds);
    if (!options.seeds.empty()) {
        // host and port are the first seed, for code that knows one address only.
        QCOMPARE(q(options.host), q(options.seeds.front().host));
        QCOMPARE(options.port, options.seeds.front().port);
    }
    QCOMPARE(q(options.masterName), master);
    QCOMPARE(q(options.user), user);
    QCOMPARE(q(options.password), password);
    QCOMPARE(options.db, db);
    QCOMPARE(q(options.sentinelUser), sentinelUser);
    QCOMPARE(q(options.sentinelPassword), sentinelPassword);
}

void TestConnectionOptions::refusedWithAdvice_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("advice"); // a part of the one-line message

    const auto row = [](const char *tag, const char *url, const char *advice) {
        QTest::newRow(tag) << QString::fromUtf8(url) << QString::fromUtf8(advice);
    };
    row("unknown scheme lists every scheme", "redis-clust://h",
        "expected redis://, rediss://, unix://, redis-cluster://, rediss-cluster://, "
        "redis-sentinel:// or rediss-sentinel://");
    row("missing scheme lists every scheme", "h:1", "redis-sentinel://");
    row("cluster with a db", "redis-cluster://h:7000/2", "a cluster has database 0 only");
    row("cluster with db 0 in the path", "redis-cluster://h:7000,h:7001/0", "remove \"/0\"");
    row("cluster with a db option", "redis-cluster://h:7000?db=1", "a cluster has database 0 only");
    row("sentinel without a master", "redis-sentinel://h1:26379,h2:26379",
        "missing the master's name");
    row("sentinel with an empty master", "redis-sentinel://h1:26379//2",
        "missing the master's name");
    row("empty seed in the middle", "redis-cluster://a:1,,b:2", "remove the extra comma");
    row("empty seed at the end", "redis-sentinel://a:1,/m", "remove the extra comma");
    row("empty seed at the start", "rediss-cluster://,a:1", "remove the extra comma");
    row("bad seed port", "redis-cluster://a:1,b:99999", "out of range");
    row("seed IPv6 without brackets", "redis-cluster://a:1,::1:7000", "need brackets");
    row("several hosts on redis://", "redis://a:1,b:2", "redis-cluster://");
    row("sentinel_password on redis://", "redis://h?sentinel_password=x",
        "for redis-sentinel:// URLs only");
    row("sentinel_user on a cluster", "redis-cluster://h?sentinel_user=x",
        "for redis-sentinel:// URLs only");
    row("TLS option on redis-cluster://", "redis-cluster://h?ca=/ca.pem", "rediss-cluster://");
    row("sentinel, bad db", "redis-sentinel://h/m/x", "not a number");
    row("missing host", "redis-sentinel:///m", "missing host");
}

void TestConnectionOptions::refusedWithAdvice()
{
    QFETCH(QString, url);
    QFETCH(QString, advice);

    const auto result = ConnectionOptions::fromUrl(url.toStdString());
    QVERIFY2(!result, qPrintable(result ? q(result->displayUrl()) : QString()));
    QVERIFY2(result.error() == Errc::invalidUrl, result.error().message().c_str());
    const QString message = q(result.error().message());
    QVERIFY2(message.contains(advice), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
}

void TestConnectionOptions::displayUrlRoundTrips_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("display");

    const auto row = [](const char *tag, const char *url, const char *display) {
        QTest::newRow(tag) << QString::fromUtf8(url) << QString::fromUtf8(display);
    };
    row("cluster", "redis-cluster://u:topsecret@h1:7000,[::1]:7001?read_timeout=1s",
        "redis-cluster://u@h1:7000,[::1]:7001");
    row("cluster, default ports", "rediss-cluster://a,b?insecure=true",
        "rediss-cluster://a:6379,b:6379");
    row("sentinel", "redis-sentinel://:topsecret@h1,h2:5000/mymaster/2",
        "redis-sentinel://h1:26379,h2:5000/mymaster/2");
    row("sentinel, encoded master and sentinel user",
        "rediss-sentinel://h/a%2Fb%3F?sentinel_user=ops&sentinel_password=topsecret",
        "rediss-sentinel://h:26379/a%2Fb%3F?sentinel_user=ops");
}

void TestConnectionOptions::displayUrlRoundTrips()
{
    QFETCH(QString, url);
    QFETCH(QString, display);

    PARSE_OR_FAIL(options, ConnectionOptions::fromUrl(url.toStdString()));
    QCOMPARE(q(options.displayUrl()), display);
    PARSE_OR_FAIL(reparsed, ConnectionOptions::fromUrl(options.displayUrl()));
    QCOMPARE(transportName(reparsed.transport), transportName(options.transport));
    QCOMPARE(deploymentName(reparsed.deployment), deploymentName(options.deployment));
    QCOMPARE(seedList(reparsed), seedList(options));
    QCOMPARE(q(reparsed.masterName), q(options.masterName));
    QCOMPARE(q(reparsed.user), q(options.user));
    QCOMPARE(q(reparsed.sentinelUser), q(options.sentinelUser));
    QCOMPARE(reparsed.db, options.db);
    QVERIFY(reparsed.password.empty());
    QVERIFY(reparsed.sentinelPassword.empty());
}

QTEST_GUILESS_MAIN(TestConnectionOptions)

#include "tst_connectionoptions.moc"
