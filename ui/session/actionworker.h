#pragma once

#include "connection/connectionprofile.h"
#include "session/heldlock.h"
#include "session/lockaction.h"
#include "session/locksnapshot.h"

#include <redislock/client.h>
#include <redislock/lock.h>

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <memory>
#include <stop_token>

// The writing half of an InspectorSession, on a thread of its own: obtain (its retry strategy
// driven by timers, so that other actions are served between attempts), refresh and release of the
// locks this app holds, force-release (compare-and-delete against the value the operator was shown)
// delete-regardless and set-expiry (compare-and-PEXPIRE). It keeps the redislock::Lock of every
// lock obtained here; the session mirrors which keys those are through heldChanged. Every write
// asks the session's WriteGate first, not only the UI: with the gate closed nothing is sent.
class WriteGate;

class ActionWorker : public QObject
{
    Q_OBJECT

public:
    ActionWorker(redislock::Client client, ConnectionProfile profile, std::stop_token stop,
                 std::shared_ptr<const WriteGate> gate);
    ~ActionWorker() override;

    // Why a request cannot be sent as it is; empty when it can. The session checks these
    // before queueing, the worker again before sending.
    [[nodiscard]] static QString obtainProblem(const ObtainRequest &request);
    [[nodiscard]] static QString keyProblem(const QByteArray &key);
    [[nodiscard]] static QString ttlProblem(qint64 ttlMs);
    // The same, untranslated, for the audit log; empty when there is none.
    [[nodiscard]] static ActionMessage obtainProblemMessage(const ObtainRequest &request);
    [[nodiscard]] static ActionMessage keyProblemMessage(const QByteArray &key);
    [[nodiscard]] static ActionMessage ttlProblemMessage(qint64 ttlMs);

    // On the worker's thread (queued calls from the session).
    void obtain(quint64 id, const ObtainRequest &request);
    void refresh(quint64 id, const QByteArray &key, qint64 ttlMs);
    void release(quint64 id, const QByteArray &key);
    // The core's per-format force-release of exactly what was shown: a string's value, or a
    // Redisson hash's fields, of which holderField (a LockSnapshot::holderFields entry; empty:
    // the only holder) goes.
    void forceRelease(quint64 id, const LockSnapshot &shown, const QByteArray &holderField);
    // shownValue: what the operator saw when confirming, recorded (DEL compares nothing).
    void deleteRegardless(quint64 id, const QByteArray &key, const QByteArray &shownValue);
    // PEXPIRE as a compare-and-set: only while the key still holds exactly shownValue.
    void setExpiry(quint64 id, const QByteArray &key, const QByteArray &shownValue, qint64 ttlMs);
    // A held key was seen removed or changed: ask the server whether the lock is still ours,
    // and let it go when it is not.
    void verifyHeld(const QByteArray &key);
    // Locks this app obtained in an earlier connection to the same server: those whose keys
    // still hold exactly the value obtained are held again (heldChanged), the others dropped.
    void reclaim(const QList<HeldLock> &locks);

Q_SIGNALS:
    void actionFinished(const ActionResult &result);
    // A lock this app holds now (value: token + metadata, ttl asked for) or no longer holds.
    void heldChanged(const QByteArray &key, bool held, const QByteArray &value, qint64 ttlMs);

private:
    struct PendingObtain;
    void attemptObtain(const std::shared_ptr<PendingObtain> &pending);
    [[nodiscard]] ActionResult makeResult(quint64 id, LockAction action, const QByteArray &key,
                                          const QByteArray &value, qint64 ttlMs) const;
    void finish(ActionResult result, ActionResult::Outcome outcome, ActionMessage message);
    // Forgets a held lock (all its keys) and says so.
    void forget(const std::shared_ptr<redislock::Lock> &lock);
    // Why a compare-and-delete (deleting) or compare-and-PEXPIRE did nothing: the key is gone,
    // was shown cut short, or holds another value now.
    [[nodiscard]] ActionMessage whyUnchanged(const QByteArray &key, const QByteArray &shownValue,
                                             bool deleting);
    // The same for a hash: gone, or its holders or hold counts changed.
    [[nodiscard]] ActionMessage whyHashUnchanged(const QByteArray &key);
    [[nodiscard]] bool refuseReadOnly(const ActionResult &result);
    [[nodiscard]] redislock::Context context() const { return redislock::Context(stop_); }

    redislock::Client client_;
    ConnectionProfile profile_;
    std::stop_token stop_;
    std::shared_ptr<const WriteGate> gate_;
    // Every key of a lock obtained here maps to the lock (one lock may cover several keys).
    QHash<QByteArray, std::shared_ptr<redislock::Lock>> held_;
};
