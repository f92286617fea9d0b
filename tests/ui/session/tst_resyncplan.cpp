// ResyncPlan on a hand-moved clock: the command budget is never exceeded whatever the number of
// keys, every key comes round, keys followed by keyspace events are re-read only by the slow
// sweep and after their predicted expiry, and the cycles it reports match what it does.

#include "session/resyncplan.h"

#include <QSet>
#include <QTest>

#include <algorithm>

namespace {

// The keys takeDue() handed out, in its order.
QList<QByteArray> keysOf(const QList<ResyncPlan::Due> &due)
{
    QList<QByteArray> keys;
    for (const ResyncPlan::Due &one : due)
        keys.append(one.key);
    return keys;
}

QByteArray keyOf(int i)
{
    return "k:" + QByteArray::number(i);
}

struct Run
{
    qint64 taken = 0;
    qint64 maxPerWindow = 0; // the most taken within any one second
    QSet<QByteArray> seen;
};

// Takes what is due every `stepMs` for `durationMs`, re-noting each key as read with `ttlMs`
// left, as the worker does with the replies.
Run drive(ResyncPlan &plan, qint64 &now, qint64 durationMs, qint64 stepMs, qint64 ttlMs = 600'000)
{
    Run run;
    QList<std::pair<qint64, qint64>> perStep; // (time, taken)
    const qint64 end = now + durationMs;
    for (; now < end; now += stepMs) {
        const QList<ResyncPlan::Due> keys = plan.takeDue(now, 1000);
        for (const ResyncPlan::Due &due : keys) {
            plan.noteRead(due, ttlMs, now);
            run.seen.insert(due.key);
        }
        run.taken += keys.size();
        perStep.append({now, keys.size()});
    }
    for (qsizetype first = 0; first < perStep.size(); ++first) {
        qint64 sum = 0;
        for (qsizetype i = first;
             i < perStep.size() && perStep[i].first < perStep[first].first + 1000; ++i)
            sum += perStep[i].second;
        run.maxPerWindow = std::max(run.maxPerWindow, sum);
    }
    return run;
}

} // namespace

class TestResyncPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pollingKeepsToTheBudget_data()
    {
        QTest::addColumn<int>("keys");
        QTest::addColumn<int>("budget");
        QTest::addColumn<qint64>("pollPeriodMs");
        QTest::addColumn<qint64>("expectedCycleMs");
        QTest::newRow("few keys: the poll period") << 200 << 5000 << qint64(1000) << qint64(1000);
        QTest::newRow("100,000 keys at 5,000/s")
            << 100'000 << 5000 << qint64(1000) << qint64(20'000);
        QTest::newRow("20,000 keys at 1,000/s") << 20'000 << 1000 << qint64(1000) << qint64(20'000);
    }
    void pollingKeepsToTheBudget()
    {
        QFETCH(int, keys);
        QFETCH(int, budget);
        QFETCH(qint64, pollPeriodMs);
        QFETCH(qint64, expectedCycleMs);
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = pollPeriodMs, .budget = budget}, now);
        for (int i = 0; i < keys; ++i)
            plan.note(keyOf(i), {}, 600'000, false, now);
        QCOMPARE(plan.polledCount(), qsizetype(keys));
        QCOMPARE(plan.cycleMs(), expectedCycleMs);
        QCOMPARE(plan.sweepCycleMs(), qint64(0));

        // Long enough for two whole cycles.
        const qint64 duration = 2 * expectedCycleMs + 2000;
        const Run run = drive(plan, now, duration, 50);
        // A second's worth saved up at the start, then the budget's rate.
        QVERIFY2(run.taken <= qint64(budget) * duration / 1000 + budget,
                 qPrintable(QStringLiteral("%1 re-reads in %2 ms").arg(run.taken).arg(duration)));
        QVERIFY2(run.maxPerWindow <= 2 * qint64(budget),
                 qPrintable(QString::number(run.maxPerWindow)));
        QCOMPARE(run.seen.size(), qsizetype(keys)); // every key came round
        // And about as often as the cycle says: a whole cycle's worth, not much less.
        QVERIFY2(run.taken >= qint64(keys) * (duration - 2000) / expectedCycleMs * 9 / 10,
                 qPrintable(QString::number(run.taken)));
    }

    void notifiedKeysAreOnlySwept()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 1000, .sweepPeriodMs = 60'000, .budget = 5000}, now);
        constexpr int keys = 6000;
        for (int i = 0; i < keys; ++i)
            plan.note(keyOf(i), QStringLiteral("n1"), 3'600'000, true, now);
        QCOMPARE(plan.polledCount(), qsizetype(0));
        QCOMPARE(plan.cycleMs(), qint64(0));
        QCOMPARE(plan.sweepCycleMs(), qint64(60'000));
        // A steady trickle of keys / period a second from the start, not a burst.
        const Run first = drive(plan, now, 10'000, 100, 3'600'000);
        QVERIFY2(first.taken <= keys * 10 / 60 * 3 / 2, qPrintable(QString::number(first.taken)));
        QVERIFY2(first.maxPerWindow <= keys / 60 * 3,
                 qPrintable(QString::number(first.maxPerWindow)));
        // Over a whole period and a bit, every key once, give or take the spread.
        const Run rest = drive(plan, now, 60'000, 100, 3'600'000);
        QSet<QByteArray> all = first.seen;
        all.unite(rest.seen);
        QVERIFY2(all.size() >= keys * 95 / 100, qPrintable(QString::number(all.size())));
        QVERIFY2(first.taken + rest.taken <= keys * 13 / 10,
                 qPrintable(QString::number(first.taken + rest.taken)));
    }

    void aKeyNearItsExpiryComesFirst()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.sweepPeriodMs = 600'000, .expiryGraceMs = 1000, .budget = 100}, now);
        for (int i = 0; i < 500; ++i)
            plan.note(keyOf(i), {}, 3'600'000, true, now);
        plan.note("short", {}, 5000, true, now);
        // Nothing before its predicted expiry and the grace...
        QVERIFY(!keysOf(plan.takeDue(5999, 1000)).contains("short"));
        // ... then it is confirmed, whatever else waits.
        QVERIFY(keysOf(plan.takeDue(6000, 1000)).contains("short"));
    }

    void polledExpiryIsReadAtTheDeadline()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 10'000, .budget = 10}, now);
        plan.note("short", {}, 300, false, now);
        QVERIFY(plan.takeDue(299, 10).isEmpty());
        QCOMPARE(keysOf(plan.takeDue(300, 10)), QList<QByteArray>{"short"});
    }

    void dueAllRereadsEverythingWithinTheBudget()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.sweepPeriodMs = 600'000, .budget = 1000}, now);
        for (int i = 0; i < 3000; ++i)
            plan.note(keyOf(i), {}, -1, true, now);
        plan.spend(1000, now); // the bucket's saved second: from here on, the budget's rate
        now += 1;
        plan.dueAll(now);
        const Run run = drive(plan, now, 4000, 100, -1);
        QCOMPARE(run.seen.size(), qsizetype(3000));
        QVERIFY2(run.taken <= 1000 * 4 + 1000, qPrintable(QString::number(run.taken)));
    }

    void removedKeysAreNotReread()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 100, .budget = 1000}, now);
        plan.note("a", {}, -1, false, now);
        plan.note("b", {}, -1, false, now);
        QVERIFY(plan.remove("a"));
        QVERIFY2(!plan.remove("a"), "already gone");
        QVERIFY(!plan.contains("a"));
        QCOMPARE(plan.size(), qsizetype(1));
        QCOMPARE(plan.polledCount(), qsizetype(1));
        const Run run = drive(plan, now, 1000, 50, -1);
        QVERIFY(!run.seen.contains("a"));
        QVERIFY(run.seen.contains("b"));
    }

    // Noting a key again (a rescan, an event) keeps one entry and follows its notified state;
    // room reserved beforehand changes nothing but the growth (reserved room is mapped a stretch
    // at a time as it fills: keys enough for several stretches, and more than was reserved).
    void notingAgainKeepsOneEntry_data()
    {
        QTest::addColumn<qsizetype>("reserved");
        QTest::addColumn<int>("keys");
        QTest::newRow("grown key by key") << qsizetype(0) << 3000;
        QTest::newRow("reserved") << qsizetype(5000) << 3000;
        QTest::newRow("reserved short") << qsizetype(100) << 3000;
        QTest::newRow("reserved, many") << qsizetype(30'000) << 30'000;
        QTest::newRow("reserved short, many") << qsizetype(10'000) << 30'000;
    }
    void notingAgainKeepsOneEntry()
    {
        QFETCH(qsizetype, reserved);
        QFETCH(int, keys);
        const int half = keys / 2;
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 100, .sweepPeriodMs = 600'000, .budget = 100'000}, now);
        plan.reserve(reserved);
        for (int i = 0; i < keys; ++i)
            plan.note(keyOf(i), QStringLiteral("n1"), -1, false, now);
        QCOMPARE(plan.size(), qsizetype(keys));
        QCOMPARE(plan.polledCount(), qsizetype(keys));
        // Half of them again, now notified; then one of those polled again.
        for (int i = 0; i < half; ++i)
            plan.note(keyOf(i), QStringLiteral("n2"), -1, true, now);
        plan.note(keyOf(0), QStringLiteral("n1"), -1, false, now);
        QCOMPARE(plan.size(), qsizetype(keys));
        QCOMPARE(plan.polledCount(), qsizetype(keys - half + 1));
        QVERIFY(plan.isNotified(keyOf(1)));
        QVERIFY(!plan.isNotified(keyOf(0)));
        QVERIFY(!plan.isNotified(keyOf(keys - 1)));
        // The polled ones come round at the poll period; the notified ones wait for the sweep.
        const Run run = drive(plan, now, 1000, 50, -1);
        QVERIFY(run.seen.contains(keyOf(0)));
        for (int i = half; i < keys; ++i)
            QVERIFY(run.seen.contains(keyOf(i)));
        // (A notified key's first sweep comes anywhere within its period: a few may be due, a
        // six-hundredth of them on average.)
        QVERIFY2(run.seen.size() < keys - half + 1 + std::max(50, half / 100),
                 qPrintable(QString::number(run.seen.size())));
        // Removing and noting again reuses the freed entry.
        QVERIFY(plan.remove(keyOf(2)));
        plan.note(keyOf(keys), QStringLiteral("n1"), -1, false, now);
        QCOMPARE(plan.size(), qsizetype(keys));
        QVERIFY(plan.contains(keyOf(keys)));
        QVERIFY(!plan.contains(keyOf(2)));
    }

    // A key noted again keeps the latest read's bytes, not the first's: a page's keys share
    // allocations, and a first read's key kept for as long as the key lives would keep them.
    // What the plan hands out is the same key either way.
    void notingAgainKeepsTheLatestBytes()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 100, .budget = 1000}, now);
        const QByteArray first("lock:a");
        plan.note(first, {}, 5000, false, now);
        const QByteArray latest = QByteArray("lock:") + 'a'; // equal bytes, allocated apart
        QVERIFY(!latest.isSharedWith(first));
        plan.note(latest, {}, 5000, false, now);
        QCOMPARE(plan.size(), qsizetype(1));
        const QList<ResyncPlan::Due> due = plan.takeDue(now + 100, 10);
        QCOMPARE(keysOf(due), QList<QByteArray>{first});
        QVERIFY(due.front().key.isSharedWith(latest));
        QVERIFY(!due.front().key.isSharedWith(first));
    }

    // Keys are bytes: keys that differ only after a NUL byte, or by a trailing one, are kept
    // apart, and the empty key is a key; a cleared plan knows nothing and takes them again.
    void keysAreBytes()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 100, .budget = 1000}, now);
        const QList<QByteArray> keys{QByteArray("a"),       QByteArray("a\0", 2),
                                     QByteArray("a\0b", 3), QByteArray("a\0c", 3),
                                     QByteArray("\0", 1),   QByteArray("", 0)};
        for (const QByteArray &key : keys)
            plan.note(key, {}, -1, key.endsWith('c'), now);
        QCOMPARE(plan.size(), keys.size());
        QVERIFY(plan.isNotified(QByteArray("a\0c", 3)));
        QVERIFY(!plan.isNotified(QByteArray("a\0b", 3)));
        QVERIFY(plan.remove(QByteArray("a\0b", 3)));
        QVERIFY(!plan.contains(QByteArray("a\0b", 3)));
        QVERIFY(plan.contains(QByteArray("a\0c", 3)));
        QVERIFY(plan.contains(QByteArray("a\0", 2)));
        QVERIFY(plan.contains("a"));
        QVERIFY(!plan.contains(QByteArray("a\0d", 3)));
        QCOMPARE(plan.size(), keys.size() - 1);

        plan.clear();
        QCOMPARE(plan.size(), qsizetype(0));
        for (const QByteArray &key : keys)
            QVERIFY(!plan.contains(key));
        for (const QByteArray &key : keys)
            plan.note(key, {}, -1, false, now);
        QCOMPARE(plan.size(), keys.size());
        QCOMPARE(plan.polledCount(), keys.size());
        const Run run = drive(plan, now, 200, 50, -1);
        QCOMPARE(run.seen.size(), keys.size());
    }

    void aLostListenerTurnsKeysToPolling()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 100, .sweepPeriodMs = 600'000, .budget = 1000}, now);
        for (int i = 0; i < 10; ++i)
            plan.note(keyOf(i), i < 5 ? QStringLiteral("n1") : QStringLiteral("n2"), -1, true, now);
        QVERIFY(plan.takeDue(now + 200, 100).size() <= 10);
        now += 200;
        QCOMPARE(plan.polledCount(), qsizetype(0));
        plan.renotify([](const QByteArray &, const QString &node) { return node != u"n2"; });
        QCOMPARE(plan.polledCount(), qsizetype(5));
        QVERIFY(plan.cycleMs() > 0);
        // n2's keys come round at the poll period now, n1's stay with the sweep.
        const Run run = drive(plan, now, 1000, 50, -1);
        for (int i = 5; i < 10; ++i)
            QVERIFY(run.seen.contains(keyOf(i)));
        QVERIFY2(run.taken <= 5 * 11 + 5, qPrintable(QString::number(run.taken)));
    }

    void spendingDelaysRereads()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 10, .budget = 1000}, now);
        plan.note("a", {}, -1, false, now);
        plan.spend(3000, now); // a rescan's page: 2 seconds owed beyond the saved one
        QVERIFY(plan.available(now) < 0);
        QVERIFY(plan.takeDue(1000, 10).isEmpty());
        QVERIFY(plan.takeDue(1999, 10).isEmpty());
        QCOMPARE(keysOf(plan.takeDue(2001, 10)), QList<QByteArray>{"a"});
    }

    // What a re-read says beside the last one: the worker does not pass on to the table a
    // notified key's re-read that agrees with its countdown.
    void reReadsAreComparedWithTheLastRead_data()
    {
        QTest::addColumn<bool>("notified");
        QTest::addColumn<qint64>("firstTtlMs");
        QTest::addColumn<qint64>("laterMs"); // when it is read again
        QTest::addColumn<qint64>("secondTtlMs");
        QTest::addColumn<bool>("asPredicted");
        QTest::newRow("counts down as read")
            << true << qint64(30'000) << qint64(10'000) << qint64(20'000) << true;
        QTest::newRow("within the agreement")
            << true << qint64(30'000) << qint64(10'000) << qint64(19'950) << true;
        QTest::newRow("just past it")
            << true << qint64(30'000) << qint64(10'000) << qint64(19'949) << false;
        QTest::newRow("refreshed")
            << true << qint64(30'000) << qint64(10'000) << qint64(30'000) << false;
        QTest::newRow("shortened")
            << true << qint64(30'000) << qint64(10'000) << qint64(5'000) << false;
        QTest::newRow("still no expiry")
            << true << qint64(-1) << qint64(10'000) << qint64(-1) << true;
        QTest::newRow("given an expiry")
            << true << qint64(-1) << qint64(10'000) << qint64(30'000) << false;
        QTest::newRow("made persistent")
            << true << qint64(30'000) << qint64(10'000) << qint64(-1) << false;
        QTest::newRow("polled, as predicted")
            << false << qint64(30'000) << qint64(10'000) << qint64(20'000) << true;
    }
    void reReadsAreComparedWithTheLastRead()
    {
        QFETCH(bool, notified);
        QFETCH(qint64, firstTtlMs);
        QFETCH(qint64, laterMs);
        QFETCH(qint64, secondTtlMs);
        QFETCH(bool, asPredicted);
        ResyncPlan plan;
        qint64 now = 1000;
        plan.setPolicy({}, now);
        plan.note("k", {}, firstTtlMs, notified, now);
        now += laterMs;
        const ResyncPlan::Reading reading = plan.noteRead("k", secondTtlMs, now);
        QVERIFY(reading.known);
        QCOMPARE(reading.notified, notified);
        QCOMPARE(reading.asPredicted, asPredicted);
        // The next comparison is with this read.
        const ResyncPlan::Reading next = plan.noteRead("k", secondTtlMs, now);
        QCOMPARE(next.asPredicted, true);
        QCOMPARE(plan.noteRead("unknown", 1000, now).known, false);
    }

    // A re-read is noted where takeDue() found the key, unless the key left or was noted again
    // meanwhile: then its slot may be another key's, and the key is looked up.
    void takenKeysAreNotedWhereTheyWere()
    {
        ResyncPlan plan;
        qint64 now = 0;
        plan.setPolicy({.pollPeriodMs = 1000, .budget = 1000}, now);
        plan.note("a", {}, 60'000, false, now);
        now = 1000;
        QList<ResyncPlan::Due> due = plan.takeDue(now, 10);
        QCOMPARE(keysOf(due), QList<QByteArray>{"a"});
        QVERIFY(plan.noteRead(due.first(), 59'000, now).asPredicted);

        // Taken, then removed, and its slot given to another key before the reply came.
        now = 2000;
        due = plan.takeDue(now, 10);
        QCOMPARE(keysOf(due), QList<QByteArray>{"a"});
        QVERIFY(plan.remove("a"));
        plan.note("b", {}, -1, true, now);
        QCOMPARE(plan.noteRead(due.first(), 58'000, now).known, false);
        QVERIFY(!plan.contains("a"));
        // b's state is its own: still no expiry, notified.
        const ResyncPlan::Reading b = plan.noteRead("b", -1, now);
        QVERIFY(b.known && b.notified && b.asPredicted);

        // Taken, then read again through an event (noted anew): the reply is still b's.
        plan.note("c", {}, 30'000, false, now);
        now = 3000;
        due = plan.takeDue(now, 10);
        QVERIFY(keysOf(due).contains("c"));
        const ResyncPlan::Due c = due[keysOf(due).indexOf("c")];
        plan.note("c", {}, 40'000, false, now);
        const ResyncPlan::Reading reading = plan.noteRead(c, 40'000, now);
        QVERIFY(reading.known && !reading.notified && reading.asPredicted);
    }
};

QTEST_APPLESS_MAIN(TestResyncPlan)
#include "tst_resyncplan.moc"
