#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

// One key a lock library keeps beside a lock (redislock::AuxEntry), as the read worker found
// it: a fence counter, Redisson's token, queue, timeout or reader-lease keys, python-redis-lock's
// signal list.
struct AuxKeyState
{
    QByteArray key;
    QByteArray lockKey;
    QString kind;      // redislock::auxKindName: "fence-counter", "redisson-fence-token", ...
    QByteArray type;   // the Redis type
    qint64 ttlMs = -1; // as LockSnapshot::ttlMs
    bool orphan = false;
    qint64 memoryBytes = -1; // MEMORY USAGE, -1 when not sampled
};

// The auxiliary keys of one lock (read when the lock is shown), or why they could not be read.
struct AuxKeyCheck
{
    QByteArray key; // the lock's
    QList<AuxKeyState> keys;
    QString error;
};

// The auxiliary keys beside every lock of the connection's pattern, and the orphans among them
// (whose lock is gone) with their memory (sampled, extrapolated when estimated).
struct AuxKeyReport
{
    QList<AuxKeyState> keys;
    qint64 orphans = 0;
    qint64 orphanBytes = 0;
    qint64 sampled = 0;
    bool estimated = false;
    QString error;
};

Q_DECLARE_METATYPE(AuxKeyCheck)
Q_DECLARE_METATYPE(AuxKeyReport)
