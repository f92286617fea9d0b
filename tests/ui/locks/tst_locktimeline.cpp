#include "locks/locktimeline.h"

#include <QTest>

using Change = LockTimeline::Change;
using State = LockTimeline::State;

Q_DECLARE_METATYPE(KeyRemoval)

namespace {

constexpr qint64 t0 = 1'000'000;

// A timeline started at t0, as a lock first listed (its start not seen) or seen being taken.
LockTimeline startedAt(qint64 ttlMs, bool startSeen = false)
{
    LockTimeline timeline;
    timeline.start(ttlMs, t0, startSeen);
    return timeline;
}

} // namespace

class TestLockTimeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsDownFromTheDeadline_data();
    void countsDownFromTheDeadline();
    void samples_data();
    void samples();
    void leaseIsKnownOnlyOnceSeen_data();
    void leaseIsKnownOnlyOnceSeen();
    void noExpiryComesAndGoes();
    void fadesOut_data();
    void fadesOut();
    void laterReasonReplacesVanished();
    void reviveKeepsTheHistory();
    void newHolderStartsOver();
    void historyKeepsChangesOnly();
    void historyIsBounded();
};

void TestLockTimeline::countsDownFromTheDeadline_data()
{
    QTest::addColumn<qint64>("ttl");
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<qint64>("remaining");
    QTest::addColumn<double>("fraction");
    QTest::newRow("start") << qint64(10'000) << qint64(0) << qint64(10'000) << 1.0;
    QTest::newRow("a quarter") << qint64(10'000) << qint64(2'500) << qint64(7'500) << 0.75;
    QTest::newRow("overdue") << qint64(10'000) << qint64(12'000) << qint64(0) << 0.0;
    QTest::newRow("zero ttl") << qint64(0) << qint64(0) << qint64(0) << 0.0;
}

void TestLockTimeline::countsDownFromTheDeadline()
{
    QFETCH(qint64, ttl);
    QFETCH(qint64, elapsed);
    QFETCH(qint64, remaining);
    QFETCH(double, fraction);
    const LockTimeline timeline = startedAt(ttl);
    QCOMPARE(timeline.state(), State::live);
    QCOMPARE(timeline.deadlineMs(), t0 + ttl);
    QCOMPARE(timeline.remainingMs(t0 + elapsed), remaining);
    QCOMPARE(timeline.fraction(t0 + elapsed), fraction);
    QCOMPARE(timeline.seenForMs(t0 + elapsed), elapsed);
    QCOMPARE(timeline.opacity(t0 + elapsed), 1.0);
    QVERIFY(!timeline.faded(t0 + elapsed));
}

void TestLockTimeline::samples_data()
{
    // A lock of 10 s is re-read after `elapsed` ms with `sampleTtl` left.
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<qint64>("sampleTtl");
    QTest::addColumn<Change>("change");
    QTest::addColumn<int>("refreshes");
    QTest::addColumn<qint64>("remaining");
    QTest::addColumn<qint64>("lease");
    QTest::newRow("as predicted") << qint64(3000) << qint64(7000) << Change::none << 0
                                  << qint64(7000) << qint64(10'000);
    QTest::newRow("jitter is ignored")
        << qint64(3000) << qint64(7040) << Change::none << 0 << qint64(7000) << qint64(10'000);
    QTest::newRow("late sample re-anchors")
        << qint64(3000) << qint64(7200) << Change::ttl << 0 << qint64(7200) << qint64(10'000);
    QTest::newRow("shortened") << qint64(3000) << qint64(2000) << Change::ttl << 0 << qint64(2000)
                               << qint64(10'000);
    QTest::newRow("refreshed") << qint64(3000) << qint64(10'000) << Change::refresh << 1
                               << qint64(10'000) << qint64(10'000);
    QTest::newRow("refreshed longer") << qint64(3000) << qint64(20'000) << Change::refresh << 1
                                      << qint64(20'000) << qint64(20'000);
    QTest::newRow("refreshed after the deadline")
        << qint64(12'000) << qint64(9000) << Change::refresh << 1 << qint64(9000) << qint64(10'000);
    QTest::newRow("just within the refresh tolerance")
        << qint64(3000) << qint64(7000 + LockTimeline::refreshToleranceMs) << Change::ttl << 0
        << qint64(7000 + LockTimeline::refreshToleranceMs) << qint64(10'000);
    QTest::newRow("other negatives are ignored")
        << qint64(3000) << qint64(-5) << Change::none << 0 << qint64(7000) << qint64(10'000);
}

void TestLockTimeline::samples()
{
    QFETCH(qint64, elapsed);
    QFETCH(qint64, sampleTtl);
    QFETCH(Change, change);
    QFETCH(int, refreshes);
    QFETCH(qint64, remaining);
    QFETCH(qint64, lease);
    LockTimeline timeline = startedAt(10'000);
    QCOMPARE(timeline.sample(sampleTtl, t0 + elapsed), change);
    QCOMPARE(timeline.refreshes(), refreshes);
    QCOMPARE(timeline.remainingMs(t0 + elapsed), remaining);
    QCOMPARE(timeline.leaseMs(), lease);
    QCOMPARE(timeline.seenForMs(t0 + elapsed), elapsed); // the same holder keeps its age
}

void TestLockTimeline::leaseIsKnownOnlyOnceSeen_data()
{
    QTest::addColumn<bool>("startSeen");
    QTest::addColumn<QList<qint64>>("samples"); // one a second after the start
    QTest::addColumn<bool>("known");
    QTest::addColumn<qint64>("lease");
    QTest::addColumn<double>("fraction"); // a second after the last sample
    // Found held with 60 s left: a lease of 60 s or more; the bar is measured against 60 s.
    QTest::newRow("listed, counting down")
        << false << QList<qint64>{59'000, 58'000} << false << qint64(60'000) << 57.0 / 60.0;
    QTest::newRow("listed, then refreshed")
        << false << QList<qint64>{59'000, 90'000} << true << qint64(90'000) << 89.0 / 90.0;
    QTest::newRow("seen being taken")
        << true << QList<qint64>{59'000} << true << qint64(60'000) << 58.0 / 60.0;
    QTest::newRow("an expiry given to a lock without one")
        << false << QList<qint64>{-1, 30'000} << true << qint64(30'000) << 29.0 / 30.0;
}

void TestLockTimeline::leaseIsKnownOnlyOnceSeen()
{
    QFETCH(bool, startSeen);
    QFETCH(QList<qint64>, samples);
    QFETCH(bool, known);
    QFETCH(qint64, lease);
    QFETCH(double, fraction);
    LockTimeline timeline = startedAt(60'000, startSeen);
    QCOMPARE(timeline.startSeen(), startSeen);
    QCOMPARE(timeline.leaseKnown(), startSeen);
    qint64 at = t0;
    for (const qint64 ttl : samples) {
        at += 1000;
        timeline.sample(ttl, at);
    }
    QCOMPARE(timeline.leaseKnown(), known);
    QCOMPARE(timeline.leaseMs(), lease);
    QCOMPARE(timeline.fraction(at + 1000), fraction);
    QCOMPARE(timeline.startSeen(), startSeen); // a refresh says nothing of its age
}

void TestLockTimeline::noExpiryComesAndGoes()
{
    LockTimeline timeline = startedAt(-1);
    QCOMPARE(timeline.state(), State::noExpiry);
    QCOMPARE(timeline.remainingMs(t0 + 60'000), qint64(-1));
    QCOMPARE(timeline.fraction(t0), -1.0);
    QVERIFY(timeline.history().empty());
    QCOMPARE(timeline.sample(-1, t0 + 1000), Change::none);
    QCOMPARE(timeline.sample(2000, t0 + 2000), Change::state);
    QCOMPARE(timeline.state(), State::live);
    QCOMPARE(timeline.remainingMs(t0 + 2500), qint64(1500));
    QCOMPARE(timeline.refreshes(), 0);
    QCOMPARE(timeline.sample(-1, t0 + 3000), Change::state); // PERSIST
    QCOMPARE(timeline.state(), State::noExpiry);
}

void TestLockTimeline::fadesOut_data()
{
    QTest::addColumn<KeyRemoval>("reason");
    QTest::addColumn<State>("state");
    QTest::newRow("expired") << KeyRemoval::expired << State::fadingExpired;
    QTest::newRow("deleted") << KeyRemoval::deleted << State::fadingDeleted;
    QTest::newRow("vanished") << KeyRemoval::vanished << State::fadingVanished;
}

void TestLockTimeline::fadesOut()
{
    QFETCH(KeyRemoval, reason);
    QFETCH(State, state);
    LockTimeline timeline = startedAt(10'000);
    const qint64 at = t0 + 2000;
    QVERIFY(timeline.fadeOut(reason, at));
    QCOMPARE(timeline.state(), state);
    QVERIFY(timeline.fading());
    QCOMPARE(timeline.remainingMs(at), qint64(0));
    QCOMPARE(timeline.fraction(at), 0.0);
    QCOMPARE(timeline.opacity(at), 1.0);
    QCOMPARE(timeline.opacity(at + LockTimeline::fadeDurationMs / 2), 0.5);
    QVERIFY(!timeline.faded(at + LockTimeline::fadeDurationMs - 1));
    QVERIFY(timeline.faded(at + LockTimeline::fadeDurationMs));
    QCOMPARE(timeline.opacity(at + 2 * LockTimeline::fadeDurationMs), 0.0);
    // Fading once is enough: the same reason again changes nothing, nor does the clock restart.
    QVERIFY(!timeline.fadeOut(reason, at + 1000));
    QVERIFY(timeline.faded(at + LockTimeline::fadeDurationMs));
}

void TestLockTimeline::laterReasonReplacesVanished()
{
    LockTimeline timeline = startedAt(10'000);
    QVERIFY(timeline.fadeOut(KeyRemoval::vanished, t0));
    QVERIFY(timeline.fadeOut(KeyRemoval::expired, t0 + 100));
    QCOMPARE(timeline.state(), State::fadingExpired);
    QVERIFY(!timeline.fadeOut(KeyRemoval::deleted, t0 + 200)); // a precise reason stands
    QCOMPARE(timeline.state(), State::fadingExpired);
    QVERIFY(timeline.faded(t0 + LockTimeline::fadeDurationMs)); // timed from the first
}

void TestLockTimeline::reviveKeepsTheHistory()
{
    LockTimeline timeline = startedAt(10'000);
    timeline.sample(20'000, t0 + 1000); // a refresh
    QVERIFY(timeline.fadeOut(KeyRemoval::vanished, t0 + 2000));
    timeline.revive(15'000, t0 + 2500);
    QCOMPARE(timeline.state(), State::live);
    QCOMPARE(timeline.remainingMs(t0 + 2500), qint64(15'000));
    QCOMPARE(timeline.refreshes(), 1);
    QCOMPARE(timeline.leaseMs(), qint64(20'000));
    QCOMPARE(timeline.history().size(), std::size_t(2));
    QCOMPARE(timeline.seenForMs(t0 + 2500), qint64(2500));
    QCOMPARE(timeline.opacity(t0 + 2500), 1.0);
}

void TestLockTimeline::newHolderStartsOver()
{
    LockTimeline timeline = startedAt(10'000);
    timeline.sample(10'000, t0 + 3000);
    QCOMPARE(timeline.refreshes(), 1);
    timeline.start(5000, t0 + 7000, true);
    QCOMPARE(timeline.refreshes(), 0);
    QCOMPARE(timeline.seenForMs(t0 + 7000), qint64(0));
    QCOMPARE(timeline.leaseMs(), qint64(5000));
    QCOMPARE(timeline.history().size(), std::size_t(1));
    QVERIFY(timeline.leaseKnown());
}

void TestLockTimeline::historyKeepsChangesOnly()
{
    LockTimeline timeline = startedAt(10'000);
    for (int i = 1; i <= 5; ++i)
        timeline.sample(10'000 - i * 1000, t0 + i * 1000);
    const auto points = [&timeline] {
        QList<std::pair<qint64, qint64>> out;
        for (const auto &point : timeline.history())
            out.append({point.atMs - t0, point.ttlMs});
        return out;
    };
    // A steady countdown: its first and its latest sample.
    QCOMPARE(points(), (QList<std::pair<qint64, qint64>>{{0, 10'000}, {5000, 5000}}));
    timeline.sample(10'000, t0 + 6000); // refreshed
    timeline.sample(9000, t0 + 7000);
    timeline.sample(8000, t0 + 8000);
    QCOMPARE(points(), (QList<std::pair<qint64, qint64>>{
                           {0, 10'000}, {5000, 5000}, {6000, 10'000}, {8000, 8000}}));
}

void TestLockTimeline::historyIsBounded()
{
    LockTimeline timeline = startedAt(1000);
    for (int i = 0; i < 3 * LockTimeline::historyCapacity; ++i)
        timeline.sample(1000 + (i % 2) * 5000, t0 + (i + 1) * 1000); // a refresh every other
    QCOMPARE(timeline.history().size(), std::size_t(LockTimeline::historyCapacity));
    QCOMPARE(timeline.history().back().atMs, t0 + 3 * LockTimeline::historyCapacity * 1000);
}

QTEST_APPLESS_MAIN(TestLockTimeline)
#include "tst_locktimeline.moc"
