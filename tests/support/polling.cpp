#include "polling.h"

#include <QDeadlineTimer>
#include <QList>
#include <QThread>

namespace lockscope::test {

bool waitFor(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(50);
    }
    return true;
}

QByteArray infoField(const QByteArray &info, const QByteArray &field)
{
    const QList<QByteArray> lines = info.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed();
    }
    return {};
}

} // namespace lockscope::test
