#pragma once

#include "connection/connectionprofile.h"
#include "connection/connectionstate.h"
#include "connection/serverinfo.h"
#include "session/auxkeycheck.h"
#include "session/lockaction.h"
#include "session/locksnapshot.h"
#include "session/redisglob.h"
#include "session/replicacheck.h"
#include "session/resyncplan.h"

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

// About how many keys a scan lists, from the database's size (DBSIZE; 0: unknown) and its first
// page (of a SCAN with COUNT pageCount): the first page's share of matches, times the database.
// At least the first page, at most a million (more than that is grown into as the keys come); a
// scan finished in its first page found what there is.
[[nodiscard]] qint64 estimatedScanSize(qint64 databaseKeys, qint64 firstPageKeys, qint64 pageCount,
                                       bool finished);

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
    // How often a polled key's TTL is re-read (the command budget permitting).
    void setResyncInterval(std::chrono::milliseconds interval);
    // How often the slow sweep re-reads a key whose keyspace events flow.
    void setSweepPeriod(std::chrono::milliseconds period);
    // Commands a second that re-syncs and periodic rescans may send, whatever the number of keys.
    void setCommandBudget(int commandsPerSecond);
    // Asks the replicas of the lock's master whether they hold it; answers replicasChecked.
    void checkReplicas(const LockSnapshot &lock);
    // Reads the auxiliary keys of one lock; answers auxKeysChecked. Reads only.
    void checkAuxKeys(const LockSnapshot &lock);
    // Scans for the auxiliary keys beside the pattern's locks and their orphans; answers
    // auxKeysScanned. Reads only (a scan of its own, since Redisson's and python-redis-lock's
    // keys lie outside the pattern).
    void scanAuxKeys();

Q_SIGNALS:
    void stateChanged(ConnectionState state, const QString &message);
    void serverInfoChanged(const ServerInfo &info);
    void scanStarted();
    // About how many keys the scan in progress lists (see estimatedScanSize), once, after its
    // first page: what the table and the history size themselves to.
    void scanSized(quint64 keys);
    void scanProgress(quint64 scanned);
    void locksFound(const QList<LockSnapshot> &locks);
    void scanFinished(bool complete, quint64 scanned);
    void ttlsResynced(const QList<TtlSample> &samples);
    void keyRemoved(const QByteArray &key, KeyRemoval reason);
    void errorOccurred(const QString &message);
    // Another master serves the keys now (a cluster or Sentinel failover): an Activity entry
    // (LockAction::failover) whose message is also for the status bar.
    void failoverNoticed(const ActionResult &entry);
    void replicasChecked(const ReplicaCheck &check);
    void auxKeysChecked(const AuxKeyCheck &check);
    void auxKeysScanned(const AuxKeyReport &report);

private:
    struct TopologyRelay;
    // One keyspace-event listener per master, each on a thread of its own.
    struct NodeListener
    {
        KeyEventListener *listener = nullptr;
        QThread *thread = nullptr;
        bool subscribed = false;
        bool awaited = true; // the first scan waits for its first word
    };

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
    // Whether the keyspace events of the master serving `node` reach us now.
    [[nodiscard]] bool notifiedNode(const QString &node) const;
    // The listeners changed: keys follow their master's new state in the re-sync plan.
    void renotifyPlan();
    // The plan's re-read cycles into info_; with announce, tells the status bar when they moved.
    void updateResyncInfo(bool announce);
    void applyPolicy();
    void onKeyEvent(const QByteArray &event, const QByteArray &key);
    void readPendingKeys();
    void removeKnown(const QByteArray &key, KeyRemoval reason);
    // Keys read (a scan's page, changed keys): known from now on, and scheduled for re-reads.
    void noteFound(const QList<LockSnapshot> &locks);
    void reportVanished();
    // Starts a listener on every master that publishes keyspace events, and stops those of
    // nodes that are no longer masters (or no longer publish).
    void syncListeners();
    void startListener(const QString &node);
    void stopListener(NodeListener &slot);
    void startSentinelListener();
    void onListenerWord();
    // Counts the masters listened to into info_; with announce, says so when it changed.
    void updateLiveMasters(bool announce);
    void onTopologyEvent();
    // Compares the masters now with those before and tells the operator who took over.
    void noticeFailovers(const QHash<QString, QString> &before);
    // what: the Sentinel master's name, or on a cluster the slots whose master changed.
    void announceFailover(const QString &from, const QString &to, const QString &what);
    void updateRescanInterval();
    // Every master is listened to and publishes what we need: nothing needs polling.
    [[nodiscard]] bool eventsFlow() const
    {
        return info_.liveMasters > 0 && info_.liveMasters >= info_.masters;
    }
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
    ResyncPlan::Policy policy_;
    // When each known key is re-read next, under the command budget. Its keys are the known
    // ones: reported through locksFound and not reported removed since.
    ResyncPlan plan_;
    // The scan in progress is one of the worker's own (periodic, after a reconnect), paced by
    // the command budget; a scan the operator asked for goes at full speed.
    bool scanPaced_ = false;
    bool scanSized_ = false;   // scanSized was sent for the scan in progress
    quint64 scanCommands_ = 0; // commands the paced scan in progress has sent
    QTimer *scanPaceTimer_ = nullptr;
    std::chrono::milliseconds minRescanInterval_{0}; // from the last paced scan's cost
    std::chrono::milliseconds reconnectDelay_{250};

    std::optional<redislock::KeyScanner> scanner_;
    std::stop_token scanStop_;

    // Keys whose set/expire events wait to be read, in one pipelined batch.
    QSet<QByteArray> pendingReads_;
    // Keys a re-sync found gone while keyspace events flow: the event may still be on its way
    // and tell why (expired or deleted); "vanished" only when it does not come.
    QHash<QByteArray, qint64> pendingVanished_; // key -> when it was found gone (ms)
    QElapsedTimer clock_;

    QHash<QString, NodeListener> listeners_; // by master, "host:port"
    NodeListener sentinelListener_;          // "+switch-master", on a Sentinel deployment
    bool awaitingListeners_ = false;         // the first scan waits for their first words
    // Per master: its keyspace events suffice (CONFIG GET notify-keyspace-events).
    QHash<QString, bool> notifying_;
    // Who serves what now: a cluster's masters by the first slot they serve, a Sentinel
    // deployment's master under its name; compared after every re-read to notice failovers.
    QHash<QString, QString> servedBy_;
    QString lastAnnounced_; // the last "to" of a failover notice, so that each is told once
    std::shared_ptr<TopologyRelay> relay_;
};
