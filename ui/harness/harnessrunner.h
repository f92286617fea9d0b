#pragma once

#include <redislock/harness/harness.h>

#include <QObject>
#include <QString>

#include <memory>
#include <thread>

// Runs the contention harness engine on a worker thread of its own and reports back on the
// thread this object lives on (the GUI thread): the engine's callbacks are posted as queued
// calls, so nothing here ever blocks the GUI. Destroying the runner cancels a run and waits for
// its clients to let go of the lock (they release it at once).
class HarnessRunner : public QObject
{
    Q_OBJECT

public:
    explicit HarnessRunner(QObject *parent = nullptr);
    ~HarnessRunner() override;

    // Starts a session (every strategy of `settings` in turn); ignored while one runs.
    void start(redislock::harness::Settings settings);
    // Asks a running session to stop; finished(true) follows.
    void cancel();
    [[nodiscard]] bool isRunning() const noexcept { return running_; }

Q_SIGNALS:
    void progressed(const redislock::harness::Progress &progress);
    void runFinished(const redislock::harness::RunResult &run);
    // The session ended: every run done, or cancelled.
    void finished(bool cancelled);
    // The session could not run (bad settings, a client that cannot connect): one line.
    void failed(const QString &message);

private:
    std::jthread worker_;
    bool running_ = false;
};
