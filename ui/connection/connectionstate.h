#pragma once

#include <QMetaType>
#include <QString>

// The state of the inspector's connection: the one enum the session, its read worker and the
// status bar share (InspectorSession::State is this type).
enum class ConnectionState
{
    disconnected,
    connecting,
    connected,
    reconnecting,
};

// "Disconnected", "Connecting…", "Connected", "Reconnecting…" (translated).
[[nodiscard]] QString connectionStateText(ConnectionState state);

Q_DECLARE_METATYPE(ConnectionState)
