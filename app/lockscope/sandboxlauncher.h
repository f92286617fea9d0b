#pragma once

#include "connection/connectionprofile.h"
#include "sandbox/sandbox.h"

#include <QObject>
#include <QString>

#include <thread>

// Starts the embedded sandbox off the GUI thread: a private redis-server, or a private
// 3-master 3-replica Redis Cluster (setKind), on free loopback ports (keyspace notifications
// on) with the demo services locking keys under "shop:". Both stop when this object goes away;
// the servers also die with the process if the app is killed (their parent-death signal).
class SandboxLauncher : public QObject
{
    Q_OBJECT

public:
    explicit SandboxLauncher(QObject *parent = nullptr);
    ~SandboxLauncher() override;

    // What the next start() starts: a single server (the default) or a cluster.
    void setKind(Sandbox::Kind kind);
    // Asynchronous: started() or failed() follows, with the URL (redis:// or redis-cluster://).
    // Does nothing while one runs or starts.
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
    Sandbox::Kind kind_ = Sandbox::Kind::standalone;
    std::jthread thread_;
};
