// LockHistory: observations (reads, TTL re-reads, removals) on a clock of the test's own turned
// into events, tenures, the TTL saw-tooth and anomalies; the bounds on memory; and a real
// redis-server whose keyspace events and re-reads feed a history while real locks are obtained,
// refreshed, released and expire.

#include "support/redisserver.h"
#include "support/uniquekey.h"

#include <redislock/client.h>
#include <redislock/keyscanner.h>
#include <redislock/lockhistory.h>
#include <redislock/subscription.h>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <functional>
#include <optional>
#include <random>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using lockscope::test::RedisServer;
using lockscope::test::RedisServerOptions;
using lockscope::test::uniqueKey;
using redislock::AnomalyFigures;
using redislock::AnomalyKind;
using redislock::anomalyName;
using redislock::eventName;
using redislock::formatName;
using redislock::HistoryChanges;
using redislock::HistoryOptions;
using redislock::HistoryTime;
using redislock::LockEventKind;
using redislock::LockHistory;
using redislock::LockRecord;
using redislock::RemovalCause;

namespace {

const std::string key = "lock:orders";

// The test's clock: ms after an arbitrary start, on both clocks.
HistoryTime at(std::int64_t ms)
{
    static const auto steady = std::chrono::steady_clock::time_point(std::chrono::hours(1000));
    static const auto wall =
        std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    return {steady + std::chrono::milliseconds(ms), wall + std::chrono::milliseconds(ms)};
}

// A lock whose whole value is its token (as a recognised format's would be); `raw` leaves it
// unrecognised.
LockRecord stringRecord(const std::string &name, const std::string &value, std::int64_t ttlMs,
                        bool raw = false)
{
    LockRecord record;
    record.key = name;
    record.value = value;
    record.valueSize = value.size();
    record.ttlMs = ttlMs;
    if (!raw) {
        record.format = redislock::LockFormat::customToken;
        record.tokenLength = value.size();
    }
    return record;
}

// The changes as lines: "kind TOKEN TTL [<PREVIOUS]" for events (removals: "kind <PREVIOUS"),
// "!anomaly TOKEN" for anomalies; events first, as an observation reports them.
QStringList lines(const HistoryChanges &changes)
{
    QStringList out;
    for (const auto &event : changes.events) {
        QString line = QString::fromUtf8(redislock::eventName(event.kind));
        if (!event.token.empty())
            line +=
                u' ' + QString::fromStdString(event.token) + u' ' + QString::number(event.ttlMs);
        if (!event.previousToken.empty())
            line += QStringLiteral(" <") + QString::fromStdString(event.previousToken);
        out << line;
    }
    for (const auto &anomaly : changes.anomalies)
        out << u'!' + QString::fromUtf8(redislock::anomalyName(anomaly.kind)) + u' ' +
                   QString::fromStdString(anomaly.token);
    return out;
}

// Runs a script of observations, one step per line, and returns what they changed, in order:
//   "MS read VALUE TTL"   a full read of `key` holding VALUE (its own token) with TTL ms
//   "MS rawread VALUE TTL"  the same, of a value no format recognises
//   "MS ttl TTL"          a TTL re-read
//   "MS del|expired|evicted|operator|found"   the key left, as that cause says
//   "MS watch"            the first scan is done
//   "MS prune"
QStringList run(LockHistory &history, const QStringList &steps,
                const std::function<void()> &afterStep = {})
{
    QStringList out;
    for (const QString &step : steps) {
        const QStringList words = step.split(u' ');
        const HistoryTime when = at(words[0].toLongLong());
        const QString &verb = words[1];
        HistoryChanges changes;
        if (verb == u"read" || verb == u"rawread")
            changes = history.observe(stringRecord(key, words[2].toStdString(),
                                                   words[3].toLongLong(), verb == u"rawread"),
                                      when);
        else if (verb == u"ttl")
            changes = history.observeTtl(key, words[2].toLongLong(), when);
        else if (verb == u"del")
            changes = history.removed(key, RemovalCause::delEvent, when);
        else if (verb == u"expired")
            changes = history.removed(key, RemovalCause::expiredEvent, when);
        else if (verb == u"evicted")
            changes = history.removed(key, RemovalCause::evictedEvent, when);
        else if (verb == u"operator")
            changes = history.removed(key, RemovalCause::operatorDelete, when);
        else if (verb == u"found")
            changes = history.removed(key, RemovalCause::foundGone, when);
        else if (verb == u"watch")
            history.beginWatching();
        else if (verb == u"prune")
            history.prune(when);
        else
            qFatal("unknown step %s", qPrintable(step));
        out << lines(changes);
        if (afterStep)
            afterStep();
    }
    return out;
}

// Ms since the test's start, on each clock: "steady/wall".
QString moment(const HistoryTime &time)
{
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    return QString::number(duration_cast<milliseconds>(time.steady - at(0).steady).count()) + u'/' +
           QString::number(duration_cast<milliseconds>(time.wall - at(0).wall).count());
}

QString bytes(const std::string &text)
{
    return QString::fromStdString(text);
}

// Everything a key's history holds, a line per item.
QStringList described(const redislock::KeyHistory &history)
{
    QStringList out{u"key "_s + bytes(history.key)};
    for (const auto &event : history.events)
        out << u"event %1 %2 %3 %4 %5 <%6"_s
                   .arg(moment(event.at), bytes(std::string(eventName(event.kind))),
                        bytes(std::string(formatName(event.format))), bytes(event.token))
                   .arg(event.ttlMs)
                   .arg(bytes(event.previousToken));
    for (const auto &tenure : history.tenures) {
        QString line = u"tenure %1 %2 %3 seen=%4 lease=%5"_s.arg(
            bytes(tenure.token), bytes(std::string(formatName(tenure.format))),
            moment(tenure.start), QString::number(int(tenure.startSeen)),
            QString::number(tenure.leaseMs));
        if (tenure.end)
            line += u" end %1 %2"_s.arg(moment(*tenure.end),
                                        bytes(std::string(eventName(tenure.endKind))));
        for (const auto &refresh : tenure.refreshes)
            line += u" refresh "_s + moment(refresh);
        out << line;
    }
    for (const auto &point : history.ttl)
        out << u"ttl %1 %2"_s.arg(moment(point.at)).arg(point.ttlMs);
    for (const auto &anomaly : history.anomalies)
        out << u"anomaly %1 %2 %3 %4"_s.arg(moment(anomaly.at),
                                            bytes(std::string(anomalyName(anomaly.kind))),
                                            bytes(anomaly.token), bytes(anomaly.detail));
    return out;
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out << QString::fromUtf8(item);
    return out;
}

} // namespace

class TestLockHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names();
    void inference_data();
    void inference();
    void compactKeysReadAsFull_data();
    void compactKeysReadAsFull();
    void compactKeysReadAsFullShuffled_data();
    void compactKeysReadAsFullShuffled();
    void tenures();
    void anomalyDetails();
    void sawToothKeepsChangesOnly();
    void holderOfHashes();
    void boundsEventsAndTtlPoints();
    void maxKeysForgetsWhatLeftFirst();
    void thousandsOfKeysForgottenAndFound();
    void storageReusedAfterForgetting_data();
    void storageReusedAfterForgetting();
    void namesAndTokensAreBytes();
    void batchReadsAsOneByOne();
    void reserveChangesNothing_data();
    void reserveChangesNothing();
    void pruneForgetsAfterForgetAfter();
    void busiest();
    void realServer();
};

void TestLockHistory::names()
{
    QCOMPARE(redislock::eventName(LockEventKind::handedOver), "handed-over");
    QCOMPARE(redislock::eventName(LockEventKind::deleted), "deleted");
    QCOMPARE(redislock::anomalyName(AnomalyKind::zombieRefresh), "zombie-refresh");
    QCOMPARE(redislock::anomalyName(AnomalyKind::fastHandover), "fast-handover");
    QCOMPARE(redislock::anomalyName(AnomalyKind::heldTooLong), "held-too-long");
    // The UI's refresh detector uses the same figures.
    const HistoryOptions defaults;
    QCOMPARE(defaults.refreshTolerance, 250ms);
    QCOMPARE(defaults.jitterTolerance, 50ms);
    QCOMPARE(defaults.handoverWindow, 50ms);
    QCOMPARE(defaults.maxHold, 10min);
    QCOMPARE(defaults.lateRefreshFraction, 0.2);
}

void TestLockHistory::inference_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("found held before the watch: seen")
        << list({"0 read A 5000"}) << list({"seen A 5000"});
    QTest::newRow("appears while watched: obtained")
        << list({"0 watch", "10 read A 5000"}) << list({"obtained A 5000"});
    QTest::newRow("re-reads within jitter: nothing after seen")
        << list({"0 read A 5000", "1000 read A 4010", "2000 ttl 3000"}) << list({"seen A 5000"});
    QTest::newRow("refreshed: TTL back up beyond the tolerance")
        << list({"0 read A 5000", "1000 ttl 5000"}) << list({"seen A 5000", "refreshed A 5000"});
    QTest::newRow("TTL up by less than the tolerance: no refresh")
        << list({"0 read A 5000", "1000 ttl 4200"}) << list({"seen A 5000"});
    QTest::newRow("del event: released")
        << list({"0 read A 5000", "100 del"}) << list({"seen A 5000", "released <A"});
    QTest::newRow("expired event: expired")
        << list({"0 read A 500", "500 expired"}) << list({"seen A 500", "expired <A"});
    QTest::newRow("evicted event: evicted")
        << list({"0 read A 500", "100 evicted"}) << list({"seen A 500", "evicted <A"});
    QTest::newRow("deleted by the operator: deleted")
        << list({"0 read A 500", "100 operator"}) << list({"seen A 500", "deleted <A"});
    QTest::newRow("found gone before its expiry: released")
        << list({"0 read A 5000", "1000 found"}) << list({"seen A 5000", "released <A"});
    QTest::newRow("found gone after its expiry: expired")
        << list({"0 read A 1000", "1100 found"}) << list({"seen A 1000", "expired <A"});
    QTest::newRow("found gone just before its predicted expiry: expired")
        << list({"0 read A 1000", "900 found"}) << list({"seen A 1000", "expired <A"});
    QTest::newRow("found gone, no expiry: released")
        << list({"0 read A -1", "10000 found"})
        << list({"seen A -1", "!no-expiry A", "released <A"});
    QTest::newRow("a read of a vanished key (ttl -2) is found gone")
        << list({"0 read A 5000", "100 read A -2"}) << list({"seen A 5000", "released <A"});
    QTest::newRow("removal told twice: the first stands")
        << list({"0 read A 1000", "1100 found", "1150 expired"})
        << list({"seen A 1000", "expired <A"});
    QTest::newRow("back after gone: obtained, even before the watch began")
        << list({"0 read A 1000", "100 del", "200 read B 1000"})
        << list({"seen A 1000", "released <A", "obtained B 1000"});
    QTest::newRow("another holder without a removal: handed over")
        << list({"0 read A 1000", "2000 read B 900"})
        << list({"seen A 1000", "handed-over B 900 <A"});
    QTest::newRow("TTL re-read of an unknown key says nothing")
        << list({"0 ttl 1000"}) << QStringList();
    QTest::newRow("no expiry: flagged once per tenure")
        << list({"0 read A -1", "1000 read A -1", "2000 ttl -1", "3000 read B -1"})
        << list({"seen A -1", "!no-expiry A", "handed-over B -1 <A", "!no-expiry B"});
    QTest::newRow("a raw value without expiry is no stuck lock")
        << list({"0 rawread A -1", "1000 ttl -1"}) << list({"seen A -1"});
    QTest::newRow("expiry removed later: no-expiry")
        << list({"0 read A 5000", "1000 ttl -1"}) << list({"seen A 5000", "!no-expiry A"});
    QTest::newRow("late refresh: less than 20% of a known lease left")
        << list({"0 watch", "0 read A 1000", "850 ttl 1000"})
        << list({"obtained A 1000", "refreshed A 1000", "!late-refresh A"});
    QTest::newRow("timely refresh: no flag") << list({"0 watch", "0 read A 1000", "500 ttl 1000"})
                                             << list({"obtained A 1000", "refreshed A 1000"});
    QTest::newRow("late refresh needs a known lease: not on the first refresh of a seen lock")
        << list({"0 read A 1000", "950 ttl 5000", "4500 ttl 5000"})
        << list({"seen A 1000", "refreshed A 5000", "refreshed A 5000"});
    QTest::newRow("the first refresh of a seen lock makes the lease known")
        << list({"0 read A 1000", "500 ttl 5000", "5000 ttl 5000"})
        << list({"seen A 1000", "refreshed A 5000", "refreshed A 5000", "!late-refresh A"});
    QTest::newRow("zombie: the expired token comes back")
        << list({"0 watch", "0 read A 1000", "1000 expired", "1500 read A 1000"})
        << list({"obtained A 1000", "expired <A", "obtained A 1000", "!zombie-refresh A"});
    QTest::newRow("zombie after another holder took it")
        << list({"0 read A 1000", "1000 expired", "1300 read B 1000", "1600 read A 1000"})
        << list({"seen A 1000", "expired <A", "obtained B 1000", "handed-over A 1000 <B",
                 "!zombie-refresh A"});
    QTest::newRow("released token back: not a zombie")
        << list({"0 read A 1000", "500 del", "600 read A 1000"})
        << list({"seen A 1000", "released <A", "obtained A 1000"});
    QTest::newRow("expired token back after forgetAfter: not a zombie")
        << list({"0 read A 1000", "1000 expired", "700000 read A 1000"})
        << list({"seen A 1000", "expired <A", "obtained A 1000"});
    QTest::newRow("fast handover: a new holder within 50 ms of an expiry")
        << list({"0 read A 1000", "1000 expired", "1030 read B 1000"})
        << list({"seen A 1000", "expired <A", "obtained B 1000", "!fast-handover B"});
    QTest::newRow("handover at exactly the window: flagged")
        << list({"0 read A 1000", "1000 expired", "1050 read B 1000"})
        << list({"seen A 1000", "expired <A", "obtained B 1000", "!fast-handover B"});
    QTest::newRow("new holder later than the window: no flag")
        << list({"0 read A 1000", "1000 expired", "1051 read B 1000"})
        << list({"seen A 1000", "expired <A", "obtained B 1000"});
    QTest::newRow("new holder right after a release: no flag")
        << list({"0 read A 1000", "500 del", "510 read B 1000"})
        << list({"seen A 1000", "released <A", "obtained B 1000"});
    QTest::newRow("held too long: refreshed past the maximum hold, once")
        << list({"0 watch", "0 read A 300000", "240000 ttl 300000", "480000 ttl 300000",
                 "601000 ttl 179000", "720000 ttl 300000"})
        << list({"obtained A 300000", "refreshed A 300000", "refreshed A 300000",
                 "!held-too-long A", "refreshed A 300000"});
    QTest::newRow("a long lease that just runs is not held too long")
        << list({"0 watch", "0 read A 900000", "700000 ttl 200000"}) << list({"obtained A 900000"});
}

void TestLockHistory::inference()
{
    QFETCH(QStringList, steps);
    QFETCH(QStringList, expected);
    LockHistory history;
    QCOMPARE(run(history, steps), expected);
    // What the observations returned is what the key's history keeps.
    if (const auto *kept = history.find(key)) {
        QStringList events;
        for (const auto &event : kept->events)
            events << lines(HistoryChanges{{event}, {}});
        QStringList fromRun = expected.filter(QRegularExpression(QStringLiteral("^[^!]")));
        QCOMPARE(events, fromRun);
        QCOMPARE(kept->anomalous(), expected.join(u' ').contains(u'!'));
    }
}

void TestLockHistory::compactKeysReadAsFull_data()
{
    inference_data();
}

// A key found held and read unchanged is kept compact until its history is asked for: asked for
// after every step (so that every step runs on the full history) or only at the end, the same
// observations return the same changes and leave the same history.
void TestLockHistory::compactKeysReadAsFull()
{
    QFETCH(QStringList, steps);
    LockHistory eager;
    LockHistory lazy;
    const QStringList fromEager = run(eager, steps, [&] { (void)eager.find(key); });
    QCOMPARE(run(lazy, steps), fromEager);
    const auto *full = eager.find(key);
    const auto *compact = lazy.find(key);
    QCOMPARE(compact != nullptr, full != nullptr);
    if (full)
        QCOMPARE(described(*compact), described(*full));
}

void TestLockHistory::compactKeysReadAsFullShuffled_data()
{
    QTest::addColumn<std::size_t>("eventsPerLock");
    QTest::addColumn<std::size_t>("ttlPointsPerLock");
    QTest::addColumn<std::size_t>("maxKeys");
    QTest::addColumn<unsigned>("seed");
    QTest::newRow("default bounds") << std::size_t(256) << std::size_t(256) << std::size_t(0) << 1u;
    QTest::newRow("default bounds, another seed")
        << std::size_t(256) << std::size_t(256) << std::size_t(0) << 2u;
    QTest::newRow("tight bounds") << std::size_t(2) << std::size_t(3) << std::size_t(4) << 3u;
    QTest::newRow("too tight to be compact")
        << std::size_t(1) << std::size_t(1) << std::size_t(3) << 4u;
}

// The same over many keys, holders, formats and removals in a shuffled order (a fixed seed), with
// the bounds of the history tight or not: every step's changes, every key's history and the
// busiest keys are the same whether histories are asked for after every step or at the end.
void TestLockHistory::compactKeysReadAsFullShuffled()
{
    QFETCH(std::size_t, eventsPerLock);
    QFETCH(std::size_t, ttlPointsPerLock);
    QFETCH(std::size_t, maxKeys);
    QFETCH(unsigned, seed);
    HistoryOptions options;
    options.eventsPerLock = eventsPerLock;
    options.ttlPointsPerLock = ttlPointsPerLock;
    options.maxKeys = maxKeys;
    options.forgetAfter = 20s;
    LockHistory eager(options);
    LockHistory lazy(options);
    // Fed the same readings through observeCounted: the same counts, the same histories.
    LockHistory counted(options);
    const std::vector<std::string> names{"k0", "k1", "k2", "k3", "k4", "k5"};
    const std::vector<std::string> tokens{"A", "B", "C"};
    const std::vector<RemovalCause> causes{RemovalCause::delEvent, RemovalCause::expiredEvent,
                                           RemovalCause::evictedEvent, RemovalCause::foundGone,
                                           RemovalCause::operatorDelete};
    std::mt19937 random(seed);
    const auto pick = [&](std::size_t n) {
        return std::size_t(random() % n);
    };
    // What each key last read, so that most readings continue its countdown.
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> lastRead; // key: (ms, ttl)
    std::int64_t now = 0;
    for (int step = 0; step < 3000; ++step) {
        now += std::int64_t(pick(400));
        const std::string &name = names[pick(names.size())];
        const int what = int(pick(100));
        // Mostly the countdown, with jitter on either side of the tolerances; sometimes a
        // refresh, a shortening, no expiry.
        const int how = int(pick(20));
        std::int64_t ttl = how == 0   ? 5000
                           : how == 1 ? -1
                           : how == 2 ? std::int64_t(pick(500))
                                      : 500 + std::int64_t(pick(8000));
        if (const auto last = lastRead.find(name); last != lastRead.end() && how > 2) {
            const auto [when, before] = last->second;
            ttl = before < 0 ? before : before - (now - when) + std::int64_t(pick(500)) - 250;
        }
        if (ttl < -1 || ttl == 0)
            ttl = 1;
        HistoryChanges fromEager;
        HistoryChanges fromLazy;
        if (what < 45) {
            auto record =
                stringRecord(name, tokens[pick(what < 40 ? 1 : tokens.size())], ttl, pick(8) == 0);
            fromEager = eager.observe(record, at(now));
            fromLazy = lazy.observe(record, at(now));
            const std::string holder = redislock::holderOf(record);
            const auto counts =
                counted.observeCounted({record.key, holder, record.format, record.ttlMs}, at(now));
            QCOMPARE(counts.events, fromEager.events.size());
            QCOMPARE(counts.anomalies, fromEager.anomalies.size());
            lastRead[name] = {now, ttl};
        } else if (what < 85) {
            fromEager = eager.observeTtl(name, ttl, at(now));
            fromLazy = lazy.observeTtl(name, ttl, at(now));
            (void)counted.observeTtl(name, ttl, at(now));
            lastRead[name] = {now, ttl};
        } else if (what < 97) {
            const RemovalCause cause = causes[pick(causes.size())];
            fromEager = eager.removed(name, cause, at(now));
            fromLazy = lazy.removed(name, cause, at(now));
            (void)counted.removed(name, cause, at(now));
            lastRead.erase(name);
        } else if (what < 98) {
            eager.beginWatching();
            lazy.beginWatching();
            counted.beginWatching();
        } else {
            eager.prune(at(now));
            lazy.prune(at(now));
            counted.prune(at(now));
        }
        QCOMPARE(lines(fromLazy), lines(fromEager));
        for (const auto &each : names) {
            (void)eager.find(each);
            QCOMPARE(counted.anomalies(each).size(), eager.anomalies(each).size());
        }
    }
    QCOMPARE(lazy.size(), eager.size());
    QCOMPARE(counted.size(), eager.size());
    const auto busiestOf = [&](const LockHistory &history) {
        QStringList out;
        for (const auto *kept : history.busiest(4, at(now - 5000)))
            out << described(*kept);
        return out;
    };
    QStringList copies;
    for (const auto &kept : lazy.busiestCopies(4, at(now - 5000)))
        copies << described(kept);
    QCOMPARE(copies, busiestOf(eager));
    QCOMPARE(busiestOf(lazy), busiestOf(eager));
    for (const auto &name : names) {
        const auto *full = eager.find(name);
        const auto *compact = lazy.find(name);
        const auto *fromCounts = counted.find(name);
        QCOMPARE(compact != nullptr, full != nullptr);
        QCOMPARE(fromCounts != nullptr, full != nullptr);
        if (full) {
            QCOMPARE(described(*compact), described(*full));
            QCOMPARE(described(*fromCounts), described(*full));
        }
    }
}

void TestLockHistory::tenures()
{
    LockHistory history;
    run(history, list({"0 read A 1000", "500 ttl 1000", "900 ttl 600", "1000 read B 2000",
                       "1500 watch", "2500 expired", "2600 read C -1"}));
    const auto *kept = history.find(key);
    QVERIFY(kept);
    QCOMPARE(kept->tenures.size(), 3u);
    const auto &a = kept->tenures[0];
    QCOMPARE(a.token, "A");
    QVERIFY(!a.startSeen);
    QCOMPARE(a.refreshes.size(), 1u);
    QCOMPARE(a.refreshes[0].steady, at(500).steady);
    QCOMPARE(a.leaseMs, 1000);
    QVERIFY(a.end);
    QCOMPARE(a.end->steady, at(1000).steady);
    QCOMPARE(a.endKind, LockEventKind::handedOver);
    const auto &b = kept->tenures[1];
    QCOMPARE(b.token, "B");
    QVERIFY(b.startSeen);
    QCOMPARE(b.leaseMs, 2000);
    QCOMPARE(b.endKind, LockEventKind::expired);
    QCOMPARE(b.end->wall, at(2500).wall);
    const auto *current = kept->current();
    QVERIFY(current);
    QCOMPARE(current->token, "C");
    QVERIFY(current->startSeen);
    QVERIFY(!current->end);
    // The events carry the format of the record read.
    auto record = stringRecord("other", "ABCDEFGHIJKLMNOPQRSTUVmeta", 1000);
    record.classify(0);
    QCOMPARE(record.format, redislock::LockFormat::redislock);
    const auto changes = history.observe(record, at(3000));
    QCOMPARE(changes.events.size(), 1u);
    QCOMPARE(changes.events[0].format, redislock::LockFormat::redislock);
    QCOMPARE(changes.events[0].token, "ABCDEFGHIJKLMNOPQRSTUV");
    QCOMPARE(changes.events[0].at.wall, at(3000).wall);
    // New metadata under the same token is the same holder.
    record.value = "ABCDEFGHIJKLMNOPQRSTUVother";
    QVERIFY(history.observe(record, at(3100)).empty());
}

void TestLockHistory::anomalyDetails()
{
    LockHistory history;
    history.beginWatching();
    history.observe(stringRecord(key, "A", 1000), at(0));
    const auto late = history.observeTtl(key, 1000, at(860));
    QCOMPARE(late.anomalies.size(), 1u);
    QCOMPARE(late.anomalies[0].detail, "refreshed with 140 ms of 1000 ms left");
    // The figures the line is made of, for a UI to word in its own language.
    QCOMPARE(late.anomalies[0].figures, (AnomalyFigures{.ms = 140, .limitMs = 1000}));
    QCOMPARE(late.anomalies[0].at.steady, at(860).steady);
    history.removed(key, RemovalCause::expiredEvent, at(1860));
    const auto fast = history.observe(stringRecord(key, "B", 1000), at(1880));
    QCOMPARE(fast.anomalies.size(), 1u);
    QCOMPARE(fast.anomalies[0].detail, "a new holder 20 ms after the previous one expired");
    QCOMPARE(fast.anomalies[0].figures, AnomalyFigures{.ms = 20});
    QCOMPARE(fast.anomalies[0].token, "B");

    // Thresholds are options.
    HistoryOptions options;
    options.maxHold = 2s;
    options.handoverWindow = 0ms;
    LockHistory strict(options);
    strict.observe(stringRecord(key, "A", 1000), at(0));
    QVERIFY(strict.observeTtl(key, 1000, at(800)).anomalies.empty());
    QVERIFY(strict.observeTtl(key, 1000, at(1500)).anomalies.empty());
    const auto tooLong = strict.observeTtl(key, 400, at(2100));
    QCOMPARE(tooLong.anomalies.size(), 1u);
    QCOMPARE(tooLong.anomalies[0].kind, AnomalyKind::heldTooLong);
    QCOMPARE(tooLong.anomalies[0].detail,
             "held for at least 2100 ms by one holder (refreshed 2 times), over the 2000 ms "
             "maximum");
    QCOMPARE(tooLong.anomalies[0].figures,
             (AnomalyFigures{.ms = 2100, .limitMs = 2000, .refreshes = 2, .atLeast = true}));
    strict.removed(key, RemovalCause::expiredEvent, at(3100));
    QVERIFY(strict.observe(stringRecord(key, "B", 1000), at(3101)).anomalies.empty());
}

void TestLockHistory::sawToothKeepsChangesOnly()
{
    LockHistory history;
    run(history, list({"0 read A 1000", "200 ttl 800", "400 ttl 600", "600 ttl 400", "700 ttl 1000",
                       "900 ttl 800", "1100 ttl 600"}));
    const auto *kept = history.find(key);
    QVERIFY(kept);
    QList<QPair<qint64, qint64>> points;
    for (const auto &point : kept->ttl)
        points.append(
            {std::chrono::duration_cast<std::chrono::milliseconds>(point.at.steady - at(0).steady)
                 .count(),
             point.ttlMs});
    // A countdown is its first and latest reading; the refresh starts a new line.
    const QList<QPair<qint64, qint64>> expected{{0, 1000}, {600, 400}, {700, 1000}, {1100, 600}};
    QCOMPARE(points, expected);
}

void TestLockHistory::holderOfHashes()
{
    LockRecord record;
    record.key = "redisson";
    record.type = "hash";
    record.ttlMs = 30000;
    record.hash = {{"mode", "read"},
                   {"b8a1c6f4-6a38-4f36-9c4c-3c1f7c2d6f11:57", "2"},
                   {"2f3a0c6f-6a38-4f36-9c4c-3c1f7c2d6f11:12", "1"}};
    QCOMPARE(redislock::holderOf(record),
             "2f3a0c6f-6a38-4f36-9c4c-3c1f7c2d6f11:12,b8a1c6f4-6a38-4f36-9c4c-3c1f7c2d6f11:57");
    LockHistory history;
    QCOMPARE(lines(history.observe(record, at(0))).size(), 1);
    // A re-entrant hold count changes, the order differs: the same holders.
    record.hash = {{"2f3a0c6f-6a38-4f36-9c4c-3c1f7c2d6f11:12", "3"},
                   {"mode", "read"},
                   {"b8a1c6f4-6a38-4f36-9c4c-3c1f7c2d6f11:57", "2"}};
    QVERIFY(history.observe(record, at(100)).empty());
    record.hash.pop_back();
    const auto changes = history.observe(record, at(200));
    QCOMPARE(changes.events.size(), 1u);
    QCOMPARE(changes.events[0].kind, LockEventKind::handedOver);
    QCOMPARE(changes.events[0].token, "2f3a0c6f-6a38-4f36-9c4c-3c1f7c2d6f11:12");
    // A value without a token is its own holder.
    QCOMPARE(redislock::holderOf(stringRecord("k", "some value", 10, true)), "some value");
}

void TestLockHistory::boundsEventsAndTtlPoints()
{
    HistoryOptions options;
    options.eventsPerLock = 5;
    options.ttlPointsPerLock = 4;
    LockHistory history(options);
    // Twenty refreshes, each 400 ms after the last with the full 1000 ms lease again.
    history.observe(stringRecord(key, "A", 1000), at(0));
    for (int i = 1; i <= 20; ++i)
        QCOMPARE(history.observeTtl(key, 1000, at(i * 700)).events.size(), 1u);
    const auto *kept = history.find(key);
    QCOMPARE(kept->events.size(), 5u);
    // The newest are kept.
    QCOMPARE(kept->events.back().at.steady, at(20 * 700).steady);
    QCOMPARE(kept->events.front().at.steady, at(16 * 700).steady);
    QCOMPARE(kept->ttl.size(), 4u);
    QCOMPARE(kept->ttl.back().at.steady, at(20 * 700).steady);
    QCOMPARE(kept->tenures.back().refreshes.size(), 5u);
    // Tenures are bounded too.
    for (int i = 0; i < 10; ++i)
        history.observe(stringRecord(key, "T" + std::to_string(i), 1000), at(20'000 + i));
    QCOMPARE(kept->tenures.size(), 5u);
    QCOMPARE(kept->tenures.back().token, "T9");
}

void TestLockHistory::maxKeysForgetsWhatLeftFirst()
{
    HistoryOptions options;
    options.maxKeys = 3;
    LockHistory history(options);
    history.observe(stringRecord("a", "A", 5000), at(0));
    history.observe(stringRecord("b", "B", 5000), at(1));
    history.observe(stringRecord("c", "C", 5000), at(2));
    history.removed("c", RemovalCause::delEvent, at(3));
    history.removed("a", RemovalCause::delEvent, at(4));
    // Full: the one that left longest ago (c) goes first, then a, then the least recently
    // observed present key.
    history.observe(stringRecord("d", "D", 5000), at(5));
    QCOMPARE(history.size(), 3u);
    QVERIFY(!history.find("c"));
    QVERIFY(history.find("a"));
    history.observe(stringRecord("e", "E", 5000), at(6));
    QVERIFY(!history.find("a"));
    history.observeTtl("b", 4990, at(7)); // b observed more recently than d
    history.observe(stringRecord("f", "F", 5000), at(8));
    QCOMPARE(history.size(), 3u);
    QVERIFY(!history.find("d"));
    QVERIFY(history.find("b"));
    QVERIFY(history.find("e"));
    QVERIFY(history.find("f"));
}

// Thousands of keys come and go (forgotten by maxKeys, then by prune, in an order unrelated to
// their names): every key remembered is found, under its own name, and none forgotten is.
void TestLockHistory::thousandsOfKeysForgottenAndFound()
{
    HistoryOptions options;
    options.maxKeys = 3000;
    options.forgetAfter = 1min;
    LockHistory history(options);
    const auto name = [](int i) {
        return "lock:orders:" + std::to_string(i);
    };
    const auto remembered = [&](int from, int to) {
        for (int i = 0; i < 10000; ++i) {
            const auto *kept = history.find(name(i));
            if ((kept != nullptr) != (i >= from && i < to))
                return false;
            if (kept && kept->key != name(i))
                return false;
        }
        return history.size() == std::size_t(to - from);
    };
    for (int i = 0; i < 10000; ++i)
        history.observe(stringRecord(name(i), "T" + std::to_string(i), 5000), at(i));
    QVERIFY(remembered(7000, 10000));
    // The first 2,000 of those left, every other one first.
    for (int i = 7000; i < 9000; i += 2)
        history.removed(name(i), RemovalCause::expiredEvent, at(20'000));
    for (int i = 7001; i < 9000; i += 2)
        history.removed(name(i), RemovalCause::delEvent, at(30'000));
    history.prune(at(85'000));
    QCOMPARE(history.size(), 2000u);
    for (int i = 7000; i < 9000; ++i)
        QCOMPARE(history.find(name(i)) != nullptr, i % 2 == 1);
    history.prune(at(95'000));
    QVERIFY(remembered(9000, 10000));
    for (int i = 9000; i < 10000; ++i)
        QCOMPARE(history.find(name(i))->current()->token, "T" + std::to_string(i));
}

void TestLockHistory::storageReusedAfterForgetting_data()
{
    QTest::addColumn<int>("nameLength");
    QTest::addColumn<int>("tokenLength");
    QTest::addColumn<int>("keys");
    QTest::addColumn<int>("capacity");
    // Names and tokens are kept side by side in shared chunks, a long one in a chunk of its own;
    // what forgotten keys leave is given back once it outweighs what is kept. Enough keys go
    // through a small history for that to happen many times.
    QTest::newRow("short names and tokens") << 8 << 8 << 40000 << 64;
    QTest::newRow("names longer than a shared chunk takes") << 600 << 30 << 4000 << 64;
    QTest::newRow("tokens larger than any shared chunk") << 16 << 300'000 << 60 << 8;
}

// Keys forgotten (by maxKeys and by prune) while new ones come, some asked for (made full),
// some left and some re-read: every key still kept reads its own name and holder, and every
// forgotten one is gone, however often the storage of the forgotten was taken again.
void TestLockHistory::storageReusedAfterForgetting()
{
    QFETCH(int, nameLength);
    QFETCH(int, tokenLength);
    QFETCH(int, keys);
    QFETCH(int, capacity);
    HistoryOptions options;
    options.maxKeys = std::size_t(capacity);
    options.forgetAfter = 1s;
    LockHistory history(options);
    const auto filled = [](const std::string &start, int length, int i) {
        std::string text = start + std::to_string(i) + ':';
        text.resize(std::size_t(std::max<int>(length, int(text.size()))), char('a' + i % 26));
        return text;
    };
    const auto name = [&](int i) {
        return filled("lock:", nameLength, i);
    };
    const auto token = [&](int i) {
        return filled("T", tokenLength, i);
    };
    for (int i = 0; i < keys; ++i) {
        const std::string n = name(i);
        history.observe(stringRecord(n, token(i), 60'000), at(i));
        if (i % 3 == 0)
            QCOMPARE(history.find(n)->current()->token, token(i));
        if (i % 5 == 0)
            history.removed(n, RemovalCause::delEvent, at(i));
        if (i % 7 == 0 && i >= 7) {
            // An earlier key read again unchanged (its countdown gone on) if it is kept.
            const int earlier = i - 7;
            if (history.find(name(earlier)) == nullptr)
                continue;
            const auto again =
                history.observe(stringRecord(name(earlier), token(earlier), 60'000 - 7), at(i));
            QVERIFY2(earlier % 5 == 0 || again.empty(), name(earlier).c_str());
        }
        if (i % 1000 == 999)
            history.prune(at(i));
    }
    QCOMPARE(history.size(), std::size_t(options.maxKeys));
    std::size_t found = 0;
    for (int i = 0; i < keys; ++i) {
        const auto *kept = history.find(name(i));
        if (!kept)
            continue;
        ++found;
        QCOMPARE(kept->key, name(i));
        QCOMPARE(kept->tenures.back().token, token(i));
        QCOMPARE(kept->events.front().token, token(i));
    }
    QCOMPARE(found, std::size_t(options.maxKeys));
    // The latest key, still held, is kept whatever was forgotten.
    QVERIFY(history.find(name(keys - 1)));
    QCOMPARE(history.busiestCopies(1000, at(0)).size(), std::size_t(options.maxKeys));
}

// Names and tokens are bytes, NUL bytes included, and of any length: each is its own key and
// holder, a prefix of another is not it.
void TestLockHistory::namesAndTokensAreBytes()
{
    using namespace std::string_literals;
    const std::vector<std::string> names{"a"s,
                                         "a\0b"s,
                                         "a\0c"s,
                                         "\0"s,
                                         ""s,
                                         std::string(100'000, 'k'),
                                         std::string(100'000, 'k') + "x"};
    const std::vector<std::string> tokens{
        "t\0a"s, "t\0b"s, "t"s, "\0\0"s, "e"s, std::string(70'000, 't'), "\0"s};
    LockHistory history;
    for (std::size_t i = 0; i < names.size(); ++i)
        QCOMPARE(lines(history.observe(stringRecord(names[i], tokens[i], 5000), at(0))).size(), 1);
    QCOMPARE(history.size(), names.size());
    QVERIFY(!history.find("a\0"s));
    QVERIFY(!history.find(std::string(99'999, 'k')));
    QVERIFY(history.anomalies("a\0b"s).empty());
    // Read again unchanged: nothing new; with the token's bytes after a NUL changed: another
    // holder.
    for (std::size_t i = 0; i < names.size(); ++i)
        QVERIFY(history.observe(stringRecord(names[i], tokens[i], 4000), at(1000)).empty());
    const auto handed = history.observe(stringRecord("a\0b"s, "t\0c"s, 4000), at(1000));
    QCOMPARE(handed.events.size(), std::size_t(1));
    QCOMPARE(handed.events.front().kind, LockEventKind::handedOver);
    QCOMPARE(handed.events.front().previousToken, "t\0b"s);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto *kept = history.find(names[i]);
        QVERIFY(kept);
        QCOMPARE(kept->key, names[i]);
        QCOMPARE(kept->tenures.front().token, tokens[i]);
    }
    QCOMPARE(history.find("a\0b"s)->current()->token, "t\0c"s);
}

// A batch of observations is the same as one call each, in order: keys new and known, the same
// key twice in a batch, keys found gone, the index growing and keys forgotten (maxKeys) midway.
void TestLockHistory::batchReadsAsOneByOne()
{
    HistoryOptions options;
    options.maxKeys = 3000;
    LockHistory batched(options);
    LockHistory single(options);
    std::mt19937 random(7);
    const auto pick = [&](std::size_t n) {
        return std::size_t(random() % n);
    };
    const auto name = [](std::size_t i) {
        return "batch:" + std::to_string(i);
    };
    std::vector<std::string> holders;
    std::vector<std::string> names;
    std::vector<redislock::LockObservation> observations;
    std::int64_t now = 0;
    for (int round = 0; round < 40; ++round) {
        now += 700;
        if (round == 20) {
            batched.beginWatching();
            single.beginWatching();
        }
        const std::size_t size = pick(400) + 1;
        names.clear();
        holders.clear();
        names.reserve(size);
        holders.reserve(size);
        observations.clear();
        for (std::size_t i = 0; i < size; ++i) {
            const std::size_t which = pick(4000);
            names.push_back(name(which));
            holders.push_back(pick(10) == 0 ? "other" : "T" + std::to_string(which));
            const int how = int(pick(20));
            const std::int64_t ttl = how == 0 ? -2 : how == 1 ? -1 : 30'000 - now;
            observations.push_back(
                {names.back(), holders.back(),
                 pick(2) ? redislock::LockFormat::customToken : redislock::LockFormat::raw, ttl});
        }
        std::vector<redislock::ChangeCounts> counts(size);
        batched.observeCounted(observations, at(now), counts);
        for (std::size_t i = 0; i < size; ++i) {
            const auto one = single.observe(observations[i], at(now));
            QCOMPARE(counts[i].events, one.events.size());
            QCOMPARE(counts[i].anomalies, one.anomalies.size());
        }
        QCOMPARE(batched.size(), single.size());
    }
    for (std::size_t i = 0; i < 4000; ++i) {
        const auto *fromBatches = batched.find(name(i));
        const auto *fromSingles = single.find(name(i));
        QCOMPARE(fromBatches != nullptr, fromSingles != nullptr);
        if (fromSingles)
            QCOMPARE(described(*fromBatches), described(*fromSingles));
    }
}

void TestLockHistory::reserveChangesNothing_data()
{
    QTest::addColumn<int>("keys");
    QTest::addColumn<int>("reserve");   // -1: never called
    QTest::addColumn<int>("reserveAt"); // after this many keys were first seen
    QTest::addColumn<int>("maxKeys");
    // Enough keys for the storage to grow by several blocks of keys and chunks of names, and
    // beyond the largest step it grows by on its own.
    QTest::newRow("not reserved") << 40000 << -1 << 0 << 0;
    QTest::newRow("reserved exactly, before the first") << 40000 << 40000 << 0 << 0;
    QTest::newRow("reserved too few") << 40000 << 3000 << 0 << 0;
    QTest::newRow("reserved far too many") << 3000 << 1'000'000 << 0 << 0;
    QTest::newRow("reserved midway") << 40000 << 40000 << 10000 << 0;
    QTest::newRow("reserved beyond maxKeys, keys forgotten") << 9000 << 100000 << 0 << 2500;
    QTest::newRow("reserved nothing") << 2000 << 0 << 1000 << 0;
}

// A history told how many keys are coming records exactly what one that was not does: the same
// changes for every observation (first sightings in pages, re-reads, hand-overs, removals, keys
// forgotten by maxKeys) and the same history of every key, however many it was told.
void TestLockHistory::reserveChangesNothing()
{
    QFETCH(int, keys);
    QFETCH(int, reserve);
    QFETCH(int, reserveAt);
    QFETCH(int, maxKeys);
    HistoryOptions options;
    options.maxKeys = std::size_t(maxKeys);
    LockHistory reserved(options);
    LockHistory grown(options);
    const auto name = [](int i) {
        return "reserve:orders:" + std::to_string(i);
    };
    const auto token = [](int i, int holder) {
        return "T" + std::to_string(i) + "-" + std::to_string(holder);
    };
    std::mt19937 random(11);
    std::vector<std::string> names;
    std::vector<std::string> holders;
    std::vector<redislock::LockObservation> observations;
    std::vector<redislock::ChangeCounts> counts;
    std::vector<redislock::ChangeCounts> countsGrown;
    constexpr int page = 1000;
    // A listing in pages: a key in 10 without expiry, one in 7 a raw value.
    const auto listing = [&](std::int64_t ms, int holder) {
        for (int from = 0; from < keys; from += page) {
            if (from == reserveAt && reserve >= 0 && ms == 0)
                reserved.reserve(std::size_t(reserve));
            const int to = std::min(keys, from + page);
            names.clear();
            holders.clear();
            observations.clear();
            names.reserve(std::size_t(to - from));
            holders.reserve(std::size_t(to - from));
            for (int i = from; i < to; ++i) {
                names.push_back(name(i));
                holders.push_back(token(i, holder));
                observations.push_back(
                    {names.back(), holders.back(),
                     i % 7 == 0 ? redislock::LockFormat::raw : redislock::LockFormat::customToken,
                     i % 10 == 0 ? -1 : 60'000 - ms});
            }
            counts.assign(observations.size(), {});
            countsGrown.assign(observations.size(), {});
            reserved.observeCounted(observations, at(ms), counts);
            grown.observeCounted(observations, at(ms), countsGrown);
            for (std::size_t i = 0; i < counts.size(); ++i) {
                QCOMPARE(counts[i].events, countsGrown[i].events);
                QCOMPARE(counts[i].anomalies, countsGrown[i].anomalies);
            }
        }
    };
    listing(0, 0);
    if (QTest::currentTestFailed())
        return;
    reserved.beginWatching();
    grown.beginWatching();
    listing(1000, 0);
    if (QTest::currentTestFailed())
        return;
    // Some keys leave, some change hands, one by one.
    for (int i = 0; i < keys; i += int(random() % 13) + 1) {
        const std::string n = name(i);
        if (i % 2 == 0) {
            QCOMPARE(lines(reserved.removed(n, RemovalCause::expiredEvent, at(2000))),
                     lines(grown.removed(n, RemovalCause::expiredEvent, at(2000))));
        } else {
            const auto record = stringRecord(n, token(i, 1), 5000);
            QCOMPARE(lines(reserved.observe(record, at(2000))),
                     lines(grown.observe(record, at(2000))));
        }
    }
    listing(3000, 2);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(reserved.size(), grown.size());
    if (maxKeys > 0)
        QCOMPARE(reserved.size(), std::size_t(maxKeys));
    else
        QCOMPARE(reserved.size(), std::size_t(keys));
    for (int i = 0; i < keys; ++i) {
        const auto *fromReserved = reserved.find(name(i));
        const auto *fromGrown = grown.find(name(i));
        QCOMPARE(fromReserved != nullptr, fromGrown != nullptr);
        if (fromGrown)
            QCOMPARE(described(*fromReserved), described(*fromGrown));
    }
}

void TestLockHistory::pruneForgetsAfterForgetAfter()
{
    HistoryOptions options;
    options.forgetAfter = 1min;
    LockHistory history(options);
    history.observe(stringRecord("left", "A", 5000), at(0));
    history.observe(stringRecord("stays", "B", -1), at(0));
    history.removed("left", RemovalCause::expiredEvent, at(1000));
    history.prune(at(60'000));
    QVERIFY(history.find("left"));
    history.prune(at(61'001));
    QVERIFY(!history.find("left"));
    // A held key is never forgotten by time, however old.
    history.prune(at(10'000'000));
    QVERIFY(history.find("stays"));
    QCOMPARE(history.size(), 1u);
    // The forgotten key comes back: obtained (it was gone), and its expired token is no longer
    // remembered (no zombie), as the key started afresh.
    history.beginWatching();
    const auto back = history.observe(stringRecord("left", "A", 5000), at(10'000'001));
    QCOMPARE(lines(back), list({"obtained A 5000"}));
}

void TestLockHistory::busiest()
{
    LockHistory history;
    history.observe(stringRecord("quiet", "Q", 5000), at(0));
    history.observe(stringRecord("busy", "A", 5000), at(0));
    history.observe(stringRecord("middle", "M", 5000), at(0));
    for (int i = 1; i <= 5; ++i)
        history.observe(stringRecord("busy", "T" + std::to_string(i), 5000), at(1000 + i));
    history.removed("middle", RemovalCause::delEvent, at(1100));
    history.observe(stringRecord("middle", "N", 5000), at(1200));
    const auto top = history.busiest(2, at(500));
    QCOMPARE(top.size(), 2u);
    QCOMPARE(top[0]->key, "busy");
    QCOMPARE(top[1]->key, "middle");
    const auto all = history.busiest(10, at(0));
    QCOMPARE(all.size(), 3u);
    QCOMPARE(all[2]->key, "quiet");
    QVERIFY(history.busiest(10, at(5000)).empty());
}

// Real locks on a real server: keyspace events and re-reads with the core's record reader feed
// the history, as lockctl watch and the inspector do.
void TestLockHistory::realServer()
{
    RedisServerOptions serverOptions;
    serverOptions.notifyKeyspaceEvents = QStringLiteral("KEA");
    RedisServer server(serverOptions);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    auto client = redislock::Client::fromUrl(server.url().toStdString());
    QVERIFY(client);
    const std::string prefix = "__keyevent@0__:";
    auto subscription = redislock::Subscription::open(
        *client, {prefix + "set", prefix + "expire", prefix + "del", prefix + "expired"});
    QVERIFY2(subscription, subscription ? "" : subscription.error().message().c_str());

    const std::string name = uniqueKey("history");
    LockHistory history;
    history.beginWatching();
    QStringList seen;
    std::optional<redislock::Lock> held;
    // Reads events until `want` lines arrived or 10 s passed.
    const auto pump = [&](qsizetype want) {
        QElapsedTimer timer;
        timer.start();
        while (seen.size() < want && timer.elapsed() < 10'000) {
            auto message = subscription->next(redislock::Context::withTimeout(200ms));
            QVERIFY(message);
            if (!*message || (*message)->payload != name)
                continue;
            const std::string event = (*message)->channel.substr(prefix.size());
            HistoryChanges changes;
            if (event == "del") {
                changes = history.removed(name, RemovalCause::delEvent, HistoryTime::now());
            } else if (event == "expired") {
                changes = history.removed(name, RemovalCause::expiredEvent, HistoryTime::now());
            } else {
                const auto when = HistoryTime::now();
                auto records = redislock::readRecords(*client, std::span(&name, 1), {});
                QVERIFY(records);
                changes = records->empty() ? history.removed(name, RemovalCause::foundGone, when)
                                           : history.observe(records->front(), when);
            }
            for (const auto &line : lines(changes))
                seen << line.section(u' ', 0, 0);
        }
    };
    auto lock = client->obtain(name, 2s);
    QVERIFY(lock);
    const std::string token(lock->token());
    pump(1);
    QCOMPARE(seen, list({"obtained"}));
    const auto *kept = history.find(name);
    QVERIFY(kept);
    QCOMPARE(kept->events.back().format, redislock::LockFormat::redislock);
    QCOMPARE(kept->events.back().token, token);
    QVERIFY(kept->events.back().ttlMs > 1000 && kept->events.back().ttlMs <= 2000);

    QVERIFY(lock->refresh(10s));
    pump(2);
    QCOMPARE(seen, (list({"obtained", "refreshed"})));
    QVERIFY(kept->current()->leaseMs > 9000);

    QVERIFY(lock->release());
    pump(3);
    QCOMPARE(seen, (list({"obtained", "refreshed", "released"})));
    QCOMPARE(kept->events.back().previousToken, token);

    auto brief = client->obtain(name, 200ms);
    QVERIFY(brief);
    pump(5);
    QCOMPARE(seen, (list({"obtained", "refreshed", "released", "obtained", "expired"})));
    QCOMPARE(kept->tenures.size(), 2u);
    QCOMPARE(kept->tenures.back().endKind, LockEventKind::expired);
    QCOMPARE(kept->tenures.back().token, brief->token());
}

QTEST_GUILESS_MAIN(TestLockHistory)
#include "tst_lockhistory.moc"
