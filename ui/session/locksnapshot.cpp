#include "session/locksnapshot.h"

LockSnapshot LockSnapshot::fromRecord(const redislock::LockRecord &record)
{
    LockSnapshot snapshot;
    snapshot.key = QByteArray(record.key.data(), qsizetype(record.key.size()));
    snapshot.value = QByteArray(record.value.data(), qsizetype(record.value.size()));
    snapshot.valueSize = qint64(record.valueSize);
    snapshot.ttlMs = record.ttlMs;
    snapshot.format = record.format;
    snapshot.tokenLength = int(record.tokenLength);
    snapshot.type = QByteArray(record.type.data(), qsizetype(record.type.size()));
    snapshot.node = QString::fromStdString(record.node);
    snapshot.slot = record.slot ? int(*record.slot) : -1;
    return snapshot;
}
