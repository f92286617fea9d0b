#include "session/keyeventlistener.h"

#include <redislock/subscription.h>

#include <algorithm>
#include <chrono>

using namespace std::chrono_literals;

KeyEventListener::KeyEventListener(redislock::Client client, int db, std::stop_token sessionStop)
    : client_(std::move(client)), db_(db),
      sessionStop_(std::move(sessionStop), [this] { stop_.request_stop(); })
{}

void KeyEventListener::requestStop()
{
    stop_.request_stop();
}

void KeyEventListener::run()
{
    const std::string prefix = "__keyevent@" + std::to_string(db_) + "__:";
    const std::vector<std::string> channels{prefix + "set", prefix + "del", prefix + "expire",
                                            prefix + "expired"};
    const redislock::Context context(stop_.get_token());
    auto backoff = 250ms;
    bool wasSubscribed = false;
    while (!stop_.stop_requested()) {
        auto subscription = redislock::Subscription::open(client_, channels, {}, context);
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
            const std::string &key = (*message)->payload;
            Q_EMIT keyEvent(QByteArray::fromStdString(channel.substr(prefix.size())),
                            QByteArray(key.data(), qsizetype(key.size())));
        }
    }
}
