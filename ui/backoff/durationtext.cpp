#include "durationtext.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

QString displayDuration(std::chrono::nanoseconds duration)
{
    return displayMilliseconds(std::chrono::duration<double, std::milli>(duration).count());
}

QString displayMilliseconds(double milliseconds)
{
    const QLocale locale;
    const auto number = [&locale](double value) {
        return locale.toString(value, 'g', 4);
    };
    const double size = std::abs(milliseconds);
    if (size == 0)
        return QCoreApplication::translate("DurationText", "0 ms");
    if (size < 1e-3)
        return QCoreApplication::translate("DurationText", "%1 ns").arg(number(milliseconds * 1e6));
    if (size < 1)
        return QCoreApplication::translate("DurationText", "%1 µs").arg(number(milliseconds * 1e3));
    if (size < 1e3)
        return QCoreApplication::translate("DurationText", "%1 ms").arg(number(milliseconds));
    if (size < 60e3)
        return QCoreApplication::translate("DurationText", "%1 s").arg(number(milliseconds / 1e3));
    if (size < 3600e3)
        return QCoreApplication::translate("DurationText", "%1 min")
            .arg(number(milliseconds / 60e3));
    return QCoreApplication::translate("DurationText", "%1 h").arg(number(milliseconds / 3600e3));
}
