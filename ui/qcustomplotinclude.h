#pragma once

// qcustomplot.h uses the Qt keywords signals, slots, emit and foreach, which QT_NO_KEYWORDS
// (in force for every target of ours) removes. Map them to the Q_ macros for this one header
// and take them away again, so our own code still cannot use them.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
