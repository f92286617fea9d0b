// lockctl watch on a real 3+3 Redis Cluster with keyspace notifications: keyspace events stay on
// the node of the key, so the watch must listen to every master; locks on each master are
// reported obtained and released, and nothing says events are missing.

#include "lockctlrun.h"
#include "lockctlwatch.h"
#include "support/rediscluster.h"
#include "support/uniquekey.h"

#include <redislock/client.h>

#include <QTest>

#include <map>
#include <optional>

using namespace std::chrono_literals;
using lockscope::test::RedisCluster;
using lockscope::test::uniqueKey;

class TestLockctlWatchCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hearsEveryMaster();
};

void TestLockctlWatchCluster::hearsEveryMaster()
{
    RedisCluster::Options options;
    options.extraArguments = {u"--notify-keyspace-events"_s, u"KEA"_s};
    RedisCluster cluster(options);
    QVERIFY2(cluster.start(), qPrintable(cluster.errorString()));
    auto client = redislock::Client::fromUrl(cluster.url().toStdString());
    QVERIFY2(client, client ? "" : client.error().message().c_str());
    auto masters = client->masters();
    QVERIFY(masters);
    QCOMPARE(masters->size(), 3u);

    // One key on each master.
    const std::string base = uniqueKey("clusterwatch");
    std::map<std::string, std::string> keyOf; // master -> key
    for (int i = 0; keyOf.size() < masters->size() && i < 1000; ++i) {
        const std::string key = base + ":" + std::to_string(i);
        auto master = client->masterFor(key);
        QVERIFY(master);
        keyOf.try_emplace(*master, key);
    }
    QCOMPARE(keyOf.size(), masters->size());
    // A marker held before the watch: when it is seen, the first scan is done.
    auto marker = client->obtain(base + ":marker", 60s);
    QVERIFY(marker);

    Watch watch({u"--url"_s, cluster.url(), u"--json"_s, u"watch"_s, u"--pattern"_s,
                 QString::fromStdString(base + ":*")});
    NEXT(seen, watch, QString::fromStdString(base + ":marker"), u"seen"_s);
    for (const auto &[master, key] : keyOf) {
        auto lock = client->obtain(key, 30s);
        QVERIFY(lock);
        // With events flowing, a new key is found by its event (the next rescan is a minute
        // away): heard from the master that serves it.
        NEXT(obtained, watch, QString::fromStdString(key), u"obtained"_s);
        QCOMPARE(obtained->value("token"_L1).toString(),
                 QString::fromStdString(std::string(lock->token())));
        QVERIFY(lock->release());
        NEXT(released, watch, QString::fromStdString(key), u"released"_s);
    }
    QCOMPARE(watch.err(), QByteArray());
}

QTEST_GUILESS_MAIN(TestLockctlWatchCluster)
#include "tst_lockctl_watch_cluster.moc"
