#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>

// A lock this app obtained and has not let go of, as the session keeps it: the one record of
// "this app holds it" that the table, the actions and the quit and reconnect questions read.
struct HeldLock
{
    QByteArray key;
    QByteArray value; // token + metadata, as stored
    qint64 ttlMs = 0; // the ttl it was obtained (or last refreshed) with: what Refresh extends to
};

Q_DECLARE_METATYPE(HeldLock)
