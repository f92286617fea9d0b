// Pub/Sub subscriptions on a connection of their own: channels and patterns, binary payloads,
// waiting with a deadline, cancellation, keyspace events, refusal by an ACL and a server that
// goes away, against a real redis-server.

#include "support/bytes.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/subscription.h>

#include <QElapsedTimer>
#include <QTest>

#include <optional>
#include <thread>

using namespace std::chrono_literals;
using lockscope::test::bytes;
using lockscope::test::RawRedis;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;
using lockscope::test::uniqueKey;
using redislock::Context;
using redislock::Errc;
using redislock::Message;
using redislock::Subscription;

class TestSubscription : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void receivesFromChannelsAndPatterns();
    void waitsUntilTheDeadlineThenStaysUsable();
    void cancelsPromptly();
    void hearsKeyspaceEvents();
    void refusedWithoutChannelPermission();
    void needsSomethingToListenTo();
    void breaksWhenTheServerGoesAway();

private:
    // The next message within two seconds, or a failed check.
    static std::optional<Message> nextMessage(Subscription &subscription);

    std::optional<RedisServer> server_;
    std::optional<redislock::Client> client_;
    std::optional<RawRedis> raw_;
};

void TestSubscription::initTestCase()
{
    RedisServerOptions options;
    options.notifyKeyspaceEvents = QStringLiteral("KEA");
    options.aclUsers << QStringLiteral("mute on >secret ~* +@all resetchannels");
    server_.emplace(options);
    QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    auto client = redislock::Client::fromUrl(server_->url().toStdString());
    QVERIFY(client);
    client_.emplace(std::move(*client));
    raw_.emplace(server_->rawClient());
}

std::optional<Message> TestSubscription::nextMessage(Subscription &subscription)
{
    auto message = subscription.next(Context::withTimeout(2s));
    if (!message) {
        qWarning("next: %s", message.error().message().c_str());
        return std::nullopt;
    }
    if (!*message)
        qWarning("next: no message within 2s");
    return *message;
}

void TestSubscription::receivesFromChannelsAndPatterns()
{
    const std::string channel = uniqueKey("channel");
    const std::string prefix = uniqueKey("pattern");
    auto subscription = Subscription::open(*client_, {channel}, {prefix + ":*"});
    QVERIFY2(subscription, subscription ? "" : subscription.error().message().c_str());

    const QByteArray binary("pay\0load\xff", 9);
    QCOMPARE(raw_->command({"PUBLISH", bytes(channel), binary}).integer, 1);
    auto message = nextMessage(*subscription);
    QVERIFY(message);
    QCOMPARE(bytes(message->channel), bytes(channel));
    QCOMPARE(bytes(message->payload), binary);
    QVERIFY(message->pattern.empty());

    QCOMPARE(raw_->command({"PUBLISH", bytes(prefix + ":a"), "second"}).integer, 1);
    QCOMPARE(raw_->command({"PUBLISH", bytes(prefix + "-not-matching"), "x"}).integer, 0);
    message = nextMessage(*subscription);
    QVERIFY(message);
    QCOMPARE(message->pattern, prefix + ":*");
    QCOMPARE(message->channel, prefix + ":a");
    QCOMPARE(message->payload, std::string("second"));
    QVERIFY(!subscription->broken());
}

void TestSubscription::waitsUntilTheDeadlineThenStaysUsable()
{
    const std::string channel = uniqueKey();
    auto subscription = Subscription::open(*client_, {channel});
    QVERIFY(subscription);
    QElapsedTimer timer;
    timer.start();
    auto nothing = subscription->next(Context::withTimeout(100ms));
    QVERIFY2(nothing, nothing ? "" : nothing.error().message().c_str());
    QVERIFY(!nothing->has_value());
    QVERIFY2(timer.elapsed() >= 90, "waited for the deadline");
    QVERIFY(!subscription->broken());

    raw_->command({"PUBLISH", bytes(channel), "after"});
    const auto message = nextMessage(*subscription);
    QVERIFY(message);
    QCOMPARE(message->payload, std::string("after"));
}

void TestSubscription::cancelsPromptly()
{
    auto subscription = Subscription::open(*client_, {uniqueKey()});
    QVERIFY(subscription);
    std::stop_source stop;
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(50ms);
        stop.request_stop();
    });
    QElapsedTimer timer;
    timer.start();
    auto cancelled = subscription->next(Context(stop.get_token()));
    QVERIFY(!cancelled);
    QVERIFY(cancelled.error() == Errc::cancelled);
    QVERIFY2(timer.elapsed() < 1000, "woke up within a poll slice");
    QVERIFY(!subscription->broken());
}

void TestSubscription::hearsKeyspaceEvents()
{
    auto subscription = Subscription::open(
        *client_, {"__keyevent@0__:set", "__keyevent@0__:del", "__keyevent@0__:expired"});
    QVERIFY(subscription);
    const std::string key = uniqueKey();
    QVERIFY(raw_->set(bytes(key), "v"));
    auto message = nextMessage(*subscription);
    QVERIFY(message);
    QCOMPARE(message->channel, std::string("__keyevent@0__:set"));
    QCOMPARE(message->payload, key);

    QCOMPARE(raw_->del(bytes(key)), 1);
    message = nextMessage(*subscription);
    QVERIFY(message);
    QCOMPARE(message->channel, std::string("__keyevent@0__:del"));

    QVERIFY(raw_->set(bytes(key), "v", 20ms));
    message = nextMessage(*subscription);
    QVERIFY(message && message->channel == "__keyevent@0__:set");
    message = nextMessage(*subscription);
    QVERIFY(message);
    QCOMPARE(message->channel, std::string("__keyevent@0__:expired"));
    QCOMPARE(message->payload, key);
}

void TestSubscription::refusedWithoutChannelPermission()
{
    auto mute = redislock::Client::fromUrl(
        server_->url(QStringLiteral("mute"), QStringLiteral("secret")).toStdString());
    QVERIFY(mute);
    QVERIFY(mute->ping());
    auto subscription = Subscription::open(*mute, {"news"});
    QVERIFY(!subscription);
    QVERIFY(subscription.error() == Errc::authenticationFailed);
    QVERIFY2(subscription.error().message().find("NOPERM") != std::string::npos,
             subscription.error().message().c_str());
}

void TestSubscription::needsSomethingToListenTo()
{
    auto subscription = Subscription::open(*client_, {}, {});
    QVERIFY(!subscription);
    QVERIFY(subscription.error() == Errc::invalidArgument);
}

void TestSubscription::breaksWhenTheServerGoesAway()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto client = redislock::Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    auto subscription = Subscription::open(*client, {"news"});
    QVERIFY(subscription);
    server.kill();
    auto broken = subscription->next(Context::withTimeout(5s));
    QVERIFY(!broken);
    QVERIFY2(broken.error() == Errc::connectionClosed, broken.error().message().c_str());
    QVERIFY(subscription->broken());
}

QTEST_GUILESS_MAIN(TestSubscription)
#include "tst_subscription.moc"
