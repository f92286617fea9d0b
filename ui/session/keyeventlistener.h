#pragma once

#include <redislock/client.h>

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <stop_token>

// Listens on a subscription of its own, in a thread of its own: a subscribed connection blocks
// on reads and can do nothing else. When the connection breaks it says so and subscribes again
// with backoff until stopped. Messages published while it was not subscribed are lost (Pub/Sub
// keeps nothing), so whoever listens rescans on subscribed(true).
//
// Two kinds, one loop:
// - keyspace events the inspector cares about (__keyevent@<db>__:set, del, expire, expired, and
//   hset, hincrby, hdel for the hashes of Redisson locks) of one node: on a cluster every
//   master publishes only the events of its own keys, so there is one listener per master;
// - a Sentinel deployment's "+switch-master" events for the monitored master, from the first
//   Sentinel that accepts the subscription.
//
// A worker object like the session's others: its owner moves it to a QThread and queues run(),
// which returns only once stopped (requestStop(), from any thread, or the session's stop).
class KeyEventListener : public QObject
{
    Q_OBJECT

public:
    // Keyspace events of `node` ("host:port" as Client::masters() names it).
    KeyEventListener(redislock::Client client, int db, QString node, std::stop_token sessionStop);
    // "+switch-master" of the client's Sentinels, for its master name.
    static KeyEventListener *forSentinels(redislock::Client client, std::stop_token sessionStop);

    [[nodiscard]] QString node() const { return node_; }

    // Thread-safe; run() returns within one poll slice.
    void requestStop();
    // On the listener's thread: subscribes, and reports until stopped.
    void run();

Q_SIGNALS:
    // event: "set", "del", "expire" or "expired".
    void keyEvent(const QByteArray &event, const QByteArray &key);
    // The Sentinels moved the monitored master (failed it over): "host:port" before and after.
    void masterSwitched(const QString &from, const QString &to);
    // Subscribed (again: resubscribed is true after a loss).
    void subscribed(bool resubscribed);
    // The subscription broke, or could not be made; it keeps trying.
    void lost(const QString &message);

private:
    KeyEventListener(redislock::Client client, std::stop_token sessionStop);
    void onSentinelMessage(const std::string &payload);

    redislock::Client client_;
    int db_ = 0;
    QString node_; // empty: the Sentinels
    std::stop_source stop_;
    std::stop_callback<std::function<void()>> sessionStop_;
};
