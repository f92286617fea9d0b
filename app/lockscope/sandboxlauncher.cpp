#include "sandboxlauncher.h"

#include <QMetaObject>

#include <condition_variable>
#include <mutex>

SandboxLauncher::SandboxLauncher(QObject *parent) : QObject(parent)
{}

SandboxLauncher::~SandboxLauncher()
{
    stop();
}

namespace {
const char *const sandboxPrefix = "shop";
}

ConnectionProfile SandboxLauncher::profile(const QString &url)
{
    ConnectionProfile profile;
    profile.name = tr("Sandbox");
    profile.url = url;
    profile.prefix = QString::fromLatin1(sandboxPrefix);
    profile.customTokenLength = 8;
    profile.ephemeral = true; // its port dies with this run
    return profile;
}

void SandboxLauncher::start(Sandbox::Kind kind)
{
    if (thread_.joinable())
        return;
    // The server is started, and later stopped, by one thread of its own: starting waits for
    // redis-server to answer, which must not happen on the GUI thread, and the server's
    // parent-death signal fires when the thread that forked it ends, so that thread has to
    // live as long as the sandbox.
    thread_ = std::jthread([this, kind](std::stop_token stop) {
        std::unique_ptr<Sandbox> sandbox;
        QString error;
        Sandbox::Options options;
        options.kind = kind;
        options.prefix = sandboxPrefix;
        if (auto started = Sandbox::start(options); !started)
            error = QString::fromStdString(started.error().message());
        else
            sandbox = std::move(*started);
        const QString url = sandbox ? QString::fromStdString(sandbox->url()) : QString();
        QMetaObject::invokeMethod(
            this,
            [this, url, error] {
                if (url.isEmpty()) {
                    Q_EMIT failed(tr("Could not start the sandbox: %1").arg(error));
                    return;
                }
                url_ = url;
                Q_EMIT started(url);
            },
            Qt::QueuedConnection);
        if (!sandbox)
            return;
        // Only the stop token wakes this wait, so the mutex guards nothing shared.
        std::mutex mutex;
        std::condition_variable_any stopped;
        // cppcheck-suppress localMutex
        std::unique_lock lock(mutex);
        stopped.wait(lock, stop, [] { return false; });
        // The services release their locks before the servers go (the destructor's order).
        sandbox.reset();
    });
}

void SandboxLauncher::stop()
{
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
    thread_ = {};
    url_.clear();
}
