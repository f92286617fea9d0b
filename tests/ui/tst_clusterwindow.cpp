// The inspector on a real Redis Cluster (3 masters, 3 replicas, keyspace notifications on):
// the main window offscreen, as an operator of a cluster uses it. One cluster for the whole
// executable (it takes seconds to form); a fresh prefix per test.
#include "actions/activitywidget.h"
#include "actions/auditlog.h"
#include "actions/forcereleasedialog.h"
#include "connection/serverstatuswidget.h"
#include "locks/lockdetailwidget.h"
#include "locks/lockfilterproxymodel.h"
#include "locks/lockswidget.h"
#include "locks/locktablemodel.h"
#include "mainwindow.h"
#include "session/inspectorsession.h"
#include "support/rediscluster.h"
#include "support/redissentinelsetup.h"
#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace lockscope::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 20000;

// A lock value as redislock writes it: a 22-character token, then JSON metadata.
QByteArray lockValue(int master)
{
    return QByteArray(22, char('A' + master)) + "{\"owner\":\"service-" +
           QByteArray::number(master) + "\"}";
}

// The force-release dialog the window has open now (earlier ones may linger hidden).
ForceReleaseDialog *openDialog(QWidget *window)
{
    const auto dialogs = window->findChildren<ForceReleaseDialog *>();
    for (ForceReleaseDialog *dialog : dialogs)
        if (dialog->isVisible())
            return dialog;
    return nullptr;
}

} // namespace

class TestClusterWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RedisCluster> cluster_;
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<MainWindow> window_;
    QString prefix_;

    bool openWindow(const QString &url)
    {
        dir_ = std::make_unique<QTemporaryDir>();
        window_ = std::make_unique<MainWindow>(dir_->filePath(QStringLiteral("audit.jsonl")),
                                               dir_->filePath(QStringLiteral("settings.ini")));
        window_->resize(1600, 1000);
        window_->show();
        prefix_ = QString::fromStdString(uniqueKey("cw"));
        ConnectionProfile profile;
        profile.name = QStringLiteral("cluster");
        profile.url = url;
        profile.prefix = prefix_;
        window_->openConnection(profile);
        return QTest::qWaitFor(
            [this] { return window_->session()->state() == InspectorSession::State::connected; },
            timeoutMs);
    }

    [[nodiscard]] LockTableModel *model() const { return window_->locksWidget()->model(); }
    [[nodiscard]] QByteArray key(const QByteArray &name) const
    {
        return prefix_.toUtf8() + ':' + name;
    }
    [[nodiscard]] QString label(const char *name) const
    {
        auto *found = window_->findChild<QLabel *>(QString::fromLatin1(name));
        return found ? found->text() : QString();
    }
    // A key per master, by the master's index: hash tags chosen until every master has one.
    [[nodiscard]] std::map<int, QByteArray> keyPerMaster() const
    {
        std::map<int, QByteArray> keys;
        const QList<int> masters = cluster_->masters();
        for (int i = 0; i < 1000 && keys.size() < std::size_t(masters.size()); ++i) {
            const QByteArray candidate = key("lock:{" + QByteArray::number(i) + "}");
            const int master = cluster_->masterOfSlot(cluster_->keySlot(candidate));
            if (master >= 0 && !keys.contains(master))
                keys.emplace(master, candidate);
        }
        return keys;
    }
    // The replica has the key (replication is asynchronous): asked on one connection, after
    // READONLY, as a replica answers reads only then.
    [[nodiscard]] bool replicaHas(int replica, const QByteArray &name) const
    {
        RawRedis redis = cluster_->raw(replica);
        redis.command({"READONLY"});
        return redis.command({"EXISTS", name}).integer == 1;
    }
    // Writes the keys on their masters (through a plain connection to each) and waits until
    // the table lists them all.
    bool seed(const std::map<int, QByteArray> &keys)
    {
        for (const auto &[master, name] : keys)
            cluster_->raw(master).command({"SET", name, lockValue(master), "PX", "120000"});
        return QTest::qWaitFor(
            [&] {
                return std::all_of(keys.cbegin(), keys.cend(), [this](const auto &entry) {
                    return model()->indexOfKey(entry.second) >= 0;
                });
            },
            timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        RedisCluster::Options options;
        options.extraArguments = {QStringLiteral("--notify-keyspace-events"),
                                  QStringLiteral("KEA")};
        cluster_ = std::make_unique<RedisCluster>(options);
        QVERIFY2(cluster_->start(), qPrintable(cluster_->errorString()));
    }

    void cleanup() { window_.reset(); }

    void nodeAndSlotColumnsShowWhereEachLockLives()
    {
        QVERIFY(openWindow(cluster_->url()));
        QAbstractItemModelTester tester(model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto keys = keyPerMaster();
        QCOMPARE(keys.size(), std::size_t(3));
        QVERIFY(seed(keys));
        QTableView *view = window_->locksWidget()->view();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isColumnHidden(LockTableModel::NodeColumn), timeoutMs);
        QVERIFY(!view->isColumnHidden(LockTableModel::SlotColumn));
        for (const auto &[master, name] : keys) {
            const int row = model()->indexOfKey(name);
            const QModelIndex node = model()->index(row, LockTableModel::NodeColumn);
            QCOMPARE(node.data().toString(), cluster_->address(master));
            QCOMPARE(node.data(LockTableModel::NodeRole).toString(), cluster_->address(master));
            QCOMPARE(model()->index(row, LockTableModel::SlotColumn).data().toInt(),
                     cluster_->keySlot(name));
        }

        // Filtered by node and by slot, from the roles.
        LockFilterProxyModel *proxy = window_->locksWidget()->proxy();
        const auto &[firstMaster, firstKey] = *keys.cbegin();
        window_->locksWidget()->setFilterText(u"node:"_s +
                                              cluster_->address(firstMaster).section(u':', -1));
        QTRY_COMPARE(proxy->rowCount(), 1);
        QCOMPARE(proxy->index(0, 0).data(LockTableModel::SortRole).toByteArray(), firstKey);
        const int slot = cluster_->keySlot(firstKey);
        window_->locksWidget()->setFilterText(u"slot:"_s + QString::number(slot));
        QTRY_COMPARE(proxy->rowCount(), 1);
        window_->locksWidget()->setFilterText(u"slot:0-16383"_s);
        QTRY_COMPARE(proxy->rowCount(), 3);
        window_->locksWidget()->setFilterText(QString());

        // The detail pane names the node and the slot.
        QVERIFY(window_->locksWidget()->selectKey(firstKey));
        QTRY_COMPARE(label("nodeLabel"),
                     cluster_->address(firstMaster) + u" · slot "_s + QString::number(slot));
    }

    void statusBarSaysClusterAndLiveOnEveryMaster()
    {
        QVERIFY(openWindow(cluster_->url()));
        QTRY_COMPARE_WITH_TIMEOUT(label("roleLabel"), u"cluster · 3 masters · 3 replicas"_s,
                                  timeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(label("updatesLabel"), u"Live updates"_s, timeoutMs);
        // Events come from every master: a key set on each shows without a rescan.
        QVERIFY(seed(keyPerMaster()));
    }

    void replicaCheckOfTheSelectedLock()
    {
        QVERIFY(openWindow(cluster_->url()));
        const auto keys = keyPerMaster();
        QVERIFY(seed(keys));
        const auto &[master, name] = *keys.cbegin();
        const QList<int> replicas = cluster_->replicasOf(master);
        QCOMPARE(replicas.size(), 1);
        // Replication is asynchronous: wait until the replica has it, then ask.
        QTRY_VERIFY_WITH_TIMEOUT(replicaHas(replicas.constFirst(), name), timeoutMs);
        QVERIFY(window_->locksWidget()->selectKey(name));
        LockDetailWidget *detail = window_->locksWidget()->detail();
        QTRY_VERIFY(detail->hasLock());
        QTest::mouseClick(detail->replicaButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(detail->replicaText().contains(u"holds the same value"_s),
                                 timeoutMs);
        QVERIFY2(detail->replicaText().startsWith(cluster_->address(replicas.constFirst())),
                 qPrintable(detail->replicaText()));
    }

    void forceReleaseOnEveryMaster()
    {
        QVERIFY(openWindow(cluster_->url()));
        const auto keys = keyPerMaster();
        QVERIFY(seed(keys));
        for (const auto &[master, name] : keys) {
            QVERIFY(window_->locksWidget()->selectKey(name));
            QTRY_VERIFY(window_->forceReleaseAction()->isEnabled());
            window_->forceReleaseAction()->trigger();
            ForceReleaseDialog *dialog = nullptr;
            QTRY_VERIFY((dialog = openDialog(window_.get())) != nullptr);
            QSignalSpy finished(window_->session(), &InspectorSession::actionFinished);
            QTest::mouseClick(dialog->forceReleaseButton(), Qt::LeftButton);
            QVERIFY(finished.wait(timeoutMs));
            const auto result = finished.constFirst().constFirst().value<ActionResult>();
            QCOMPARE(result.outcome, ActionResult::Outcome::done);
            // Gone from its master, which is where the routing sent the script.
            QCOMPARE(cluster_->raw(master).command({"EXISTS", name}).integer, 0);
            QTRY_VERIFY_WITH_TIMEOUT(!openDialog(window_.get()), timeoutMs);
        }
        for (const auto &[master, name] : keys)
            QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(name) < 0, timeoutMs);
    }

    void failoverIsToldAndTheTableKeepsItsRows()
    {
        QVERIFY(openWindow(cluster_->url()));
        const auto keys = keyPerMaster();
        QVERIFY(seed(keys));
        QTRY_COMPARE_WITH_TIMEOUT(label("roleLabel"), u"cluster · 3 masters · 3 replicas"_s,
                                  timeoutMs);
        const auto &[master, name] = *keys.cbegin();
        const int replica = cluster_->replicasOf(master).value(0, -1);
        QVERIFY(replica >= 0);
        // Replicated before the failover, so that the new master has it.
        QTRY_VERIFY_WITH_TIMEOUT(replicaHas(replica, name), timeoutMs);
        const int rows = model()->rowCount();

        QSignalSpy noticed(window_->session(), &InspectorSession::failoverNoticed);
        QVERIFY2(cluster_->failover(replica), qPrintable(cluster_->errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!noticed.isEmpty(), timeoutMs);
        const QString expected = u"Failover: the master of slots "_s;
        const auto entry = noticed.constFirst().constFirst().value<ActionResult>();
        QVERIFY2(entry.message.startsWith(expected), qPrintable(entry.message));
        QVERIFY2(entry.message.endsWith(cluster_->address(master) + u" → "_s +
                                        cluster_->address(replica)),
                 qPrintable(entry.message));
        // In the status bar (where it stays: a scan's messages come and go) and in the
        // Activity tab.
        QTRY_COMPARE(label("noticeLabel"), entry.message);
        ActivityWidget *activity = window_->findChild<ActivityWidget *>();
        QVERIFY(activity);
        QTRY_VERIFY(activity->view()->model()->rowCount() > 0);
        QCOMPARE(window_->auditLog()->entries().constLast().action, LockAction::failover);
        // The table kept its rows, and the moved lock's row names its new master.
        QCOMPARE(model()->rowCount(), rows);
        QTRY_COMPARE_WITH_TIMEOUT(
            model()->index(model()->indexOfKey(name), LockTableModel::NodeColumn).data().toString(),
            cluster_->address(replica), timeoutMs);
        QVERIFY(cluster_->waitUntilHealthy());
    }

    // A Sentinel deployment: the status bar names the master, a SENTINEL FAILOVER is told the
    // moment the sentinels announce it (+switch-master), and the reads follow.
    void sentinelFailoverIsTold()
    {
        RedisSentinelSetup sentinels;
        QVERIFY2(sentinels.start(), qPrintable(sentinels.errorString()));
        QVERIFY(openWindow(sentinels.url()));
        const QString before = u"127.0.0.1:"_s + QString::number(sentinels.serverPort(0));
        const QString after = u"127.0.0.1:"_s + QString::number(sentinels.serverPort(1));
        QTRY_COMPARE_WITH_TIMEOUT(label("roleLabel"), u"sentinel lockmaster → "_s + before,
                                  timeoutMs);
        QTableView *view = window_->locksWidget()->view();
        QVERIFY(view->isColumnHidden(LockTableModel::NodeColumn));
        // The master's keys are listed, as on a single server.
        RawRedis master(sentinels.serverPort(0));
        QCOMPARE(master.command({"SET", key("sentinel"), "v", "PX", "60000"}).str,
                 QByteArray("OK"));
        QTRY_VERIFY_WITH_TIMEOUT(model()->indexOfKey(key("sentinel")) >= 0, timeoutMs);
        QSignalSpy noticed(window_->session(), &InspectorSession::failoverNoticed);
        RawRedis sentinel(sentinels.sentinelPort(0));
        QCOMPARE(sentinel.command({"SENTINEL", "FAILOVER", "lockmaster"}).str, QByteArray("OK"));
        QVERIFY(sentinels.waitForMaster(sentinels.serverPort(1)));
        QTRY_VERIFY_WITH_TIMEOUT(!noticed.isEmpty(), timeoutMs);
        const QString expected = u"Failover: lockmaster moved "_s + before + u" → "_s + after;
        QCOMPARE(noticed.constFirst().constFirst().value<ActionResult>().message, expected);
        QTRY_COMPARE(label("noticeLabel"), expected);
        // The status bar follows the new master.
        QTRY_COMPARE_WITH_TIMEOUT(label("roleLabel"), u"sentinel lockmaster → "_s + after,
                                  timeoutMs);
        window_.reset(); // before the sentinels stop
    }

    void standaloneHidesTheClusterColumns()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(openWindow(server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(!label("roleLabel").isEmpty(), timeoutMs);
        QTableView *view = window_->locksWidget()->view();
        QVERIFY(view->isColumnHidden(LockTableModel::NodeColumn));
        QVERIFY(view->isColumnHidden(LockTableModel::SlotColumn));
        QVERIFY(!label("roleLabel").startsWith(u"cluster"_s));
    }
};

QTEST_MAIN(TestClusterWindow)
#include "tst_clusterwindow.moc"
