#pragma once

#include <QMetaType>
#include <QString>

// The connection's state as the status bar shows it. It mirrors InspectorSession::State value
// for value, so that the connection widgets need not include the session; the app maps one to
// the other where it wires them.
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
