#pragma once

#include "session/lockaction.h"

#include <redislock/harness/harness.h>

#include <QObject>
#include <QString>

#include <memory>
#include <stop_token>

class QThread;
class WriteGate;

// Runs the contention harness engine on a QThread of its own (a worker object moved there, as
// the session's workers are) and reports back on the thread this object lives on (the GUI
// thread), so nothing here ever blocks the GUI. Destroying the runner cancels a run and waits for
// its clients to let go of the lock (they release it at once).
//
// Its clients write (obtain, release), so it asks the session's WriteGate before starting:
// without a gate, or with the gate closed (read-only), nothing is sent and failed() says why.
// Every session is audited: audited() carries a "started" entry, then how it ended.
class HarnessRunner : public QObject
{
    Q_OBJECT

public:
    explicit HarnessRunner(QObject *parent = nullptr);
    ~HarnessRunner() override;

    void setWriteGate(std::shared_ptr<const WriteGate> gate);
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
    // The session could not run (bad settings, read-only, a client that cannot connect): one
    // line.
    void failed(const QString &message);
    // An audit entry (LockAction::harnessRun): when a session starts, and how it ended.
    void audited(const ActionResult &entry);

private:
    void audit(ActionResult::Outcome outcome, ActionMessage message);

    std::shared_ptr<const WriteGate> gate_;
    QThread *thread_ = nullptr;
    std::stop_source stop_;
    bool running_ = false;
    ActionResult session_; // the running session's audit entry, without outcome and message
};
