#include "harness/harnessrunner.h"

#include "session/writegate.h"

#include <QDateTime>
#include <QMetaObject>
#include <QStringList>
#include <QThread>

using namespace redislock::harness;

namespace {

ActionMessage say(const char *source, QStringList args = {}, int n = -1)
{
    return {QByteArrayLiteral("HarnessRunner"), QByteArray(source), std::move(args), n};
}

// Runs one harness session on the runner's thread. Its signals reach the runner queued.
class HarnessJob : public QObject
{
    Q_OBJECT

public:
    void run(const Settings &settings, std::stop_token stop)
    {
        Observer observer;
        observer.progress = [this](const Progress &progress) {
            Q_EMIT progressed(progress);
        };
        observer.runFinished = [this](const RunResult &run) {
            Q_EMIT runFinished(run);
        };
        const Harness harness(settings);
        const auto report = harness.run(redislock::Context(std::move(stop)), observer);
        if (!report)
            Q_EMIT failed(QString::fromStdString(report.error().message()));
        else
            Q_EMIT finished(report->cancelled);
    }

Q_SIGNALS:
    void progressed(const redislock::harness::Progress &progress);
    void runFinished(const redislock::harness::RunResult &run);
    void finished(bool cancelled);
    void failed(const QString &message);
};

} // namespace

HarnessRunner::HarnessRunner(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<Progress>();
    qRegisterMetaType<RunResult>();
}

HarnessRunner::~HarnessRunner()
{
    // Stop and join here, while `this` is still whole: the job posts to it until the end.
    stop_.request_stop();
    if (thread_) {
        thread_->quit();
        thread_->wait();
    }
}

void HarnessRunner::setWriteGate(std::shared_ptr<const WriteGate> gate)
{
    gate_ = std::move(gate);
}

void HarnessRunner::audit(ActionResult::Outcome outcome, ActionMessage message)
{
    ActionResult entry = session_;
    entry.outcome = outcome;
    entry.setMessage(std::move(message));
    entry.time = QDateTime::currentDateTimeUtc();
    Q_EMIT audited(entry);
}

void HarnessRunner::start(Settings settings)
{
    if (running_)
        return;
    QStringList strategies;
    for (const auto &strategy : settings.strategies)
        strategies.append(QString::fromStdString(strategy.describe()));
    session_ = {};
    session_.action = LockAction::harnessRun;
    session_.connection = QString::fromStdString(settings.connection.displayUrl());
    session_.key = QByteArray::fromStdString(settings.key);
    session_.ttlMs = std::chrono::duration_cast<std::chrono::milliseconds>(settings.ttl).count();
    // The clients are the message's %n, so that the Activity tab words their plural in the
    // operator's language; the strategies are the specs as typed.
    const QString strategyList = strategies.join(QStringLiteral("; "));
    const int clients = static_cast<int>(settings.clients);
    if (!gate_ || !gate_->isOpen()) {
        // Asked of the session below any button: nothing is sent.
        audit(ActionResult::Outcome::refused,
              {QByteArrayLiteral("WriteGate"), WriteGate::refusalSource(), {}, -1});
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT failed(WriteGate::refusal()); }, Qt::QueuedConnection);
        return;
    }
    running_ = true;
    audit(ActionResult::Outcome::started,
          say(QT_TR_N_NOOP("Harness run started: %n client(s), strategies %1"), {strategyList},
              clients));
    if (!thread_) {
        thread_ = new QThread(this);
        thread_->setObjectName(QStringLiteral("HarnessRunner"));
        thread_->start();
    }
    stop_ = std::stop_source();
    // One job per session; it lives on the runner's thread and is deleted there when done.
    auto *job = new HarnessJob;
    job->moveToThread(thread_);
    connect(job, &HarnessJob::progressed, this, &HarnessRunner::progressed);
    connect(job, &HarnessJob::runFinished, this, &HarnessRunner::runFinished);
    connect(job, &HarnessJob::finished, this, [this, job, strategyList, clients](bool cancelled) {
        running_ = false;
        job->deleteLater();
        audit(cancelled ? ActionResult::Outcome::cancelled : ActionResult::Outcome::done,
              cancelled ? say(QT_TR_N_NOOP("Harness run cancelled: %n client(s), strategies %1"),
                              {strategyList}, clients)
                        : say(QT_TR_N_NOOP("Harness run finished: %n client(s), strategies %1"),
                              {strategyList}, clients));
        Q_EMIT finished(cancelled);
    });
    connect(job, &HarnessJob::failed, this,
            [this, job, strategyList, clients](const QString &message) {
                running_ = false;
                job->deleteLater();
                audit(ActionResult::Outcome::failed,
                      say(QT_TR_N_NOOP("Harness run failed: %n client(s), strategies %1: %2"),
                          {strategyList, message}, clients));
                Q_EMIT failed(message);
            });
    connect(thread_, &QThread::finished, job, &QObject::deleteLater);
    QMetaObject::invokeMethod(
        job,
        [job, settings = std::move(settings), stop = stop_.get_token()] {
            job->run(settings, stop);
        },
        Qt::QueuedConnection);
}

void HarnessRunner::cancel()
{
    stop_.request_stop();
}

#include "harnessrunner.moc"
