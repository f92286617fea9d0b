// LockHistoryFeed on a hand-moved clock: what the session's signals become in the history, and
// how this app's own deletes are told apart from everybody else's.
#include "locks/historytext.h"
#include "locks/lockhistoryfeed.h"
#include "support/markingtranslator.h"

#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

using namespace std::chrono_literals;
using redislock::AnomalyKind;
using redislock::LockEventKind;
using namespace Qt::StringLiterals;

namespace {

// A hash's fields and values, as LockSnapshot::hash keeps them.
using Fields = QList<QPair<QByteArray, QByteArray>>;

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

    // The core gives an anomaly's figures besides its English line (lockctl's and the
    // snapshot's); the inspector words them itself: in English the same line, through tr().
    void anomalyDetailIsWordedInTheUi_data()
    {
        QTest::addColumn<int>("kind"); // AnomalyKind
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<qint64>("limitMs");
        QTest::addColumn<qint64>("refreshes");
        QTest::addColumn<bool>("atLeast");
        QTest::addColumn<QString>("english");
        QTest::newRow("no expiry")
            << int(AnomalyKind::noExpiry) << qint64(0) << qint64(0) << qint64(0) << false
            << u"the key has no expiry: nothing frees it unless it is deleted"_s;
        QTest::newRow("held too long, seen taken")
            << int(AnomalyKind::heldTooLong) << qint64(754'000) << qint64(600'000) << qint64(37)
            << false
            << u"held for 12 min 34 s by one holder (refreshed 37 times), over the 10 min "
               u"maximum"_s;
        QTest::newRow("held too long, found held")
            << int(AnomalyKind::heldTooLong) << qint64(2100) << qint64(2000) << qint64(1) << true
            << u"held for at least 2100 ms by one holder (refreshed 1 time), over the 2000 ms "
               u"maximum"_s;
        QTest::newRow("late refresh")
            << int(AnomalyKind::lateRefresh) << qint64(140) << qint64(1000) << qint64(0) << false
            << u"refreshed with 140 ms of 1000 ms left"_s;
        QTest::newRow("zombie refresh")
            << int(AnomalyKind::zombieRefresh) << qint64(42'000) << qint64(0) << qint64(0) << false
            << u"the token that expired 42 s ago is back: its holder still acts as the owner"_s;
        QTest::newRow("fast handover")
            << int(AnomalyKind::fastHandover) << qint64(20) << qint64(0) << qint64(0) << false
            << u"a new holder 20 ms after the previous one expired"_s;
    }
    void anomalyDetailIsWordedInTheUi()
    {
        QFETCH(int, kind);
        QFETCH(qint64, ms);
        QFETCH(qint64, limitMs);
        QFETCH(qint64, refreshes);
        QFETCH(bool, atLeast);
        QFETCH(QString, english);
        redislock::Anomaly anomaly;
        anomaly.kind = AnomalyKind(kind);
        anomaly.figures = {
            .ms = ms, .limitMs = limitMs, .refreshes = refreshes, .atLeast = atLeast};
        // The core's line, as lockctl prints it.
        QCOMPARE(QString::fromStdString(redislock::anomalyDetail(anomaly.kind, anomaly.figures)),
                 english);

        // Figures without group separators, as the core writes them.
        const QLocale before;
        QLocale::setDefault(QLocale::c());
        QCOMPARE(HistoryText::anomalyDetail(anomaly), english);
        lockscope::test::MarkingTranslator marking("HistoryText");
        QCoreApplication::installTranslator(&marking);
        const QString worded = HistoryText::anomalyDetail(anomaly);
        QCoreApplication::removeTranslator(&marking);
        QLocale::setDefault(before);
        QVERIFY2(worded.startsWith(u"«"_s) && worded.endsWith(u"»"_s), qPrintable(worded));
        // The figures are worded too: their units come from tr().
        if (ms > 0 && kind != int(AnomalyKind::lateRefresh) &&
            kind != int(AnomalyKind::fastHandover))
            QVERIFY2(worded.count(u"«"_s) > 1, qPrintable(worded));
    }

    // An anomaly the history found carries the figures its English line was made of.
    void anomaliesCarryTheirFigures()
    {
        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        feed.beginWatching();
        feed.observeLocks({lock("a", "token-0a{}", 1000)});
        advance(860ms);
        feed.observeTtls({{"a", 1000}});
        const redislock::KeyHistory *history = feed.find("a");
        QVERIFY(history);
        QCOMPARE(history->anomalies.size(), std::size_t(1));
        const redislock::Anomaly &late = history->anomalies.front();
        QCOMPARE(late.kind, AnomalyKind::lateRefresh);
        QCOMPARE(late.figures.ms, 140);
        QCOMPARE(late.figures.limitMs, 1000);
        QCOMPARE(late.detail, redislock::anomalyDetail(late.kind, late.figures));
        const QLocale before;
        QLocale::setDefault(QLocale::c());
        QCOMPARE(HistoryText::anomalyDetail(late), QString::fromStdString(late.detail));
        QLocale::setDefault(before);
    }

    // A re-read TTL counts from when it was read, on both clocks, not from when the GUI thread
    // got to it: a lagging GUI thread must not make a timely refresh look late. The lock was
    // refreshed with 300 ms of its 1000 ms lease left (not late: 20 % is), read then, and the
    // sample applied 200 ms later, with 100 ms left as the countdown goes.
    void ttlsCountFromWhenTheyWereRead_data()
    {
        QTest::addColumn<qint64>("readAgoMs"); // -1: the read time is not known
        QTest::addColumn<qint64>("refreshedAtMs");
        QTest::addColumn<bool>("late");
        QTest::newRow("read 200 ms before") << qint64(200) << qint64(700) << false;
        QTest::newRow("read time unknown: now") << qint64(-1) << qint64(900) << true;
        QTest::newRow("read time in the future: now") << qint64(-500) << qint64(900) << true;
    }

    void ttlsCountFromWhenTheyWereRead()
    {
        QFETCH(qint64, readAgoMs);
        QFETCH(qint64, refreshedAtMs);
        QFETCH(bool, late);
        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        feed.beginWatching();
        feed.observeLocks({lock("a", "token-0a{}", 1000)});
        const redislock::HistoryTime start = now_;
        advance(900ms);
        const qint64 readAt = readAgoMs == -1 ? 0 : steadyClockMs() - readAgoMs;
        feed.observeTtls({{"a", 1000, readAt}});

        const redislock::KeyHistory *history = feed.find("a");
        QVERIFY(history);
        const auto &refreshes = history->tenures.front().refreshes;
        QCOMPARE(refreshes.size(), std::size_t(1));
        // The feed reads the steady clock a moment after the test did: up to 100 ms earlier.
        const auto since = refreshes.front().steady - start.steady;
        QVERIFY2(since <= std::chrono::milliseconds(refreshedAtMs) &&
                     since > std::chrono::milliseconds(refreshedAtMs) - 100ms,
                 qPrintable(QString::number(since.count() / 1000000)));
        QCOMPARE(refreshes.front().wall - start.wall, since);
        QCOMPARE(history->anomalies.size(), std::size_t(late ? 1 : 0));
        QCOMPARE(feed.anomalyNames("a").isEmpty(), !late);
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

    // A feed told how many keys a scan brings records the same as one that was not: the same
    // keys changed, the same anomalies, the same histories, told more or fewer than come.
    void reserveChangesNothing_data()
    {
        QTest::addColumn<int>("reserve");
        QTest::newRow("as many as come") << 3000;
        QTest::newRow("fewer") << 100;
        QTest::newRow("many more") << 500000;
    }

    void reserveChangesNothing()
    {
        QFETCH(int, reserve);
        LockHistoryFeed reserved;
        LockHistoryFeed grown;
        reserved.setClock([this] { return now_; });
        grown.setClock([this] { return now_; });
        reserved.reserve(std::size_t(reserve));
        QSignalSpy changedReserved(&reserved, &LockHistoryFeed::historyChanged);
        QSignalSpy changedGrown(&grown, &LockHistoryFeed::historyChanged);
        QSignalSpy anomaliesReserved(&reserved, &LockHistoryFeed::anomaliesChanged);
        QSignalSpy anomaliesGrown(&grown, &LockHistoryFeed::anomaliesChanged);
        const auto key = [](int i) {
            return "shop:reserve:" + QByteArray::number(i);
        };
        // Pages of a listing: one key in 10 without expiry (an anomaly), one in 50 found gone.
        const auto listing = [&](qint64 ttlMs) {
            for (int from = 0; from < 3000; from += 500) {
                QList<LockSnapshot> page;
                for (int i = from; i < from + 500; ++i) {
                    page.append(
                        lock(key(i),
                             "token-" + QByteArray::number(i % 100).rightJustified(2, '0') + "{}",
                             i % 10 == 0   ? -1
                             : i % 50 == 1 ? -2
                                           : ttlMs));
                }
                reserved.observeLocks(page);
                grown.observeLocks(page);
            }
        };
        listing(60000);
        reserved.beginWatching();
        grown.beginWatching();
        advance(1s);
        listing(59000);
        QVERIFY(changedGrown.size() > 0);
        QVERIFY(anomaliesGrown.size() > 0);
        const auto keysOf = [](const QSignalSpy &spy) {
            QList<QList<QByteArray>> keys;
            for (const auto &signal : spy)
                keys.append(signal.first().value<QList<QByteArray>>());
            return keys;
        };
        QCOMPARE(keysOf(changedReserved), keysOf(changedGrown));
        QCOMPARE(keysOf(anomaliesReserved), keysOf(anomaliesGrown));
        QCOMPARE(reserved.history().size(), grown.history().size());
        for (int i = 0; i < 3000; ++i) {
            const redislock::KeyHistory *fromReserved = reserved.find(key(i));
            const redislock::KeyHistory *fromGrown = grown.find(key(i));
            QCOMPARE(fromReserved != nullptr, fromGrown != nullptr);
            if (!fromGrown)
                continue;
            QCOMPARE(fromReserved->key, fromGrown->key);
            QCOMPARE(fromReserved->events.size(), fromGrown->events.size());
            QCOMPARE(fromReserved->tenures.back().token, fromGrown->tenures.back().token);
            QCOMPARE(fromReserved->ttl.size(), fromGrown->ttl.size());
            QCOMPARE(reserved.anomalyNames(key(i)), grown.anomalyNames(key(i)));
        }
    }

    // What changed is listed for a receiver: one that connects after a listing nobody received
    // hears of the keys that change from then on, and of none before.
    void changesListedFromTheReceiverOn()
    {
        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        QList<LockSnapshot> page;
        for (int i = 0; i < 100; ++i)
            page.append(lock("shop:early:" + QByteArray::number(i), "token-01{}", 60000));
        feed.observeLocks(page);
        QCOMPARE(feed.history().size(), std::size_t(100));
        feed.beginWatching();
        QSignalSpy changed(&feed, &LockHistoryFeed::historyChanged);
        advance(1s);
        for (LockSnapshot &early : page)
            early.ttlMs = 59000; // counted down: unchanged
        page.append(lock("shop:late", "token-02{}", 60000));
        feed.observeLocks(page);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().value<QList<QByteArray>>(),
                 QList<QByteArray>{"shop:late"});
        QCOMPARE(feed.find("shop:late")->events.front().kind, LockEventKind::obtained);
    }

    // A Redisson hash is known by its holders' fields (but Redisson's "mode"), sorted, whatever
    // their counts; one holder is its own field.
    void hashHolders_data()
    {
        QTest::addColumn<Fields>("fields");
        QTest::addColumn<QByteArray>("holder");
        QTest::newRow("two holders") << Fields{{"b2f3:57", "1"}, {"a1e2:12:write", "2"}}
                                     << QByteArray("a1e2:12:write,b2f3:57");
        QTest::newRow("one holder") << Fields{{"b2f3:57", "1"}} << QByteArray("b2f3:57");
        QTest::newRow("one holder and the mode")
            << Fields{{"mode", "read"}, {"b2f3:57", "1"}} << QByteArray("b2f3:57");
        QTest::newRow("the mode alone") << Fields{{"mode", "read"}} << QByteArray();
        QTest::newRow("a holder with a NUL byte")
            << Fields{{QByteArray("b2f3\0:57", 8), "1"}} << QByteArray("b2f3\0:57", 8);
    }

    void hashHolders()
    {
        QFETCH(const Fields, fields);
        QFETCH(const QByteArray, holder);
        LockHistoryFeed feed;
        feed.setClock([this] { return now_; });
        LockSnapshot hash;
        hash.key = "shop:redisson";
        hash.mutableExtra().type = "hash";
        hash.format = redislock::LockFormat::redisson;
        hash.ttlMs = 30000;
        hash.mutableExtra().hash = fields;
        QSignalSpy changed(&feed, &LockHistoryFeed::historyChanged);
        feed.observeLocks({hash});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(feed.find(hash.key)->tenures.front().token, holder.toStdString());
        // Read again with other counts, its countdown gone on: the same holder, nothing new.
        for (auto &field : hash.mutableExtra().hash)
            field.second += '1';
        advance(1s);
        hash.ttlMs = 29000;
        feed.observeLocks({hash});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(feed.find(hash.key)->tenures.size(), std::size_t(1));
    }
};

QTEST_MAIN(TestLockHistoryFeed)
#include "tst_lockhistoryfeed.moc"
