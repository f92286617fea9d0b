#include "session/writegate.h"

#include <QCoreApplication>

const char *WriteGate::refusalSource()
{
    return QT_TRANSLATE_NOOP("WriteGate", "Refused: the connection is read-only; nothing was sent");
}

QString WriteGate::refusal()
{
    return QCoreApplication::translate("WriteGate", refusalSource());
}
