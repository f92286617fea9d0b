#pragma once

#include "connection/connectionprofile.h"
#include "sandbox/sandbox.h"

#include <QObject>
#include <QString>

#include <thread>

// Starts the embedded sandbox off the GUI thread: a private redis-server (or a private
// 3-master 3-replica Redis Cluster) on free loopback ports (keyspace notifications on) with the
// demo services locking keys under "shop:". Both stop when this object goes away; the servers
// also die with the process if the app is killed (their parent-death signal).
class SandboxLauncher : public QObject
{
    Q_OBJECT

public:
    explicit SandboxLauncher(QObject *parent = nullptr);
    ~SandboxLauncher() override;

    // Asynchronous: started() or failed() follows. Does nothing while one runs or starts.
    void start(Sandbox::Kind kind = Sandbox::Kind::standalone);
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
