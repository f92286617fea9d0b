#pragma once

#include "connection/connectionprofile.h"
#include "connection/serverinfo.h"
#include "session/lockaction.h"
#include "session/locksnapshot.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <chrono>
#include <memory>
#include <stop_token>

class ActionWorker;
class InspectorWorker;
class QThread;
class ScanControl;

// Lives on the GUI thread; all Redis I/O runs on its own worker thread(s). Never blocks.
//
// open() starts two threads: an InspectorWorker for reads (connection state, server info,
// scans, PTTL re-sync, keyspace events through a KeyEventListener thread) and an ActionWorker
// for writes, so that an obtain waiting on its retry strategy never holds up the table and a long
// scan never holds up an action. Both use one redislock::Client (a thread-safe pool).
class InspectorSession : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        disconnected,
        connecting,
        connected,
        reconnecting
    };
    Q_ENUM(State)

    explicit InspectorSession(QObject *parent = nullptr);
    ~InspectorSession() override; // cancels work, joins threads

    void open(const ConnectionProfile &profile); // replaces any current connection
    void close();
    [[nodiscard]] State state() const;
    [[nodiscard]] const ConnectionProfile &profile() const;
    [[nodiscard]] bool readOnly() const;                   // profile.readOnly || setReadOnly(true)
    void setReadOnly(bool readOnly);                       // app-wide --read-only
    [[nodiscard]] bool holds(const QByteArray &key) const; // obtained by this app, not released

    void rescan(); // incremental SCAN of profile.effectivePattern() in pages
    void cancelScan();
    void setResyncInterval(std::chrono::milliseconds interval); // PTTL re-sync timer (default 1s)

    // Writes. Each returns a request id; the outcome arrives as actionFinished(). In read-only
    // mode they return an id and finish at once with Outcome::refused (nothing sent).
    quint64 obtain(const ObtainRequest &request);
    quint64 refresh(const QByteArray &key, qint64 ttlMs); // a lock this app holds
    quint64 release(const QByteArray &key);               // a lock this app holds
    quint64 forceRelease(const QByteArray &key,
                         const QByteArray &shownValue); // compare-and-delete
    quint64 deleteRegardless(const QByteArray &key);    // DEL

    // The exact command an action will run on this snapshot, for the detail pane, e.g.
    // "EVALSHA 1a2b… 1 shop:orders:42 <value>" (bytes escaped as redis-cli shows them).
    [[nodiscard]] QString commandPreview(LockAction action, const LockSnapshot &lock) const;

Q_SIGNALS:
    void stateChanged(InspectorSession::State state, const QString &message);
    void serverInfoChanged(const ServerInfo &info); // on connect, then every few seconds
    void scanStarted();
    void scanProgress(quint64 scanned);
    void locksFound(const QList<LockSnapshot> &locks);  // a page, or one key re-read after an event
    void scanFinished(bool complete, quint64 scanned);  // complete=false when cancelled/failed
    void ttlsResynced(const QList<TtlSample> &samples); // periodic PTTL of known keys
    void keyRemoved(const QByteArray &key, KeyRemoval reason);
    void heldChanged(const QByteArray &key, bool held);
    void actionFinished(const ActionResult &result);
    void errorOccurred(const QString &message); // one line, for the status bar

private:
    // Finishes a request without sending anything (read-only, bad input), on the next turn of
    // the event loop so that the caller has its id first.
    quint64 refuse(LockAction action, const QByteArray &key, const QByteArray &value, qint64 ttlMs,
                   const QString &message);
    // The common checks of a write: read-only, connected; empty when it may go ahead.
    [[nodiscard]] QString writeRefusal() const;
    void setState(State state, const QString &message);
    void retireWorkers();
    void onHeld(const QByteArray &key, bool held, const QByteArray &value, qint64 ttlMs);

    State state_ = State::disconnected;
    ConnectionProfile profile_;
    bool appReadOnly_ = false;
    std::shared_ptr<std::atomic<bool>> readOnlyFlag_;
    quint64 nextId_ = 0;
    quint64 generation_ = 0; // signals of workers from an earlier open() are ignored
    std::chrono::milliseconds resyncInterval_{1000};

    std::stop_source stop_; // this open()'s: close() cancels every call in flight
    std::shared_ptr<ScanControl> scans_;
    QThread *readThread_ = nullptr;
    QThread *actionThread_ = nullptr;
    InspectorWorker *worker_ = nullptr;
    ActionWorker *actions_ = nullptr;
    QList<QPointer<QThread>> retiring_; // closed, finishing in the background

    struct Held
    {
        QByteArray value;
        qint64 ttlMs = 0;
    };
    QHash<QByteArray, Held> held_;
};
