#include "session/keyeventlistener.h"

#include <redislock/subscription.h>

#include <QStringList>

#include <algorithm>
#include <chrono>

using namespace std::chrono_literals;

namespace {

constexpr std::string_view switchMaster = "+switch-master";

} // namespace

KeyEventListener::KeyEventListener(redislock::Client client, int db, QString node,
                                   std::stop_token sessionStop)
    : client_(std::move(client)), db_(db), node_(std::move(node)),
      sessionStop_(std::move(sessionStop), [this] { stop_.request_stop(); })
{}

KeyEventListener::KeyEventListener(redislock::Client client, std::stop_token sessionStop)
    : client_(std::move(client)),
      sessionStop_(std::move(sessionStop), [this] { stop_.request_stop(); })
{}

KeyEventListener *KeyEventListener::forSentinels(redislock::Client client,
                                                 std::stop_token sessionStop)
{
    return new KeyEventListener(std::move(client), std::move(sessionStop));
}

void KeyEventListener::requestStop()
{
    stop_.request_stop();
}

void KeyEventListener::onSentinelMessage(const std::string &payload)
{
    // "<master name> <old ip> <old port> <new ip> <new port>"
    const QStringList words = QString::fromStdString(payload).split(u' ', Qt::SkipEmptyParts);
    if (words.size() != 5 ||
        words[0] != QString::fromStdString(client_.connectionOptions().masterName))
        return;
    const auto address = [](const QString &host, const QString &port) {
        return host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host, port)
                                   : QStringLiteral("%1:%2").arg(host, port);
    };
    Q_EMIT masterSwitched(address(words[1], words[2]), address(words[3], words[4]));
}

void KeyEventListener::run()
{
    const bool sentinel = node_.isEmpty();
    const std::string prefix = "__keyevent@" + std::to_string(db_) + "__:";
    const std::vector<std::string> channels =
        sentinel ? std::vector<std::string>{std::string(switchMaster)}
                 : std::vector<std::string>{prefix + "set",     prefix + "del",  prefix + "expire",
                                            prefix + "expired", prefix + "hset", prefix + "hincrby",
                                            prefix + "hdel"};
    const std::string node = node_.toStdString();
    const redislock::Context context(stop_.get_token());
    auto backoff = 250ms;
    bool wasSubscribed = false;
    while (!stop_.stop_requested()) {
        auto subscription =
            sentinel ? redislock::Subscription::openOnSentinel(client_, channels, context)
                     : redislock::Subscription::openOn(client_, node, channels, {}, context);
        if (!subscription) {
            if (subscription.error() == redislock::Errc::cancelled)
                return;
            Q_EMIT lost(QString::fromStdString(subscription.error().message()));
            if (!context.sleepFor(backoff))
                return;
            backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
            continue;
        }
        backoff = 250ms;
        Q_EMIT subscribed(wasSubscribed);
        wasSubscribed = true;
        for (;;) {
            auto message = subscription->next(context);
            if (!message) {
                if (message.error() == redislock::Errc::cancelled)
                    return;
                Q_EMIT lost(QString::fromStdString(message.error().message()));
                break;
            }
            if (!*message)
                continue;
            const std::string &channel = (*message)->channel;
            const std::string &payload = (*message)->payload;
            if (sentinel) {
                if (channel == switchMaster)
                    onSentinelMessage(payload);
                continue;
            }
            Q_EMIT keyEvent(QByteArray::fromStdString(channel.substr(prefix.size())),
                            QByteArray(payload.data(), qsizetype(payload.size())));
        }
    }
}
