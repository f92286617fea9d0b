#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// The writes an operator can make. Each one is audited.
enum class LockAction
{
    obtain,
    refresh,
    release,
    forceRelease,     // compare-and-delete against the value the operator was shown
    deleteRegardless, // DEL, whatever the key holds now
};

// The audit log's name of an action: "obtain", "refresh", "release", "force-release",
// "delete-regardless".
[[nodiscard]] QString actionName(LockAction action);

// What the obtain dialog asks for.
struct ObtainRequest
{
    QList<QByteArray> keys; // one key, or several for an all-or-nothing multi-key lock
    qint64 ttlMs = 0;
    QByteArray metadata;
    QByteArray token;                           // empty: a fresh random token
    QString retrySpec = QStringLiteral("none"); // the retry spec grammar of lockctl --retry
};

// How an action ended, as the session reports it and the audit log records it.
struct ActionResult
{
    enum class Outcome
    {
        done,         // obtained, refreshed, released or deleted
        notObtained,  // someone else holds the key (after the retries the strategy allowed)
        notHeld,      // refresh/release: the lock is not ours any more
        changedHands, // force-release: the value is no longer the one shown; nothing deleted
        refused,      // read-only, or bad input: nothing was sent
        failed,       // connection or server error
    };

    quint64 id = 0; // the request id the session returned
    LockAction action = LockAction::obtain;
    QString connection; // ConnectionProfile::displayName()
    QByteArray key;
    QByteArray value; // the value the action used or compared against
    Outcome outcome = Outcome::failed;
    QString message;  // one line for the operator
    QDateTime time;   // when it finished (UTC)
    qint64 ttlMs = 0; // obtain/refresh: the ttl asked for
};

// "done", "not-obtained", "not-held", "changed-hands", "refused", "failed".
[[nodiscard]] QString outcomeName(ActionResult::Outcome outcome);

Q_DECLARE_METATYPE(ObtainRequest)
Q_DECLARE_METATYPE(ActionResult)
