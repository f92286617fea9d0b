#pragma once

#include <redislock/connectionoptions.h>

#include <QMetaType>
#include <QString>
#include <QStringList>

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

    // Where the keys live. On a cluster the figures above add up every master (keys) or are
    // the first master's (version, role); a Sentinel deployment's are its current master's.
    redislock::Deployment deployment = redislock::Deployment::standalone;
    int masters = 1;       // masters holding keys
    int replicas = 0;      // their replicas, as the topology reports them
    QString masterName;    // Sentinel: the monitored master's name
    QString masterAddress; // Sentinel: the master the Sentinels name now, "host:port"
    // Masters whose keyspace events this app receives now; the others are polled.
    int liveMasters = 0;
    QStringList polledMasters; // "host:port" of the masters that are polled
    // How often the inspector re-reads the TTL of each polled key (the command budget stretches
    // it beyond the polling period when there are many); 0 when no key is polled.
    qint64 resyncCycleMs = 0;
    // How often the slow sweep re-reads each key that keyspace events follow; 0: none.
    qint64 sweepCycleMs = 0;
    int resyncBudget = 0; // commands a second that re-reads may spend
};

Q_DECLARE_METATYPE(ServerInfo)
