#include "connection/connectionstate.h"

#include <QCoreApplication>

QString connectionStateText(ConnectionState state)
{
    switch (state) {
    case ConnectionState::disconnected:
        return QCoreApplication::translate("ConnectionState", "Disconnected");
    case ConnectionState::connecting:
        return QCoreApplication::translate("ConnectionState", "Connecting…");
    case ConnectionState::connected:
        return QCoreApplication::translate("ConnectionState", "Connected");
    case ConnectionState::reconnecting:
        return QCoreApplication::translate("ConnectionState", "Reconnecting…");
    }
    return {};
}
