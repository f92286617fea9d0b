#include "harnessrunner.h"

#include <QMetaObject>

using namespace redislock::harness;

HarnessRunner::HarnessRunner(QObject *parent) : QObject(parent)
{}

HarnessRunner::~HarnessRunner()
{
    // Stop and join here, while `this` is still whole: the worker posts to it until the end.
    worker_.request_stop();
    if (worker_.joinable())
        worker_.join();
}

void HarnessRunner::start(Settings settings)
{
    if (running_)
        return;
    running_ = true;
    if (worker_.joinable())
        worker_.join(); // the previous session's thread, already done
    worker_ = std::jthread([this, settings = std::move(settings)](std::stop_token stop) {
        // Queued onto this object's thread; dropped if the object is gone by then.
        const auto post = [this](auto function) {
            QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
        };
        Observer observer;
        observer.progress = [this, &post](const Progress &progress) {
            post([this, progress] { Q_EMIT progressed(progress); });
        };
        observer.runFinished = [this, &post](const RunResult &run) {
            post([this, run] { Q_EMIT runFinished(run); });
        };
        const Harness harness(settings);
        const auto report = harness.run(redislock::Context(stop), observer);
        if (!report) {
            const QString message = QString::fromStdString(report.error().message());
            post([this, message] {
                running_ = false;
                Q_EMIT failed(message);
            });
            return;
        }
        const bool cancelled = report->cancelled;
        post([this, cancelled] {
            running_ = false;
            Q_EMIT finished(cancelled);
        });
    });
}

void HarnessRunner::cancel()
{
    worker_.request_stop();
}
