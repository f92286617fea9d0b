// The one mapping of the server's error replies (replyerror.h): which kind, which code, which are
// worth retrying; as a table of texts, and with the texts a real redis-server sends.

#include "replyerror.h"
#include "support/closedport.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>

#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;
using lockscope::test::uniqueKey;
using redislock::Errc;
using redislock::Error;
using redislock::ServerError;
using redislock::detail::classifyReplyError;
using redislock::detail::replyError;

Q_DECLARE_METATYPE(redislock::ServerError)
Q_DECLARE_METATYPE(redislock::Errc)

namespace {

std::string text(const QString &value)
{
    return value.toStdString();
}

} // namespace

class TestReplyError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void mapping_data();
    void mapping();
    void redirects_data();
    void redirects();
    void connectionErrorsAreTransient_data();
    void connectionErrorsAreTransient();
    void causeIsInTheMessage();

    void realServerReplies_data();
    void realServerReplies();
    void replicaReplies();
    void clientErrorsCarryTheKind();

private:
    std::optional<RedisServer> server_;
    std::optional<redislock::Client> client_;
};

void TestReplyError::initTestCase()
{
    RedisServerOptions options;
    options.aclUsers = {u"reader on >readerpw ~* +@all -get"_s};
    server_.emplace(options);
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    auto client = redislock::Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    client_.emplace(std::move(*client));
}

void TestReplyError::mapping_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<ServerError>("kind");
    QTest::addColumn<Errc>("code");
    QTest::addColumn<bool>("transient");

    const auto row = [](const char *name, const QString &reply, ServerError kind, Errc code,
                        bool transient) {
        QTest::newRow(name) << reply << kind << code << transient;
    };
    row("NOAUTH", u"NOAUTH Authentication required."_s, ServerError::noAuth,
        Errc::authenticationFailed, false);
    row("WRONGPASS", u"WRONGPASS invalid username-password pair or user is disabled."_s,
        ServerError::wrongPass, Errc::authenticationFailed, false);
    row("NOPERM", u"NOPERM User reader has no permissions to run the 'get' command"_s,
        ServerError::noPermission, Errc::authenticationFailed, false);
    row("LOADING", u"LOADING Redis is loading the dataset in memory"_s, ServerError::loading,
        Errc::serverError, true);
    row("BUSY",
        u"BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."_s,
        ServerError::busy, Errc::serverError, true);
    row("NOSCRIPT", u"NOSCRIPT No matching script. Please use EVAL."_s, ServerError::noScript,
        Errc::serverError, false);
    row("READONLY after a failover", u"READONLY You can't write against a read only replica."_s,
        ServerError::readOnly, Errc::serverError, true);
    row("MASTERDOWN",
        u"MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."_s,
        ServerError::masterDown, Errc::serverError, true);
    row("OOM", u"OOM command not allowed when used memory > 'maxmemory'."_s,
        ServerError::outOfMemory, Errc::serverError, true);
    row("max clients", u"ERR max number of clients reached"_s, ServerError::maxClients,
        Errc::serverError, true);
    row("WRONGTYPE", u"WRONGTYPE Operation against a key holding the wrong kind of value"_s,
        ServerError::wrongType, Errc::serverError, false);
    row("a Lua error (Redis 7)",
        u"ERR user_script:1: boom script: 0123456789abcdef0123456789abcdef01234567, on @user_script:1."_s,
        ServerError::script, Errc::serverError, false);
    row("a Lua error (Redis 6)",
        u"ERR Error running script (call to f_0123): @user_script:1: boom"_s, ServerError::script,
        Errc::serverError, false);
    row("a plain ERR", u"ERR unknown command 'FOO', with args beginning with: "_s,
        ServerError::other, Errc::serverError, false);
    row("an unknown prefix", u"SOMETHING new"_s, ServerError::other, Errc::serverError, false);
    row("a prefix is a whole word", u"BUSYGROUP Consumer Group name already exists"_s,
        ServerError::other, Errc::serverError, false);
    row("empty", QString(), ServerError::other, Errc::serverError, false);
    row("MOVED", u"MOVED 3999 127.0.0.1:6381"_s, ServerError::moved, Errc::serverError, false);
    row("ASK", u"ASK 3999 127.0.0.1:6381"_s, ServerError::ask, Errc::serverError, false);
    row("TRYAGAIN", u"TRYAGAIN Multiple keys request during rehashing of slot"_s,
        ServerError::tryAgain, Errc::serverError, true);
    row("CLUSTERDOWN", u"CLUSTERDOWN The cluster is down"_s, ServerError::clusterDown,
        Errc::serverError, true);
}

void TestReplyError::mapping()
{
    QFETCH(QString, reply);
    QFETCH(ServerError, kind);
    QFETCH(Errc, code);
    QFETCH(bool, transient);
    const auto classified = classifyReplyError(text(reply));
    QCOMPARE(classified.kind, kind);
    QCOMPARE(classified.code, code);
    const Error error = replyError(text(reply), "doing something: " + text(reply));
    QVERIFY(error == code);
    QCOMPARE(error.serverError(), kind);
    QCOMPARE(error.isTransient(), transient);
    QCOMPARE(QString::fromStdString(error.message()), u"doing something: "_s + reply);
}

void TestReplyError::redirects_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<bool>("parsed");
    QTest::addColumn<int>("slot");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");

    QTest::newRow("MOVED") << u"MOVED 3999 127.0.0.1:6381"_s << true << 3999 << u"127.0.0.1"_s
                           << 6381;
    QTest::newRow("ASK to IPv6") << u"ASK 12182 [::1]:7002"_s << true << 12182 << u"::1"_s << 7002;
    QTest::newRow("a host name") << u"MOVED 0 redis-7.internal:6379"_s << true << 0
                                 << u"redis-7.internal"_s << 6379;
    QTest::newRow("no address") << u"MOVED 3999"_s << false << 0 << QString() << 0;
    QTest::newRow("a port out of range") << u"MOVED 1 h:70000"_s << false << 0 << QString() << 0;
    QTest::newRow("not a redirect") << u"ERR MOVED 1 h:1"_s << false << 0 << QString() << 0;
}

void TestReplyError::redirects()
{
    QFETCH(QString, reply);
    QFETCH(bool, parsed);
    QFETCH(int, slot);
    QFETCH(QString, host);
    QFETCH(int, port);
    const auto classified = classifyReplyError(text(reply));
    QCOMPARE(classified.redirect.has_value(), parsed);
    if (!parsed)
        return;
    QCOMPARE(classified.redirect->slot, slot);
    QCOMPARE(QString::fromStdString(classified.redirect->host), host);
    QCOMPARE(int(classified.redirect->port), port);
}

void TestReplyError::connectionErrorsAreTransient_data()
{
    QTest::addColumn<Errc>("code");
    QTest::addColumn<bool>("transient");
    QTest::newRow("connectionFailed") << Errc::connectionFailed << true;
    QTest::newRow("timeout") << Errc::timeout << true;
    QTest::newRow("connectionClosed") << Errc::connectionClosed << true;
    QTest::newRow("protocolError") << Errc::protocolError << false;
    QTest::newRow("tlsError") << Errc::tlsError << false;
    QTest::newRow("invalidArgument") << Errc::invalidArgument << false;
    QTest::newRow("notObtained") << Errc::notObtained << false;
    QTest::newRow("a serverError of no known kind") << Errc::serverError << false;
}

void TestReplyError::connectionErrorsAreTransient()
{
    QFETCH(Errc, code);
    QFETCH(bool, transient);
    QCOMPARE(Error(code, "x").isTransient(), transient);
}

void TestReplyError::causeIsInTheMessage()
{
    const Error cause(Errc::timeout, "no reply from 127.0.0.1:1 before the caller's deadline");
    const Error error(Errc::deadlineExceeded, "lock on \"k\" not obtained before the deadline",
                      cause);
    QVERIFY(error == Errc::deadlineExceeded);
    QVERIFY(error == redislock::ErrNotObtained);
    QVERIFY(error.cause() != nullptr);
    QVERIFY(*error.cause() == Errc::timeout);
    QCOMPARE(error.message(), "lock on \"k\" not obtained before the deadline: no reply from "
                              "127.0.0.1:1 before the caller's deadline");
    const Error copy = error; // causes are shared by copies
    QCOMPARE(copy.message(), error.message());
    QVERIFY(Error(Errc::timeout, "x").cause() == nullptr);
}

void TestReplyError::realServerReplies_data()
{
    QTest::addColumn<QStringList>("setup");
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<ServerError>("kind");
    QTest::addColumn<bool>("transient");

    const QString key = QString::fromStdString(uniqueKey());
    QTest::newRow("NOSCRIPT after SCRIPT FLUSH")
        << QStringList{u"SCRIPT"_s, u"FLUSH"_s}
        << QStringList{u"EVALSHA"_s, u"0123456789abcdef0123456789abcdef01234567"_s, u"0"_s}
        << ServerError::noScript << false;
    QTest::newRow("a Lua error") << QStringList{}
                                 << QStringList{u"EVAL"_s, u"error('boom')"_s, u"0"_s}
                                 << ServerError::script << false;
    QTest::newRow("a command failing inside a script")
        << QStringList{u"SET"_s, key + u":string"_s, u"v"_s}
        << QStringList{u"EVAL"_s, u"return redis.call('LPUSH', KEYS[1], 'x')"_s, u"1"_s,
                       key + u":string"_s}
        << ServerError::wrongType << false;
    QTest::newRow("WRONGTYPE") << QStringList{u"LPUSH"_s, key + u":list"_s, u"x"_s}
                               << QStringList{u"GET"_s, key + u":list"_s} << ServerError::wrongType
                               << false;
    QTest::newRow("a plain ERR") << QStringList{} << QStringList{u"NOSUCHCOMMAND"_s}
                                 << ServerError::other << false;
}

void TestReplyError::realServerReplies()
{
    QFETCH(QStringList, setup);
    QFETCH(QStringList, command);
    QFETCH(ServerError, kind);
    QFETCH(bool, transient);
    const auto argv = [](const QStringList &list) {
        std::vector<std::string> out;
        for (const QString &item : list)
            out.push_back(item.toStdString());
        return out;
    };
    if (!setup.isEmpty())
        QVERIFY(client_->command(argv(setup)));
    const auto reply = client_->command(argv(command));
    QVERIFY2(reply, reply ? "" : reply.error().message().c_str());
    QVERIFY2(reply->isError(), reply->text.c_str());
    const Error error = replyError(reply->text, reply->text);
    QVERIFY2(error.serverError() == kind, reply->text.c_str());
    QCOMPARE(error.isTransient(), transient);
}

void TestReplyError::replicaReplies()
{
    // A replica of a master that is not there: writes are READONLY (as after a failover demoted
    // the server we talk to); with replica-serve-stale-data no, reads are MASTERDOWN.
    const quint16 nobody = lockscope::test::closedLoopbackPort();
    QVERIFY(nobody != 0);
    RedisServerOptions options;
    options.extraArguments = {u"--replicaof"_s, u"127.0.0.1"_s, QString::number(nobody)};
    RedisServer replica(options);
    QVERIFY2(replica.start(), qPrintable(replica.errorString()));
    auto client = redislock::Client::fromUrl(replica.url().toStdString());
    QVERIFY(client);

    auto write = client->command({"SET", uniqueKey(), "v"});
    QVERIFY(write && write->isError());
    const Error readOnly = replyError(write->text, write->text);
    QVERIFY2(readOnly.serverError() == ServerError::readOnly, write->text.c_str());
    QVERIFY(readOnly.isTransient());

    QVERIFY(client->command({"CONFIG", "SET", "replica-serve-stale-data", "no"}));
    auto read = client->command({"GET", uniqueKey()});
    QVERIFY(read && read->isError());
    const Error masterDown = replyError(read->text, read->text);
    QVERIFY2(masterDown.serverError() == ServerError::masterDown, read->text.c_str());
    QVERIFY(masterDown.isTransient());
}

void TestReplyError::clientErrorsCarryTheKind()
{
    // Through the client's own paths: the handshake (a wrong password), a command refused by
    // the ACL, and a server that wants a password it was not given.
    const std::string base = "redis://reader:wrong@127.0.0.1:" + std::to_string(server_->port());
    auto wrong = redislock::Client::fromUrl(base);
    QVERIFY(wrong);
    auto pinged = wrong->ping();
    QVERIFY(!pinged);
    QVERIFY(pinged.error() == Errc::authenticationFailed);
    QVERIFY(pinged.error().serverError() == ServerError::wrongPass);
    QVERIFY(!pinged.error().isTransient());

    auto reader = redislock::Client::fromUrl("redis://reader:readerpw@127.0.0.1:" +
                                             std::to_string(server_->port()));
    QVERIFY(reader);
    // deleteKeys() maps DEL's error reply: take DEL away from the reader.
    QVERIFY(client_->command({"ACL", "SETUSER", "reader", "-del"}));
    auto deleted = reader->deleteKeys({uniqueKey()});
    QVERIFY(!deleted);
    QVERIFY2(deleted.error() == Errc::authenticationFailed, deleted.error().message().c_str());
    QVERIFY(deleted.error().serverError() == ServerError::noPermission);
    QVERIFY(!deleted.error().isTransient());

    RedisServerOptions options;
    options.password = u"sesame"_s;
    RedisServer locked(options);
    QVERIFY2(locked.start(), qPrintable(locked.errorString()));
    auto anonymous = redislock::Client::fromUrl(locked.url().toStdString());
    QVERIFY(anonymous);
    auto refused = anonymous->ping();
    QVERIFY(!refused);
    QVERIFY(refused.error() == Errc::authenticationFailed);
    QVERIFY(refused.error().serverError() == ServerError::noAuth);
}

QTEST_GUILESS_MAIN(TestReplyError)
#include "tst_replyerror.moc"
