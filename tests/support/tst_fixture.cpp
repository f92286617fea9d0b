// Checks the test fixtures themselves: every other suite trusts them to start real servers,
// to clean up after themselves and to report failures clearly.

#include "support/rawredis.h"
#include "support/redisserver.h"
#include "support/tlscertificates.h"
#include "support/uniquekey.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace lockscope::test;
using namespace std::chrono_literals;

namespace {

// The environment variable that turns this executable into a helper that starts a server and
// exits without running any destructor (see orphanedServerDies).
constexpr auto orphanVariable = "LOCKSCOPE_FIXTURE_ORPHAN";

// The process is gone, or a zombie nobody reaped yet (in a container, PID 1 may never reap).
bool processGone(qint64 pid)
{
    if (::kill(static_cast<pid_t>(pid), 0) != 0)
        return errno == ESRCH;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype end = line.lastIndexOf(')');
    return end >= 0 && line.mid(end + 2, 1) == "Z";
}

bool waitUntilGone(qint64 pid, std::chrono::milliseconds timeout = 3000ms)
{
    return QTest::qWaitFor([pid] { return processGone(pid); }, static_cast<int>(timeout.count()));
}

// Something accepts TCP connections on 127.0.0.1:port.
bool listening(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    const bool connected =
        ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0;
    ::close(fd);
    return connected;
}

// A socket listening on 127.0.0.1:port, closed on destruction: someone else holding a port.
class PortSquatter
{
public:
    explicit PortSquatter(quint16 port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    {
        const int yes = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        listening_ =
            ::bind(fd_, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0 &&
            ::listen(fd_, 16) == 0;
    }
    ~PortSquatter() { ::close(fd_); }
    PortSquatter(const PortSquatter &) = delete;
    PortSquatter &operator=(const PortSquatter &) = delete;

    [[nodiscard]] bool isListening() const { return listening_; }

private:
    int fd_;
    bool listening_ = false;
};

QByteArray configGet(RawRedis &redis, const QByteArray &name)
{
    const RawReply reply = redis.command({"CONFIG", "GET", name});
    return reply.elements.size() == 2 ? reply.elements.at(1).str : QByteArray();
}

// `openssl verify -CAfile ca certificate` succeeds.
bool verifies(const QString &ca, const QString &certificate)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStandardPaths::findExecutable(QStringLiteral("openssl")),
                  {QStringLiteral("verify"), QStringLiteral("-CAfile"), ca, certificate});
    return openssl.waitForFinished(10000) && openssl.exitStatus() == QProcess::NormalExit &&
           openssl.exitCode() == 0;
}

// Started by orphanedServerDies: start a server, tell the parent about it, and vanish.
int runOrphanHelper()
{
    RedisServer *server = new RedisServer; // never deleted: no destructor may stop it
    if (!server->start()) {
        std::fprintf(stderr, "%s\n", qPrintable(server->errorString()));
        return 2;
    }
    std::printf("%lld %u %s\n", static_cast<long long>(server->pid()), unsigned{server->port()},
                qPrintable(server->directory()));
    std::fflush(stdout);
    ::_exit(0);
}

} // namespace

class TestFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void plainServer();
    void binarySafeChecker();
    void password();
    void aclUser();
    void serverOptions();
    void unixSocket();
    void tlsServer_data();
    void tlsServer();
    void certificatesVerify();
    void restartOnSamePort();
    void killAndRestart();
    void restartFailsWhilePortTaken();
    void clientKillAll();
    void twoServers();
    void destructorStopsServer();
    void orphanedServerDies();
    void startFailureIsReported();
    void uniqueKeys_data();
    void uniqueKeys();

private:
    std::unique_ptr<TlsCertificates> certificates_;
};

void TestFixture::initTestCase()
{
    certificates_ = std::make_unique<TlsCertificates>();
    QVERIFY2(certificates_->isValid(), qPrintable(certificates_->errorString()));
}

void TestFixture::plainServer()
{
    RedisServer server;
    QCOMPARE(server.port(), quint16(0));
    QVERIFY(!server.isRunning());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(server.isRunning());
    QVERIFY(server.port() != 0);
    QCOMPARE(server.tlsPort(), quint16(0));
    QVERIFY(server.unixSocketPath().isEmpty());
    QVERIFY(server.pid() > 0);
    QCOMPARE(server.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(server.url(), QStringLiteral("redis://127.0.0.1:%1").arg(server.port()));
    QCOMPARE(server.url(QStringLiteral("al ice"), QStringLiteral("p@ss:w/rd"), 3),
             QStringLiteral("redis://al%20ice:p%40ss%3Aw%2Frd@127.0.0.1:") +
                 QString::number(server.port()) + QStringLiteral("/3"));
    QVERIFY(server.start()); // already running: nothing happens

    RawRedis redis(server.port());
    QVERIFY2(redis.isConnected(), qPrintable(redis.errorString()));
    QVERIFY(redis.ping());
    QCOMPARE(redis.dbSize(), 0);
    // Nothing persisted, nothing written next to the test.
    QCOMPARE(configGet(redis, "save"), QByteArray());
    QCOMPARE(configGet(redis, "appendonly"), QByteArray("no"));
    QCOMPARE(configGet(redis, "bind"), QByteArray("127.0.0.1"));
    QCOMPARE(configGet(redis, "dir"), QFileInfo(server.directory()).canonicalFilePath().toUtf8());
}

void TestFixture::binarySafeChecker()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis redis = server.rawClient();

    const QByteArray key("bin\0key\xff", 8);
    const QByteArray value("va\0lu\r\ne", 8);
    QVERIFY(redis.set(key, value, 60s));
    QCOMPARE(redis.get(key), std::optional<QByteArray>(value));
    QVERIFY(redis.exists(key));
    const qint64 ttl = redis.pttl(key);
    QVERIFY2(ttl > 55000 && ttl <= 60000, QByteArray::number(ttl).constData());
    QCOMPARE(redis.keys(), QList<QByteArray>{key});
    QCOMPARE(redis.dbSize(), 1);

    QVERIFY(redis.set("plain", "v"));
    QCOMPARE(redis.pttl("plain"), -1);
    QCOMPARE(redis.pttl("missing"), -2);
    QCOMPARE(redis.get("missing"), std::nullopt);
    QVERIFY(!redis.exists("missing"));
    QCOMPARE(redis.del("plain"), 1);

    const RawReply error = redis.command({"NOSUCHCOMMAND"});
    QCOMPARE(error.type, RawReply::Type::error);
    QVERIFY(error.str.startsWith("ERR"));
    QVERIFY(!redis.errorString().isEmpty());
    QVERIFY(redis.ping()); // a server error leaves the connection usable
    QVERIFY(redis.errorString().isEmpty());

    const RawReply script = redis.command({"SCRIPT", "LOAD", "return 1"});
    QCOMPARE(script.type, RawReply::Type::string);
    QVERIFY(redis.scriptFlush());
    const RawReply exists = redis.command({"SCRIPT", "EXISTS", script.str});
    QCOMPARE(exists.elements.size(), 1);
    QCOMPARE(exists.elements.at(0).integer, 0);

    QVERIFY(redis.select(2));
    QVERIFY(redis.set("in-db-2", "x"));
    QCOMPARE(redis.dbSize(), 1);
    QVERIFY(redis.flushAll());
    QCOMPARE(redis.dbSize(), 0);
}

void TestFixture::password()
{
    RedisServerOptions options;
    options.password = QStringLiteral("s3cret");
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    RawRedis anonymous(server.port());
    const RawReply refused = anonymous.command({"GET", "x"});
    QCOMPARE(refused.type, RawReply::Type::error);
    QVERIFY2(refused.str.startsWith("NOAUTH"), refused.str.constData());

    RawRedis wrong(server.port(), "nope");
    QVERIFY(!wrong.isConnected());
    QVERIFY(wrong.errorString().contains(QLatin1String("AUTH")));

    RawRedis redis = server.rawClient();
    QVERIFY2(redis.ping(), qPrintable(redis.errorString()));
}

void TestFixture::aclUser()
{
    RedisServerOptions options;
    options.aclUsers = {QStringLiteral("alice on >wonderland ~lock:* +@all"),
                        QStringLiteral("default off")};
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    RawRedis alice(server.port(), "wonderland", "alice");
    QVERIFY2(alice.ping(), qPrintable(alice.errorString()));
    QVERIFY(alice.set("lock:a", "1"));
    const RawReply denied = alice.command({"SET", "other", "1"});
    QCOMPARE(denied.type, RawReply::Type::error);
    QVERIFY2(denied.str.startsWith("NOPERM"), denied.str.constData());

    RawRedis anonymous(server.port());
    QVERIFY(!anonymous.ping());
}

void TestFixture::serverOptions()
{
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("KEA");
    options.extraArguments = {QStringLiteral("--maxclients"), QStringLiteral("77")};
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis redis = server.rawClient();
    const QByteArray events = configGet(redis, "notify-keyspace-events");
    QVERIFY2(events.contains('K') && events.contains('E') && events.contains('A'),
             events.constData());
    QCOMPARE(configGet(redis, "maxclients"), QByteArray("77"));
}

void TestFixture::unixSocket()
{
    RedisServerOptions options;
    options.unixSocket = true;
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    const QString path = server.unixSocketPath();
    QVERIFY(!path.isEmpty());
    QCOMPARE(server.unixUrl(), QStringLiteral("unix://") + path);
    QVERIFY(server.unixUrl().startsWith(QLatin1String("unix:///")));
    QCOMPARE(server.unixUrl(QStringLiteral("db=3")), QStringLiteral("unix://%1?db=3").arg(path));
    const QFileInfo socket(path);
    QVERIFY(socket.exists());
    QCOMPARE(socket.permissions() &
                 (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
             QFile::Permissions());

    RawRedis viaSocket = RawRedis::unixSocket(path);
    QVERIFY2(viaSocket.ping(), qPrintable(viaSocket.errorString()));
    QVERIFY(viaSocket.set("through-socket", "1"));
    RawRedis viaTcp(server.port());
    QVERIFY(viaTcp.exists("through-socket"));

    RawRedis nowhere = RawRedis::unixSocket(path + QStringLiteral(".missing"));
    QVERIFY(!nowhere.isConnected());
    QVERIFY(!nowhere.errorString().isEmpty());
}

void TestFixture::tlsServer_data()
{
    QTest::addColumn<TlsClientAuth>("auth");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("optional") << TlsClientAuth::optional << QByteArray("optional");
    QTest::newRow("yes") << TlsClientAuth::yes << QByteArray("yes");
    QTest::newRow("no") << TlsClientAuth::no << QByteArray("no");
}

void TestFixture::tlsServer()
{
    QFETCH(TlsClientAuth, auth);
    QFETCH(QByteArray, expected);

    RedisServerOptions options;
    options.enableTls(*certificates_, auth);
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(server.tlsPort() != 0);
    QVERIFY(server.tlsPort() != server.port());
    QVERIFY(listening(server.tlsPort()));
    QCOMPARE(server.tlsUrl(), QStringLiteral("rediss://127.0.0.1:%1").arg(server.tlsPort()));
    QCOMPARE(server.tlsUrl(certificates_->urlQuery(), QStringLiteral("localhost")),
             QStringLiteral("rediss://localhost:%1?ca=%2&cert=%3&key=%4")
                 .arg(QString::number(server.tlsPort()), certificates_->caCertificate(),
                      certificates_->clientCertificate(), certificates_->clientKey()));
    QCOMPARE(certificates_->urlQuery(false),
             QStringLiteral("ca=") + certificates_->caCertificate());

    // The plain port stays open for checks.
    RawRedis redis = server.rawClient();
    QVERIFY2(redis.ping(), qPrintable(redis.errorString()));
    QCOMPARE(configGet(redis, "tls-port"), QByteArray::number(server.tlsPort()));
    QCOMPARE(configGet(redis, "tls-auth-clients"), expected);
    QCOMPARE(configGet(redis, "tls-cert-file"), certificates_->serverCertificate().toUtf8());

    // Plain RESP on the TLS port gets no answer.
    RawRedis plainOnTls(server.tlsPort(), {}, {}, 500ms);
    QVERIFY(!plainOnTls.ping());
}

void TestFixture::certificatesVerify()
{
    const TlsCertificates &c = *certificates_;
    for (const QString &file :
         {c.caCertificate(), c.caKey(), c.serverCertificate(), c.serverKey(), c.clientCertificate(),
          c.clientKey(), c.wrongHostCertificate(), c.wrongHostKey(), c.untrustedCaCertificate(),
          c.untrustedClientCertificate(), c.untrustedClientKey()})
        QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file));
    QVERIFY(c.caCertificate().startsWith(c.directory()));

    QVERIFY(verifies(c.caCertificate(), c.serverCertificate()));
    QVERIFY(verifies(c.caCertificate(), c.clientCertificate()));
    QVERIFY(verifies(c.caCertificate(), c.wrongHostCertificate()));
    QVERIFY(verifies(c.untrustedCaCertificate(), c.untrustedClientCertificate()));
    QVERIFY(!verifies(c.untrustedCaCertificate(), c.serverCertificate()));
    QVERIFY(!verifies(c.caCertificate(), c.untrustedClientCertificate()));

    QProcess openssl;
    openssl.start(QStandardPaths::findExecutable(QStringLiteral("openssl")),
                  {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-ext"),
                   QStringLiteral("subjectAltName"), QStringLiteral("-in"), c.serverCertificate()});
    QVERIFY(openssl.waitForFinished(10000));
    const QByteArray san = openssl.readAllStandardOutput();
    QVERIFY2(san.contains("IP Address:127.0.0.1") && san.contains("DNS:localhost"),
             san.constData());
}

void TestFixture::restartOnSamePort()
{
    RedisServerOptions options;
    options.unixSocket = true;
    options.enableTls(*certificates_);
    RedisServer server(options);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const quint16 port = server.port();
    const quint16 tlsPort = server.tlsPort();
    const QString socket = server.unixSocketPath();
    const qint64 firstPid = server.pid();

    RawRedis redis(port);
    QVERIFY(redis.set("before-restart", "1"));

    server.stop();
    QVERIFY(!server.isRunning());
    QVERIFY(waitUntilGone(firstPid));
    QVERIFY(!redis.ping());
    QVERIFY(!listening(port));
    QVERIFY(!listening(tlsPort));
    server.stop(); // stopping twice is harmless

    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(server.port(), port);
    QCOMPARE(server.tlsPort(), tlsPort);
    QCOMPARE(server.unixSocketPath(), socket);
    QVERIFY(server.pid() != firstPid);
    QVERIFY(listening(tlsPort));
    // The same checker reconnects by itself; the new server starts empty.
    QVERIFY2(redis.ping(), qPrintable(redis.errorString()));
    QVERIFY(!redis.exists("before-restart"));
    RawRedis viaSocket = RawRedis::unixSocket(socket);
    QVERIFY(viaSocket.ping());
}

void TestFixture::killAndRestart()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const quint16 port = server.port();
    const qint64 pid = server.pid();
    RawRedis redis(port);
    QVERIFY(redis.ping());

    server.kill();
    QVERIFY(!server.isRunning());
    QVERIFY(waitUntilGone(pid));
    QVERIFY(!redis.ping());

    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(server.port(), port);
    QVERIFY(redis.ping());
}

void TestFixture::restartFailsWhilePortTaken()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const quint16 port = server.port();
    server.stop();
    {
        PortSquatter squatter(port);
        QVERIFY(squatter.isListening());
        // A restart must not move to another port: it retries a few times, then says why.
        QVERIFY(!server.start());
        QVERIFY(!server.isRunning());
        const QString error = server.errorString();
        QVERIFY2(error.contains(QLatin1String("Address already in use")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("gave up")), qPrintable(error));
        QCOMPARE(server.port(), port);
    }
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(server.port(), port);
    QVERIFY(server.rawClient().ping());
}

void TestFixture::clientKillAll()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawRedis killer = server.rawClient();
    RawRedis victim = server.rawClient();
    RawRedis other = server.rawClient();
    QVERIFY(victim.ping() && other.ping() && killer.ping());

    QCOMPARE(killer.clientKillAll(), 2);
    QVERIFY(killer.ping());  // SKIPME yes
    QVERIFY(!victim.ping()); // its connection is gone: reported once...
    QVERIFY2(victim.ping(), qPrintable(victim.errorString())); // ...then it reconnects
}

void TestFixture::twoServers()
{
    RedisServer first;
    RedisServer second;
    QVERIFY2(first.start(), qPrintable(first.errorString()));
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    QVERIFY(first.port() != second.port());
    QVERIFY(first.directory() != second.directory());
    RawRedis a(first.port());
    RawRedis b(second.port());
    QVERIFY(a.set("only-in-first", "1"));
    QVERIFY(!b.exists("only-in-first"));
}

void TestFixture::destructorStopsServer()
{
    qint64 pid = 0;
    quint16 port = 0;
    QString directory;
    {
        RedisServerOptions options;
        options.unixSocket = true;
        options.enableTls(*certificates_);
        RedisServer server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        pid = server.pid();
        port = server.port();
        directory = server.directory();
        QVERIFY(!processGone(pid));
    }
    // Reaped by the destructor, not merely signalled.
    QVERIFY(::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH);
    QVERIFY(!listening(port));
    QVERIFY(!QFileInfo::exists(directory));
}

void TestFixture::orphanedServerDies()
{
    // A test that crashes (or is killed by ctest) runs no destructor: the kernel must still
    // take its server down. Simulated with a copy of this executable that starts a server and
    // calls _exit().
    QProcess helper;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(orphanVariable), QStringLiteral("1"));
    helper.setProcessEnvironment(environment);
    helper.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(helper.waitForFinished(20000));
    QCOMPARE(helper.exitCode(), 0);
    const QList<QByteArray> fields = helper.readAllStandardOutput().trimmed().split(' ');
    QCOMPARE(fields.size(), 3);
    const qint64 pid = fields.at(0).toLongLong();
    const auto port = static_cast<quint16>(fields.at(1).toUInt());
    const QString directory = QString::fromLocal8Bit(fields.at(2));
    QVERIFY(pid > 0 && port > 0);
    QVERIFY2(waitUntilGone(pid), "redis-server outlived the process that started it");
    QVERIFY(QTest::qWaitFor([port] { return !listening(port); }, 3000));
    if (directory.startsWith(QDir::tempPath() + QStringLiteral("/lockscope-redis-")))
        QDir(directory).removeRecursively(); // the helper had no chance to
}

void TestFixture::startFailureIsReported()
{
    RedisServerOptions options;
    options.extraArguments = {QStringLiteral("--no-such-directive"), QStringLiteral("1")};
    RedisServer server(options);
    QVERIFY(!server.start());
    QVERIFY(!server.isRunning());
    const QString error = server.errorString();
    QVERIFY2(error.contains(QLatin1String("exited before answering")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("no-such-directive")), qPrintable(error)); // command
    QVERIFY2(error.contains(QLatin1String("Bad directive")), qPrintable(error));     // its output
    QCOMPARE(server.port(), quint16(0));
}

void TestFixture::uniqueKeys_data()
{
    QTest::addColumn<QString>("label");
    QTest::newRow("no label") << QString();
    QTest::newRow("label") << QStringLiteral("mine");
}

void TestFixture::uniqueKeys()
{
    QFETCH(QString, label);
    const std::string first = uniqueKey(label.toStdString());
    const std::string second = uniqueKey(label.toStdString());
    QVERIFY(first != second);
    const std::string prefix =
        label.isEmpty() ? "test:uniqueKeys:no_label:" : "test:uniqueKeys:label:mine:";
    QVERIFY2(first.starts_with(prefix), first.c_str());
    QVERIFY2(second.starts_with(prefix), second.c_str());
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet(orphanVariable)) {
        QCoreApplication app(argc, argv);
        return runOrphanHelper();
    }
    QCoreApplication app(argc, argv);
    TestFixture test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_fixture.moc"
