#pragma once

#include "connection/connectionprofile.h"
#include "connection/connectionstate.h"
#include "connection/serverinfo.h"
#include "session/auxkeycheck.h"
#include "session/heldlock.h"
#include "session/lockaction.h"
#include "session/locksnapshot.h"
#include "session/replicacheck.h"
#include "session/resyncplan.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

class QThread;
class WriteGate;
namespace redislock {
struct ConnectionOptions;
}

// Lives on the GUI thread; all Redis I/O runs on its own worker thread(s). Never blocks.
//
// open() starts two threads: an InspectorWorker for reads (connection state, server info,
// scans, PTTL re-sync, keyspace events through a KeyEventListener) and an ActionWorker for
// writes, so that an obtain waiting on its retry strategy never holds up the table and a long
// scan never holds up an action. Both use one redislock::Client (a thread-safe pool).
//
// Each open() is a generation: its workers, threads and a context object that owns every
// connection to their signals. Retiring a generation deletes its context object, so whatever
// it still had queued is dropped by Qt. A new generation becomes current only once it has
// connected: a failed attempt to connect elsewhere leaves the working connection as it was.
//
// The session is the one owner of "this app holds it" (heldLocks()); the table and the window
// follow heldChanged. Every write goes through its WriteGate, which it also hands to the
// contention harness.
class InspectorSession : public QObject
{
    Q_OBJECT

public:
    using State = ConnectionState;

    explicit InspectorSession(QObject *parent = nullptr);
    ~InspectorSession() override; // cancels work, joins threads

    // Connects to `profile`. While the current connection is up it stays current (and its
    // locks held) until the new one has connected; then the locks of the old one are let go
    // (they expire on their server) and connectionChanged() follows.
    void open(const ConnectionProfile &profile);
    void close();
    [[nodiscard]] State state() const;
    [[nodiscard]] const ConnectionProfile &profile() const; // the current connection's
    [[nodiscard]] bool isConnecting() const;                // open() is on its way
    [[nodiscard]] bool readOnly() const;                    // profile.readOnly || setReadOnly(true)
    void setReadOnly(bool readOnly);                        // app-wide --read-only
    // The gate every write of this app asks, from any thread (the harness runner holds it).
    [[nodiscard]] std::shared_ptr<const WriteGate> writeGate() const;
    // Why no write can go out now (read-only, not connected), translated; empty when it can.
    [[nodiscard]] QString writeRefusal() const;

    // What this app holds: obtained here and not released, expired or lost.
    [[nodiscard]] bool holds(const QByteArray &key) const;
    [[nodiscard]] std::optional<HeldLock> heldLock(const QByteArray &key) const;
    [[nodiscard]] QList<HeldLock> heldLocks() const; // sorted by key

    void rescan(); // incremental SCAN of profile.effectivePattern() in pages
    void cancelScan();
    // How often each polled key's TTL is re-read (default 1 s), the budget permitting.
    void setResyncInterval(std::chrono::milliseconds interval);
    // How often the slow sweep re-reads a key that keyspace events follow (default 60 s).
    void setSweepPeriod(std::chrono::milliseconds period);
    // Commands a second that TTL re-syncs and periodic rescans may send to the server, whatever
    // the number of keys (default ResyncPlan::defaultBudget), for the connections whose profile
    // sets no budget of its own (ConnectionProfile::resyncBudget).
    void setCommandBudget(int commandsPerSecond);
    [[nodiscard]] int commandBudget() const { return commandBudget_; }
    // Asks, on the read worker, whether the replicas of the lock's master hold it; the answer
    // arrives as replicasChecked().
    void checkReplicas(const LockSnapshot &lock);
    // Reads, on the read worker, the auxiliary keys of the lock (fence counters, Redisson's
    // token, queue and lease keys, python-redis-lock's signal list); answers auxKeysChecked().
    void checkAuxKeys(const LockSnapshot &lock);
    // Scans for the auxiliary keys beside the pattern's locks and the orphans among them (with
    // their sampled memory); answers auxKeysScanned(). Reads only, allowed in read-only mode.
    void scanAuxKeys();

    // Writes. Each returns a request id; the outcome arrives as actionFinished(). In read-only
    // mode they return an id and finish at once with Outcome::refused (nothing sent).
    quint64 obtain(const ObtainRequest &request);
    // A lock this app holds; without a ttl, to the one it was obtained with.
    quint64 refresh(const QByteArray &key, std::optional<qint64> ttl = std::nullopt);
    quint64 release(const QByteArray &key); // a lock this app holds
    quint64 forceRelease(const QByteArray &key,
                         const QByteArray &shownValue); // compare-and-delete of a string
    // The lock as shown, in its format: a string compared and deleted, or the Redisson holder
    // holderField (one of shown.holderFields; empty: the only one) removed while the hash
    // holds exactly shown.hash.
    quint64 forceRelease(const LockSnapshot &shown, const QByteArray &holderField = {});
    // DEL; shownValue is what the operator saw when confirming, for the audit log.
    quint64 deleteRegardless(const QByteArray &key, const QByteArray &shownValue = {});
    // PEXPIRE ttlMs, only while the key still holds exactly shownValue (a stuck lock's fix).
    quint64 setExpiry(const QByteArray &key, const QByteArray &shownValue, qint64 ttlMs);

    // The exact command an action will run on this snapshot, for the detail pane, e.g.
    // "EVALSHA 1a2b… 1 shop:orders:42 <value>" (bytes escaped as redis-cli shows them).
    [[nodiscard]] QString commandPreview(LockAction action, const LockSnapshot &lock) const;

Q_SIGNALS:
    void stateChanged(ConnectionState state, const QString &message);
    // A new connection became current: what was listed for the previous one is gone.
    void connectionChanged(const ConnectionProfile &profile);
    void serverInfoChanged(const ServerInfo &info); // on connect, then every few seconds
    void scanStarted();
    // About how many keys the scan lists, after its first page (at most a million).
    void scanSized(quint64 keys);
    void scanProgress(quint64 scanned);
    void locksFound(const QList<LockSnapshot> &locks);  // a page, or one key re-read after an event
    void scanFinished(bool complete, quint64 scanned);  // complete=false when cancelled/failed
    void ttlsResynced(const QList<TtlSample> &samples); // periodic PTTL of known keys
    void keyRemoved(const QByteArray &key, KeyRemoval reason);
    void heldChanged(const QByteArray &key, bool held);
    void actionFinished(const ActionResult &result);
    void errorOccurred(const QString &message); // one line, for the status bar
    // Another master serves the keys now (a cluster or Sentinel failover); the table stays and
    // its reads follow the new master. An entry for the audit log and the Activity tab.
    void failoverNoticed(const ActionResult &entry);
    void replicasChecked(const ReplicaCheck &check);
    void auxKeysChecked(const AuxKeyCheck &check);
    void auxKeysScanned(const AuxKeyReport &report);

private:
    struct Generation;

    // Finishes a request without sending anything (read-only, bad input), on the next turn of
    // the event loop so that the caller has its id first.
    quint64 refuse(LockAction action, const QByteArray &key, const QByteArray &value, qint64 ttlMs,
                   const ActionMessage &message);
    // The common checks of a write: read-only, connected; empty when it may go ahead.
    [[nodiscard]] ActionMessage writeRefusalMessage() const;
    void setState(State state, const QString &message);
    [[nodiscard]] Generation *start(const ConnectionProfile &profile,
                                    const redislock::ConnectionOptions &options);
    void onGenerationState(Generation *generation, State state, const QString &message);
    void promote(Generation *generation);
    // Stops a generation's workers and drops whatever it still has queued; its held locks are
    // remembered, so that a later connection to the same server can recognise them.
    void retire(std::unique_ptr<Generation> &generation);
    void onHeld(const QByteArray &key, bool held, const QByteArray &value, qint64 ttlMs);
    void updateGate();

    State state_ = State::disconnected;
    ConnectionProfile profile_;
    bool appReadOnly_ = false;
    std::shared_ptr<WriteGate> gate_;
    quint64 nextId_ = 0;
    std::chrono::milliseconds resyncInterval_{1000};
    std::chrono::milliseconds sweepPeriod_{60000};
    int commandBudget_ = ResyncPlan::defaultBudget;

    std::unique_ptr<Generation> current_;
    std::unique_ptr<Generation> candidate_; // connecting, to replace current_ once connected
    QList<QPointer<QThread>> retiring_;     // closed, finishing in the background

    QHash<QByteArray, HeldLock> held_;
    // Locks of retired connections, by server (ConnectionOptions::displayUrl), not released:
    // they may still be ours when this app connects there again.
    QHash<QString, QList<HeldLock>> leftBehind_;
};
