#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

// Turns SIGINT/SIGTERM into a Qt signal on the GUI thread, so that Ctrl-C or a kill quits the
// app the normal way (windows closed, settings saved, the sandbox stopped). The handler only
// writes the signal number to a pipe: that is all a signal handler may safely do.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(std::initializer_list<int> signals, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void received(int signal);

private:
    void readPipe();

    QSocketNotifier *notifier_ = nullptr;
};
