#include "rawredis.h"

#include <QFile>
#include <QStringList>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <sys/time.h>
#include <vector>

namespace lockscope::test {

namespace {

struct ReplyDeleter
{
    void operator()(redisReply *reply) const noexcept { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

timeval toTimeval(std::chrono::milliseconds timeout)
{
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    return tv;
}

QByteArray bytes(const char *data, size_t length)
{
    return QByteArray(data, static_cast<qsizetype>(length));
}

RawReply convert(const redisReply &reply)
{
    RawReply result;
    switch (reply.type) {
    case REDIS_REPLY_STRING:
        result.type = RawReply::Type::string;
        result.str = bytes(reply.str, reply.len);
        break;
    case REDIS_REPLY_STATUS:
        result.type = RawReply::Type::status;
        result.str = bytes(reply.str, reply.len);
        break;
    case REDIS_REPLY_ERROR:
        result.type = RawReply::Type::error;
        result.str = bytes(reply.str, reply.len);
        break;
    case REDIS_REPLY_INTEGER:
        result.type = RawReply::Type::integer;
        result.integer = reply.integer;
        break;
    case REDIS_REPLY_ARRAY:
        result.type = RawReply::Type::array;
        result.elements.reserve(static_cast<qsizetype>(reply.elements));
        for (size_t i = 0; i < reply.elements; ++i)
            result.elements.append(convert(*reply.element[i]));
        break;
    case REDIS_REPLY_NIL:
    default:
        result.type = RawReply::Type::nil;
        break;
    }
    return result;
}

RawReply ioError(const QString &message)
{
    RawReply reply;
    reply.type = RawReply::Type::ioError;
    reply.str = message.toUtf8();
    return reply;
}

} // namespace

QString RawReply::toString() const
{
    switch (type) {
    case Type::nil:
        return QStringLiteral("(nil)");
    case Type::status:
        return QString::fromUtf8(str);
    case Type::string:
        return QLatin1Char('"') + QString::fromLatin1(str.toPercentEncoding(" :/@{}[],=+")) +
               QLatin1Char('"');
    case Type::integer:
        return QStringLiteral("(integer) %1").arg(integer);
    case Type::error:
        return QStringLiteral("(error) %1").arg(QString::fromUtf8(str));
    case Type::ioError:
        return QStringLiteral("(I/O error) %1").arg(QString::fromUtf8(str));
    case Type::array: {
        QStringList parts;
        for (const RawReply &element : elements)
            parts.append(element.toString());
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    }
    return {};
}

void RawRedis::ContextDeleter::operator()(redisContext *context) const noexcept
{
    redisFree(context);
}

RawRedis::RawRedis(quint16 port, QByteArray password, QByteArray user,
                   std::chrono::milliseconds timeout)
    : RawRedis(Endpoint{port, {}, std::move(user), std::move(password), timeout})
{}

RawRedis RawRedis::unixSocket(const QString &path, QByteArray password, QByteArray user,
                              std::chrono::milliseconds timeout)
{
    return RawRedis(Endpoint{0, path, std::move(user), std::move(password), timeout});
}

RawRedis::RawRedis(Endpoint endpoint) : endpoint_(std::move(endpoint))
{
    connect();
}

RawRedis::~RawRedis() = default;
RawRedis::RawRedis(RawRedis &&other) noexcept = default;
RawRedis &RawRedis::operator=(RawRedis &&other) noexcept = default;

bool RawRedis::connect()
{
    context_.reset();
    const QString where = endpoint_.unixPath.isEmpty()
                              ? QStringLiteral("127.0.0.1:%1").arg(endpoint_.port)
                              : endpoint_.unixPath;
    const timeval timeout = toTimeval(endpoint_.timeout);
    std::unique_ptr<redisContext, ContextDeleter> context(
        endpoint_.unixPath.isEmpty()
            ? redisConnectWithTimeout("127.0.0.1", endpoint_.port, timeout)
            : redisConnectUnixWithTimeout(QFile::encodeName(endpoint_.unixPath).constData(),
                                          timeout));
    if (!context) {
        error_ = QStringLiteral("cannot connect to %1: out of memory").arg(where);
        return false;
    }
    if (context->err != 0) {
        error_ = QStringLiteral("cannot connect to %1: %2")
                     .arg(where, QString::fromLocal8Bit(context->errstr));
        return false;
    }
    if (redisSetTimeout(context.get(), timeout) != REDIS_OK) {
        error_ = QStringLiteral("cannot set the timeout on %1").arg(where);
        return false;
    }
    context_ = std::move(context);

    if (!endpoint_.password.isEmpty()) {
        QList<QByteArray> auth{QByteArrayLiteral("AUTH")};
        if (!endpoint_.user.isEmpty())
            auth.append(endpoint_.user);
        auth.append(endpoint_.password);
        if (const RawReply reply = send(auth); reply.isError()) {
            context_.reset();
            error_ = QStringLiteral("AUTH on %1 failed: %2").arg(where, reply.toString());
            return false;
        }
    }
    if (db_ != 0) {
        if (const RawReply reply = send({QByteArrayLiteral("SELECT"), QByteArray::number(db_)});
            reply.isError()) {
            context_.reset();
            error_ = QStringLiteral("SELECT %1 on %2 failed: %3")
                         .arg(QString::number(db_), where, reply.toString());
            return false;
        }
    }
    error_.clear();
    return true;
}

RawReply RawRedis::send(const QList<QByteArray> &argv)
{
    std::vector<const char *> arguments;
    std::vector<size_t> lengths;
    arguments.reserve(static_cast<size_t>(argv.size()));
    lengths.reserve(static_cast<size_t>(argv.size()));
    for (const QByteArray &argument : argv) {
        arguments.push_back(argument.constData());
        lengths.push_back(static_cast<size_t>(argument.size()));
    }
    const ReplyPtr reply(static_cast<redisReply *>(redisCommandArgv(
        context_.get(), static_cast<int>(arguments.size()), arguments.data(), lengths.data())));
    if (!reply) {
        // hiredis marks the context as failed for good: never reuse it.
        const QString message = QString::fromLocal8Bit(context_->errstr);
        context_.reset();
        return ioError(message.isEmpty() ? QStringLiteral("connection lost") : message);
    }
    return convert(*reply);
}

bool RawRedis::isConnected()
{
    return context_ || connect();
}

RawReply RawRedis::command(const QList<QByteArray> &argv)
{
    if (argv.isEmpty()) {
        error_ = QStringLiteral("empty command");
        return ioError(error_);
    }
    if (!context_ && !connect())
        return ioError(error_);
    RawReply reply = send(argv);
    if (reply.isError())
        error_ = QString::fromUtf8(reply.str);
    else
        error_.clear();
    return reply;
}

bool RawRedis::select(int db)
{
    const RawReply reply = command({QByteArrayLiteral("SELECT"), QByteArray::number(db)});
    if (reply.isError())
        return false;
    db_ = db;
    return true;
}

bool RawRedis::ping()
{
    const RawReply reply = command({QByteArrayLiteral("PING")});
    return reply.type == RawReply::Type::status && reply.str == "PONG";
}

std::optional<QByteArray> RawRedis::get(QByteArrayView key)
{
    const RawReply reply = command({QByteArrayLiteral("GET"), key.toByteArray()});
    if (reply.type != RawReply::Type::string)
        return std::nullopt;
    return reply.str;
}

qint64 RawRedis::pttl(QByteArrayView key)
{
    const RawReply reply = command({QByteArrayLiteral("PTTL"), key.toByteArray()});
    return reply.type == RawReply::Type::integer ? reply.integer : -3;
}

bool RawRedis::exists(QByteArrayView key)
{
    const RawReply reply = command({QByteArrayLiteral("EXISTS"), key.toByteArray()});
    return reply.type == RawReply::Type::integer && reply.integer == 1;
}

bool RawRedis::set(QByteArrayView key, QByteArrayView value,
                   std::optional<std::chrono::milliseconds> ttl)
{
    QList<QByteArray> argv{QByteArrayLiteral("SET"), key.toByteArray(), value.toByteArray()};
    if (ttl) {
        argv.append(QByteArrayLiteral("PX"));
        argv.append(QByteArray::number(static_cast<qint64>(ttl->count())));
    }
    const RawReply reply = command(argv);
    return reply.type == RawReply::Type::status && reply.str == "OK";
}

qint64 RawRedis::del(QByteArrayView key)
{
    const RawReply reply = command({QByteArrayLiteral("DEL"), key.toByteArray()});
    return reply.type == RawReply::Type::integer ? reply.integer : -1;
}

qint64 RawRedis::dbSize()
{
    const RawReply reply = command({QByteArrayLiteral("DBSIZE")});
    return reply.type == RawReply::Type::integer ? reply.integer : -1;
}

QList<QByteArray> RawRedis::keys(QByteArrayView pattern)
{
    const RawReply reply = command({QByteArrayLiteral("KEYS"), pattern.toByteArray()});
    QList<QByteArray> result;
    for (const RawReply &element : reply.elements)
        result.append(element.str);
    std::sort(result.begin(), result.end());
    return result;
}

bool RawRedis::flushAll()
{
    return !command({QByteArrayLiteral("FLUSHALL")}).isError();
}

bool RawRedis::scriptFlush()
{
    return !command({QByteArrayLiteral("SCRIPT"), QByteArrayLiteral("FLUSH")}).isError();
}

qint64 RawRedis::clientKillAll()
{
    const RawReply reply = command({QByteArrayLiteral("CLIENT"), QByteArrayLiteral("KILL"),
                                    QByteArrayLiteral("TYPE"), QByteArrayLiteral("normal"),
                                    QByteArrayLiteral("SKIPME"), QByteArrayLiteral("yes")});
    return reply.type == RawReply::Type::integer ? reply.integer : -1;
}

} // namespace lockscope::test
