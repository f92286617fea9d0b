#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <chrono>

// The lockctl binary under test.
inline const QString lockctlPath = QStringLiteral(LOCKCTL_PATH);

// lockctl run to its end, as the suites of tests/app run it (LOCKCTL_PATH names the binary).
struct LockctlRun
{
    QStringList arguments;
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    // For failure messages.
    [[nodiscard]] QByteArray describe() const;
};

// Runs lockctl; one that hangs past `timeout` is killed and reported as not finished.
[[nodiscard]] LockctlRun
runLockctl(const QStringList &arguments, std::chrono::milliseconds timeout,
           const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// lockctl's rule: errors go to stderr in one clear line.
[[nodiscard]] bool isOneErrorLine(const QByteArray &err);
