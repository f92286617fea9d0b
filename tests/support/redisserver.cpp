#include "redisserver.h"

#include "polling.h"
#include "tlscertificates.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope::test {

namespace {

constexpr int maxAttempts = 5;
// sockaddr_un::sun_path is 108 bytes on Linux, terminating NUL included.
constexpr qsizetype maxSocketPath = 100;

// A socket bound to 127.0.0.1:0 holds its port until closed, so that two picks in a row cannot
// return the same port.
class PortReservation
{
public:
    PortReservation() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
    ~PortReservation()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    PortReservation(const PortReservation &) = delete;
    PortReservation &operator=(const PortReservation &) = delete;

    // The port the kernel picked, 0 on failure.
    quint16 bind()
    {
        if (fd_ < 0)
            return 0;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        socklen_t length = sizeof(address);
        if (::bind(fd_, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return 0;
        return ntohs(address.sin_port);
    }

private:
    int fd_;
};

QString tlsAuthClientsValue(TlsClientAuth auth)
{
    switch (auth) {
    case TlsClientAuth::no:
        return QStringLiteral("no");
    case TlsClientAuth::yes:
        return QStringLiteral("yes");
    case TlsClientAuth::optional:
        break;
    }
    return QStringLiteral("optional");
}

QString percentEncoded(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

QString withQuery(QString url, const QString &query)
{
    if (!query.isEmpty())
        url += QLatin1Char('?') + query;
    return url;
}

} // namespace

void RedisServerOptions::enableTls(const TlsCertificates &certificates, TlsClientAuth authClients)
{
    tlsCertFile = certificates.serverCertificate();
    tlsKeyFile = certificates.serverKey();
    tlsCaFile = certificates.caCertificate();
    tlsAuthClients = authClients;
}

RedisServer::RedisServer(RedisServerOptions options)
    : options_(std::move(options)),
      dir_(QDir::tempPath() + QStringLiteral("/lockscope-redis-XXXXXX"))
{}

RedisServer::~RedisServer()
{
    stop();
}

bool RedisServer::start()
{
    if (isRunning())
        return true;
    error_.clear();
    if (!dir_.isValid()) {
        error_ = QStringLiteral("cannot create a temporary directory for redis-server: %1")
                     .arg(dir_.errorString());
        return false;
    }
    if (program_.isEmpty()) {
        program_ = qEnvironmentVariable("LOCKSCOPE_REDIS_SERVER");
        if (program_.isEmpty())
            program_ = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (program_.isEmpty()) {
            error_ = QStringLiteral("redis-server is not installed (not found in PATH; "
                                    "LOCKSCOPE_REDIS_SERVER may name it)");
            return false;
        }
    }
    if (options_.unixSocket && unixSocketPath_.isEmpty()) {
        unixSocketPath_ = dir_.filePath(QStringLiteral("redis.sock"));
        if (QFile::encodeName(unixSocketPath_).size() > maxSocketPath) {
            shortDir_ = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/lsr-XXXXXX"));
            unixSocketPath_ = shortDir_->filePath(QStringLiteral("redis.sock"));
        }
    }

    // A restart keeps its ports: tests rely on the same URL working again. A first start may
    // lose a port to another process between our pick and the server's bind: then pick anew.
    const bool restart = port_ != 0;
    for (int attempt = 1; attempt <= maxAttempts; ++attempt) {
        if (!restart && !pickPorts())
            return false;
        switch (launch()) {
        case Launch::started:
            return true;
        case Launch::failed:
            if (!restart)
                port_ = tlsPort_ = busPort_ = 0;
            return false;
        case Launch::portTaken:
            if (restart)
                QThread::msleep(200);
            break;
        }
    }
    error_ +=
        QStringLiteral("\n(gave up after %1 attempts: the port stays taken)").arg(maxAttempts);
    if (!restart)
        port_ = tlsPort_ = busPort_ = 0;
    return false;
}

bool RedisServer::pickPorts()
{
    PortReservation plain;
    PortReservation tls;
    PortReservation bus;
    port_ = plain.bind();
    tlsPort_ = options_.tlsCertFile.isEmpty() ? quint16(0) : tls.bind();
    busPort_ = options_.clusterNode ? bus.bind() : quint16(0);
    if (port_ == 0 || (!options_.tlsCertFile.isEmpty() && tlsPort_ == 0) ||
        (options_.clusterNode && busPort_ == 0)) {
        error_ = QStringLiteral("cannot find a free port on 127.0.0.1: %1")
                     .arg(QString::fromLocal8Bit(strerror(errno)));
        port_ = tlsPort_ = busPort_ = 0;
        return false;
    }
    return true;
}

RedisServer::Launch RedisServer::launch()
{
    process_ = std::make_unique<QProcess>();
    process_->setProgram(program_);
    process_->setArguments(arguments());
    process_->setWorkingDirectory(dir_.path());
    process_->setProcessChannelMode(QProcess::MergedChannels);
    process_->setStandardInputFile(QProcess::nullDevice());
    // A file, not a pipe: nobody has to read it for the server to keep running, and it is
    // still there to quote when the server fails.
    process_->setStandardOutputFile(logPath(), QIODevice::Truncate);
    const pid_t parent = ::getpid();
    process_->setChildProcessModifier([parent] {
        // Die with the test, even when it crashes or ctest kills it on timeout. Checking the
        // parent afterwards closes the race where it died before prctl.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
    });
    process_->start();
    if (!process_->waitForStarted(static_cast<int>(startTimeout.count()))) {
        fail(QStringLiteral("cannot run %1: %2").arg(program_, process_->errorString()));
        process_.reset();
        return Launch::failed;
    }

    const QDeadlineTimer deadline(startTimeout);
    while (process_->state() != QProcess::NotRunning) {
        // INFO rather than PING: it names the process that answers, so that a stranger that
        // took our port in the meantime is not mistaken for our server.
        RawRedis probe(port_, options_.password.toUtf8(), {}, std::chrono::milliseconds(250));
        const RawReply reply =
            probe.command({QByteArrayLiteral("INFO"), QByteArrayLiteral("server")});
        if (reply.type == RawReply::Type::string) {
            if (infoField(reply.str, "process_id").toLongLong() == process_->processId())
                return Launch::started;
        } else if (reply.type == RawReply::Type::error) {
            // Answers, but will not say who it is (an ACL setup without a default user):
            // ours if it is still alive a moment later.
            if (!process_->waitForFinished(100))
                return Launch::started;
        }
        if (deadline.hasExpired()) {
            fail(QStringLiteral("redis-server did not answer on 127.0.0.1:%1 within %2 ms")
                     .arg(port_)
                     .arg(startTimeout.count()));
            stop();
            return Launch::failed;
        }
        process_->waitForFinished(25);
    }

    const QString log = logTail(200);
    const bool portTaken = log.contains(QLatin1String("Address already in use"));
    fail(QStringLiteral("redis-server exited before answering (%1 %2)")
             .arg(process_->exitStatus() == QProcess::CrashExit ? QStringLiteral("crashed:")
                                                                : QStringLiteral("exit code"))
             .arg(process_->exitCode()));
    process_.reset();
    return portTaken ? Launch::portTaken : Launch::failed;
}

QStringList RedisServer::arguments() const
{
    QStringList arguments;
    // The config file comes first: redis-server reads the arguments after it as more lines.
    if (!options_.configFile.isEmpty())
        arguments << options_.configFile;
    if (options_.sentinel)
        arguments << QStringLiteral("--sentinel");
    arguments << QStringList{
        QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
        QString::number(port_), QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"),
        QStringLiteral("no"), QStringLiteral("--daemonize"), QStringLiteral("no"),
        QStringLiteral("--dir"), dir_.path(),
        // DEBUG SLEEP and friends, for timeout tests; loopback and socket only.
        QStringLiteral("--enable-debug-command"), QStringLiteral("local")};
    if (options_.clusterNode) {
        arguments << QStringLiteral("--cluster-enabled") << QStringLiteral("yes")
                  << QStringLiteral("--cluster-config-file") << QStringLiteral("nodes.conf")
                  << QStringLiteral("--cluster-port") << QString::number(busPort_);
    }
    if (!unixSocketPath_.isEmpty()) {
        arguments << QStringLiteral("--unixsocket") << unixSocketPath_
                  << QStringLiteral("--unixsocketperm") << QStringLiteral("700");
    }
    if (!options_.tlsCertFile.isEmpty()) {
        arguments << QStringLiteral("--tls-port") << QString::number(tlsPort_)
                  << QStringLiteral("--tls-cert-file") << options_.tlsCertFile
                  << QStringLiteral("--tls-key-file") << options_.tlsKeyFile;
        if (!options_.tlsCaFile.isEmpty())
            arguments << QStringLiteral("--tls-ca-cert-file") << options_.tlsCaFile;
        arguments << QStringLiteral("--tls-auth-clients")
                  << tlsAuthClientsValue(options_.tlsAuthClients);
    }
    if (!options_.password.isEmpty())
        arguments << QStringLiteral("--requirepass") << options_.password;
    for (const QString &user : options_.aclUsers) {
        // redis-server quotes every argument: one word per argument, as in redis.conf.
        arguments << QStringLiteral("--user") << user.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    if (!options_.notifyKeyspaceEvents.isEmpty())
        arguments << QStringLiteral("--notify-keyspace-events") << options_.notifyKeyspaceEvents;
    arguments << options_.extraArguments;
    return arguments;
}

void RedisServer::stop()
{
    if (!process_)
        return;
    if (process_->state() != QProcess::NotRunning) {
        process_->terminate();
        if (!process_->waitForFinished(static_cast<int>(stopTimeout.count()))) {
            process_->kill();
            process_->waitForFinished(static_cast<int>(stopTimeout.count()));
        }
    }
    process_.reset();
}

void RedisServer::kill()
{
    if (!process_)
        return;
    if (process_->state() != QProcess::NotRunning) {
        process_->kill();
        process_->waitForFinished(static_cast<int>(stopTimeout.count()));
    }
    process_.reset();
}

bool RedisServer::isRunning() const
{
    if (!process_)
        return false;
    // Lets QProcess notice an exit that happened while nobody was waiting.
    process_->waitForFinished(0);
    return process_->state() != QProcess::NotRunning;
}

qint64 RedisServer::pid() const
{
    return process_ ? process_->processId() : 0;
}

QString RedisServer::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(port_);
}

QString RedisServer::url(const QString &user, const QString &password, int db) const
{
    // One arg() call: percent-encoded text contains "%2F" and the like, which a second call
    // would take for placeholders.
    QString url = QStringLiteral("redis://%1:%2@127.0.0.1:%3")
                      .arg(percentEncoded(user), percentEncoded(password), QString::number(port_));
    if (db != 0)
        url += QLatin1Char('/') + QString::number(db);
    return url;
}

QString RedisServer::tlsUrl(const QString &query, const QString &host) const
{
    const QString name = host.isEmpty() ? this->host() : host;
    return withQuery(QStringLiteral("rediss://%1:%2").arg(name, QString::number(tlsPort_)), query);
}

QString RedisServer::unixUrl(const QString &query) const
{
    return withQuery(QStringLiteral("unix://") + unixSocketPath_, query);
}

RawRedis RedisServer::rawClient() const
{
    return RawRedis(port_, options_.password.toUtf8());
}

QString RedisServer::logPath() const
{
    return dir_.filePath(QStringLiteral("redis.log"));
}

QString RedisServer::logTail(int lines) const
{
    QFile log(logPath());
    if (!log.open(QIODevice::ReadOnly))
        return QStringLiteral("(no output: %1)").arg(log.errorString());
    const QStringList all =
        QString::fromLocal8Bit(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
}

void RedisServer::fail(const QString &what)
{
    error_ = QStringLiteral("%1\ncommand: %2 %3\nlast output of redis-server:\n%4")
                 .arg(what, program_, arguments().join(QLatin1Char(' ')), logTail());
}

} // namespace lockscope::test
