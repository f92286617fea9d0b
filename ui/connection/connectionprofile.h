#pragma once

#include <QMetaType>
#include <QString>

// A connection as the operator sees it: where to go, what to list, and whether writes are
// allowed. The password is never part of what is saved: it lives in the system keychain, or
// only in memory for this run.
struct ConnectionProfile
{
    QString name; // shown in menus and the audit log; may be empty
    // redis://, rediss:// (TLS options as query items) or unix:// URL, without the password.
    QString url;
    QString password; // in memory only
    // A Sentinel deployment's sentinels' own password, when they have one: in memory only,
    // kept in the keychain with the password.
    QString sentinelPassword;
    QString prefix;            // Cosy's Prefix: the default pattern becomes "<prefix>:*"
    QString pattern;           // SCAN MATCH glob; empty: "<prefix>:*" with a prefix, else "*"
    int customTokenLength = 0; // also classify tokens of this length (0: off)
    bool readOnly = false;     // no writes through this connection
    // A holder that keeps a lock longer than this by refreshing it is flagged (held-too-long).
    int maxHoldMinutes = 10;
    // Commands a second the inspector may spend re-reading this server's TTLs (a production
    // server may deserve less than a dev box); 0: the app's default budget.
    int resyncBudget = 0;
    // Lives only as long as this run (the sandbox's port): never listed in Recent, where it
    // would point at a dead port next time.
    bool ephemeral = false;

    [[nodiscard]] QString effectivePattern() const
    {
        if (!pattern.isEmpty())
            return pattern;
        return prefix.isEmpty() ? QStringLiteral("*") : prefix + QStringLiteral(":*");
    }
    [[nodiscard]] int effectiveResyncBudget(int appDefault) const
    {
        return resyncBudget > 0 ? resyncBudget : appDefault;
    }
    // The name, else the URL without any password (userinfo or password= query item): what the
    // window title, the status bar and the audit log show.
    [[nodiscard]] QString displayName() const;
};

Q_DECLARE_METATYPE(ConnectionProfile)
