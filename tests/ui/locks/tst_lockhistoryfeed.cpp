// LockHistoryFeed on a hand-moved clock: what the session's signals become in the history, and
// how this app's own deletes are told apart from everybody else's.
#include "locks/lockhistoryfeed.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using redislock::LockEventKind;

namespace {

LockSnapshot lock(const QByteArray &key, const QByteArray &value, qint64 ttlMs)
{
    LockSnapshot snapshot;
    snapshot.key = key;
    snapshot.value = value;
    snapshot.valueSize = value.size();
    snapshot.ttlMs = ttlMs;
    snapshot.format = redislock::LockFormat::customToken;
    snapshot.tokenLength = 8;
    return snapshot;
}

ActionResult action(LockAction kind, const QByteArray &key, ActionResult::Outcome outcome)
{
    ActionResult result;
    result.action = kind;
    result.key = key;
    result.outcome = outcome;
    return result;
}

} // namespace

class TestLockHistoryFeed : public QObject
{
    Q_OBJECT

private:
    redislock::HistoryTime now_ = redislock::HistoryTime::now();

    void advance(std::chrono::milliseconds by)
    {
        now_.steady += by;
        now_.wall += by;
    }

private Q_SLOTS:
    void init() { now_ = redislock::HistoryTime::now(); }

    // How the holder's tenure ends: the removal as the session reports it, with or without this
    // app's delete announced before it, and the action's outcome before or after the removal.
    void removalCause_data()
    {
        QTest::addColumn<bool>("announced");
        QTest::addColumn<int>("outcome"); // ActionResult::Outcome, -1: none before the removal
        QTest::addColumn<KeyRemoval>("removal");
        QTest::addColumn<int>("ended"); // LockEventKind

        const int done = int(ActionResult::Outcome::done);
        const int changed = int(ActionResult::Outcome::changedHands);
        QTest::newRow("del event")
            << false << -1 << KeyRemoval::deleted << int(LockEventKind::released);
        QTest::newRow("expired event")
            << false << -1 << KeyRemoval::expired << int(LockEventKind::expired);
        QTest::newRow("ours, event first")
            << true << -1 << KeyRemoval::deleted << int(LockEventKind::deleted);
        QTest::newRow("ours, outcome first")
            << true << done << KeyRemoval::deleted << int(LockEventKind::deleted);
        QTest::newRow("ours, found gone by a re-sync")
            << true << done << KeyRemoval::vanished << int(LockEventKind::deleted);
        QTest::newRow("ours changed hands: someone else's del")
            << true << changed << KeyRemoval::deleted << int(LockEventKind::released);
        QTest::newRow("ours, but it expired first")
            << true << -1 << KeyRemoval::expired << int(LockEventKind::expired);
    }

    void removalCause()
    {
        QFETCH(bool, announced);
        QFETCH(int, outcome);
        QFETCH(KeyRemoval, removal);
        QFETCH(int, ended);

        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        feed.beginWatching();
        const QByteArray key = "shop:orders:1";
        QSignalSpy changed(&feed, &LockHistoryFeed::historyChanged);
        feed.observeLocks({lock(key, "token-01{}", 10000)});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().value<QList<QByteArray>>(), QList<QByteArray>{key});
        advance(1s);
        if (announced)
            feed.expectOperatorDelete(key);
        if (outcome >= 0)
            feed.observeAction(
                action(LockAction::forceRelease, key, ActionResult::Outcome(outcome)));
        advance(10ms);
        feed.observeRemoval(key, removal);

        const redislock::KeyHistory *history = feed.find(key);
        QVERIFY(history);
        QCOMPARE(history->tenures.size(), std::size_t(1));
        QVERIFY(history->tenures.front().end);
        QCOMPARE(int(history->tenures.front().endKind), ended);
        QCOMPARE(history->tenures.front().token, std::string("token-01"));
    }

    // A TTL that comes back up is a refresh; a key without expiry is an anomaly, told once.
    void ttlsAndAnomalies()
    {
        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        feed.beginWatching();
        QSignalSpy anomalies(&feed, &LockHistoryFeed::anomaliesChanged);
        feed.observeLocks({lock("a", "token-0a{}", 10000), lock("b", "token-0b{}", -1)});
        QCOMPARE(anomalies.size(), 1);
        QCOMPARE(anomalies.first().first().value<QList<QByteArray>>(), QList<QByteArray>{"b"});
        QCOMPARE(feed.anomalyNames("b"), QStringList{QStringLiteral("no-expiry")});
        QVERIFY(feed.anomalyNames("a").isEmpty());
        advance(5s);
        feed.observeTtls({{"a", 10000}, {"b", -1}});
        QCOMPARE(feed.find("a")->tenures.front().refreshes.size(), std::size_t(1));
        QCOMPARE(anomalies.size(), 1);
        // A re-sync finding it gone removes it.
        advance(1s);
        feed.observeTtls({{"a", -2}});
        QVERIFY(feed.find("a")->tenures.front().end);
        feed.clear();
        QCOMPARE(feed.find("a"), nullptr);
    }

    // What a re-sync costs the GUI thread: 10,000 steady keys' TTLs per batch (the figure is in
    // the benchmark's output; nothing here asserts a time).
    void resyncCost()
    {
        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        feed.beginWatching();
        QList<LockSnapshot> page;
        QList<TtlSample> samples;
        for (int i = 0; i < 10000; ++i) {
            const QByteArray key = "shop:bench:" + QByteArray::number(i);
            page.append(lock(
                key, "token-" + QByteArray::number(i % 100).rightJustified(2, '0') + "{}", 60000));
            samples.append({key, 60000});
        }
        feed.observeLocks(page);
        qint64 elapsed = 0;
        QBENCHMARK
        {
            advance(1s);
            elapsed += 1000;
            for (TtlSample &sample : samples)
                sample.ttlMs = 60000 - elapsed;
            feed.observeTtls(samples);
        }
        QCOMPARE(feed.history().size(), std::size_t(10000));
    }

    // A Redisson hash is known by its holders' fields, whatever their counts.
    void hashHolders()
    {
        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        LockSnapshot hash;
        hash.key = "shop:redisson";
        hash.type = "hash";
        hash.format = redislock::LockFormat::redisson;
        hash.ttlMs = 30000;
        hash.holderIdentity = "b2f3:57\na1e2:12:write\n";
        hash.hash = {{"b2f3:57", "1"}, {"a1e2:12:write", "2"}};
        feed.observeLocks({hash});
        QCOMPARE(feed.find(hash.key)->tenures.front().token, std::string("a1e2:12:write,b2f3:57"));
    }
};

QTEST_MAIN(TestLockHistoryFeed)
#include "tst_lockhistoryfeed.moc"
