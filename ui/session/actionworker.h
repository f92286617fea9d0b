#pragma once

#include "connection/connectionprofile.h"
#include "session/lockaction.h"

#include <redislock/client.h>
#include <redislock/lock.h>

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <stop_token>

// The writing half of an InspectorSession, on a thread of its own: obtain (its retry strategy
// driven by timers, so that other actions are served between attempts), refresh and release of the
// locks this app holds, force-release (compare-and-delete against the value the operator was shown)
// and delete-regardless. It keeps the redislock::Lock of every lock obtained here. Read-only is
// checked here too, not only in the UI: with the flag set nothing is sent.
class ActionWorker : public QObject
{
    Q_OBJECT

public:
    ActionWorker(redislock::Client client, ConnectionProfile profile, std::stop_token stop,
                 std::shared_ptr<const std::atomic<bool>> readOnly);
    ~ActionWorker() override;

    // Why a request cannot be sent as it is; empty when it can. The session checks these
    // before queueing, the worker again before sending.
    [[nodiscard]] static QString obtainProblem(const ObtainRequest &request);
    [[nodiscard]] static QString keyProblem(const QByteArray &key);
    [[nodiscard]] static QString ttlProblem(qint64 ttlMs);
    [[nodiscard]] static QString readOnlyMessage();

    // On the worker's thread (queued calls from the session).
    void obtain(quint64 id, const ObtainRequest &request);
    void refresh(quint64 id, const QByteArray &key, qint64 ttlMs);
    void release(quint64 id, const QByteArray &key);
    void forceRelease(quint64 id, const QByteArray &key, const QByteArray &shownValue);
    void deleteRegardless(quint64 id, const QByteArray &key);
    // A held key was seen removed or changed: ask the server whether the lock is still ours,
    // and let it go when it is not.
    void verifyHeld(const QByteArray &key);

Q_SIGNALS:
    void actionFinished(const ActionResult &result);
    // A lock this app holds now (value: token + metadata, ttl asked for) or no longer holds.
    void heldChanged(const QByteArray &key, bool held, const QByteArray &value, qint64 ttlMs);

private:
    struct PendingObtain;
    void attemptObtain(const std::shared_ptr<PendingObtain> &pending);
    [[nodiscard]] ActionResult makeResult(quint64 id, LockAction action, const QByteArray &key,
                                          const QByteArray &value, qint64 ttlMs) const;
    void finish(ActionResult result, ActionResult::Outcome outcome, const QString &message);
    // Forgets a held lock (all its keys) and says so.
    void forget(const std::shared_ptr<redislock::Lock> &lock);
    [[nodiscard]] bool refuseReadOnly(const ActionResult &result);
    [[nodiscard]] redislock::Context context() const { return redislock::Context(stop_); }

    redislock::Client client_;
    ConnectionProfile profile_;
    std::stop_token stop_;
    std::shared_ptr<const std::atomic<bool>> readOnly_;
    // Every key of a lock obtained here maps to the lock (one lock may cover several keys).
    QHash<QByteArray, std::shared_ptr<redislock::Lock>> held_;
};
