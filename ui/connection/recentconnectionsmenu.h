#pragma once

#include "connection/connectionprofile.h"

#include <QMenu>

class ConnectionStore;

// A "Connect to" menu filled from a ConnectionStore: the saved connections, the recent ones
// (numbered, newest first), and "Clear recent". It follows the store's changes as they happen.
class RecentConnectionsMenu : public QMenu
{
    Q_OBJECT
public:
    explicit RecentConnectionsMenu(ConnectionStore *store, QWidget *parent = nullptr);

Q_SIGNALS:
    // The profile has no password: for a saved one, ask the store (requestPassword()).
    void profileChosen(const ConnectionProfile &profile);

private:
    void rebuild();
    QAction *addProfile(const ConnectionProfile &profile, const QString &text);

    ConnectionStore *store_;
};
