#include "lockctlrun.h"

#include <QProcess>

QByteArray LockctlRun::describe() const
{
    return "lockctl " + arguments.join(u' ').toUtf8() + "\nexit code " +
           QByteArray::number(exitCode) + (finished ? "" : " (did not finish)") +
           "\nstdout: " + out + "\nstderr: " + err;
}

LockctlRun runLockctl(const QStringList &arguments, std::chrono::milliseconds timeout,
                      const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(lockctlPath, arguments);
    LockctlRun run;
    run.arguments = arguments;
    run.finished = process.waitForFinished(static_cast<int>(timeout.count())) &&
                   process.exitStatus() == QProcess::NormalExit;
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

bool isOneErrorLine(const QByteArray &err)
{
    return err.startsWith("lockctl: ") && err.size() > 12 && err.endsWith('\n') &&
           err.count('\n') == 1;
}
