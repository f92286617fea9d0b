#pragma once

#include "connection/connectionprofile.h"

#include <QObject>
#include <QString>

#include <thread>

// Starts the embedded sandbox off the GUI thread: a private redis-server on a free loopback
// port (keyspace notifications on) with the demo services locking keys under "shop:". Both
// stop when this object goes away; the server also dies with the process if the app is killed
// (its parent-death signal).
class SandboxLauncher : public QObject
{
    Q_OBJECT

public:
    explicit SandboxLauncher(QObject *parent = nullptr);
    ~SandboxLauncher() override;

    // Asynchronous: started() or failed() follows. Does nothing while one runs or starts.
    void start();
    // Stops the services, then the server; waits for both.
    void stop();
    [[nodiscard]] bool running() const { return !url_.isEmpty(); }
    [[nodiscard]] QString url() const { return url_; }
    // How to inspect the sandbox at `url`: its prefix, and the demo's custom 8-byte tokens.
    [[nodiscard]] static ConnectionProfile profile(const QString &url);

Q_SIGNALS:
    void started(const QString &url);
    void failed(const QString &message);

private:
    QString url_;
    std::jthread thread_;
};
