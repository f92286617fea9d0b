#pragma once

#include "connection/connectionprofile.h"
#include "connection/connectionstate.h"
#include "connection/serverinfo.h"
#include "session/locksnapshot.h"
#include "session/redisglob.h"

#include <redislock/client.h>
#include <redislock/keyscanner.h>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>

#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>

class KeyEventListener;
class QThread;
class QTimer;
class ScanControl;

// The reading half of an InspectorSession, on a thread of its own: connection state and
// reconnects, server info, paged scans, the PTTL re-sync of known keys and the keyspace events
// of a KeyEventListener. Every call into the core blocks this thread only. Scans advance one page
// per event-loop turn, so that re-syncs, events and cancellation are served between pages.
class InspectorWorker : public QObject
{
    Q_OBJECT

public:
    using State = ConnectionState;

    InspectorWorker(redislock::Client client, ConnectionProfile profile, std::stop_token stop,
                    std::shared_ptr<ScanControl> scans);
    ~InspectorWorker() override;

    // All of these run on the worker's thread (queued calls from the session).
    void start();
    void startScan(std::stop_token token);
    void setResyncInterval(std::chrono::milliseconds interval);

Q_SIGNALS:
    void stateChanged(ConnectionState state, const QString &message);
    void serverInfoChanged(const ServerInfo &info);
    void scanStarted();
    void scanProgress(quint64 scanned);
    void locksFound(const QList<LockSnapshot> &locks);
    void scanFinished(bool complete, quint64 scanned);
    void ttlsResynced(const QList<TtlSample> &samples);
    void keyRemoved(const QByteArray &key, KeyRemoval reason);
    void errorOccurred(const QString &message);

private:
    void connectNow();
    void tryReconnect();
    // Handles a failed call: a lost connection starts reconnecting; anything else is reported.
    // False when the connection was lost.
    bool handleError(const redislock::Error &error, const QString &doing);
    void enterConnected(const QString &message);
    [[nodiscard]] std::optional<ServerInfo> readServerInfo(redislock::Error &error);
    void refreshServerInfo();
    void autoScan();
    void scanStep();
    void endScan(bool complete);
    void resync();
    void onKeyEvent(const QByteArray &event, const QByteArray &key);
    void readPendingKeys();
    void removeKnown(const QByteArray &key, KeyRemoval reason);
    void reportVanished();
    void startListener();
    void updateRescanInterval();
    // Subscribed, and the server (still) publishes what we need.
    [[nodiscard]] bool eventsFlow() const { return listening_ && info_.keyspaceNotifications; }
    [[nodiscard]] QList<LockSnapshot> readKeys(const QList<QByteArray> &keys,
                                               redislock::Error &error, bool &ok);
    [[nodiscard]] redislock::Context context() const { return redislock::Context(stop_); }

    redislock::Client client_;
    ConnectionProfile profile_;
    RedisGlob glob_;
    std::stop_token stop_;
    std::shared_ptr<ScanControl> scans_;
    State state_ = State::connecting;
    ServerInfo info_;

    QTimer *resyncTimer_ = nullptr;
    QTimer *infoTimer_ = nullptr;
    QTimer *rescanTimer_ = nullptr;
    QTimer *reconnectTimer_ = nullptr;
    QTimer *readTimer_ = nullptr;
    QTimer *vanishTimer_ = nullptr;
    std::chrono::milliseconds resyncInterval_{1000};
    std::chrono::milliseconds reconnectDelay_{250};

    std::optional<redislock::KeyScanner> scanner_;
    std::stop_token scanStop_;

    // Keys reported through locksFound and not reported removed since.
    QSet<QByteArray> known_;
    // Keys whose set/expire events wait to be read, in one pipelined batch.
    QSet<QByteArray> pendingReads_;
    // Keys a re-sync found gone while keyspace events flow: the event may still be on its way
    // and tell why (expired or deleted); "vanished" only when it does not come.
    QHash<QByteArray, qint64> pendingVanished_; // key -> when it was found gone (ms)
    QElapsedTimer clock_;

    KeyEventListener *listener_ = nullptr; // runs on listenerThread_
    QThread *listenerThread_ = nullptr;
    bool listening_ = false;
    bool awaitingListener_ = false; // the first scan waits for the listener's first word
};
