// The connection layer, seen through the public API only: every transport (TCP, Unix socket,
// TLS), authentication, database selection, peers that are not Redis, bad input, script cache
// flushes, server restarts, killed connections, timeouts, cancellation, binary-safe arguments and
// one Client shared by many threads. Every server is a real redis-server on free loopback ports;
// RawRedis, which shares no code with the library, checks what really happened on the server.

#include "support/bytes.h"
#include "support/errcname.h"
#include "support/rawredis.h"
#include "support/redisserver.h"
#include "support/tlscertificates.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/error.h>

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

using namespace lockscope::test;
using namespace std::chrono_literals;
using redislock::Client;
using redislock::Errc;
using redislock::Error;

namespace {

// Passwords and ACL users of the authenticated server. ACL rules are split on blanks, so no
// password may contain one.
const QString password = QStringLiteral("s3cret");
const QString aclUser = QStringLiteral("alice");
const QString aclPassword = QStringLiteral("wonderland");
// A password that needs percent-encoding in a URL's userinfo.
const QString oddUser = QStringLiteral("dave");
const QString oddPassword = QStringLiteral("p@ss:w/rd%?#");
// An ACL user without a password ("nopass"): a URL names it with no password at all.
const QString nopassUser = QStringLiteral("erin");

// Which server a data row talks to, so that the test can check that server with RawRedis.
enum class Target
{
    none, // not a Redis server: nothing to check
    plain,
    auth,
    tls,
    tlsClientAuth,
    tlsWrongHost,
};

// Something done to a Client with bad input; the error, or a default Error when it succeeded.
using Misuse = std::function<Error(const Client &client, const std::string &key)>;

QString q(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string stdString(const QByteArray &data)
{
    return std::string(data.constData(), static_cast<std::size_t>(data.size()));
}

std::string_view errcName(std::error_code code)
{
    if (code.category() != redislock::errorCategory())
        return "foreign error";
    return ::errcName(static_cast<Errc>(code.value()));
}

QString describe(const Error &error)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(errcName(error.code())), q(error.message()));
}

// Empty when `error` has the expected code and a message that is one clear line naming each of
// `pieces`; otherwise what is wrong, for the failure message.
QString checkError(const Error &error, Errc expected, const QStringList &pieces = {})
{
    if (error != expected)
        return QStringLiteral("expected %1, got %2")
            .arg(QLatin1String(errcName(redislock::make_error_code(expected))), describe(error));
    const QString message = q(error.message());
    if (message.trimmed().isEmpty())
        return QStringLiteral("empty message");
    if (message.contains(QLatin1Char('\n')) || message.contains(QLatin1Char('\r')))
        return QStringLiteral("message spans several lines: ") + message;
    if (message != message.trimmed())
        return QStringLiteral("message has leading or trailing blanks: \"%1\"").arg(message);
    // A person reads it in one go: no dumps of OpenSSL error queues or server banners.
    if (message.size() > 300)
        return QStringLiteral("message too long (%1 characters): %2")
            .arg(message.size())
            .arg(message);
    for (const QString &piece : pieces) {
        if (!message.contains(piece, Qt::CaseInsensitive))
            return QStringLiteral("message does not mention \"%1\": %2").arg(piece, message);
    }
    return {};
}

#define VERIFY_OK(result)                                                                          \
    QVERIFY2((result).has_value(),                                                                 \
             (result).has_value() ? "" : qPrintable(describe((result).error())))

#define VERIFY_ERROR(result, expected, pieces)                                                     \
    do {                                                                                           \
        QVERIFY2(!(result).has_value(), "succeeded, but " #expected " was expected");              \
        const QString problem_ = checkError((result).error(), (expected), (pieces));               \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                        \
    } while (false)

// Runs `function` on another thread while this one keeps serving Qt events, so that the fake
// servers below (QTcpServer on this thread) can answer a Client that blocks.
template <class Function>
auto whileServingEvents(Function function) -> std::invoke_result_t<Function>
{
    auto future = std::async(std::launch::async, std::move(function));
    // No time limit of our own: the Client's timeouts are what is under test. get() waits.
    (void)QTest::qWaitFor([&] { return future.wait_for(0ms) == std::future_status::ready; }, 30000);
    return future.get();
}

// One field of an INFO section, as a number; -1 when it is missing.
qint64 infoNumber(RawRedis &redis, const QByteArray &section, const QByteArray &field)
{
    const RawReply reply = redis.command({"INFO", section});
    for (const QByteArray &line : reply.str.split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().toLongLong();
    }
    return -1;
}

// How many times the server has run `command` since it started, from INFO commandstats
// ("cmdstat_eval:calls=4,usec=…"); 0 when never.
qint64 commandCalls(RawRedis &redis, const QByteArray &command)
{
    const RawReply reply = redis.command({"INFO", "commandstats"});
    const QByteArray prefix = "cmdstat_" + command + ":calls=";
    for (const QByteArray &line : reply.str.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).split(',').value(0).toLongLong();
    }
    return 0;
}

// The number of normal client connections, this checker's own excluded.
qint64 connectedClients(RawRedis &redis)
{
    const RawReply reply = redis.command({"CLIENT", "LIST", "TYPE", "normal"});
    if (reply.type != RawReply::Type::string)
        return -1;
    return reply.str.trimmed().split('\n').size() - 1;
}

// Keeps a server busy with DEBUG SLEEP from a connection and thread of its own, so that
// commands of the Client under test get no reply for that long.
class ServerBusy
{
public:
    ServerBusy(quint16 port, std::chrono::milliseconds duration)
    {
        auto sent = std::make_shared<std::promise<QString>>();
        sent_ = sent->get_future();
        done_ = std::async(std::launch::async, [sent, port, duration]() -> QString {
            RawRedis redis(port, {}, {}, duration + 2s);
            if (!redis.isConnected()) {
                sent->set_value(redis.errorString());
                return {};
            }
            sent->set_value({});
            const RawReply reply = redis.command(
                {"DEBUG", "SLEEP", QByteArray::number(double(duration.count()) / 1000.0)});
            return reply.isError() ? reply.toString() : QString();
        });
    }
    ServerBusy(const ServerBusy &) = delete;
    ServerBusy &operator=(const ServerBusy &) = delete;

    // Returns once DEBUG SLEEP is on the wire and the server has had a moment to start it:
    // empty, or why it could not be sent.
    QString waitUntilAsleep()
    {
        QString error = sent_.get();
        std::this_thread::sleep_for(100ms);
        return error;
    }
    // Waits for the server to wake up: empty, or DEBUG SLEEP's error.
    QString finish() { return done_.get(); }

private:
    std::future<QString> sent_;
    std::future<QString> done_; // its destructor waits for the thread
};

} // namespace

Q_DECLARE_METATYPE(Target)
Q_DECLARE_METATYPE(Misuse)

class TestConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void transports_data();
    void transports();
    void connectFailures_data();
    void connectFailures();
    void malformedUrl_data();
    void malformedUrl();
    void aclWithoutPermission_data();
    void aclWithoutPermission();
    void invalidArguments_data();
    void invalidArguments();
    void invalidRefreshLeavesLock();
    void scriptFlush();
    void serverRestart_data();
    void serverRestart();
    void serverDownThenUp();
    void serverFull_data();
    void serverFull();
    void clientKill_data();
    void clientKill();
    void readTimeout_data();
    void readTimeout();
    void contextDeadlineDuringRead();
    void cancelDuringRead();
    void cancelBeforeSending();
    void binarySafety_data();
    void binarySafety();
    void sharedPool_data();
    void sharedPool();
    void poolWaitsThenTimesOut();

private:
    [[nodiscard]] RawRedis checker(Target target) const;
    [[nodiscard]] QString tlsQuery(bool clientCertificate = false) const
    {
        return certificates_->urlQuery(clientCertificate);
    }

    std::unique_ptr<TlsCertificates> certificates_;
    std::unique_ptr<RedisServer> plain_;         // TCP and Unix socket
    std::unique_ptr<RedisServer> auth_;          // requirepass and ACL users
    std::unique_ptr<RedisServer> tls_;           // TLS, client certificate optional
    std::unique_ptr<RedisServer> tlsClientAuth_; // TLS, client certificate required
    std::unique_ptr<RedisServer> tlsWrongHost_;  // TLS with a certificate for wrong.example
    std::unique_ptr<RedisServer> restartable_;   // TCP, Unix socket and TLS; restarted by tests
    // Not Redis: one answers every request with an HTTP error, one accepts and stays silent.
    QTcpServer http_;
    QTcpServer silent_;
    QList<QTcpSocket *> silentPeers_;
    quint16 closedPort_ = 0;
};

void TestConnection::initTestCase()
{
    certificates_ = std::make_unique<TlsCertificates>();
    QVERIFY2(certificates_->isValid(), qPrintable(certificates_->errorString()));

    RedisServerOptions plain;
    plain.unixSocket = true;
    plain_ = std::make_unique<RedisServer>(plain);
    QVERIFY2(plain_->start(), qPrintable(plain_->errorString()));

    RedisServerOptions auth;
    auth.password = password;
    auth.aclUsers = {
        QStringLiteral("%1 on >%2 ~lock:* +@all").arg(aclUser, aclPassword),
        // Keys elsewhere only: every lock key is out of bounds.
        QStringLiteral("bob on >builder ~other:* +@all"),
        // Every key, but no scripting: EVALSHA and EVAL are refused.
        QStringLiteral("carol on >singer ~* +@all -@scripting"),
        QStringLiteral("%1 on >%2 ~* +@all").arg(oddUser, oddPassword),
        QStringLiteral("%1 on nopass ~* +@all").arg(nopassUser),
    };
    auth_ = std::make_unique<RedisServer>(auth);
    QVERIFY2(auth_->start(), qPrintable(auth_->errorString()));

    RedisServerOptions tls;
    tls.enableTls(*certificates_, TlsClientAuth::optional);
    tls_ = std::make_unique<RedisServer>(tls);
    QVERIFY2(tls_->start(), qPrintable(tls_->errorString()));

    RedisServerOptions tlsClientAuth;
    tlsClientAuth.enableTls(*certificates_, TlsClientAuth::yes);
    tlsClientAuth_ = std::make_unique<RedisServer>(tlsClientAuth);
    QVERIFY2(tlsClientAuth_->start(), qPrintable(tlsClientAuth_->errorString()));

    RedisServerOptions wrongHost;
    wrongHost.enableTls(*certificates_, TlsClientAuth::optional);
    wrongHost.tlsCertFile = certificates_->wrongHostCertificate();
    wrongHost.tlsKeyFile = certificates_->wrongHostKey();
    tlsWrongHost_ = std::make_unique<RedisServer>(wrongHost);
    QVERIFY2(tlsWrongHost_->start(), qPrintable(tlsWrongHost_->errorString()));

    RedisServerOptions restartable;
    restartable.unixSocket = true;
    restartable.enableTls(*certificates_, TlsClientAuth::optional);
    restartable_ = std::make_unique<RedisServer>(restartable);
    QVERIFY2(restartable_->start(), qPrintable(restartable_->errorString()));

    // An HTTP server's answer to a request it cannot parse.
    QVERIFY(http_.listen(QHostAddress::LocalHost));
    connect(&http_, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = http_.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n"
                              "Content-Length: 11\r\nConnection: close\r\n\r\nBad Request");
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    // Accepts, never reads, never answers, never closes.
    QVERIFY(silent_.listen(QHostAddress::LocalHost));
    connect(&silent_, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = silent_.nextPendingConnection())
            silentPeers_.append(socket);
    });
    // A port that was free a moment ago and that nobody listens on.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    closedPort_ = closed.serverPort();
    closed.close();
}

void TestConnection::cleanupTestCase()
{
    qDeleteAll(silentPeers_);
    silentPeers_.clear();
}

RawRedis TestConnection::checker(Target target) const
{
    switch (target) {
    case Target::auth:
        return auth_->rawClient();
    case Target::tls:
        return tls_->rawClient();
    case Target::tlsClientAuth:
        return tlsClientAuth_->rawClient();
    case Target::tlsWrongHost:
        return tlsWrongHost_->rawClient();
    case Target::none:
    case Target::plain:
        break;
    }
    return plain_->rawClient();
}

// ------------------------------------------------------------------------------------------
// Every way of reaching a server: ping, then a full lock life cycle checked on the server.

void TestConnection::transports_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Target>("target");
    QTest::addColumn<int>("db"); // where the lock must land

    const RedisServer &plain = *plain_;
    QTest::newRow("tcp") << plain.url() << Target::plain << 0;
    QTest::newRow("tcp localhost")
        << QStringLiteral("redis://localhost:%1").arg(plain.port()) << Target::plain << 0;
    QTest::newRow("tcp db 2") << plain.url() + QStringLiteral("/2") << Target::plain << 2;
    QTest::newRow("tcp db in query") << plain.url() + QStringLiteral("?db=7") << Target::plain << 7;
    QTest::newRow("tcp keepalive off")
        << plain.url() + QStringLiteral("?keepalive=0") << Target::plain << 0;
    QTest::newRow("unix") << plain.unixUrl() << Target::plain << 0;
    QTest::newRow("unix db 3") << plain.unixUrl(QStringLiteral("db=3")) << Target::plain << 3;

    const RedisServer &auth = *auth_;
    QTest::newRow("password") << auth.url({}, password) << Target::auth << 0;
    QTest::newRow("password db 5") << auth.url({}, password, 5) << Target::auth << 5;
    QTest::newRow("password in query")
        << auth.url() + QStringLiteral("?password=") + password << Target::auth << 0;
    QTest::newRow("acl user") << auth.url(aclUser, aclPassword) << Target::auth << 0;
    QTest::newRow("acl user db 1") << auth.url(aclUser, aclPassword, 1) << Target::auth << 1;
    QTest::newRow("acl user percent-encoded")
        << auth.url(oddUser, oddPassword) << Target::auth << 0;
    QTest::newRow("acl user nopass")
        << QStringLiteral("redis://%1@127.0.0.1:%2").arg(nopassUser, QString::number(auth.port()))
        << Target::auth << 0;

    const RedisServer &tls = *tls_;
    QTest::newRow("tls") << tls.tlsUrl(tlsQuery()) << Target::tls << 0;
    QTest::newRow("tls db 4") << QStringLiteral("rediss://127.0.0.1:%1/4?%2")
                                     .arg(QString::number(tls.tlsPort()), tlsQuery())
                              << Target::tls << 4;
    QTest::newRow("tls localhost")
        << tls.tlsUrl(tlsQuery(), QStringLiteral("localhost")) << Target::tls << 0;
    QTest::newRow("tls client certificate") << tls.tlsUrl(tlsQuery(true)) << Target::tls << 0;
    QTest::newRow("tls sni=localhost on IP")
        << tls.tlsUrl(tlsQuery() + QStringLiteral("&sni=localhost")) << Target::tls << 0;
    QTest::newRow("tls insecure, untrusted CA")
        << tls.tlsUrl(
               QStringLiteral("ca=%1&insecure=true").arg(certificates_->untrustedCaCertificate()))
        << Target::tls << 0;
    QTest::newRow("tls insecure, wrong host")
        << tlsWrongHost_->tlsUrl(tlsQuery() + QStringLiteral("&insecure=true"))
        << Target::tlsWrongHost << 0;
    QTest::newRow("tls wrong-host cert, sni names it")
        << tlsWrongHost_->tlsUrl(tlsQuery() + QStringLiteral("&sni=wrong.example"))
        << Target::tlsWrongHost << 0;
    QTest::newRow("tls client certificate required")
        << tlsClientAuth_->tlsUrl(tlsQuery(true)) << Target::tlsClientAuth << 0;
}

void TestConnection::transports()
{
    QFETCH(QString, url);
    QFETCH(Target, target);
    QFETCH(int, db);

    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_OK(client);
    const auto pinged = client->ping();
    VERIFY_OK(pinged);

    RawRedis redis = checker(target);
    QVERIFY2(redis.select(db), qPrintable(redis.errorString()));
    const std::string key = "lock:" + uniqueKey();
    redislock::Options options;
    options.metadata = "meta";
    const auto lock = client->obtain(key, 5s, options);
    VERIFY_OK(lock);
    QCOMPARE(redis.get(bytes(key)), std::optional(bytes(lock->value())));
    QCOMPARE(lock->token().size(), std::size_t(22));
    QCOMPARE(lock->metadata(), std::string_view("meta"));
    if (db != 0) {
        RawRedis db0 = checker(target);
        QVERIFY2(!db0.exists(bytes(key)), "the lock landed in database 0 as well");
    }

    const auto ttl = lock->ttl();
    VERIFY_OK(ttl);
    QVERIFY2(*ttl > 4s && *ttl <= 5s, qPrintable(QString::number(ttl->count())));
    const auto refreshed = lock->refresh(20s);
    VERIFY_OK(refreshed);
    QVERIFY(redis.pttl(bytes(key)) > 15000);
    const auto released = lock->release();
    VERIFY_OK(released);
    QVERIFY(!redis.exists(bytes(key)));
    const auto again = client->ping();
    VERIFY_OK(again);
}

// ------------------------------------------------------------------------------------------
// Connections that cannot work: one clear error, in good time, and nothing written.

void TestConnection::connectFailures_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Target>("target");
    QTest::addColumn<Errc>("expected");
    QTest::addColumn<QStringList>("pieces"); // the message must mention each
    QTest::addColumn<int>("withinMs");

    const QString plainPeer = QStringLiteral("127.0.0.1:%1").arg(plain_->port());
    const QString authPeer = QStringLiteral("127.0.0.1:%1").arg(auth_->port());
    const QString tlsPeer = QStringLiteral("127.0.0.1:%1").arg(tls_->tlsPort());
    const QString clientAuthPeer = QStringLiteral("127.0.0.1:%1").arg(tlsClientAuth_->tlsPort());
    const QString wrongHostPeer = QStringLiteral("127.0.0.1:%1").arg(tlsWrongHost_->tlsPort());
    const QString fast = QStringLiteral("connect_timeout=300ms&read_timeout=300ms");

    QTest::newRow("closed port") << QStringLiteral("redis://127.0.0.1:%1").arg(closedPort_)
                                 << Target::none << Errc::connectionFailed
                                 << QStringList{QStringLiteral("127.0.0.1:%1").arg(closedPort_),
                                                QStringLiteral("refused")}
                                 << 1000;
    // Name resolution is not bounded by connect_timeout (getaddrinfo cannot be interrupted),
    // hence the generous limit; a .invalid name fails at once on any sane resolver.
    QTest::newRow("unknown host") << QStringLiteral("redis://no-such-host.invalid:6379")
                                  << Target::none << Errc::connectionFailed
                                  << QStringList{QStringLiteral("no-such-host.invalid"),
                                                 QStringLiteral("resolve")}
                                  << 10000;
    const QString noSocket = plain_->directory() + QStringLiteral("/no-such.sock");
    QTest::newRow("no unix socket") << QStringLiteral("unix://") + noSocket << Target::none
                                    << Errc::connectionFailed << QStringList{noSocket} << 1000;
    QTest::newRow("http server")
        << QStringLiteral("redis://127.0.0.1:%1?%2").arg(QString::number(http_.serverPort()), fast)
        << Target::none << Errc::protocolError
        << QStringList{QStringLiteral("127.0.0.1:%1").arg(http_.serverPort()),
                       QStringLiteral("Redis")}
        << 1000;
    QTest::newRow("silent server")
        << QStringLiteral("redis://127.0.0.1:%1?%2")
               .arg(QString::number(silent_.serverPort()), fast)
        << Target::none << Errc::timeout
        << QStringList{QStringLiteral("127.0.0.1:%1").arg(silent_.serverPort())} << 1000;
    QTest::newRow("db out of range")
        << plain_->url() + QStringLiteral("/99") << Target::plain << Errc::invalidArgument
        << QStringList{plainPeer, QStringLiteral("database 99")} << 1000;

    QTest::newRow("missing password")
        << auth_->url() << Target::auth << Errc::authenticationFailed
        << QStringList{authPeer, QStringLiteral("requires a password")} << 1000;
    QTest::newRow("wrong password")
        << auth_->url({}, QStringLiteral("wrong")) << Target::auth << Errc::authenticationFailed
        << QStringList{authPeer, QStringLiteral("password")} << 1000;
    QTest::newRow("wrong password, db 3")
        << auth_->url({}, QStringLiteral("wrong"), 3) << Target::auth << Errc::authenticationFailed
        << QStringList{authPeer, QStringLiteral("password")} << 1000;
    QTest::newRow("wrong acl password")
        << auth_->url(aclUser, QStringLiteral("wrong")) << Target::auth
        << Errc::authenticationFailed << QStringList{authPeer, QStringLiteral("user")} << 1000;
    QTest::newRow("acl user without password")
        << QStringLiteral("redis://%1@127.0.0.1:%2").arg(aclUser, QString::number(auth_->port()))
        << Target::auth << Errc::authenticationFailed
        << QStringList{authPeer, QStringLiteral("user")} << 1000;
    QTest::newRow("unknown acl user")
        << auth_->url(QStringLiteral("mallory"), aclPassword) << Target::auth
        << Errc::authenticationFailed << QStringList{authPeer, QStringLiteral("user")} << 1000;

    QTest::newRow("tls untrusted CA")
        << tls_->tlsUrl(QStringLiteral("ca=") + certificates_->untrustedCaCertificate())
        << Target::tls << Errc::tlsError
        << QStringList{tlsPeer, QStringLiteral("certificate verification failed")} << 1000;
    QTest::newRow("tls system CAs only")
        << tls_->tlsUrl() << Target::tls << Errc::tlsError
        << QStringList{tlsPeer, QStringLiteral("certificate verification failed")} << 1000;
    QTest::newRow("tls wrong host, IP")
        << tlsWrongHost_->tlsUrl(tlsQuery()) << Target::tlsWrongHost << Errc::tlsError
        << QStringList{wrongHostPeer, QStringLiteral("certificate verification failed"),
                       QStringLiteral("mismatch")}
        << 1000;
    QTest::newRow("tls wrong host, name")
        << tlsWrongHost_->tlsUrl(tlsQuery(), QStringLiteral("localhost")) << Target::tlsWrongHost
        << Errc::tlsError
        << QStringList{QStringLiteral("localhost:%1").arg(tlsWrongHost_->tlsPort()),
                       QStringLiteral("certificate verification failed"),
                       QStringLiteral("mismatch")}
        << 1000;
    QTest::newRow("tls sni names another host")
        << tls_->tlsUrl(tlsQuery() + QStringLiteral("&sni=wrong.example")) << Target::tls
        << Errc::tlsError
        << QStringList{tlsPeer, QStringLiteral("certificate verification failed"),
                       QStringLiteral("mismatch")}
        << 1000;
    QTest::newRow("tls client certificate missing")
        << tlsClientAuth_->tlsUrl(tlsQuery(false)) << Target::tlsClientAuth << Errc::tlsError
        << QStringList{clientAuthPeer, QStringLiteral("certificate")} << 1000;
    QTest::newRow("tls client certificate untrusted")
        << tlsClientAuth_->tlsUrl(QStringLiteral("ca=%1&cert=%2&key=%3")
                                      .arg(certificates_->caCertificate(),
                                           certificates_->untrustedClientCertificate(),
                                           certificates_->untrustedClientKey()))
        << Target::tlsClientAuth << Errc::tlsError
        << QStringList{clientAuthPeer, QStringLiteral("certificate")} << 1000;
    QTest::newRow("tls missing CA file")
        << tls_->tlsUrl(QStringLiteral("ca=") + plain_->directory() + QStringLiteral("/none.crt"))
        << Target::tls << Errc::tlsError << QStringList{QStringLiteral("none.crt")} << 1000;
    QTest::newRow("tls CA file is not a certificate")
        << tls_->tlsUrl(QStringLiteral("ca=") + certificates_->caKey()) << Target::tls
        << Errc::tlsError << QStringList{QStringLiteral("ca.key")} << 1000;
    QTest::newRow("tls key does not match certificate")
        << tls_->tlsUrl(QStringLiteral("ca=%1&cert=%2&key=%3")
                            .arg(certificates_->caCertificate(), certificates_->clientCertificate(),
                                 certificates_->serverKey()))
        << Target::tls << Errc::tlsError << QStringList{QStringLiteral("client key")} << 1000;
    // Both speak first and wait for the other's answer; neither may hang past its timeouts.
    QTest::newRow("tls url, plain port")
        << QStringLiteral("rediss://127.0.0.1:%1?%2&%3")
               .arg(QString::number(plain_->port()), tlsQuery(), fast)
        << Target::plain << Errc::tlsError << QStringList{plainPeer, QStringLiteral("TLS port")}
        << 1000;
    QTest::newRow("plain url, tls port")
        << QStringLiteral("redis://127.0.0.1:%1?%2").arg(QString::number(tls_->tlsPort()), fast)
        << Target::tls << Errc::protocolError << QStringList{tlsPeer, QStringLiteral("TLS")}
        << 1000;
}

void TestConnection::connectFailures()
{
    QFETCH(QString, url);
    QFETCH(Target, target);
    QFETCH(Errc, expected);
    QFETCH(QStringList, pieces);
    QFETCH(int, withinMs);

    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_OK(client);
    std::optional<RawRedis> redis;
    qint64 keysBefore = 0;
    if (target != Target::none) {
        redis = checker(target);
        keysBefore = redis->dbSize();
        QVERIFY2(keysBefore >= 0, qPrintable(redis->errorString()));
    }

    QElapsedTimer timer;
    timer.start();
    const auto pinged = whileServingEvents([&] { return client->ping(); });
    const qint64 elapsed = timer.elapsed();
    VERIFY_ERROR(pinged, expected, pieces);
    QVERIFY2(elapsed < withinMs, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));

    // Obtaining fails the same way, and nothing reaches the server.
    const std::string key = "lock:" + uniqueKey();
    const auto lock = whileServingEvents([&] { return client->obtain(key, 10s); });
    VERIFY_ERROR(lock, expected, pieces);
    if (redis) {
        QVERIFY(!redis->exists(bytes(key)));
        QCOMPARE(redis->dbSize(), keysBefore);
    }
}

void TestConnection::malformedUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QStringList>("pieces");

    QTest::newRow("empty") << QString() << QStringList{QStringLiteral("redis://")};
    QTest::newRow("no scheme") << QStringLiteral("127.0.0.1:6379")
                               << QStringList{QStringLiteral("scheme")};
    QTest::newRow("http") << QStringLiteral("http://127.0.0.1:6379")
                          << QStringList{QStringLiteral("\"http\"")};
    QTest::newRow("no host") << QStringLiteral("redis://") << QStringList{QStringLiteral("host")};
    QTest::newRow("port not a number")
        << QStringLiteral("redis://127.0.0.1:redis") << QStringList{QStringLiteral("\"redis\"")};
    QTest::newRow("port too large")
        << QStringLiteral("redis://127.0.0.1:65536") << QStringList{QStringLiteral("65536")};
    QTest::newRow("port 0") << QStringLiteral("redis://127.0.0.1:0")
                            << QStringList{QStringLiteral("port")};
    QTest::newRow("db not a number")
        << QStringLiteral("redis://127.0.0.1/first") << QStringList{QStringLiteral("first")};
    QTest::newRow("negative db") << QStringLiteral("unix:///tmp/redis.sock?db=-1")
                                 << QStringList{QStringLiteral("-1")};
    QTest::newRow("bad duration") << QStringLiteral("redis://127.0.0.1?read_timeout=fast")
                                  << QStringList{QStringLiteral("read_timeout")};
    QTest::newRow("unknown option")
        << QStringLiteral("redis://127.0.0.1?colour=blue") << QStringList{QStringLiteral("colour")};
    QTest::newRow("relative unix path")
        << QStringLiteral("unix://redis.sock") << QStringList{QStringLiteral("unix:///")};
    QTest::newRow("tls option on plain url") << QStringLiteral("redis://127.0.0.1?ca=/etc/ca.crt")
                                             << QStringList{QStringLiteral("rediss://")};
    QTest::newRow("certificate without key")
        << QStringLiteral("rediss://127.0.0.1?cert=/etc/client.crt")
        << QStringList{QStringLiteral("key")};
    QTest::newRow("insecure=maybe") << QStringLiteral("rediss://127.0.0.1?insecure=maybe")
                                    << QStringList{QStringLiteral("maybe")};
    QTest::newRow("unbracketed ipv6")
        << QStringLiteral("redis://::1:6379") << QStringList{QStringLiteral("brackets")};
    QTest::newRow("bad percent-encoding")
        << QStringLiteral("redis://user:p%zz@127.0.0.1") << QStringList{QStringLiteral("percent")};
}

void TestConnection::malformedUrl()
{
    QFETCH(QString, url);
    QFETCH(QStringList, pieces);

    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_ERROR(client, Errc::invalidUrl, pieces);
    QVERIFY2(!q(client.error().message()).contains(QStringLiteral("p%zz")),
             "the error repeats the password");
}

// ------------------------------------------------------------------------------------------
// ACL users that may log in but not lock: refused with a clear error, and nothing written.

void TestConnection::aclWithoutPermission_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("userPassword");
    QTest::addColumn<QStringList>("pieces");

    QTest::newRow("key pattern") << QStringLiteral("bob") << QStringLiteral("builder")
                                 << QStringList{QStringLiteral("NOPERM"), QStringLiteral("keys")};
    QTest::newRow("no scripting") << QStringLiteral("carol") << QStringLiteral("singer")
                                  << QStringList{QStringLiteral("NOPERM"),
                                                 QStringLiteral("evalsha")};
}

void TestConnection::aclWithoutPermission()
{
    QFETCH(QString, user);
    QFETCH(QString, userPassword);
    QFETCH(QStringList, pieces);

    const auto client = Client::fromUrl(auth_->url(user, userPassword).toStdString());
    VERIFY_OK(client);
    const auto pinged = client->ping(); // logging in works
    VERIFY_OK(pinged);

    RawRedis redis = auth_->rawClient();
    const qint64 keysBefore = redis.dbSize();
    const std::string key = "lock:" + uniqueKey();
    const auto lock = client->obtain(key, 10s);
    QVERIFY(!lock);
    // The library calls a NOPERM refusal authenticationFailed; serverError would do as well.
    // What matters: not "not obtained" (that would make callers retry), and a clear message.
    const Errc code =
        lock.error() == Errc::serverError ? Errc::serverError : Errc::authenticationFailed;
    const QString problem = checkError(lock.error(), code, pieces + QStringList{auth_->host()});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(lock.error() != redislock::ErrNotObtained);
    QVERIFY(!redis.exists(bytes(key)));
    QCOMPARE(redis.dbSize(), keysBefore);
}

// ------------------------------------------------------------------------------------------
// Bad input: invalidArgument before anything is sent, so the server sees no connection at all.

void TestConnection::invalidArguments_data()
{
    QTest::addColumn<Misuse>("misuse");
    QTest::addColumn<QStringList>("pieces");

    const auto obtainError = [](auto result) {
        return result ? Error() : result.error();
    };

    QTest::newRow("ttl 500us") << Misuse([=](const Client &client, const std::string &key) {
        return obtainError(client.obtain(key, 500us));
    }) << QStringList{QStringLiteral("ttl"), QStringLiteral("1ms"), QStringLiteral("500us")};
    QTest::newRow("ttl 999999ns") << Misuse([=](const Client &client, const std::string &key) {
        return obtainError(client.obtain(key, 999999ns));
    }) << QStringList{QStringLiteral("ttl"), QStringLiteral("1ms")};
    QTest::newRow("ttl 0") << Misuse([=](const Client &client, const std::string &key) {
        return obtainError(client.obtain(key, 0ms));
    }) << QStringList{QStringLiteral("ttl"), QStringLiteral("1ms")};
    QTest::newRow("ttl negative") << Misuse([=](const Client &client, const std::string &key) {
        return obtainError(client.obtain(key, -5s));
    }) << QStringList{QStringLiteral("ttl"), QStringLiteral("-5s")};
    QTest::newRow("obtainMulti ttl 0") << Misuse([=](const Client &client, const std::string &key) {
        return obtainError(client.obtainMulti({key, key + ":2"}, 0ms));
    }) << QStringList{QStringLiteral("ttl")};
    QTest::newRow("obtainMulti without keys")
        << Misuse([=](const Client &client, const std::string &) {
               return obtainError(client.obtainMulti({}, 10s));
           })
        << QStringList{QStringLiteral("key")};
    QTest::newRow("fence key is the lock key")
        << Misuse([=](const Client &client, const std::string &key) {
               redislock::Options options;
               options.fenceKey = key;
               return obtainError(client.obtain(key, 10s, options));
           })
        << QStringList{QStringLiteral("fence key")};
    QTest::newRow("fence key is another lock key")
        << Misuse([=](const Client &client, const std::string &key) {
               redislock::Options options;
               options.fenceKey = key + ":2";
               return obtainError(client.obtainMulti({key, key + ":2"}, 10s, options));
           })
        << QStringList{QStringLiteral("fence key")};
    QTest::newRow("adopt with empty token")
        << Misuse([=](const Client &client, const std::string &key) {
               return obtainError(client.adopt({key}, {}));
           })
        << QStringList{QStringLiteral("token")};
    QTest::newRow("adopt without keys") << Misuse([=](const Client &client, const std::string &) {
        return obtainError(client.adopt({}, "token"));
    }) << QStringList{QStringLiteral("key")};
    QTest::newRow("refresh ttl 0") << Misuse([=](const Client &client, const std::string &key) {
        const auto lock = client.adopt({key}, "token");
        if (!lock)
            return lock.error();
        return obtainError(lock->refresh(0ms));
    }) << QStringList{QStringLiteral("ttl")};
    QTest::newRow("refresh ttl 500us") << Misuse([=](const Client &client, const std::string &key) {
        const auto lock = client.adopt({key}, "token");
        if (!lock)
            return lock.error();
        return obtainError(lock->refresh(500us));
    }) << QStringList{QStringLiteral("ttl"), QStringLiteral("500us")};
}

void TestConnection::invalidArguments()
{
    QFETCH(Misuse, misuse);
    QFETCH(QStringList, pieces);

    RawRedis redis = plain_->rawClient();
    const qint64 keysBefore = redis.dbSize();
    const qint64 connectionsBefore = infoNumber(redis, "stats", "total_connections_received");
    QVERIFY(keysBefore >= 0 && connectionsBefore > 0);

    // A fresh client connects lazily: bad input must not even open a connection.
    const auto client = Client::fromUrl(plain_->url().toStdString());
    VERIFY_OK(client);
    const std::string key = "lock:" + uniqueKey();
    const Error error = misuse(*client, key);
    const QString problem = checkError(error, Errc::invalidArgument, pieces);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    QVERIFY(!redis.exists(bytes(key)));
    QCOMPARE(redis.dbSize(), keysBefore);
    QCOMPARE(infoNumber(redis, "stats", "total_connections_received"), connectionsBefore);
}

void TestConnection::invalidRefreshLeavesLock()
{
    const auto client = Client::fromUrl(plain_->url().toStdString());
    VERIFY_OK(client);
    const std::string key = "lock:" + uniqueKey();
    const auto lock = client->obtain(key, 30s);
    VERIFY_OK(lock);

    // The Go library would send PEXPIRE 0 here and so delete the key.
    const auto refreshed = lock->refresh(500us);
    VERIFY_ERROR(refreshed, Errc::invalidArgument, QStringList{QStringLiteral("ttl")});
    RawRedis redis = plain_->rawClient();
    QCOMPARE(redis.get(bytes(key)), std::optional(bytes(lock->value())));
    const qint64 ttl = redis.pttl(bytes(key));
    QVERIFY2(ttl > 25000 && ttl <= 30000, qPrintable(QString::number(ttl)));
    const auto released = lock->release();
    VERIFY_OK(released);
}

// ------------------------------------------------------------------------------------------
// Script cache flushes and server restarts: EVALSHA falls back to EVAL, stale connections are
// replaced before use.

void TestConnection::scriptFlush()
{
    const auto client = Client::fromUrl(plain_->url().toStdString());
    VERIFY_OK(client);
    const std::string key = "lock:" + uniqueKey();
    const auto first = client->obtain(key, 10s);
    VERIFY_OK(first);
    // Load every script once, so that each of them is cached on the server.
    VERIFY_OK(first->ttl());
    VERIFY_OK(first->refresh(10s));
    const auto spare = client->obtain(key + ":spare", 10s);
    VERIFY_OK(spare);
    VERIFY_OK(spare->release());

    RawRedis redis = plain_->rawClient();
    QVERIFY(redis.scriptFlush());
    const qint64 evalsBefore = commandCalls(redis, "eval");

    const auto ttl = first->ttl();
    VERIFY_OK(ttl);
    QVERIFY(*ttl > 0ms);
    const auto refreshed = first->refresh(20s);
    VERIFY_OK(refreshed);
    QVERIFY(redis.pttl(bytes(key)) > 15000);
    const auto second = client->obtain(key + ":2", 10s);
    VERIFY_OK(second);
    QCOMPARE(redis.get(bytes(key + ":2")), std::optional(bytes(second->value())));
    const auto released = first->release();
    VERIFY_OK(released);
    QVERIFY(!redis.exists(bytes(key)));
    const auto secondReleased = second->release(); // the release script is cached again
    VERIFY_OK(secondReleased);

    // Each of the four scripts fell back to EVAL exactly once, then EVALSHA worked again.
    QCOMPARE(commandCalls(redis, "eval") - evalsBefore, 4);
}

void TestConnection::serverRestart_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("sigkill");

    const QString tls = restartable_->tlsUrl(tlsQuery());
    QTest::newRow("tcp, stop") << restartable_->url() << false;
    QTest::newRow("tcp, kill") << restartable_->url() << true;
    QTest::newRow("unix, stop") << restartable_->unixUrl() << false;
    QTest::newRow("unix, kill") << restartable_->unixUrl() << true;
    QTest::newRow("tls, stop") << tls << false;
    QTest::newRow("tls, kill") << tls << true;
}

void TestConnection::serverRestart()
{
    QFETCH(QString, url);
    QFETCH(bool, sigkill);

    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_OK(client);
    const std::string key = "lock:" + uniqueKey();
    const auto before = client->obtain(key, 30s);
    VERIFY_OK(before); // the pool now holds an idle connection to the old server

    if (sigkill)
        restartable_->kill();
    else
        restartable_->stop();
    QVERIFY2(restartable_->start(), qPrintable(restartable_->errorString()));

    // The stale connection is noticed while idle and replaced: not even the first call after
    // the restart fails. The new server has an empty script cache as well.
    const auto after = client->obtain(key, 30s);
    VERIFY_OK(after);
    RawRedis redis = restartable_->rawClient();
    QCOMPARE(redis.get(bytes(key)), std::optional(bytes(after->value())));
    // Nothing was persisted: the first lock is gone with the old server.
    const auto oldTtl = before->ttl();
    VERIFY_OK(oldTtl);
    QCOMPARE(*oldTtl, 0ms);
    const auto oldReleased = before->release();
    QVERIFY(!oldReleased);
    QVERIFY2(oldReleased.error() == redislock::ErrLockNotHeld,
             qPrintable(describe(oldReleased.error())));
    const auto released = after->release();
    VERIFY_OK(released);
}

void TestConnection::serverDownThenUp()
{
    const auto client = Client::fromUrl(restartable_->url().toStdString());
    VERIFY_OK(client);
    VERIFY_OK(client->ping());
    restartable_->stop();

    QElapsedTimer timer;
    timer.start();
    const std::string key = "lock:" + uniqueKey();
    const auto down = client->obtain(key, 10s);
    VERIFY_ERROR(down, Errc::connectionFailed,
                 (QStringList{QStringLiteral("127.0.0.1:%1").arg(restartable_->port()),
                              QStringLiteral("refused")}));
    QVERIFY2(down.error().isTransient(), "a refused connection is worth retrying");
    QVERIFY(timer.elapsed() < 1000);
    const auto pingDown = client->ping();
    VERIFY_ERROR(pingDown, Errc::connectionFailed, QStringList{QStringLiteral("refused")});

    QVERIFY2(restartable_->start(), qPrintable(restartable_->errorString()));
    const auto up = client->obtain(key, 10s);
    VERIFY_OK(up);
    VERIFY_OK(up->release());
}

void TestConnection::serverFull_data()
{
    QTest::addColumn<QString>("serverPassword");

    QTest::newRow("no password") << QString();
    QTest::newRow("password") << password;
}

void TestConnection::serverFull()
{
    // The server refuses a connection beyond maxclients with an error and closes it: that is
    // neither an authentication failure nor a protocol error, and it must say so.
    QFETCH(QString, serverPassword);
    RedisServerOptions options;
    options.password = serverPassword;
    options.extraArguments = {QStringLiteral("--maxclients"), QStringLiteral("1")};
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto holder = std::make_optional(server.rawClient()); // takes the only slot
    QVERIFY2(holder->ping(), qPrintable(holder->errorString()));

    const QString url = serverPassword.isEmpty() ? server.url() : server.url({}, serverPassword);
    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_OK(client);
    const auto pinged = client->ping();
    VERIFY_ERROR(pinged, Errc::serverError,
                 (QStringList{QStringLiteral("127.0.0.1:%1").arg(server.port()),
                              QStringLiteral("max number of clients")}));
    QVERIFY2(pinged.error().isTransient(), "a full server is worth retrying");

    holder.reset();
    QTRY_VERIFY(client->ping().has_value());
}

void TestConnection::clientKill_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Target>("target");

    QTest::newRow("tcp") << plain_->url() << Target::plain;
    QTest::newRow("unix") << plain_->unixUrl() << Target::plain;
    QTest::newRow("tls") << tls_->tlsUrl(tlsQuery()) << Target::tls;
    QTest::newRow("password") << auth_->url(aclUser, aclPassword, 2) << Target::auth;
}

void TestConnection::clientKill()
{
    QFETCH(QString, url);
    QFETCH(Target, target);

    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_OK(client);
    VERIFY_OK(client->ping());
    RawRedis redis = checker(target);
    for (int round = 0; round < 3; ++round) {
        QVERIFY(redis.clientKillAll() >= 1);
        const std::string key = "lock:" + uniqueKey();
        const auto lock = client->obtain(key, 10s);
        VERIFY_OK(lock);
        QVERIFY(redis.clientKillAll() >= 1);
        VERIFY_OK(lock->ttl());
        QVERIFY(redis.clientKillAll() >= 1);
        VERIFY_OK(lock->refresh(10s));
        QVERIFY(redis.clientKillAll() >= 1);
        VERIFY_OK(lock->release());
        QVERIFY(redis.clientKillAll() >= 1);
        VERIFY_OK(client->ping());
    }
}

// ------------------------------------------------------------------------------------------
// Timeouts and cancellation while the server does not answer.

void TestConnection::readTimeout_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Target>("target");
    QTest::addColumn<QString>("peer");

    QTest::newRow("tcp") << plain_->url() + QStringLiteral("?read_timeout=200ms") << Target::plain
                         << QStringLiteral("127.0.0.1:%1").arg(plain_->port());
    QTest::newRow("tls") << tls_->tlsUrl(tlsQuery() + QStringLiteral("&read_timeout=200ms"))
                         << Target::tls << QStringLiteral("127.0.0.1:%1").arg(tls_->tlsPort());
}

void TestConnection::readTimeout()
{
    QFETCH(QString, url);
    QFETCH(Target, target);
    QFETCH(QString, peer);

    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_OK(client);
    VERIFY_OK(client->ping()); // connected before the server goes to sleep
    const quint16 port = target == Target::tls ? tls_->port() : plain_->port();
    const std::string key = "lock:" + uniqueKey();
    {
        ServerBusy busy(port, 1s);
        const QString asleep = busy.waitUntilAsleep();
        QVERIFY2(asleep.isEmpty(), qPrintable(asleep));
        QElapsedTimer timer;
        timer.start();
        const auto lock = client->obtain(key, 10s);
        const qint64 elapsed = timer.elapsed();
        VERIFY_ERROR(lock, Errc::timeout, (QStringList{peer, QStringLiteral("200ms")}));
        QVERIFY2(lock.error().isTransient(), "a timeout is worth retrying");
        QVERIFY2(elapsed >= 150 && elapsed < 1000,
                 qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
        const QString slept = busy.finish();
        QVERIFY2(slept.isEmpty(), qPrintable(slept));
    }
    // The connection that timed out is dropped (its late reply would be out of step); the
    // next call works on a new one.
    const std::string other = "lock:" + uniqueKey();
    const auto lock = client->obtain(other, 10s);
    VERIFY_OK(lock);
    VERIFY_OK(lock->release());
}

void TestConnection::contextDeadlineDuringRead()
{
    // The read timeout is long; the caller's deadline is what cuts the wait short.
    const auto client = Client::fromUrl(plain_->url().toStdString());
    VERIFY_OK(client);
    VERIFY_OK(client->ping());
    ServerBusy busy(plain_->port(), 1s);
    const QString asleep = busy.waitUntilAsleep();
    QVERIFY2(asleep.isEmpty(), qPrintable(asleep));
    QElapsedTimer timer;
    timer.start();
    const auto lock =
        client->obtain("lock:" + uniqueKey(), 10s, {}, redislock::Context::withTimeout(250ms));
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!lock);
    // The deadline is the outcome, not a connection timeout; the read it cut short is the cause.
    QVERIFY2(lock.error() == Errc::deadlineExceeded, qPrintable(describe(lock.error())));
    QVERIFY(lock.error().cause() && *lock.error().cause() == Errc::timeout);
    const QString problem = checkError(
        lock.error(), Errc::deadlineExceeded,
        {QStringLiteral("127.0.0.1:%1").arg(plain_->port()), QStringLiteral("caller's deadline")});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Not the 3 s read timeout, which did not expire.
    QVERIFY2(!q(lock.error().message()).contains(QStringLiteral("3000ms")),
             qPrintable(describe(lock.error())));
    QVERIFY2(elapsed >= 200 && elapsed < 1000,
             qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

void TestConnection::cancelDuringRead()
{
    const auto client = Client::fromUrl(plain_->url().toStdString());
    VERIFY_OK(client);
    VERIFY_OK(client->ping());
    ServerBusy busy(plain_->port(), 1s);
    const QString asleep = busy.waitUntilAsleep();
    QVERIFY2(asleep.isEmpty(), qPrintable(asleep));

    std::stop_source stop;
    QElapsedTimer timer;
    timer.start();
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(150ms);
        stop.request_stop();
    });
    const auto lock =
        client->obtain("lock:" + uniqueKey(), 10s, {}, redislock::Context(stop.get_token()));
    const qint64 elapsed = timer.elapsed();
    VERIFY_ERROR(lock, Errc::cancelled, QStringList{QStringLiteral("cancelled")});
    QVERIFY(lock.error() == redislock::ErrNotObtained);
    QVERIFY2(elapsed >= 100 && elapsed < 600,
             qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

void TestConnection::cancelBeforeSending()
{
    RawRedis redis = plain_->rawClient();
    const qint64 connectionsBefore = infoNumber(redis, "stats", "total_connections_received");
    const auto client = Client::fromUrl(plain_->url().toStdString());
    VERIFY_OK(client);
    std::stop_source stop;
    stop.request_stop();
    const std::string key = "lock:" + uniqueKey();
    const auto lock = client->obtain(key, 10s, {}, redislock::Context(stop.get_token()));
    VERIFY_ERROR(lock, Errc::cancelled, QStringList{QStringLiteral("cancelled")});
    QVERIFY(!redis.exists(bytes(key)));
    QCOMPARE(infoNumber(redis, "stats", "total_connections_received"), connectionsBefore);
}

// ------------------------------------------------------------------------------------------
// Keys, tokens and metadata are bytes: NUL, CR LF and UTF-8 arrive exactly as given.

void TestConnection::binarySafety_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Target>("target");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("token"); // empty: a random one
    QTest::addColumn<QByteArray>("metadata");

    const QString tcp = plain_->url();
    const QString unix = plain_->unixUrl();
    const QString tls = tls_->tlsUrl(tlsQuery());
    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte.append(char(i));
    const QByteArray large = QByteArray(1 << 20, 'x') + QByteArray("\0\r\n", 3) + everyByte;

    QTest::newRow("nul in key") << tcp << Target::plain << QByteArray("lock:\0:nul", 10)
                                << QByteArray() << QByteArray("m");
    QTest::newRow("crlf in key") << tcp << Target::plain
                                 << QByteArray("lock:\r\n*1\r\n$4\r\nPING\r\n") << QByteArray()
                                 << QByteArray();
    QTest::newRow("chinese") << tcp << Target::plain << QByteArray("锁:订单:42") << QByteArray()
                             << QByteArray("{\"服务\":\"支付\"}");
    QTest::newRow("nul and crlf in metadata") << tcp << Target::plain << QByteArray("lock:meta")
                                              << QByteArray() << QByteArray("\0a\r\nb\0", 6);
    QTest::newRow("custom token with nul and crlf")
        << tcp << Target::plain << QByteArray("lock:token") << QByteArray("to\0k\r\nen", 8)
        << QByteArray("\0meta", 5);
    QTest::newRow("chinese token") << unix << Target::plain << QByteArray("锁:令牌")
                                   << QByteArray("令牌") << QByteArray("{\"服务\":\"支付\"}");
    QTest::newRow("every byte") << unix << Target::plain << QByteArray("lock:\xff\xfe") + everyByte
                                << QByteArray("\xff", 1) << everyByte;
    QTest::newRow("tls chinese") << tls << Target::tls << QByteArray("锁:订单:42") << QByteArray()
                                 << QByteArray("{\"服务\":\"支付\"}");
    QTest::newRow("tls nul") << tls << Target::tls << QByteArray("lock:\0:nul", 10)
                             << QByteArray("t\0k", 3) << QByteArray("\0\r\n", 3);
    // Larger than any socket buffer: writes and reads in many pieces.
    QTest::newRow("1 MiB metadata")
        << tcp << Target::plain << QByteArray("lock:large") << QByteArray() << large;
    QTest::newRow("tls 1 MiB metadata")
        << tls << Target::tls << QByteArray("lock:large") << QByteArray() << large;
}

void TestConnection::binarySafety()
{
    QFETCH(QString, url);
    QFETCH(Target, target);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, metadata);

    const auto client = Client::fromUrl(url.toStdString());
    VERIFY_OK(client);
    // The exact bytes of the row, made unique after a separator; the prefix up to the first NUL
    // must not exist on its own afterwards (no C string truncation anywhere).
    const std::string fullKey = stdString(key) + ":" + uniqueKey();
    redislock::Options options;
    options.token = stdString(token);
    options.metadata = stdString(metadata);
    const auto lock = client->obtain(fullKey, 10s, options);
    VERIFY_OK(lock);
    QCOMPARE(bytes(lock->key()), bytes(fullKey));
    if (!token.isEmpty())
        QCOMPARE(bytes(lock->token()), token);
    QCOMPARE(bytes(lock->metadata()), metadata);

    RawRedis redis = checker(target);
    const auto stored = redis.get(bytes(fullKey));
    QVERIFY2(stored.has_value(), "the key is not on the server under its exact bytes");
    QCOMPARE(stored->size(), qsizetype(lock->value().size()));
    QVERIFY(*stored == bytes(lock->value()));
    const qsizetype nul = key.indexOf('\0');
    if (nul >= 0)
        QVERIFY(!redis.exists(key.left(nul)));

    const auto ttl = lock->ttl();
    VERIFY_OK(ttl);
    QVERIFY(*ttl > 5s);
    const auto refreshed = lock->refresh(30s);
    VERIFY_OK(refreshed);
    QVERIFY(redis.pttl(bytes(fullKey)) > 25000);

    // Another token is refused; the same token again is allowed (the script compares bytes).
    redislock::Options other = options;
    other.token = "other:" + std::string(lock->token());
    const auto refused = client->obtain(fullKey, 10s, other);
    QVERIFY(!refused);
    QVERIFY2(refused.error() == redislock::ErrNotObtained, qPrintable(describe(refused.error())));
    redislock::Options same = options;
    same.token = std::string(lock->token());
    const auto again = client->obtain(fullKey, 10s, same);
    VERIFY_OK(again);
    QVERIFY(*redis.get(bytes(fullKey)) == bytes(again->value()));

    const auto released = again->release();
    VERIFY_OK(released);
    QVERIFY(!redis.exists(bytes(fullKey)));
}

// ------------------------------------------------------------------------------------------
// One Client, many threads: no errors, and a bounded number of connections.

void TestConnection::sharedPool_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("poolSize");

    QTest::newRow("default pool") << QString() << 10;
    QTest::newRow("pool of 2") << QStringLiteral("?pool_size=2") << 2;
}

void TestConnection::sharedPool()
{
    QFETCH(QString, query);
    QFETCH(int, poolSize);
    constexpr int threads = 8;
    constexpr int rounds = 200;

    const auto client = Client::fromUrl((plain_->url() + query).toStdString());
    VERIFY_OK(client);
    QCOMPARE(client->connectionOptions().poolSize, std::size_t(poolSize));
    RawRedis redis = plain_->rawClient();
    const qint64 keysBefore = redis.dbSize();
    const qint64 clientsBefore = connectedClients(redis);
    const qint64 connectionsBefore = infoNumber(redis, "stats", "total_connections_received");

    const std::string prefix = "lock:" + uniqueKey() + ":";
    std::atomic<int> failures{0};
    std::atomic<int> running{threads};
    std::mutex firstErrorMutex;
    QString firstError;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = 0; i < rounds; ++i) {
                const std::string key = prefix + std::to_string(t) + ":" + std::to_string(i);
                auto lock = client->obtain(key, 10s);
                std::expected<void, Error> released;
                if (lock)
                    released = lock->release();
                if (!lock || !released) {
                    ++failures;
                    const std::lock_guard guard(firstErrorMutex);
                    if (firstError.isEmpty())
                        firstError = describe(lock ? released.error() : lock.error());
                }
            }
            --running;
        });
    }
    // Watch the server's client list while they run.
    qint64 mostClients = 0;
    while (running > 0) {
        mostClients = std::max(mostClients, connectedClients(redis) - clientsBefore);
        std::this_thread::sleep_for(2ms);
    }
    for (auto &worker : workers)
        worker.join();

    QVERIFY2(
        failures == 0,
        qPrintable(
            QStringLiteral("%1 failures, the first: %2").arg(failures.load()).arg(firstError)));
    QCOMPARE(redis.dbSize(), keysBefore);
    const qint64 opened =
        infoNumber(redis, "stats", "total_connections_received") - connectionsBefore;
    qInfo("%d threads x %d obtain/release pairs: at most %lld connections at once, %lld opened",
          threads, rounds, mostClients, opened);
    // The pool is bounded: more threads than connections wait their turn.
    QVERIFY2(mostClients <= poolSize, qPrintable(QString::number(mostClients)));
    QVERIFY2(opened <= poolSize, qPrintable(QString::number(opened)));
    // A connection is only opened when every pooled one is busy: with room in the pool for
    // one per thread, no more are ever opened than threads run at once.
    if (poolSize >= threads)
        QVERIFY2(opened <= threads, qPrintable(QString::number(opened)));
    // Afterwards only the idle ones stay open.
    QTRY_VERIFY(connectedClients(redis) - clientsBefore <= poolSize);
}

void TestConnection::poolWaitsThenTimesOut()
{
    // One connection, held by a BLPOP that waits for a push: every other call waits for it up to
    // pool_timeout (or its own deadline, if that comes first) and then says why, and no second
    // connection is ever opened.
    const auto client = Client::fromUrl(
        (plain_->url() + QStringLiteral("?pool_size=1&pool_timeout=300ms")).toStdString());
    VERIFY_OK(client);
    QCOMPARE(client->connectionOptions().poolTimeout, 300ms);
    RawRedis redis = plain_->rawClient();
    const qint64 clientsBefore = connectedClients(redis);
    const std::string list = "list:" + uniqueKey();
    std::jthread holder([&client, list] { (void)client->command({"BLPOP", list, "10"}); });
    QTRY_VERIFY_WITH_TIMEOUT(
        redis.command({"CLIENT", "LIST", "TYPE", "normal"}).str.contains("cmd=blpop"), 10000);

    QElapsedTimer timer;
    timer.start();
    const auto pinged = client->ping();
    const qint64 waited = timer.elapsed();
    VERIFY_ERROR(
        pinged, Errc::timeout,
        (QStringList{
            QStringLiteral("all 1 connections to 127.0.0.1:%1 busy for 300ms").arg(plain_->port()),
            QStringLiteral("raise pool_size")}));
    QVERIFY2(pinged.error().isTransient(), "a busy pool is worth another try later");
    QVERIFY2(waited >= 250 && waited < 5000, qPrintable(QString::number(waited)));

    // The caller's deadline comes first: the obtain's outcome, with the wait as its cause.
    const auto lock =
        client->obtain("lock:" + uniqueKey(), 10s, {}, redislock::Context::withTimeout(50ms));
    QVERIFY(!lock);
    QVERIFY2(lock.error() == Errc::deadlineExceeded, qPrintable(describe(lock.error())));
    QVERIFY(lock.error().cause() && *lock.error().cause() == Errc::timeout);
    QVERIFY2(q(lock.error().message()).contains(QStringLiteral("until the caller's deadline")),
             qPrintable(describe(lock.error())));

    // A stop token ends the wait too.
    std::stop_source stop;
    stop.request_stop();
    const auto cancelled = client->ping(redislock::Context(stop.get_token()));
    QVERIFY(!cancelled);
    QVERIFY2(cancelled.error() == Errc::cancelled, qPrintable(describe(cancelled.error())));

    QCOMPARE(connectedClients(redis) - clientsBefore, 1);
    QCOMPARE(redis.command({"LPUSH", QByteArray::fromStdString(list), "x"}).integer, 1);
    holder.join();
    VERIFY_OK(client->ping()); // the connection came back to the pool
    QCOMPARE(connectedClients(redis) - clientsBefore, 1);
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
