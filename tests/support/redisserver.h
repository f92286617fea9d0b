#pragma once

#include "rawredis.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

class QProcess;

namespace lockscope::test {

class TlsCertificates;

// tls-auth-clients: whether the TLS port asks for a client certificate.
enum class TlsClientAuth
{
    no,
    optional,
    yes,
};

// What kind of server RedisServer starts. The default: a plain server on a free loopback port,
// without persistence, password or notifications.
struct RedisServerOptions
{
    // Also listen on a Unix socket (mode 700) in the server's temporary directory.
    bool unixSocket = false;

    // Also listen with TLS on a second free port, with these files; empty: no TLS. The plain
    // port stays open, so that checks can use RawRedis.
    QString tlsCertFile;
    QString tlsKeyFile;
    QString tlsCaFile;
    TlsClientAuth tlsAuthClients = TlsClientAuth::optional;

    // requirepass: the default user's password.
    QString password;
    // ACL users, one rule line each, as after "user" in redis.conf:
    // "alice on >secret ~* +@all". Split on blanks: passwords cannot contain any.
    QStringList aclUsers;
    // notify-keyspace-events, for example "KEA"; empty: off.
    QString notifyKeyspaceEvents;
    // Anything else, passed as it is: {"--maxclients", "20"}.
    QStringList extraArguments;

    // A Redis Cluster node: cluster-enabled, its nodes.conf in the server's directory (so that a
    // restart keeps the node's identity) and a cluster bus port of its own, picked free like the
    // client port rather than left at the default client port + 10000, which may be taken.
    bool clusterNode = false;
    // A config file to load before the arguments; a sentinel needs one, as it rewrites it.
    QString configFile;
    // Runs as a Redis Sentinel (redis-server CONFIGFILE --sentinel); needs configFile.
    bool sentinel = false;

    // Serves TLS with the server certificate of `certificates` (the paths are copied).
    void enableTls(const TlsCertificates &certificates,
                   TlsClientAuth authClients = TlsClientAuth::optional);
};

// A real redis-server child process on free loopback ports, for one test or one suite.
//
// start() picks free ports (binding port 0 on 127.0.0.1), launches the server and waits until it
// answers PING; when another process grabbed a port in between, it tries again with new ones. The
// server is stopped by stop() and by the destructor, so a failing QVERIFY cannot leak it; and it
// gets SIGKILL from the kernel when the thread that started it dies (PR_SET_PDEATHSIG), so not
// even a crash or a ctest timeout leaks it. start() after stop() or kill() brings the server back
// on the SAME ports (an empty server: nothing is persisted), for "the server went away" tests.
//
//     RedisServer server;
//     QVERIFY2(server.start(), qPrintable(server.errorString()));
//     auto client = redislock::Client::fromUrl(server.url().toStdString());
class RedisServer
{
public:
    static constexpr std::chrono::milliseconds startTimeout{5000};
    static constexpr std::chrono::milliseconds stopTimeout{3000};

    explicit RedisServer(RedisServerOptions options = {});
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    // Starts the server and waits until it answers. False with errorString() otherwise: what
    // failed, the command line and the tail of the server's output.
    [[nodiscard]] bool start();
    // SIGTERM, then SIGKILL when it has not exited after stopTimeout. Does nothing when stopped.
    void stop();
    // SIGKILL at once: the server vanishes without closing anything gracefully.
    void kill();
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] QString errorString() const { return error_; }

    [[nodiscard]] QString host() const { return QStringLiteral("127.0.0.1"); }
    // 0 before the first start(); then fixed for the life of this object.
    [[nodiscard]] quint16 port() const { return port_; }
    [[nodiscard]] quint16 tlsPort() const { return tlsPort_; }
    // The cluster bus port of a cluster node (options.clusterNode), else 0.
    [[nodiscard]] quint16 clusterBusPort() const { return busPort_; }
    // Empty unless options.unixSocket.
    [[nodiscard]] QString unixSocketPath() const { return unixSocketPath_; }
    [[nodiscard]] qint64 pid() const;
    [[nodiscard]] const RedisServerOptions &options() const { return options_; }
    // The server's working directory (--dir), also holding its log and socket.
    [[nodiscard]] QString directory() const { return dir_.path(); }

    // "redis://127.0.0.1:PORT".
    [[nodiscard]] QString url() const;
    // "redis://USER:PASSWORD@127.0.0.1:PORT[/DB]", user and password percent-encoded.
    [[nodiscard]] QString url(const QString &user, const QString &password, int db = 0) const;
    // "rediss://HOST:TLSPORT[?QUERY]"; HOST is 127.0.0.1 unless given (say, "localhost").
    // TlsCertificates::urlQuery() makes the usual query.
    [[nodiscard]] QString tlsUrl(const QString &query = {}, const QString &host = {}) const;
    // "unix:///path/to/redis.sock[?QUERY]".
    [[nodiscard]] QString unixUrl(const QString &query = {}) const;

    // A checker on the plain port, authenticated as the default user when a password is set.
    [[nodiscard]] RawRedis rawClient() const;
    // The last lines of the server's output (its log), for failure messages.
    [[nodiscard]] QString logTail(int lines = 30) const;

private:
    enum class Launch
    {
        started,
        portTaken,
        failed,
    };

    bool pickPorts();
    Launch launch();
    [[nodiscard]] QStringList arguments() const;
    [[nodiscard]] QString logPath() const;
    void fail(const QString &what);

    RedisServerOptions options_;
    QTemporaryDir dir_;
    std::unique_ptr<QTemporaryDir> shortDir_; // when dir_'s path is too long for a socket
    QString program_;
    quint16 port_ = 0;
    quint16 tlsPort_ = 0;
    quint16 busPort_ = 0;
    QString unixSocketPath_;
    std::unique_ptr<QProcess> process_;
    QString error_;
};

} // namespace lockscope::test
