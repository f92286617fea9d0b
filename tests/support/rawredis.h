#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

struct redisContext;

namespace lockscope::test {

// One reply, copied out of hiredis so that it outlives the reply object.
struct RawReply
{
    enum class Type
    {
        nil,
        status,
        string,
        integer,
        array,
        error,   // the server answered with an error; `str` holds it
        ioError, // no answer: could not connect, timed out or the connection broke
    };

    Type type = Type::nil;
    QByteArray str; // string, status and error text
    qint64 integer = 0;
    QList<RawReply> elements;

    [[nodiscard]] bool isError() const noexcept
    {
        return type == Type::error || type == Type::ioError;
    }
    [[nodiscard]] bool isNil() const noexcept { return type == Type::nil; }
    // The reply as redis-cli would print it, for failure messages.
    [[nodiscard]] QString toString() const;
};

// A synchronous Redis client of its own, on hiredis's blocking API, that tests use to check
// what the library under test really did on the server (and to prepare or break state behind
// its back). It shares no code with the library, so a bug there cannot hide here.
//
// Only ever connects to 127.0.0.1 or to a Unix socket. Arguments are binary-safe. After an I/O
// error the connection is dropped and the next command connects afresh (re-sending AUTH and
// SELECT), so a checker survives a server restart.
class RawRedis
{
public:
    static constexpr std::chrono::milliseconds defaultTimeout{2000};

    // 127.0.0.1:port; AUTH with the password (and user, for an ACL user) when one is given.
    explicit RawRedis(quint16 port, QByteArray password = {}, QByteArray user = {},
                      std::chrono::milliseconds timeout = defaultTimeout);
    [[nodiscard]] static RawRedis unixSocket(const QString &path, QByteArray password = {},
                                             QByteArray user = {},
                                             std::chrono::milliseconds timeout = defaultTimeout);
    ~RawRedis();
    RawRedis(RawRedis &&other) noexcept;
    RawRedis &operator=(RawRedis &&other) noexcept;
    RawRedis(const RawRedis &) = delete;
    RawRedis &operator=(const RawRedis &) = delete;

    // Connected now, or connecting (again) succeeds.
    [[nodiscard]] bool isConnected();
    // The last I/O or server error, empty when the last command succeeded.
    [[nodiscard]] QString errorString() const { return error_; }

    // Runs one command. Server errors come back as Type::error, transport errors as
    // Type::ioError; neither throws.
    RawReply command(const QList<QByteArray> &argv);

    // SELECT db now and after every reconnect.
    bool select(int db);
    bool ping();
    // The value, or nullopt when the key does not exist (or on error: see errorString()).
    [[nodiscard]] std::optional<QByteArray> get(QByteArrayView key);
    // Milliseconds to live: -1 without expiry, -2 when the key does not exist, -3 on error.
    [[nodiscard]] qint64 pttl(QByteArrayView key);
    [[nodiscard]] bool exists(QByteArrayView key);
    // SET key value [PX ttl]; true on OK.
    bool set(QByteArrayView key, QByteArrayView value,
             std::optional<std::chrono::milliseconds> ttl = std::nullopt);
    // DEL; the number of keys deleted, -1 on error.
    qint64 del(QByteArrayView key);
    // DBSIZE of the selected database, -1 on error.
    [[nodiscard]] qint64 dbSize();
    // Every key matching the pattern (KEYS: fine on a test server), sorted.
    [[nodiscard]] QList<QByteArray> keys(QByteArrayView pattern = "*");
    bool flushAll();
    // SCRIPT FLUSH: the next EVALSHA of every script answers NOSCRIPT.
    bool scriptFlush();
    // CLIENT KILL TYPE normal SKIPME yes: breaks every other normal connection (the library's
    // pooled ones included). The number of clients killed, -1 on error.
    qint64 clientKillAll();

private:
    struct Endpoint
    {
        quint16 port = 0;
        QString unixPath;
        QByteArray user;
        QByteArray password;
        std::chrono::milliseconds timeout{defaultTimeout};
    };
    struct ContextDeleter
    {
        void operator()(redisContext *context) const noexcept;
    };

    explicit RawRedis(Endpoint endpoint);
    bool connect();
    RawReply send(const QList<QByteArray> &argv);

    Endpoint endpoint_;
    int db_ = 0;
    std::unique_ptr<redisContext, ContextDeleter> context_;
    QString error_;
};

} // namespace lockscope::test
