#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// What one replica of a lock's master holds for the lock, as the read worker found it when
// the operator asked (redislock::checkReplicas): the difference between a lock that survives a
// failover and one that a failover would lose now.
struct ReplicaCopyState
{
    enum class Verdict
    {
        same,        // holds exactly the value the master was seen holding
        notYet,      // does not have the key (yet: replication is asynchronous)
        differs,     // holds another value under the key
        unreachable, // could not be asked; error says why
    };
    QString node; // the replica's "host:port"
    Verdict verdict = Verdict::unreachable;
    QString error;                  // one line, for unreachable
    qint64 ttlMs = -2;              // its PTTL there
    std::optional<qint64> lagBytes; // the master's replication offset minus the replica's
};

// The answer for one lock: which key and value were checked, and each replica's state (empty
// when the master has no replicas), or why the check itself failed.
struct ReplicaCheck
{
    QByteArray key;
    QByteArray value;
    QList<ReplicaCopyState> replicas;
    QString error; // the check failed as a whole (the master's topology could not be read)
};

Q_DECLARE_METATYPE(ReplicaCheck)
