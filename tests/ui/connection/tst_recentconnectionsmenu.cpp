#include "connection/connectionstore.h"
#include "connection/recentconnectionsmenu.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// The "Connect To" menu over a real ConnectionStore (an INI file of the test's own).
class tst_RecentConnectionsMenu : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    int files_ = 0;

    std::unique_ptr<ConnectionStore> freshStore()
    {
        auto store =
            std::make_unique<ConnectionStore>(dir_.filePath(u"settings-%1.ini"_s.arg(++files_)));
        store->setKeychainEnabled(false);
        return store;
    }

    static QStringList texts(const QMenu &menu)
    {
        QStringList list;
        for (const QAction *action : menu.actions())
            list.append(action->isSeparator() && action->text().isEmpty() ? u"---"_s
                                                                          : action->text());
        return list;
    }

    static QAction *action(const QMenu &menu, const QString &text)
    {
        for (QAction *a : menu.actions()) {
            if (a->text() == text)
                return a;
        }
        return nullptr;
    }

    static ConnectionProfile profile(const QString &name, const QString &url, bool readOnly = false)
    {
        ConnectionProfile p;
        p.name = name;
        p.url = url;
        p.readOnly = readOnly;
        return p;
    }

private Q_SLOTS:
    void empty()
    {
        auto store = freshStore();
        RecentConnectionsMenu menu(store.get());
        QCOMPARE(texts(menu), QStringList{u"No saved or recent connections"_s});
        QVERIFY(!menu.actions().first()->isEnabled());
    }

    void savedAndRecent()
    {
        auto store = freshStore();
        RecentConnectionsMenu menu(store.get());
        store->saveConnection(profile(u"R&D"_s, u"redis://rd:6379"_s), false);
        store->saveConnection(profile(u"prod"_s, u"redis://prod"_s, true), false);
        store->addRecent(profile(QString(), u"redis://:pw@first/1"_s));
        store->addRecent(profile(u"prod"_s, u"redis://prod"_s, true));

        QCOMPARE(
            texts(menu),
            (QStringList{u"Saved"_s, u"prod (read-only)"_s, u"R&&D"_s, u"Recent"_s,
                         u"&1 prod · redis://prod:6379 (read-only)"_s, u"&2 redis://first:6379/1"_s,
                         u"---"_s, u"&Clear Recent Connections"_s}));
        QCOMPARE(action(menu, u"R&&D"_s)->toolTip(), u"redis://rd:6379"_s);

        QSignalSpy chosen(&menu, &RecentConnectionsMenu::profileChosen);
        action(menu, u"R&&D"_s)->trigger();
        QCOMPARE(chosen.size(), 1);
        const auto saved = chosen.first().first().value<ConnectionProfile>();
        QCOMPARE(saved.name, u"R&D"_s);
        QCOMPARE(saved.url, u"redis://rd:6379"_s);

        action(menu, u"&2 redis://first:6379/1"_s)->trigger();
        QCOMPARE(chosen.size(), 2);
        const auto recent = chosen.last().first().value<ConnectionProfile>();
        QCOMPARE(recent.url, u"redis://first/1"_s);
        QVERIFY(recent.password.isEmpty());
    }

    void clearRecentFromTheMenu()
    {
        auto store = freshStore();
        RecentConnectionsMenu menu(store.get());
        store->addRecent(profile(QString(), u"redis://a"_s));
        QAction *clear = menu.findChild<QAction *>(u"clearRecentAction"_s);
        QVERIFY(clear);
        clear->trigger(); // rebuilds the menu from inside the action's own signal
        QVERIFY(store->recentConnections().isEmpty());
        QCOMPARE(texts(menu), QStringList{u"No saved or recent connections"_s});
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    void onlyNineNumbered()
    {
        auto store = freshStore();
        store->setMaxRecent(12);
        for (int i = 0; i < 12; ++i)
            store->addRecent(profile(QString(), u"redis://h%1"_s.arg(i)));
        RecentConnectionsMenu menu(store.get());
        const QStringList list = texts(menu);
        QVERIFY(list.contains(u"&9 redis://h3:6379"_s));
        QVERIFY(list.contains(u"redis://h2:6379"_s));
        QVERIFY(list.contains(u"redis://h0:6379"_s));
    }
};

QTEST_MAIN(tst_RecentConnectionsMenu)
#include "tst_recentconnectionsmenu.moc"
