#pragma once

#include <redislock/client.h>

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <stop_token>

// Listens to the keyspace events the inspector cares about (__keyevent@<db>__:set, del,
// expire, expired) on a subscription of its own, in a thread of its own: a subscribed
// connection blocks on reads and can do nothing else. When the connection breaks it says so and
// subscribes again with backoff until stopped. Events published while it was not subscribed are
// lost (Pub/Sub keeps nothing), so whoever listens rescans on subscribed(true).
//
// A worker object like the session's others: its owner moves it to a QThread and queues run(),
// which returns only once stopped (requestStop(), from any thread, or the session's stop).
class KeyEventListener : public QObject
{
    Q_OBJECT

public:
    KeyEventListener(redislock::Client client, int db, std::stop_token sessionStop);

    // Thread-safe; run() returns within one poll slice.
    void requestStop();
    // On the listener's thread: subscribes, and reports until stopped.
    void run();

Q_SIGNALS:
    // event: "set", "del", "expire" or "expired".
    void keyEvent(const QByteArray &event, const QByteArray &key);
    // Subscribed (again: resubscribed is true after a loss).
    void subscribed(bool resubscribed);
    // The subscription broke, or could not be made; it keeps trying.
    void lost(const QString &message);

private:
    redislock::Client client_;
    int db_ = 0;
    std::stop_source stop_;
    std::stop_callback<std::function<void()>> sessionStop_;
};
