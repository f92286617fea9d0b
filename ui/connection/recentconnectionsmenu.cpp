#include "connection/recentconnectionsmenu.h"

#include "connection/connectionstore.h"
#include "connection/connectionurl.h"

namespace {

// Menu texts treat "&" as a mnemonic marker; names and URLs are shown as they are.
QString escaped(QString text)
{
    return text.replace(u'&', QStringLiteral("&&"));
}

} // namespace

RecentConnectionsMenu::RecentConnectionsMenu(ConnectionStore *store, QWidget *parent)
    : QMenu(tr("Connect &To"), parent), store_(store)
{
    connect(store_, &ConnectionStore::savedConnectionsChanged, this,
            &RecentConnectionsMenu::rebuild);
    connect(store_, &ConnectionStore::recentConnectionsChanged, this,
            &RecentConnectionsMenu::rebuild);
    rebuild();
}

void RecentConnectionsMenu::rebuild()
{
    // Not clear(): "Clear Recent" rebuilds the menu from inside its own triggered() signal, and
    // the action must outlive that.
    for (QAction *action : actions()) {
        removeAction(action);
        if (action->parent() == this)
            action->deleteLater();
    }
    const auto saved = store_->savedConnections();
    const auto recent = store_->recentConnections();
    if (saved.isEmpty() && recent.isEmpty()) {
        addAction(tr("No saved or recent connections"))->setEnabled(false);
        return;
    }
    if (!saved.isEmpty()) {
        addSection(tr("Saved"));
        for (const auto &profile : saved)
            addProfile(profile, escaped(profile.name));
    }
    if (!recent.isEmpty()) {
        addSection(tr("Recent"));
        int number = 0;
        for (const auto &profile : recent) {
            ++number;
            const QString url = connectionurl::displayUrl(profile.url);
            QString text = profile.name.isEmpty() || profile.name == url
                               ? escaped(url)
                               : tr("%1 · %2").arg(escaped(profile.name), escaped(url));
            // The first nine get a number key, as in editors' recent-file lists.
            if (number <= 9)
                text = QStringLiteral("&%1 %2").arg(number).arg(text);
            addProfile(profile, text);
        }
        addSeparator();
        auto *clearAction = addAction(tr("&Clear Recent Connections"));
        clearAction->setObjectName(QStringLiteral("clearRecentAction"));
        connect(clearAction, &QAction::triggered, store_, &ConnectionStore::clearRecent);
    }
}

QAction *RecentConnectionsMenu::addProfile(const ConnectionProfile &profile, const QString &text)
{
    auto *action = addAction(profile.readOnly ? tr("%1 (read-only)").arg(text) : text);
    action->setToolTip(connectionurl::displayUrl(profile.url));
    action->setData(QVariant::fromValue(profile));
    connect(action, &QAction::triggered, this, [this, profile] { Q_EMIT profileChosen(profile); });
    return action;
}
