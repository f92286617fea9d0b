#include "common/darkpalette.h"
#include "connection/serverstatuswidget.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The offscreen platform warns each time a top-level's size constraints change; that says
// nothing about the widgets under test and buries what does.
QtMessageHandler previousHandler = nullptr;
void dropSizeHintWarnings(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (text == u"This plugin does not support propagateSizeHints()")
        return;
    previousHandler(type, context, text);
}

ServerInfo sampleInfo()
{
    ServerInfo info;
    info.version = u"7.0.15"_s;
    info.role = u"master"_s;
    info.mode = u"standalone"_s;
    info.db = 2;
    info.keys = 1234;
    info.latencyMs = 0.42;
    info.keyspaceNotifications = true;
    return info;
}

} // namespace

// The status-bar widget: what it says for each connection state and server reply.
class tst_ServerStatusWidget : public QObject
{
    Q_OBJECT

    template <class W = QLabel>
    static W *child(const QWidget &widget, const char *name)
    {
        auto *found = widget.findChild<W *>(QString::fromLatin1(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    static QColor dotColour(const ServerStatusWidget &widget)
    {
        const QImage image = child(widget, "stateDot")->pixmap().toImage();
        return image.pixelColor(image.width() / 2, image.height() / 2);
    }

private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(dropSizeHintWarnings);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    }

    void states_data()
    {
        QTest::addColumn<ConnectionState>("state");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("withInfo");
        QTest::addColumn<QString>("stateText");
        QTest::addColumn<bool>("urlShown");
        QTest::addColumn<bool>("serverShown");
        QTest::addColumn<bool>("serverEnabled");

        QTest::newRow("disconnected") << ConnectionState::disconnected << QString() << false
                                      << u"Disconnected"_s << false << false << false;
        QTest::newRow("disconnected after info")
            << ConnectionState::disconnected << u"closed by the operator"_s << true
            << u"Disconnected — closed by the operator"_s << false << false << false;
        QTest::newRow("connecting") << ConnectionState::connecting << QString() << false
                                    << u"Connecting…"_s << true << false << false;
        QTest::newRow("connected") << ConnectionState::connected << QString() << true
                                   << u"Connected"_s << true << true << true;
        QTest::newRow("connected without info yet")
            << ConnectionState::connected << QString() << false << u"Connected"_s << true << false
            << false;
        QTest::newRow("reconnecting")
            << ConnectionState::reconnecting << u"connection refused"_s << true
            << u"Reconnecting… — connection refused"_s << true << true << false;
    }
    void states()
    {
        QFETCH(ConnectionState, state);
        QFETCH(QString, message);
        QFETCH(bool, withInfo);
        QFETCH(bool, urlShown);
        QFETCH(bool, serverShown);
        QFETCH(bool, serverEnabled);

        ServerStatusWidget widget;
        ConnectionProfile profile;
        profile.url = u"redis://:pw@cache.internal:6380/2"_s;
        profile.password = u"pw"_s;
        widget.setProfile(profile);
        widget.show();
        widget.setState(ConnectionState::connected);
        if (withInfo)
            widget.setServerInfo(sampleInfo());
        widget.setState(state, message);

        QCOMPARE(widget.state(), state);
        QTEST(child(widget, "stateLabel")->text(), "stateText");
        auto *url = child(widget, "urlLabel");
        QCOMPARE(url->isVisible(), urlShown);
        QCOMPARE(url->text(), u"redis://cache.internal:6380/2"_s);
        for (const char *name :
             {"versionLabel", "roleLabel", "dbLabel", "latencyLabel", "updatesLabel"}) {
            QVERIFY2(child(widget, name)->isVisible() == serverShown, name);
            if (serverShown)
                QVERIFY2(child(widget, name)->isEnabled() == serverEnabled, name);
        }
        if (serverShown) {
            QCOMPARE(child(widget, "versionLabel")->text(), u"Redis 7.0.15"_s);
            QCOMPARE(child(widget, "roleLabel")->text(), u"master, standalone"_s);
            QCOMPARE(child(widget, "dbLabel")->text(), u"db 2: 1,234 keys in total"_s);
            QCOMPARE(child(widget, "latencyLabel")->text(), u"0.42 ms"_s);
            QCOMPARE(child(widget, "updatesLabel")->text(), u"Live updates"_s);
        }
        QVERIFY(!child(widget, "readOnlyBadge")->isVisible());
    }

    // Each state has its own colour, so that a glance at the dot is enough.
    void dotColours()
    {
        ServerStatusWidget widget;
        widget.show();
        QList<QColor> colours;
        for (const auto state : {ConnectionState::disconnected, ConnectionState::connecting,
                                 ConnectionState::connected, ConnectionState::reconnecting}) {
            widget.setState(state);
            const QColor colour = dotColour(widget);
            QVERIFY(colour.alpha() == 255);
            QVERIFY2(!colours.contains(colour), qPrintable(colour.name()));
            colours.append(colour);
        }
        // Green for connected, grey for disconnected.
        QVERIFY(colours.at(2).green() > colours.at(2).red() * 1.5);
        QCOMPARE(colours.at(0).hslSaturation(), 0);
    }

    void serverTexts_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<qint64>("keys");
        QTest::addColumn<double>("latency");
        QTest::addColumn<bool>("notifications");
        QTest::addColumn<QString>("roleText");
        QTest::addColumn<QString>("dbText");
        QTest::addColumn<QString>("latencyText");
        QTest::addColumn<QString>("updatesText");

        QTest::newRow("replica, polling")
            << u"slave"_s << u"standalone"_s << qint64(0) << 3.14 << false
            << u"replica, standalone"_s << u"db 0: 0 keys in total"_s << u"3.1 ms"_s
            << u"Polling"_s;
        QTest::newRow("one key, slow")
            << u"master"_s << u"cluster"_s << qint64(1) << 120.4 << true << u"master, cluster"_s
            << u"db 0: 1 key in total"_s << u"120 ms"_s << u"Live updates"_s;
        QTest::newRow("no mode, many keys")
            << u"master"_s << QString() << qint64(5'000'000'000) << 0.051 << true << u"master"_s
            << u"db 0: 5,000,000,000 keys in total"_s << u"0.05 ms"_s << u"Live updates"_s;
    }
    void serverTexts()
    {
        QFETCH(QString, role);
        QFETCH(QString, mode);
        QFETCH(qint64, keys);
        QFETCH(double, latency);
        QFETCH(bool, notifications);
        ServerInfo info;
        info.version = u"6.2.14"_s;
        info.role = role;
        info.mode = mode;
        info.keys = keys;
        info.latencyMs = latency;
        info.keyspaceNotifications = notifications;

        ServerStatusWidget widget;
        widget.setState(ConnectionState::connected);
        widget.setServerInfo(info);
        QTEST(child(widget, "roleLabel")->text(), "roleText");
        QTEST(child(widget, "dbLabel")->text(), "dbText");
        QTEST(child(widget, "latencyLabel")->text(), "latencyText");
        QTEST(child(widget, "updatesLabel")->text(), "updatesText");
        QVERIFY(!child(widget, "updatesLabel")->toolTip().isEmpty());
    }

    void pollingSaysHowOftenTtlsAreReread_data()
    {
        QTest::addColumn<bool>("notifications");
        QTest::addColumn<qint64>("cycleMs");
        QTest::addColumn<qint64>("sweepMs");
        QTest::addColumn<QString>("updatesText");
        QTest::addColumn<QString>("toolTipPart");
        QTest::newRow("polling, the budget stretches the cycle")
            << false << qint64(20'000) << qint64(0)
            << u"Polling · TTLs re-read every ~20 s · budget 5,000/s"_s
            << u"re-read about every 20 s, within a budget of 5,000 commands a second"_s;
        QTest::newRow("polling, a very long cycle")
            << false << qint64(200'000) << qint64(0)
            << u"Polling · TTLs re-read every ~3 min · budget 5,000/s"_s << u"about every 3 min"_s;
        QTest::newRow("live, the slow sweep")
            << true << qint64(0) << qint64(60'000) << u"Live updates"_s
            << u"slow sweep, about every 60 s"_s;
    }
    void pollingSaysHowOftenTtlsAreReread()
    {
        QFETCH(bool, notifications);
        QFETCH(qint64, cycleMs);
        QFETCH(qint64, sweepMs);
        ServerInfo info;
        info.version = u"7.2.4"_s;
        info.role = u"master"_s;
        info.keyspaceNotifications = notifications;
        info.liveMasters = notifications ? 1 : 0;
        info.resyncCycleMs = cycleMs;
        info.sweepCycleMs = sweepMs;
        info.resyncBudget = 5000;
        ServerStatusWidget widget;
        widget.setState(ConnectionState::connected);
        widget.setServerInfo(info);
        QTEST(child(widget, "updatesLabel")->text(), "updatesText");
        QFETCH(QString, toolTipPart);
        const QString toolTip = child(widget, "updatesLabel")->toolTip();
        QVERIFY2(toolTip.contains(toolTipPart), qPrintable(toolTip));
    }

    void deploymentTexts_data()
    {
        QTest::addColumn<int>("deployment");
        QTest::addColumn<int>("masters");
        QTest::addColumn<int>("replicas");
        QTest::addColumn<int>("live");
        QTest::addColumn<QString>("roleText");
        QTest::addColumn<QString>("updatesText");
        using redislock::Deployment;
        QTest::newRow("cluster, live everywhere")
            << int(Deployment::cluster) << 3 << 3 << 3 << u"cluster · 3 masters · 3 replicas"_s
            << u"Live updates"_s;
        QTest::newRow("cluster, some polled")
            << int(Deployment::cluster) << 3 << 3 << 2 << u"cluster · 3 masters · 3 replicas"_s
            << u"Live on 2 of 3 masters"_s;
        QTest::newRow("cluster of one, polled")
            << int(Deployment::cluster) << 1 << 0 << 0 << u"cluster · 1 master · 0 replicas"_s
            << u"Polling"_s;
        QTest::newRow("sentinel") << int(Deployment::sentinel) << 1 << 1 << 1
                                  << u"sentinel lockmaster → 127.0.0.1:7004"_s << u"Live updates"_s;
    }
    void deploymentTexts()
    {
        QFETCH(int, deployment);
        QFETCH(int, masters);
        QFETCH(int, replicas);
        QFETCH(int, live);
        ServerInfo info;
        info.version = u"7.2.4"_s;
        info.role = u"master"_s;
        info.deployment = redislock::Deployment(deployment);
        info.masters = masters;
        info.replicas = replicas;
        info.liveMasters = live;
        info.keyspaceNotifications = live > 0;
        info.masterName = u"lockmaster"_s;
        info.masterAddress = u"127.0.0.1:7004"_s;
        if (live < masters)
            info.polledMasters = {u"127.0.0.1:7003"_s};

        ServerStatusWidget widget;
        widget.setState(ConnectionState::connected);
        widget.setServerInfo(info);
        QTEST(child(widget, "roleLabel")->text(), "roleText");
        QTEST(child(widget, "updatesLabel")->text(), "updatesText");
        if (live > 0 && live < masters)
            QVERIFY2(child(widget, "updatesLabel")->toolTip().contains(u"127.0.0.1:7003"_s),
                     qPrintable(child(widget, "updatesLabel")->toolTip()));
    }

    void failoverNoticeStaysUntilTheConnectionChanges()
    {
        ServerStatusWidget widget;
        ConnectionProfile profile;
        profile.url = u"redis-cluster://127.0.0.1:7001"_s;
        widget.setProfile(profile);
        widget.setState(ConnectionState::connected);
        widget.show();
        QVERIFY(!child(widget, "noticeLabel")->isVisible());
        const QString notice = u"Failover: the master of slots 0-5460 moved a → b"_s;
        widget.setNotice(notice);
        QCOMPARE(child(widget, "noticeLabel")->text(), notice);
        QVERIFY(child(widget, "noticeLabel")->isVisible());
        widget.setReadOnly(true); // the same connection: the notice stays
        widget.setProfile(profile);
        QVERIFY(child(widget, "noticeLabel")->isVisible());
        profile.url = u"redis://127.0.0.1:6380"_s;
        widget.setProfile(profile);
        QVERIFY(!child(widget, "noticeLabel")->isVisible());
    }

    void nameAndUrl()
    {
        ServerStatusWidget widget;
        widget.show();
        widget.setState(ConnectionState::connecting);
        ConnectionProfile profile;
        profile.name = u"orders (prod)"_s;
        profile.url = u"rediss://ops@r.example:6380/4?ca=/etc/ca.pem"_s;
        widget.setProfile(profile);
        QCOMPARE(child(widget, "urlLabel")->text(),
                 u"orders (prod) · rediss://ops@r.example:6380/4"_s);
        // An unparsable URL is still shown without its password.
        profile.name.clear();
        profile.url = u"redis://:hunter2@h:0"_s;
        widget.setProfile(profile);
        QCOMPARE(child(widget, "urlLabel")->text(), u"redis://h:0"_s);
    }

    void readOnlyBadge_data()
    {
        QTest::addColumn<bool>("appReadOnly");
        QTest::addColumn<bool>("profileReadOnly");
        QTest::newRow("writable") << false << false;
        QTest::newRow("--read-only") << true << false;
        QTest::newRow("read-only connection") << false << true;
        QTest::newRow("both") << true << true;
    }
    void readOnlyBadge()
    {
        QFETCH(bool, appReadOnly);
        QFETCH(bool, profileReadOnly);
        ServerStatusWidget widget;
        widget.show();
        ConnectionProfile profile;
        profile.url = u"redis://h"_s;
        profile.readOnly = profileReadOnly;
        widget.setProfile(profile);
        widget.setReadOnly(appReadOnly);
        const bool expected = appReadOnly || profileReadOnly;
        QCOMPARE(widget.isReadOnly(), expected);
        QCOMPARE(child(widget, "readOnlyBadge")->isVisible(), expected);
        QCOMPARE(child(widget, "readOnlyBadge")->text(), u"Read-only"_s);
    }

    void longReasonIsCut()
    {
        ServerStatusWidget widget;
        const QString reason =
            u"could not connect to redis.example.com:6379: "_s + QString(200, u'x');
        widget.setState(ConnectionState::reconnecting, reason);
        auto *state = child(widget, "stateLabel");
        QVERIFY(state->text().size() < reason.size());
        QVERIFY(state->text().endsWith(u"…"_s));
        QVERIFY(state->toolTip().endsWith(reason));
    }

    // With LOCKSCOPE_SCREENSHOTS set to a directory, each state is saved there as a PNG in the
    // light and the dark palette; the dot keeps its hue in both.
    void rendersInBothPalettes()
    {
        const QPalette before = QApplication::palette();
        QList<QColor> connectedDots;
        for (const bool dark : {false, true}) {
            QApplication::setPalette(dark ? darkPalette()
                                          : QApplication::style()->standardPalette());
            int index = 0;
            for (const auto state :
                 {ConnectionState::connecting, ConnectionState::connected,
                  ConnectionState::reconnecting, ConnectionState::disconnected}) {
                ServerStatusWidget widget;
                ConnectionProfile profile;
                profile.name = u"orders (staging)"_s;
                profile.url = u"redis://10.0.0.5:6379/2"_s;
                profile.readOnly = state == ConnectionState::connected;
                widget.setProfile(profile);
                widget.setState(ConnectionState::connected);
                widget.setServerInfo(sampleInfo());
                widget.setState(state, state == ConnectionState::reconnecting
                                           ? u"connection refused"_s
                                           : QString());
                widget.resize(widget.sizeHint());
                widget.show();
                if (state == ConnectionState::connected)
                    connectedDots.append(dotColour(widget));
                const QString dir = qEnvironmentVariable("LOCKSCOPE_SCREENSHOTS");
                if (!dir.isEmpty()) {
                    QDir().mkpath(dir);
                    QVERIFY(widget.grab().save(
                        QDir(dir).filePath(u"serverstatus-%1-%2.png"_s.arg(index).arg(
                            dark ? u"dark"_s : u"light"_s))));
                }
                ++index;
            }
        }
        QApplication::setPalette(before);
        QCOMPARE(connectedDots.size(), 2);
        QVERIFY(connectedDots.at(0) != connectedDots.at(1)); // adapted to the background
        QVERIFY(std::abs(connectedDots.at(0).hslHue() - connectedDots.at(1).hslHue()) < 20);
    }
};

QTEST_MAIN(tst_ServerStatusWidget)
#include "tst_serverstatuswidget.moc"
