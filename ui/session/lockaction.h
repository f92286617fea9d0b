#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// The writes this app can make. Each one is audited.
enum class LockAction
{
    obtain,
    refresh,
    release,
    forceRelease,     // compare-and-delete against the value the operator was shown
    deleteRegardless, // DEL, whatever the key holds now
    setExpiry,        // compare-and-PEXPIRE against the value the operator was shown
    harnessRun,       // a contention harness session: its clients write to one key
    // Not a write: a failover this app noticed (another master now serves the keys), kept
    // with the writes so that an incident's timeline reads in one place.
    failover,
};

// The audit log's name of an action: "obtain", "refresh", "release", "force-release",
// "delete-regardless", "set-expiry", "harness-run", "failover".
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

// A message kept as its untranslated source text and arguments: the audit log is written in
// English whatever the operator's language (one file, one language, for post-mortems), and the
// Activity tab and message area show it translated.
struct ActionMessage
{
    QByteArray context; // the translation context, e.g. "ActionWorker"
    QByteArray source;  // the English text with %1…%9 (and %n) placeholders
    QStringList args;
    int n = -1; // for %n plural forms; -1: none

    [[nodiscard]] bool isEmpty() const { return source.isEmpty(); }
    [[nodiscard]] QString english() const;
    [[nodiscard]] QString translated() const;
};

// How an action ended, as the session reports it and the audit log records it.
struct ActionResult
{
    enum class Outcome
    {
        done,         // obtained, refreshed, released, deleted, expiry set, harness run ended
        notObtained,  // someone else holds the key (after the retries the strategy allowed)
        notHeld,      // refresh/release: the lock is not ours any more
        changedHands, // force-release/set-expiry: the value is not the one shown; nothing done
        refused,      // read-only, or bad input: nothing was sent
        failed,       // connection or server error
        started,      // a harness run began (its end is another entry)
        cancelled,    // a harness run was stopped by the operator
    };

    quint64 id = 0; // the request id the session returned
    LockAction action = LockAction::obtain;
    QString connection; // ConnectionProfile::displayName(): never a password
    QByteArray key;
    QByteArray value;  // the value the action used or compared against
    QString format;    // force-release: the lock format the value was read as ("redis-py", ...)
    QByteArray holder; // force-release of a Redisson hash: the holder's field that was removed
    Outcome outcome = Outcome::failed;
    QString message;    // one line for the operator, in English (see text for the translation)
    QDateTime time;     // when it finished (UTC)
    qint64 ttlMs = 0;   // obtain/refresh/set-expiry: the ttl asked for
    ActionMessage text; // message's source and arguments; empty for a message made elsewhere
    QString user;       // the OS user and host this app ran as (filled in by the audit log)
    QString host;

    // Sets message (English) and text at once.
    void setMessage(ActionMessage source);
    // The message in the operator's language.
    [[nodiscard]] QString displayMessage() const;
};

// "done", "not-obtained", "not-held", "changed-hands", "refused", "failed", "started",
// "cancelled".
[[nodiscard]] QString outcomeName(ActionResult::Outcome outcome);

Q_DECLARE_METATYPE(ObtainRequest)
Q_DECLARE_METATYPE(ActionResult)
