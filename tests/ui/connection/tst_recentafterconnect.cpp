// Recent connections, as a real window records them against a real redis-server: a URL goes in
// once it connected, a URL that failed stays out, and the sandbox's (ephemeral) never goes in.

#include "connection/connectionstore.h"
#include "mainwindow.h"
#include "session/inspectorsession.h"
#include "support/closedport.h"
#include "support/redisserver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace lockscope::test;
using namespace Qt::StringLiterals;

class TestRecentAfterConnect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        server_.emplace();
        QVERIFY2(server_->start(), qPrintable(server_->errorString()));
    }

    void onlyWhatConnectedIsRecorded_data()
    {
        QTest::addColumn<bool>("reachable");
        QTest::addColumn<bool>("ephemeral");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("connected") << true << false << true;
        QTest::newRow("refused") << false << false << false;
        QTest::newRow("sandbox") << true << true << false;
    }
    void onlyWhatConnectedIsRecorded()
    {
        QFETCH(bool, reachable);
        QFETCH(bool, ephemeral);
        QFETCH(bool, recorded);
        const QString settings =
            dir_.filePath(QString::fromUtf8(QTest::currentDataTag()) + u".ini"_s);
        MainWindow window(dir_.filePath(u"audit.jsonl"_s), settings);
        ConnectionProfile profile;
        profile.url =
            reachable ? server_->url() : u"redis://127.0.0.1:%1"_s.arg(closedLoopbackPort());
        profile.ephemeral = ephemeral;
        QSignalSpy states(window.session(), &InspectorSession::stateChanged);
        window.openConnection(profile);
        const auto expected =
            reachable ? InspectorSession::State::connected : InspectorSession::State::disconnected;
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->state() == expected && !states.isEmpty(), 15000);
        QTest::qWait(50); // what the window does on the state change has run

        ConnectionStore store(settings);
        QStringList urls;
        for (const ConnectionProfile &recent : store.recentConnections())
            urls << recent.url;
        QCOMPARE(urls.contains(profile.url), recorded);
        if (!recorded)
            QVERIFY(urls.isEmpty());
    }

private:
    QTemporaryDir dir_;
    std::optional<RedisServer> server_;
};

QTEST_MAIN(TestRecentAfterConnect)
#include "tst_recentafterconnect.moc"
