#pragma once

#include <QMetaType>
#include <QString>

// What the status bar shows about the connected server, from INFO and a PING round trip.
struct ServerInfo
{
    QString version;      // redis_version
    QString role;         // "master" or "slave" (INFO's words)
    QString mode;         // redis_mode: "standalone", "cluster", "sentinel"
    int db = 0;           // the selected database
    qint64 keys = 0;      // DBSIZE of that database
    double latencyMs = 0; // the last PING round trip
    // notify-keyspace-events has what live updates need (key events for generic commands,
    // strings and expiry); without it the inspector polls.
    bool keyspaceNotifications = false;
};

Q_DECLARE_METATYPE(ServerInfo)
