#include "locks/lockfilterproxymodel.h"
#include "locks/locktablemodel.h"
#include "locks/locktext.h"
#include "support/markingtranslator.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>
#include <QTranslator>

#include <limits>
#include <memory>

using namespace Qt::StringLiterals;
using State = LockTableModel::State;

Q_DECLARE_METATYPE(KeyRemoval)

namespace {

// 22 base64url characters: a redislock token.
const QByteArray token = QByteArrayLiteral("AAAAAAAAAAAAAAAAAAAAAA");

LockSnapshot lockOf(const QByteArray &key, qint64 ttlMs, const QByteArray &metadata = {},
                    redislock::LockFormat format = redislock::LockFormat::redislock)
{
    LockSnapshot lock;
    lock.key = key;
    lock.format = format;
    if (format == redislock::LockFormat::raw) {
        lock.value = metadata;
    } else {
        lock.value = token + metadata;
        lock.tokenLength = int(token.size());
    }
    lock.valueSize = lock.value.size();
    lock.ttlMs = ttlMs;
    return lock;
}

// The same, read on a cluster node.
LockSnapshot onNode(LockSnapshot lock, const QString &node, int slot)
{
    lock.node = node;
    lock.slot = slot;
    return lock;
}

// A model on a clock the test moves by hand, checked by QAbstractItemModelTester throughout.
struct Fixture
{
    qint64 now = 1'000'000;
    LockTableModel model;
    LockFilterProxyModel proxy;
    std::unique_ptr<QAbstractItemModelTester> modelTester;
    std::unique_ptr<QAbstractItemModelTester> proxyTester;

    Fixture()
    {
        model.setClock([this] { return now; });
        model.setTickInterval(0);
        proxy.setSourceModel(&model);
        modelTester = std::make_unique<QAbstractItemModelTester>(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxyTester = std::make_unique<QAbstractItemModelTester>(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    // As the session's pages arrive, then the next turn of the event loop inserts them.
    void upsert(const QList<LockSnapshot> &locks)
    {
        model.upsert(locks);
        model.flush();
    }

    void advance(qint64 ms)
    {
        now += ms;
        model.tick();
    }

    QVariant cell(const QByteArray &key, int column, int role = Qt::DisplayRole) const
    {
        const int row = model.indexOfKey(key);
        return row < 0 ? QVariant() : model.index(row, column).data(role);
    }

    QString text(const QByteArray &key, int column) const { return cell(key, column).toString(); }

    State state(const QByteArray &key) const
    {
        return State(cell(key, LockTableModel::KeyColumn, LockTableModel::StateRole).toInt());
    }

    // The proxy's rows once its pending re-sort is done.
    QList<QByteArray> proxyKeys()
    {
        proxy.flush();
        QList<QByteArray> keys;
        for (int row = 0; row < proxy.rowCount(); ++row)
            keys.append(proxy.index(row, LockTableModel::KeyColumn)
                            .data(LockTableModel::SnapshotRole)
                            .value<LockSnapshot>()
                            .key);
        return keys;
    }
};

} // namespace

class TestLockTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void holderColumnShowsTheDecodedOwner();
    void evidenceIsWordedInTheUi_data();
    void evidenceIsWordedInTheUi();
    void insertsNewLocksInOneBatch();
    void bigScansGoInInSlices();
    void queuedLocksFollowLaterNews();
    void insertionsAreSortedOnce();
    void queuedRowsGoInAtTheNextTurn();
    void keysSortByTheirBytes_data();
    void keysSortByTheirBytes();
    void newRowsWaitAtTheEndForTheNextSort_data();
    void newRowsWaitAtTheEndForTheNextSort();
    void queuedKeyTakesItsLatestPage();
    void likeKeysShareTheirEvidence();
    void resortsAreDeferredAndCoalesced();
    void columnsShowTheLock();
    void countdownTicksFromTheDeadline_data();
    void countdownTicksFromTheDeadline();
    void resyncs_data();
    void resyncs();
    void steadyResyncEmitsNothing();
    void lateSamplesCountFromWhenTheyWereRead();
    void newValueIsANewHolder();
    void stuckLocks();
    void removalFadesThenRemoves_data();
    void removalFadesThenRemoves();
    void scatteredRemovalsKeepLookups();
    void reserveKeepsWhatIsListedAndQueued();
    void manyScatteredRemovalsReset();
    void goneSamplesFadeAsVanished();
    void reappearingKeyIsRevived();
    void heldBeforeListed();
    void sortsByRawTtl();
    void sortsByOtherColumns_data();
    void sortsByOtherColumns();
    void sortsByHolder();
    void filters_data();
    void filters();
    void nodeAndSlotColumns();
    void ttlHistoryKeepsChangesOnly();
    void ttlHistoryIsBounded();
    void clearEmptiesEverything();
    void rawKeysWithoutExpiryAreNotStuck();
    void locksOnlyHidesRawValues();
    void proxyNeedsOnlyRoles();
    void orderSurvivesRemovalsAndInsertions_data();
    void orderSurvivesRemovalsAndInsertions();
    void leaseAndAgeAreKnownOnlyWhenSeen();
    void tickTimerRunsOnlyWithRows();
    void rowsNotReadForLongAreMarkedStale_data();
    void rowsNotReadForLongAreMarkedStale();
    void tickRepaintsOnlyVisibleFastRowsBetweenWholeTicks();
};

void TestLockTableModel::insertsNewLocksInOneBatch()
{
    Fixture f;
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QList<LockSnapshot> first;
    QList<LockSnapshot> second;
    for (int i = 0; i < 1000; ++i)
        (i < 500 ? first : second).append(lockOf("page:" + QByteArray::number(i), 30'000));
    second.append(lockOf("page:7", 20'000)); // the same key again: the latest snapshot wins
    f.model.upsert(first);
    f.model.upsert(second);
    // Queued until the event loop turns: both pages go in as one insertion.
    QCOMPARE(f.model.rowCount(), 0);
    QCOMPARE(f.model.pendingCount(), 1000);
    QTRY_COMPARE(f.model.rowCount(), 1000);
    QCOMPARE(f.model.pendingCount(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 999);
    QCOMPARE(f.text("page:7", LockTableModel::TtlColumn), u"20.0 s"_s);
    QCOMPARE(f.proxy.rowCount(), 1000);

    f.upsert({lockOf("page:1000", 1000), lockOf("page:3", 30'000)});
    QCOMPARE(f.model.rowCount(), 1001);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(f.model.indexOfKey("page:1000"), 1000);
    QCOMPARE(f.model.indexOfKey("nope"), -1);
}

void TestLockTableModel::bigScansGoInInSlices()
{
    Fixture f;
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QList<LockSnapshot> locks;
    for (int i = 0; i < 40'000; ++i)
        locks.append(lockOf("big:" + QByteArray::number(i), 30'000));
    f.model.upsert(locks);
    QTRY_COMPARE(f.model.rowCount(), 40'000);
    // 16,384 per turn of the event loop, so that the GUI thread gets a word in between.
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(f.model.indexOfKey("big:39999"), 39'999);
    QCOMPARE(f.model.pendingCount(), 0);
}

void TestLockTableModel::queuedLocksFollowLaterNews()
{
    Fixture f;
    f.model.upsert(
        {lockOf("a", 10'000), lockOf("b", 10'000), lockOf("c", 10'000), lockOf("d", 10'000)});
    f.now += 2000;
    f.model.applyTtls({{"a", 3000}, {"d", -2}});
    f.model.markRemoved("b", KeyRemoval::deleted);
    f.model.upsert({lockOf("c", -2)});
    f.now += 1000;
    f.model.flush();
    // Only a is left, with the TTL of its latest sample, counted from when that arrived.
    QCOMPARE(f.model.rowCount(), 1);
    QCOMPARE(f.text("a", LockTableModel::TtlColumn), u"2.0 s"_s);
    QCOMPARE(f.text("a", LockTableModel::AgeColumn), u"1 s"_s);

    // The keys that left come back as new ones, and news of each reaches its own row only.
    f.model.upsert({lockOf("e", 7000), lockOf("d", 8000), lockOf("b", 9000)});
    f.model.applyTtls({{"d", 4000}, {"c", 6000}});
    f.model.markRemoved("e", KeyRemoval::expired);
    f.model.flush();
    QCOMPARE(f.model.rowCount(), 3);
    QCOMPARE(f.model.indexOfKey("c"), -1);
    QCOMPARE(f.model.indexOfKey("e"), -1);
    QCOMPARE(f.text("d", LockTableModel::TtlColumn), u"4.0 s"_s);
    QCOMPARE(f.text("b", LockTableModel::TtlColumn), u"9.0 s"_s);
}

void TestLockTableModel::insertionsAreSortedOnce()
{
    Fixture f;
    f.proxy.sort(LockTableModel::KeyColumn, Qt::DescendingOrder);
    QSignalSpy layout(&f.proxy, &QAbstractItemModel::layoutChanged);
    QList<QByteArray> expected;
    for (const int count : {100, 3, 250}) {
        QList<LockSnapshot> page;
        for (int i = 0; i < count; ++i) {
            const QByteArray key = "k" + QByteArray::number((i * 7919 + count) % 100'000);
            if (expected.contains(key))
                continue;
            expected.append(key);
            page.append(lockOf(key, 5000));
        }
        f.upsert(page);
        QList<QByteArray> sorted = expected;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        QCOMPARE(f.proxyKeys(), sorted);
    }
    QCOMPARE(layout.size(), 3); // each insertion sorted once, not row by row
}

void TestLockTableModel::queuedRowsGoInAtTheNextTurn()
{
    Fixture f;
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    const auto page = [](int first) {
        QList<LockSnapshot> locks;
        for (int i = first; i < first + 10; ++i)
            locks.append(lockOf("p" + QByteArray::number(i), 60'000));
        return locks;
    };
    // Each page goes in at the next turn of the event loop after it came, as one insertion: the
    // GUI thread inserts while it waits for the scan's next page, not all at the scan's end.
    f.model.upsert(page(0));
    QCOMPARE(f.model.rowCount(), 0);
    QTRY_COMPARE(f.model.rowCount(), 10);
    f.model.upsert(page(10));
    QCOMPARE(f.model.rowCount(), 10);
    QTRY_COMPARE(f.model.rowCount(), 20);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 10); // first
    QCOMPARE(inserted.at(1).at(2).toInt(), 19); // last
    // flush() (a finished scan, an export) inserts what waits at once.
    f.model.upsert(page(20));
    f.model.flush();
    QCOMPARE(f.model.rowCount(), 30);
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(f.model.pendingCount(), 0);
}

void TestLockTableModel::keysSortByTheirBytes_data()
{
    QTest::addColumn<QList<QByteArray>>("keys");
    QList<QByteArray> shared;
    for (int i = 0; i < 300; ++i)
        shared.append("bench:svc-" + QByteArray::number(i % 24).rightJustified(2, '0') +
                      ":orders:" + QByteArray::number(i * 7).rightJustified(6, '0'));
    QTest::newRow("a long shared prefix") << shared;
    // Keys that end where another goes on, at and around the eighth and sixteenth byte.
    QTest::newRow("prefixes of each other") << QList<QByteArray>{"a",
                                                                 "abcdefg",
                                                                 "abcdefgh",
                                                                 "abcdefghi",
                                                                 "abcdefghijklmnop",
                                                                 "abcdefgha",
                                                                 "ab",
                                                                 "abcdefghijklmnopq",
                                                                 "abcdefghijklmnopA",
                                                                 QByteArray("abcdefgh\0", 9)};
    // Bytes compare unsigned, and a zero byte is a byte like any other.
    QTest::newRow("binary") << QList<QByteArray>{QByteArray("k\x00", 2),
                                                 QByteArray("k\x00\x00", 3),
                                                 "k\x01",
                                                 "k\x7f",
                                                 "k\x80",
                                                 "k\xff",
                                                 "k\xff\xff\xff\xff\xff\xff\xff\xff\x01",
                                                 "k\xff\xff\xff\xff\xff\xff\xff\xff",
                                                 "k"};
}

void TestLockTableModel::keysSortByTheirBytes()
{
    QFETCH(QList<QByteArray>, keys);
    Fixture f;
    f.proxy.sort(LockTableModel::KeyColumn, Qt::AscendingOrder);
    // Half first (sorted on their own), then the rest in another order (merged in).
    QList<QByteArray> shuffled = keys;
    std::reverse(shuffled.begin(), shuffled.end());
    std::rotate(shuffled.begin(), shuffled.begin() + shuffled.size() / 3, shuffled.end());
    const qsizetype half = shuffled.size() / 2;
    for (const QList<QByteArray> &batch : {shuffled.mid(0, half), shuffled.mid(half)}) {
        QList<LockSnapshot> page;
        for (const QByteArray &key : batch)
            page.append(lockOf(key, 5000));
        f.upsert(page);
        f.proxy.flush();
    }
    QList<QByteArray> expected = keys;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(f.proxyKeys(), expected);
    f.proxy.sort(LockTableModel::KeyColumn, Qt::DescendingOrder);
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(f.proxyKeys(), expected);
}

void TestLockTableModel::newRowsWaitAtTheEndForTheNextSort_data()
{
    QTest::addColumn<int>("added");
    // A few new keys are placed one by one, many (the table doubled) merged in one pass.
    QTest::newRow("a few") << 3;
    QTest::newRow("as many again") << 100;
}

void TestLockTableModel::newRowsWaitAtTheEndForTheNextSort()
{
    QFETCH(int, added);
    Fixture f;
    f.proxy.sort(LockTableModel::KeyColumn, Qt::AscendingOrder);
    const auto keyOf = [](int i) {
        return "k" + QByteArray::number(i).rightJustified(4, '0');
    };
    QList<LockSnapshot> even;
    for (int i = 0; i < 200; i += 2)
        even.append(lockOf(keyOf(i), 5000));
    f.upsert(even);
    QList<QByteArray> listed = f.proxyKeys();
    // New keys between the listed ones, arriving in no particular order.
    QList<LockSnapshot> odd;
    QList<QByteArray> newKeys;
    for (int n = 0; n < added; ++n) {
        const QByteArray key = keyOf((n * 37 % 100) * 2 + 1);
        odd.append(lockOf(key, 5000));
        newKeys.append(key);
    }
    f.upsert(odd);
    // Until the re-sort, the listed rows keep their places and the new ones follow, in the
    // order they came.
    QVERIFY(f.proxy.resortPending());
    const auto shown = [&f] {
        QList<QByteArray> keys;
        for (int row = 0; row < f.proxy.rowCount(); ++row)
            keys.append(f.proxy.index(row, LockTableModel::KeyColumn)
                            .data(LockTableModel::SortRole)
                            .toByteArray());
        return keys;
    };
    QCOMPARE(shown(), listed + newKeys);
    // The deferred re-sort places them.
    QTRY_VERIFY_WITH_TIMEOUT(!f.proxy.resortPending(), 10'000);
    listed += newKeys;
    std::sort(listed.begin(), listed.end());
    QCOMPARE(shown(), listed);
}

void TestLockTableModel::queuedKeyTakesItsLatestPage()
{
    Fixture f;
    LockSnapshot first = lockOf("a", 10'000, "{\"v\":1}");
    LockSnapshot second = lockOf("a", 20'000, "{\"v\":2}");
    second.value = QByteArrayLiteral("BBBBBBBBBBBBBBBBBBBBBB") + "{\"v\":2}";
    f.model.upsert({first, lockOf("b", 10'000)});
    f.model.upsert({lockOf("c", 10'000), second});
    QCOMPARE(f.model.pendingCount(), 3);
    f.model.flush();
    // One row per key, in the order they first came, each with what was read last.
    QCOMPARE(f.model.rowCount(), 3);
    QCOMPARE(f.model.indexOfKey("a"), 0);
    QCOMPARE(f.model.snapshot(0).value, second.value);
    QCOMPARE(f.text("a", LockTableModel::TtlColumn), u"20.0 s"_s);
    QCOMPARE(f.model.snapshot(f.model.indexOfKey("c")).key, QByteArray("c"));
}

void TestLockTableModel::resortsAreDeferredAndCoalesced()
{
    Fixture f;
    f.upsert({lockOf("a", 10'000), lockOf("b", 20'000), lockOf("c", 30'000)});
    f.proxy.sort(LockTableModel::TtlColumn, Qt::AscendingOrder);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"a", "b", "c"}));
    // The countdown never asks for a re-sort...
    f.advance(1000);
    QVERIFY(!f.proxy.resortPending());
    // ...a refresh does; it waits for the next re-sort, and many changes make one.
    QSignalSpy layout(&f.proxy, &QAbstractItemModel::layoutChanged);
    f.model.applyTtls({{"a", 60'000}});
    f.model.applyTtls({{"b", 50'000}});
    QVERIFY(f.proxy.resortPending());
    QCOMPARE(f.proxy.index(0, 0).data().toString(), u"a"_s);
    QTRY_VERIFY(!f.proxy.resortPending());
    QCOMPARE(layout.size(), 1);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"c", "b", "a"}));
    // Only the painted roles (the fade) change nothing either.
    f.model.markRemoved("c", KeyRemoval::expired);
    QVERIFY(f.proxy.resortPending()); // its TTL sort value changed
    f.proxy.flush();
    f.advance(500);
    QVERIFY(!f.proxy.resortPending());
}

// The evidence the core writes in English for lockctl is worded by the UI from its codes: in
// English the same line, and every clause through tr() (a marking translator marks each).
void TestLockTableModel::evidenceIsWordedInTheUi_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("fields"); // Redisson hash fields, holder i: "<uuid>:i" → 1
    QTest::addColumn<bool>("complete");
    QTest::addColumn<int>("tokenLength");
    QTest::addColumn<int>("clauses");
    const QByteArray shed = "ADDED:2026-01-05T02:00:00.004Z@batch-02";
    QTest::newRow("redislock") << "k"_ba
                               << "string"_ba
                               << "AAAAAAAAAAAAAAAAAAAAAA{}"_ba << 0 << true << 0 << 1;
    QTest::newRow("custom token") << "k"_ba
                                  << "string"_ba
                                  << "exp-0042{}"_ba << 0 << true << 8 << 1;
    QTest::newRow("redisson") << "k"_ba
                              << "hash"_ba << QByteArray() << 1 << true << 0 << 1;
    QTest::newRow("redisson, part") << "k"_ba
                                    << "hash"_ba << QByteArray() << 3 << false << 0 << 1;
    QTest::newRow("redisson-rwlock") << "k"_ba
                                     << "hash"_ba
                                     << "read"_ba << 2 << true << 0 << 1;
    QTest::newRow("redsync") << "k"_ba
                             << "string"_ba
                             << "kW3rJ9xQe2LmN0pQrStUvA=="_ba << 0 << true << 0 << 1;
    QTest::newRow("node-redlock") << "k"_ba
                                  << "string"_ba
                                  << "9bfa066277d612880511c8e3485b5c2b"_ba << 0 << true << 0 << 1;
    QTest::newRow("redis-py, also node-redlock")
        << "k"_ba
        << "string"_ba
        << "74bcae3007a711ef92340242ac110002"_ba << 0 << true << 0 << 2;
    QTest::newRow("python-redis-lock") << "lock:x"_ba
                                       << "string"_ba
                                       << "yMnKy8zNzs/Q0dLT1NXW19jZ"_ba << 0 << true << 0 << 1;
    QTest::newRow("redis-plus-plus") << "k"_ba
                                     << "string"_ba
                                     << "aZ3kP9qLm2Xv7Rt0bN4c"_ba << 0 << true << 0 << 1;
    QTest::newRow("shedlock") << "k"_ba
                              << "string"_ba << shed << 0 << true << 0 << 1;
    QTest::newRow("shedlock, uuid, job-lock")
        << "job-lock:prod:x"_ba
        << "string"_ba << shed + ":3f2a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80" << 0 << true << 0 << 1;
    QTest::newRow("raw string") << "k"_ba
                                << "string"_ba
                                << "42"_ba << 0 << true << 0 << 1;
    QTest::newRow("raw list") << "k"_ba
                              << "list"_ba << QByteArray() << 0 << true << 0 << 1;
}

void TestLockTableModel::evidenceIsWordedInTheUi()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, value);
    QFETCH(int, fields);
    QFETCH(bool, complete);
    QFETCH(int, tokenLength);
    QFETCH(int, clauses);
    redislock::LockRecord record;
    record.key = key.toStdString();
    record.type = type.toStdString();
    if (type == "hash") {
        if (!value.isEmpty())
            record.hash.emplace_back("mode", value.toStdString());
        for (int i = 0; i < fields; ++i)
            record.hash.emplace_back("2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:" + std::to_string(i),
                                     "1");
        record.hashComplete = complete;
    } else {
        record.value = value.toStdString();
        record.valueSize = record.value.size();
    }
    record.signalLength = key.startsWith("lock:") ? 1 : -1; // python-redis-lock's 2nd clause
    record.classify(std::size_t(tokenLength));
    const LockSnapshot lock = LockSnapshot::fromRecord(record);
    QCOMPARE(int(lock.evidenceClauses().size()), key.startsWith("lock:") ? clauses + 1 : clauses);

    // In English, word for word what lockctl prints.
    QCOMPARE(LockText::evidence(lock.evidenceClauses()), QString::fromStdString(record.evidence));
    Fixture f;
    f.upsert({lock});
    QCOMPARE(f.cell(key, LockTableModel::FormatColumn, Qt::ToolTipRole).toString(),
             QString::fromStdString(record.evidence));

    // Translated: every clause, and the joints between them, come from tr().
    lockscope::test::MarkingTranslator marking("LockTableModel");
    QCoreApplication::installTranslator(&marking);
    const QString worded = LockText::evidence(lock.evidenceClauses());
    QCoreApplication::removeTranslator(&marking);
    const QStringList parts = worded.split(u"«; »"_s);
    QCOMPARE(parts.size(), qsizetype(lock.evidenceClauses().size()));
    for (const QString &part : parts)
        QVERIFY2(part.startsWith(u"«"_s) && part.endsWith(u"»"_s), qPrintable(worded));
}

// Keys of one library read alike: their snapshots share one copy of the clauses, and a key that
// reads otherwise keeps its own.
void TestLockTableModel::likeKeysShareTheirEvidence()
{
    const auto snapshotOf = [](const std::string &key, const std::string &value) {
        redislock::LockRecord record;
        record.key = key;
        record.value = value;
        record.valueSize = value.size();
        record.ttlMs = 5000;
        record.classify(0);
        return LockSnapshot::fromRecord(record);
    };
    const LockSnapshot first = snapshotOf("a", "abcdefghijklmnopqrstuv{\"pid\":1}");
    const LockSnapshot second = snapshotOf("b", "ABCDEFGHIJKLMNOPQRSTUV{\"pid\":2}");
    const LockSnapshot other = snapshotOf("c", "plain value");
    QVERIFY(!first.evidenceClauses().empty());
    QCOMPARE(first.evidenceClauses(), second.evidenceClauses());
    QCOMPARE(first.sharedEvidence.get(), second.sharedEvidence.get());
    QVERIFY(first.evidenceClauses() != other.evidenceClauses());
    QVERIFY(first.sharedEvidence.get() != other.sharedEvidence.get());
    QCOMPARE(LockText::evidence(second.evidenceClauses()), second.evidence());
}

// Another library's lock: the Format column names the library (its evidence as tool tip),
// the Holder column the owner its bytes reveal; a re-entry updates the hold count without
// making a new holder, another thread taking over does; "format:redisson" finds it.
void TestLockTableModel::holderColumnShowsTheDecodedOwner()
{
    const auto redisson = [](const char *field, const char *count) {
        redislock::LockRecord record;
        record.key = "warehouse";
        record.type = "hash";
        record.ttlMs = 30'000;
        record.hash = {{field, count}};
        record.classify(0);
        return LockSnapshot::fromRecord(record);
    };
    Fixture f;
    f.upsert({redisson("2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57", "1"),
              lockOf("orders:42", 12'300, R"({"owner":"billing"})")});
    QCOMPARE(f.text("warehouse", LockTableModel::FormatColumn), u"redisson"_s);
    QVERIFY(f.cell("warehouse", LockTableModel::FormatColumn, Qt::ToolTipRole)
                .toString()
                .contains(u"Redisson RLock"_s));
    QCOMPARE(f.text("warehouse", LockTableModel::HolderColumn), u"client 2f3a…, thread 57"_s);
    QVERIFY(f.cell("warehouse", LockTableModel::HolderColumn, Qt::ToolTipRole)
                .toString()
                .contains(u"client ID: 2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80"_s));
    QCOMPARE(f.text("orders:42", LockTableModel::HolderColumn), QString());
    QCOMPARE(f.model.headerData(LockTableModel::HolderColumn, Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             u"Holder"_s);

    f.advance(2000);
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.upsert({redisson("2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57", "2")});
    QCOMPARE(f.text("warehouse", LockTableModel::HolderColumn), u"client 2f3a…, thread 57 ×2"_s);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(f.text("warehouse", LockTableModel::AgeColumn), u"2 s"_s); // the same holder

    f.upsert({redisson("2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:58", "1")});
    QCOMPARE(f.text("warehouse", LockTableModel::HolderColumn), u"client 2f3a…, thread 58"_s);
    QCOMPARE(f.text("warehouse", LockTableModel::AgeColumn), u"0 s"_s); // a new holder

    f.proxy.setFilterText(u"format:redisson"_s);
    QCOMPARE(f.proxy.rowCount(), 1);
    QCOMPARE(f.proxy.index(0, LockTableModel::KeyColumn).data().toString(), u"warehouse"_s);
    f.proxy.setFilterText(u"format:node-redlock"_s);
    QCOMPARE(f.proxy.rowCount(), 0);
}

void TestLockTableModel::columnsShowTheLock()
{
    Fixture f;
    f.upsert({lockOf("orders:42", 12'300, R"({"owner":"billing"})"),
              lockOf(QByteArray("bin\x00\xfe", 5), 5000, QByteArray("v\xff"),
                     redislock::LockFormat::raw)});
    QCOMPARE(f.text("orders:42", LockTableModel::KeyColumn), u"orders:42"_s);
    QCOMPARE(f.text("orders:42", LockTableModel::FormatColumn), u"redislock"_s);
    QCOMPARE(f.text("orders:42", LockTableModel::TokenColumn), QString::fromLatin1(token));
    QCOMPARE(f.text("orders:42", LockTableModel::MetadataColumn), u"{\"owner\":\"billing\"}"_s);
    QCOMPARE(f.text("orders:42", LockTableModel::TtlColumn), u"12.3 s"_s);
    QCOMPARE(f.text("orders:42", LockTableModel::AgeColumn), u"0 s"_s);
    QCOMPARE(f.cell("orders:42", LockTableModel::RefreshesColumn).toInt(), 0);
    QCOMPARE(f.text("orders:42", LockTableModel::HeldColumn), QString());

    const QByteArray binary("bin\x00\xfe", 5);
    QCOMPARE(f.text(binary, LockTableModel::KeyColumn), u"bin\\x00\\xfe"_s);
    QCOMPARE(f.text(binary, LockTableModel::FormatColumn), u"raw"_s);
    QCOMPARE(f.text(binary, LockTableModel::TokenColumn), QString());
    QCOMPARE(f.text(binary, LockTableModel::MetadataColumn), u"v\\xff"_s);
    // The bytes themselves are kept exactly.
    const auto snapshot = f.cell(binary, LockTableModel::KeyColumn, LockTableModel::SnapshotRole)
                              .value<LockSnapshot>();
    QCOMPARE(snapshot.key, binary);
    QCOMPARE(snapshot.value, QByteArray("v\xff"));
    QCOMPARE(f.model.snapshot(f.model.indexOfKey(binary)).key, binary);

    // A key that differs from another only by an invisible character does not look the same.
    const QByteArray zeroWidth("orders:\xe2\x80\x8b"
                               "42");
    f.upsert({lockOf(zeroWidth, 5000)});
    QCOMPARE(f.text(zeroWidth, LockTableModel::KeyColumn), u"orders:\\xe2\\x80\\x8b42"_s);

    LockSnapshot cut = lockOf("big", 1000, "0123456789");
    cut.valueSize = 4096;
    f.upsert({cut});
    QCOMPARE(f.text("big", LockTableModel::MetadataColumn), u"0123456789…"_s);
}

void TestLockTableModel::countdownTicksFromTheDeadline_data()
{
    QTest::addColumn<qint64>("ttl");
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<QString>("age");
    QTest::newRow("start") << qint64(10'000) << qint64(0) << u"10.0 s"_s << 1.0 << u"0 s"_s;
    QTest::newRow("a quarter") << qint64(10'000) << qint64(2'500) << u"7.5 s"_s << 0.75 << u"2 s"_s;
    QTest::newRow("almost") << qint64(10'000) << qint64(9'900) << u"0.1 s"_s << 0.01 << u"9 s"_s;
    QTest::newRow("overdue") << qint64(10'000) << qint64(12'000) << u"0.0 s"_s << 0.0 << u"12 s"_s;
    QTest::newRow("minutes") << qint64(600'000) << qint64(15'000) << u"9 m 45 s"_s << 0.975
                             << u"15 s"_s;
    QTest::newRow("hours") << qint64(7'200'000) << qint64(61'000) << u"1 h 58 m"_s
                           << 7'139'000.0 / 7'200'000.0 << u"1 m 01 s"_s;
    QTest::newRow("days") << qint64(3 * 86'400'000) << qint64(0) << u"3 d 00 h"_s << 1.0
                          << u"0 s"_s;
}

void TestLockTableModel::countdownTicksFromTheDeadline()
{
    QFETCH(qint64, ttl);
    QFETCH(qint64, elapsed);
    QFETCH(QString, shown);
    QFETCH(double, fraction);
    QFETCH(QString, age);
    Fixture f;
    f.upsert({lockOf("k", ttl)});
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.advance(elapsed);
    // One signal for all countdowns: TTL and Age of every row.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(LockTableModel::TtlColumn));
    QCOMPARE(changed.first().at(1).toModelIndex().column(), int(LockTableModel::AgeColumn));
    QCOMPARE(f.text("k", LockTableModel::TtlColumn), shown);
    QCOMPARE(f.cell("k", LockTableModel::TtlColumn, LockTableModel::TtlFractionRole).toDouble(),
             fraction);
    QCOMPARE(f.cell("k", LockTableModel::TtlColumn, LockTableModel::SortRole).toLongLong(),
             std::max<qint64>(ttl - elapsed, 0));
    QCOMPARE(f.cell("k", LockTableModel::TtlColumn, LockTableModel::DeadlineRole).toLongLong(),
             1'000'000 + ttl);
    QCOMPARE(f.text("k", LockTableModel::AgeColumn), age);
    QCOMPARE(f.cell("k", LockTableModel::AgeColumn, LockTableModel::SortRole).toLongLong(),
             elapsed);
}

void TestLockTableModel::resyncs_data()
{
    // A lock of 10 s is re-read after `elapsed` ms with `sampleTtl` left.
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<qint64>("sampleTtl");
    QTest::addColumn<int>("refreshes");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<qint64>("lease");
    QTest::newRow("as predicted") << qint64(3000) << qint64(7000) << 0 << u"7.0 s"_s
                                  << qint64(10'000);
    QTest::newRow("jitter is ignored")
        << qint64(3000) << qint64(7040) << 0 << u"7.0 s"_s << qint64(10'000);
    QTest::newRow("late sample re-anchors")
        << qint64(3000) << qint64(7200) << 0 << u"7.2 s"_s << qint64(10'000);
    QTest::newRow("shortened") << qint64(3000) << qint64(2000) << 0 << u"2.0 s"_s << qint64(10'000);
    QTest::newRow("refreshed") << qint64(3000) << qint64(10'000) << 1 << u"10.0 s"_s
                               << qint64(10'000);
    QTest::newRow("refreshed longer")
        << qint64(3000) << qint64(20'000) << 1 << u"20.0 s"_s << qint64(20'000);
    QTest::newRow("refreshed after the deadline")
        << qint64(12'000) << qint64(9000) << 1 << u"9.0 s"_s << qint64(10'000);
}

void TestLockTableModel::resyncs()
{
    QFETCH(qint64, elapsed);
    QFETCH(qint64, sampleTtl);
    QFETCH(int, refreshes);
    QFETCH(QString, shown);
    QFETCH(qint64, lease);
    for (const bool viaScan : {false, true}) {
        Fixture f;
        f.upsert({lockOf("k", 10'000, "m")});
        f.now += elapsed;
        if (viaScan)
            f.upsert({lockOf("k", sampleTtl, "m")});
        else
            f.model.applyTtls({TtlSample{"k", sampleTtl}});
        QCOMPARE(f.cell("k", LockTableModel::RefreshesColumn).toInt(), refreshes);
        QCOMPARE(f.text("k", LockTableModel::TtlColumn), shown);
        const LockTableModel::RowInfo info = f.model.rowInfo(f.model.indexOfKey("k"));
        QCOMPARE(info.leaseMs, lease);
        QCOMPARE(info.ageMs, elapsed); // the same holder keeps its age
    }
}

void TestLockTableModel::steadyResyncEmitsNothing()
{
    Fixture f;
    QList<LockSnapshot> locks;
    QList<TtlSample> samples;
    for (int i = 0; i < 100; ++i) {
        locks.append(lockOf("k" + QByteArray::number(i), 30'000));
        samples.append({"k" + QByteArray::number(i), 29'000 - (i % 3) * 10});
    }
    f.upsert(locks);
    f.now += 1000;
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.model.applyTtls(samples);
    QCOMPARE(changed.size(), 0);

    // Refreshes of a few scattered rows: one signal per row, TTL through Refreshes.
    f.now += 1000;
    f.model.applyTtls({{"k10", 30'000}, {"k50", 30'000}, {"k51", 30'000}});
    QCOMPARE(changed.size(), 2); // k10, and k50..k51 as one range
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 50);
    QCOMPARE(changed.at(1).at(1).toModelIndex().row(), 51);
    QCOMPARE(changed.at(1).at(0).toModelIndex().column(), int(LockTableModel::TtlColumn));
    QCOMPARE(changed.at(1).at(1).toModelIndex().column(), int(LockTableModel::RefreshesColumn));
}

void TestLockTableModel::lateSamplesCountFromWhenTheyWereRead()
{
    Fixture f;
    f.upsert({lockOf("k", 10'000)});
    // Read 3 s after the scan as 7,000 ms, applied by a busy GUI thread 800 ms later: as
    // predicted, nothing changed (counted from when it was applied, it looked 800 ms shorter).
    f.now += 3000;
    const qint64 readAt = f.now;
    f.now += 800;
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.model.applyTtls({TtlSample{"k", 7000, readAt}});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(f.text("k", LockTableModel::TtlColumn), u"6.2 s"_s);
    // A refresh read then: the lease counts from the read, not from now.
    f.model.applyTtls({TtlSample{"k", 10'000, readAt + 100}});
    QCOMPARE(f.cell("k", LockTableModel::RefreshesColumn).toInt(), 1);
    QCOMPARE(f.text("k", LockTableModel::TtlColumn), u"9.3 s"_s);
    // A sample read before what the row shows is old news.
    f.model.applyTtls({TtlSample{"k", 1000, readAt}});
    QCOMPARE(f.text("k", LockTableModel::TtlColumn), u"9.3 s"_s);
    // A read time off this model's clock (or in its future) counts as now.
    f.model.applyTtls({TtlSample{"k", 5000, f.now + 60'000}});
    QCOMPARE(f.text("k", LockTableModel::TtlColumn), u"5.0 s"_s);
}

void TestLockTableModel::newValueIsANewHolder()
{
    Fixture f;
    f.upsert({lockOf("k", 10'000, "first")});
    f.now += 3000;
    f.model.applyTtls({{"k", 10'000}});
    QCOMPARE(f.cell("k", LockTableModel::RefreshesColumn).toInt(), 1);
    f.now += 4000;
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.upsert({lockOf("k", 5000, "second")});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(LockTableModel::KeyColumn));
    QCOMPARE(changed.first().at(1).toModelIndex().column(), int(LockTableModel::ColumnCount) - 1);
    QCOMPARE(f.text("k", LockTableModel::MetadataColumn), u"second"_s);
    QCOMPARE(f.cell("k", LockTableModel::RefreshesColumn).toInt(), 0);
    QCOMPARE(f.text("k", LockTableModel::AgeColumn), u"0 s"_s);
    QCOMPARE(f.model.rowInfo(f.model.indexOfKey("k")).leaseMs, qint64(5000));
    QCOMPARE(f.model.ttlHistory("k").size(), 1);
    QCOMPARE(f.model.rowCount(), 1);
}

void TestLockTableModel::stuckLocks()
{
    Fixture f;
    QSignalSpy counts(&f.model, &LockTableModel::countsChanged);
    f.upsert({lockOf("stuck", -1), lockOf("fine", 5000)});
    QCOMPARE(f.model.stuckCount(), 1);
    QCOMPARE(f.state("stuck"), State::noExpiry);
    QCOMPARE(f.text("stuck", LockTableModel::TtlColumn), u"∞ no expiry"_s);
    QCOMPARE(f.cell("stuck", LockTableModel::TtlColumn, LockTableModel::TtlFractionRole).toDouble(),
             -1.0);
    QCOMPARE(f.cell("stuck", LockTableModel::TtlColumn, LockTableModel::SortRole).toLongLong(),
             std::numeric_limits<qint64>::max());
    QCOMPARE(f.cell("stuck", LockTableModel::TtlColumn, LockTableModel::DeadlineRole).toLongLong(),
             qint64(-1));
    QVERIFY(!f.cell("stuck", LockTableModel::TtlColumn, Qt::ToolTipRole).toString().isEmpty());
    f.advance(60'000);
    QCOMPARE(f.text("stuck", LockTableModel::TtlColumn), u"∞ no expiry"_s);

    // Someone gives it an expiry, and takes the fine one's away (PERSIST).
    f.model.applyTtls({{"stuck", 2000}, {"fine", -1}});
    QCOMPARE(f.state("stuck"), State::live);
    QCOMPARE(f.state("fine"), State::noExpiry);
    QCOMPARE(f.text("stuck", LockTableModel::TtlColumn), u"2.0 s"_s);
    QCOMPARE(f.cell("stuck", LockTableModel::RefreshesColumn).toInt(), 0);
    QCOMPARE(f.model.stuckCount(), 1);
    QCOMPARE(counts.size(), 1); // the listing; one stuck for another leaves the count alone

    f.model.markRemoved("fine", KeyRemoval::deleted);
    QCOMPARE(f.model.stuckCount(), 0);
    QCOMPARE(counts.size(), 2);
}

void TestLockTableModel::removalFadesThenRemoves_data()
{
    QTest::addColumn<KeyRemoval>("reason");
    QTest::addColumn<State>("state");
    QTest::addColumn<QString>("shown");
    QTest::newRow("expired") << KeyRemoval::expired << State::fadingExpired << u"expired"_s;
    QTest::newRow("deleted") << KeyRemoval::deleted << State::fadingDeleted << u"deleted"_s;
    QTest::newRow("vanished") << KeyRemoval::vanished << State::fadingVanished << u"gone"_s;
}

void TestLockTableModel::removalFadesThenRemoves()
{
    QFETCH(KeyRemoval, reason);
    QFETCH(State, state);
    QFETCH(QString, shown);
    Fixture f;
    f.upsert({lockOf("a", 5000), lockOf("b", 5000), lockOf("c", 5000)});
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    f.model.markRemoved("b", reason);
    f.model.markRemoved("nope", reason); // unknown keys are ignored
    QCOMPARE(changed.size(), 1);
    QCOMPARE(f.state("b"), state);
    QCOMPARE(f.text("b", LockTableModel::TtlColumn), shown);
    QCOMPARE(f.cell("b", LockTableModel::KeyColumn, LockTableModel::FadeRole).toDouble(), 1.0);
    QCOMPARE(f.cell("a", LockTableModel::KeyColumn, LockTableModel::FadeRole).toDouble(), 1.0);
    QCOMPARE(f.cell("b", LockTableModel::TtlColumn, LockTableModel::TtlFractionRole).toDouble(),
             0.0);

    changed.clear();
    f.advance(750);
    QCOMPARE(f.cell("b", LockTableModel::KeyColumn, LockTableModel::FadeRole).toDouble(), 0.5);
    // The countdown signal, and the fading row across all columns.
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(1).at(1).toModelIndex().column(), int(LockTableModel::ColumnCount) - 1);
    QCOMPARE(changed.at(1).at(2).value<QList<int>>(), QList<int>{LockTableModel::FadeRole});
    // A second notice does not restart the fade.
    f.model.markRemoved("b", reason);
    QCOMPARE(removed.size(), 0);

    f.advance(750);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(f.model.rowCount(), 2);
    QCOMPARE(f.model.indexOfKey("b"), -1);
    QCOMPARE(f.model.indexOfKey("c"), 1);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"a", "c"}));
}

void TestLockTableModel::scatteredRemovalsKeepLookups()
{
    Fixture f;
    QList<LockSnapshot> locks;
    for (int i = 0; i < 50; ++i)
        locks.append(lockOf("k" + QByteArray::number(i), 60'000));
    f.upsert(locks);
    f.proxy.sort(LockTableModel::KeyColumn, Qt::AscendingOrder);
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    // Views look keys up while they hear of each removal, before the table is done: every
    // answer is the row the key is in at that moment.
    int wrongAnswers = 0;
    const auto connection =
        connect(&f.model, &QAbstractItemModel::rowsRemoved, this, [&f, &wrongAnswers] {
            for (int row = 0; row < f.model.rowCount(); ++row)
                wrongAnswers += f.model.indexOfKey(f.model.snapshot(row).key) != row;
        });
    for (const int i : {3, 4, 5, 17, 30, 49})
        f.model.markRemoved("k" + QByteArray::number(i), KeyRemoval::expired);
    f.advance(LockTimeline::fadeDurationMs);
    disconnect(connection);
    QCOMPARE(removed.size(), 4); // 3..5, 17, 30, 49
    QCOMPARE(wrongAnswers, 0);
    QCOMPARE(f.model.rowCount(), 44);
    for (int i = 0; i < 50; ++i) {
        const QByteArray key = "k" + QByteArray::number(i);
        const int row = f.model.indexOfKey(key);
        if (QList<int>{3, 4, 5, 17, 30, 49}.contains(i)) {
            QCOMPARE(row, -1);
        } else {
            QVERIFY(row >= 0);
            QCOMPARE(f.model.snapshot(row).key, key);
        }
    }
    // The order by key survives the removals and the next insertions.
    f.upsert({lockOf("k17", 1000), lockOf("k00", 1000), lockOf("zz", 1000)});
    QList<QByteArray> keys = f.proxyKeys();
    QCOMPARE(keys.size(), 47);
    QVERIFY(std::is_sorted(keys.begin(), keys.end()));
    f.proxy.sort(LockTableModel::KeyColumn, Qt::DescendingOrder);
    keys = f.proxyKeys();
    QVERIFY(std::is_sorted(keys.rbegin(), keys.rend()));
}

void TestLockTableModel::reserveKeepsWhatIsListedAndQueued()
{
    Fixture f;
    QList<LockSnapshot> listed;
    for (int i = 0; i < 40; ++i)
        listed.append(lockOf("listed:" + QByteArray::number(i), 60'000 + i));
    f.upsert(listed);
    // Some keys wait in the queue when a scan's estimate comes: they must not be lost or moved.
    QList<LockSnapshot> queued;
    for (int i = 0; i < 25; ++i)
        queued.append(lockOf("queued:" + QByteArray::number(i), 30'000 + i));
    f.model.upsert(queued);
    QCOMPARE(f.model.rowCount(), 40);
    f.model.reserve(100'000);
    f.model.reserve(10); // never shrinks
    f.model.reserve(-1); // nothing
    // A later snapshot of a queued key, and a TTL sample of a listed one, after the reserve.
    f.model.upsert({lockOf("queued:3", 5000)});
    f.model.applyTtls({TtlSample{"listed:7", 1200, 0}});
    f.model.flush();
    QCOMPARE(f.model.rowCount(), 65);
    for (int i = 0; i < 40; ++i) {
        const QByteArray key = "listed:" + QByteArray::number(i);
        QCOMPARE(f.model.indexOfKey(key), i); // rows keep their numbers
        QCOMPARE(f.model.snapshot(i).key, key);
    }
    for (int i = 0; i < 25; ++i) {
        const QByteArray key = "queued:" + QByteArray::number(i);
        const int row = f.model.indexOfKey(key);
        QCOMPARE(row, 40 + i); // in the order they came
        QCOMPARE(f.model.snapshot(row).ttlMs, i == 3 ? 5000 : 30'000 + i);
    }
    QCOMPARE(f.text("listed:7", LockTableModel::TtlColumn), u"1.2 s"_s);
    QCOMPARE(f.text("listed:8", LockTableModel::TtlColumn), u"1 m 00 s"_s);
}

void TestLockTableModel::manyScatteredRemovalsReset()
{
    Fixture f;
    QList<LockSnapshot> locks;
    for (int i = 0; i < 600; ++i)
        locks.append(lockOf("m" + QByteArray::number(i).rightJustified(3, '0'), 60'000));
    locks.append(lockOf("stuck", -1));
    f.upsert(locks);
    f.proxy.sort(LockTableModel::KeyColumn, Qt::DescendingOrder);
    QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    // Every other row: 300 separate ranges, more than a reset costs.
    for (int i = 0; i < 600; i += 2)
        f.model.markRemoved("m" + QByteArray::number(i).rightJustified(3, '0'),
                            KeyRemoval::expired);
    f.model.markRemoved("stuck", KeyRemoval::deleted);
    f.advance(LockTimeline::fadeDurationMs);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(f.model.rowCount(), 300);
    QCOMPARE(f.model.stuckCount(), 0);
    const QList<QByteArray> keys = f.proxyKeys();
    QCOMPARE(keys.size(), 300);
    QCOMPARE(keys.first(), QByteArray("m599"));
    QCOMPARE(keys.last(), QByteArray("m001"));
    QVERIFY(std::is_sorted(keys.rbegin(), keys.rend()));
    for (int i = 0; i < 600; ++i) {
        const QByteArray key = "m" + QByteArray::number(i).rightJustified(3, '0');
        const int row = f.model.indexOfKey(key);
        QCOMPARE(row >= 0, i % 2 == 1);
        if (row >= 0)
            QCOMPARE(f.model.snapshot(row).key, key);
    }
    f.advance(5000); // nothing left to fade
    QCOMPARE(f.model.rowCount(), 300);
}

void TestLockTableModel::goneSamplesFadeAsVanished()
{
    Fixture f;
    f.upsert({lockOf("a", 5000), lockOf("b", 5000)});
    f.model.applyTtls({{"a", -2}});
    QCOMPARE(f.state("a"), State::fadingVanished);
    f.upsert({lockOf("b", -2, {})});
    QCOMPARE(f.state("b"), State::fadingVanished);
    // A notification that comes later says what really happened.
    f.model.markRemoved("a", KeyRemoval::expired);
    QCOMPARE(f.state("a"), State::fadingExpired);
    // A key that was gone before it was ever listed is not added.
    f.upsert({lockOf("c", -2)});
    QCOMPARE(f.model.indexOfKey("c"), -1);
}

void TestLockTableModel::reappearingKeyIsRevived()
{
    Fixture f;
    f.upsert({lockOf("a", 5000, "m"), lockOf("b", 5000, "m")});
    f.model.applyTtls({{"a", 5000}});
    f.model.markRemoved("a", KeyRemoval::vanished);
    f.model.markRemoved("b", KeyRemoval::deleted);
    f.advance(500);
    f.upsert({lockOf("a", 4500, "m"), lockOf("b", 9000, "other")});
    QCOMPARE(f.state("a"), State::live);
    QCOMPARE(f.state("b"), State::live);
    QCOMPARE(f.text("b", LockTableModel::MetadataColumn), u"other"_s);
    f.advance(LockTimeline::fadeDurationMs);
    QCOMPARE(f.model.rowCount(), 2);
    QCOMPARE(f.cell("a", LockTableModel::KeyColumn, LockTableModel::FadeRole).toDouble(), 1.0);
}

void TestLockTableModel::heldBeforeListed()
{
    Fixture f;
    f.model.setHeld("mine", true);
    f.upsert({lockOf("mine", 5000), lockOf("theirs", 5000)});
    QCOMPARE(f.text("mine", LockTableModel::HeldColumn), u"held"_s);
    QCOMPARE(f.cell("mine", LockTableModel::HeldColumn, LockTableModel::SortRole).toBool(), true);
    QCOMPARE(f.text("theirs", LockTableModel::HeldColumn), QString());
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.model.setHeld("mine", false);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(LockTableModel::HeldColumn));
    QCOMPARE(f.text("mine", LockTableModel::HeldColumn), QString());
    f.model.setHeld("mine", false);
    QCOMPARE(changed.size(), 1);
}

void TestLockTableModel::sortsByRawTtl()
{
    Fixture f;
    // Raw milliseconds, not text: "9.0 s" sorts before "10.0 s", "2 m" after both.
    f.upsert({lockOf("ten", 10'000), lockOf("stuck", -1), lockOf("nine", 9000),
              lockOf("minutes", 120'000), lockOf("gone", 50'000), lockOf("one", 1000)});
    f.model.markRemoved("gone", KeyRemoval::deleted);
    f.proxy.sort(LockTableModel::TtlColumn, Qt::AscendingOrder);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"gone", "one", "nine", "ten", "minutes", "stuck"}));
    // Ticking keeps the order, and a refresh re-sorts the refreshed row.
    f.advance(800);
    f.model.applyTtls({{"one", 200'000}});
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"gone", "nine", "ten", "minutes", "one", "stuck"}));
    f.proxy.sort(LockTableModel::TtlColumn, Qt::DescendingOrder);
    QCOMPARE(f.proxyKeys().first(), QByteArray("stuck"));
}

void TestLockTableModel::sortsByOtherColumns_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QList<QByteArray>>("ascending");
    QTest::newRow("key") << int(LockTableModel::KeyColumn) << QList<QByteArray>{"a", "b", "c"};
    QTest::newRow("format") << int(LockTableModel::FormatColumn)
                            << QList<QByteArray>{"c", "a", "b"}; // raw < redislock
    QTest::newRow("metadata") << int(LockTableModel::MetadataColumn)
                              << QList<QByteArray>{"b", "c", "a"};
    QTest::newRow("age") << int(LockTableModel::AgeColumn) << QList<QByteArray>{"c", "b", "a"};
    QTest::newRow("refreshes") << int(LockTableModel::RefreshesColumn)
                               << QList<QByteArray>{"a", "c", "b"};
    QTest::newRow("held") << int(LockTableModel::HeldColumn) << QList<QByteArray>{"a", "b", "c"};
    QTest::newRow("node") << int(LockTableModel::NodeColumn) << QList<QByteArray>{"b", "a", "c"};
    QTest::newRow("slot") << int(LockTableModel::SlotColumn) << QList<QByteArray>{"a", "c", "b"};
}

void TestLockTableModel::sortsByOtherColumns()
{
    QFETCH(int, column);
    QFETCH(QList<QByteArray>, ascending);
    Fixture f;
    f.upsert({onNode(lockOf("a", 10'000, "z"), u"127.0.0.1:7002"_s, 5)});
    f.now += 1000;
    f.upsert({onNode(lockOf("b", 10'000, "m"), u"127.0.0.1:7001"_s, 9000)});
    f.now += 1000;
    f.upsert(
        {onNode(lockOf("c", 10'000, "x", redislock::LockFormat::raw), u"127.0.0.1:7003"_s, 100)});
    f.model.applyTtls({{"b", 10'000}}); // b refreshed once
    f.model.setHeld("c", true);
    f.proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(f.proxyKeys(), ascending);
    f.proxy.sort(column, Qt::DescendingOrder);
    // Ties are broken by key, so descending is exactly the reverse.
    const QList<QByteArray> descending(ascending.rbegin(), ascending.rend());
    QCOMPARE(f.proxyKeys(), descending);
}

// The Holder column sorts holders of one library together, each by who holds it (client,
// thread; node; host), in either language; no holder first. Before the line had codes it was
// not sorted at all (its text read as a number: every row 0, so by key).
void TestLockTableModel::sortsByHolder()
{
    const auto fromRecord = [](const char *key, const char *type, const char *value,
                               std::vector<std::pair<std::string, std::string>> hash) {
        redislock::LockRecord record;
        record.key = key;
        record.type = type;
        record.value = value;
        record.valueSize = record.value.size();
        record.hash = std::move(hash);
        record.ttlMs = 30'000;
        record.classify(0);
        return LockSnapshot::fromRecord(record);
    };
    Fixture f;
    f.upsert({fromRecord("a", "string", "ADDED:2026-12-04T10:42:07.1Z@web-9", {}),
              fromRecord("b", "hash", "", {{"9e1d2c3b-4a59-4687-b7c6-d5e4f3a2b1c0:3", "1"}}),
              fromRecord("c", "string", "ADDED:2026-12-04T10:42:07.1Z@cron-01", {}),
              fromRecord("d", "hash", "", {{"2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:57", "2"}}),
              fromRecord("e", "string", "74bcae3007a711ef92340242ac110002", {}),
              lockOf("f", 10'000, R"({"owner":"billing"})"),
              fromRecord("g", "hash", "", {{"2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:12", "1"}})});
    QCOMPARE(f.text("f", LockTableModel::HolderColumn), QString());
    const QList<QByteArray> ascending{"f", "g", "d", "b", "e", "c", "a"};
    f.proxy.sort(LockTableModel::HolderColumn, Qt::AscendingOrder);
    QCOMPARE(f.proxyKeys(), ascending);
    f.proxy.sort(LockTableModel::HolderColumn, Qt::DescendingOrder);
    QCOMPARE(f.proxyKeys(), QList<QByteArray>(ascending.rbegin(), ascending.rend()));
}

void TestLockTableModel::filters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QList<QByteArray>>("shown");
    QTest::newRow("none") << QString()
                          << QList<QByteArray>{"orders:1", "orders:2", "stock:\xff", "users:9"};
    QTest::newRow("key substring") << u"ORDERS"_s << QList<QByteArray>{"orders:1", "orders:2"};
    QTest::newRow("metadata") << u"billing"_s << QList<QByteArray>{"orders:2"};
    QTest::newRow("both words") << u"orders worker-7"_s << QList<QByteArray>{"orders:1"};
    QTest::newRow("escaped bytes") << u"\\xff"_s << QList<QByteArray>{"stock:\xff"};
    QTest::newRow("format") << u"format:raw"_s << QList<QByteArray>{"stock:\xff"};
    QTest::newRow("format and word") << u"format:redislock users"_s << QList<QByteArray>{"users:9"};
    QTest::newRow("unknown format") << u"format:nope"_s << QList<QByteArray>{};
    QTest::newRow("stuck") << u"is:stuck"_s << QList<QByteArray>{"users:9"};
    QTest::newRow("held") << u"IS:HELD"_s << QList<QByteArray>{"orders:2"};
    QTest::newRow("locks only") << u"is:lock"_s
                                << QList<QByteArray>{"orders:1", "orders:2", "users:9"};
    QTest::newRow("locks only and a word") << u"is:lock 9"_s << QList<QByteArray>{"users:9"};
    QTest::newRow("no match") << u"zzz"_s << QList<QByteArray>{};
    QTest::newRow("node by port") << u"node:7001"_s << QList<QByteArray>{"orders:1", "stock:\xff"};
    QTest::newRow("node by address and a word")
        << u"NODE:127.0.0.1:7001 orders"_s << QList<QByteArray>{"orders:1"};
    QTest::newRow("two nodes at once") << u"node:7001 node:7002"_s << QList<QByteArray>{};
    QTest::newRow("slot") << u"slot:6000"_s << QList<QByteArray>{"orders:2"};
    QTest::newRow("slot range") << u"slot:0-6000"_s
                                << QList<QByteArray>{"orders:1", "orders:2", "stock:\xff"};
    QTest::newRow("slot not a number") << u"slot:x"_s << QList<QByteArray>{};
    QTest::newRow("slot beyond the last") << u"slot:16384"_s << QList<QByteArray>{};
    QTest::newRow("slot range backwards") << u"slot:9-1"_s << QList<QByteArray>{};
}

void TestLockTableModel::filters()
{
    QFETCH(QString, filter);
    QFETCH(QList<QByteArray>, shown);
    Fixture f;
    f.proxy.sort(LockTableModel::KeyColumn, Qt::AscendingOrder);
    f.upsert({onNode(lockOf("orders:1", 5000, R"({"owner":"worker-7"})"), u"127.0.0.1:7001"_s, 100),
              onNode(lockOf("orders:2", 5000, R"({"owner":"Billing"})"), u"127.0.0.1:7002"_s, 6000),
              onNode(lockOf("users:9", -1, R"({"owner":"worker-7"})"), u"127.0.0.1:7003"_s, 12000),
              onNode(lockOf("stock:\xff", 5000, "x", redislock::LockFormat::raw),
                     u"127.0.0.1:7001"_s, 200)});
    f.model.setHeld("orders:2", true);
    f.proxy.setFilterText(filter);
    QCOMPARE(f.proxyKeys(), shown);
    // Rows that change keep being filtered: a lock that becomes stuck joins is:stuck.
    if (filter == u"is:stuck") {
        f.model.applyTtls({{"orders:1", -1}});
        QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"orders:1", "users:9"}));
    }
}

void TestLockTableModel::nodeAndSlotColumns()
{
    Fixture f;
    f.upsert({onNode(lockOf("k", 10'000, "m"), u"127.0.0.1:7001"_s, 42), lockOf("plain", 10'000)});
    QCOMPARE(f.text("k", LockTableModel::NodeColumn), u"127.0.0.1:7001"_s);
    QCOMPARE(f.cell("k", LockTableModel::SlotColumn).toInt(), 42);
    QCOMPARE(f.cell("k", LockTableModel::KeyColumn, LockTableModel::SlotRole).toInt(), 42);
    // Outside a cluster: no slot to show.
    QVERIFY(!f.cell("plain", LockTableModel::SlotColumn).isValid());
    QCOMPARE(f.cell("plain", LockTableModel::KeyColumn, LockTableModel::SlotRole).toInt(), -1);

    // A failover: the same holder, read on the new master. The row stays and says so.
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.upsert({onNode(lockOf("k", 9'000, "m"), u"127.0.0.1:7004"_s, 42)});
    QCOMPARE(f.text("k", LockTableModel::NodeColumn), u"127.0.0.1:7004"_s);
    QCOMPARE(f.model.rowCount(), 2);
    const bool nodeAnnounced = std::any_of(changed.cbegin(), changed.cend(), [](const auto &args) {
        return args.at(0).toModelIndex().column() <= LockTableModel::NodeColumn &&
               args.at(1).toModelIndex().column() >= LockTableModel::NodeColumn;
    });
    QVERIFY(nodeAnnounced);
    QCOMPARE(
        f.model.headerData(LockTableModel::NodeColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
        u"Node"_s);
}

void TestLockTableModel::ttlHistoryKeepsChangesOnly()
{
    Fixture f;
    f.upsert({lockOf("k", 10'000)});
    for (int i = 1; i <= 5; ++i) {
        f.now += 1000;
        f.model.applyTtls({{"k", 10'000 - i * 1000}});
    }
    // A steady countdown: its first and its latest sample.
    QCOMPARE(f.model.ttlHistory("k"), (QList<QPointF>{{0.0, 10'000.0}, {5.0, 5000.0}}));
    f.now += 1000;
    f.model.applyTtls({{"k", 10'000}}); // refreshed
    f.now += 1000;
    f.model.applyTtls({{"k", 9000}});
    f.now += 1000;
    f.model.applyTtls({{"k", 8000}});
    QCOMPARE(f.model.ttlHistory("k"),
             (QList<QPointF>{{0.0, 10'000.0}, {5.0, 5000.0}, {6.0, 10'000.0}, {8.0, 8000.0}}));
    const LockTableModel::RowInfo info = f.model.rowInfo(f.model.indexOfKey("k"));
    QCOMPARE(info.history.size(), 4);
    QCOMPARE(info.refreshes, 1);
    QCOMPARE(info.remainingMs, qint64(8000));
    QVERIFY(f.model.ttlHistory("nope").isEmpty());
}

void TestLockTableModel::ttlHistoryIsBounded()
{
    Fixture f;
    f.upsert({lockOf("k", 1000)});
    for (int i = 0; i < 3 * LockTimeline::historyCapacity; ++i) {
        f.now += 1000;
        f.model.applyTtls({{"k", 1000 + (i % 2) * 5000}}); // a refresh every other sample
    }
    const QList<QPointF> history = f.model.ttlHistory("k");
    QCOMPARE(history.size(), LockTimeline::historyCapacity);
    QCOMPARE(history.last().x(), 3.0 * LockTimeline::historyCapacity);
}

void TestLockTableModel::clearEmptiesEverything()
{
    Fixture f;
    f.model.setHeld("a", true);
    f.upsert({lockOf("a", 5000), lockOf("b", -1)});
    f.model.markRemoved("a", KeyRemoval::expired);
    QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
    f.model.clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(f.model.rowCount(), 0);
    QCOMPARE(f.proxy.rowCount(), 0);
    QCOMPARE(f.model.stuckCount(), 0);
    f.advance(5000); // no fading row left behind
    f.upsert({lockOf("a", 5000)});
    QCOMPARE(f.text("a", LockTableModel::HeldColumn), QString());
}

void TestLockTableModel::tickTimerRunsOnlyWithRows()
{
    LockTableModel model;
    QCOMPARE(model.tickInterval(), 100);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QTest::qWait(250);
    QCOMPARE(changed.size(), 0);
    model.upsert({lockOf("k", 5000)});
    QTRY_VERIFY(changed.size() >= 2);
    model.clear();
    changed.clear();
    QTest::qWait(250);
    QCOMPARE(changed.size(), 0);
}

void TestLockTableModel::rawKeysWithoutExpiryAreNotStuck()
{
    Fixture f;
    QSignalSpy counts(&f.model, &LockTableModel::countsChanged);
    // A configuration value is listed, without expiry, and is not a stuck lock.
    f.upsert({lockOf("shop:config:schema-version", -1, "42", redislock::LockFormat::raw),
              lockOf("shop:lock", -1)});
    QCOMPARE(f.state("shop:config:schema-version"), State::noExpiry);
    QCOMPARE(f.model.stuckCount(), 1);
    QVERIFY(!f.cell("shop:config:schema-version", 0, LockTableModel::StuckRole).toBool());
    QVERIFY(f.cell("shop:lock", 0, LockTableModel::StuckRole).toBool());
    QCOMPARE(f.text("shop:config:schema-version", LockTableModel::TtlColumn), u"∞ no expiry"_s);
    QVERIFY(f.cell("shop:config:schema-version", LockTableModel::TtlColumn, Qt::ToolTipRole)
                .toString()
                .contains(u"not counted as stuck"_s));
    f.proxy.setFilterText(u"is:stuck"_s);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"shop:lock"}));
    // The value is rewritten as a lock: now it is one, and stuck.
    f.upsert({lockOf("shop:config:schema-version", -1, "{}")});
    QCOMPARE(f.model.stuckCount(), 2);
    // And back to a plain value; removing it leaves the count right.
    f.upsert({lockOf("shop:config:schema-version", -1, "43", redislock::LockFormat::raw)});
    QCOMPARE(f.model.stuckCount(), 1);
    f.model.markRemoved("shop:lock", KeyRemoval::deleted);
    QCOMPARE(f.model.stuckCount(), 0);
    QVERIFY(counts.size() >= 3);
}

void TestLockTableModel::locksOnlyHidesRawValues()
{
    Fixture f;
    f.proxy.sort(LockTableModel::KeyColumn, Qt::AscendingOrder);
    f.upsert({lockOf("a", 5000), lockOf("b", -1, "42", redislock::LockFormat::raw),
              lockOf("c", 5000, "m", redislock::LockFormat::customToken)});
    f.proxy.setLocksOnly(true);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"a", "c"}));
    // Combined with the filter box: both apply.
    f.proxy.setFilterText(u"format:raw"_s);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{}));
    f.proxy.setLocksOnly(false);
    QCOMPARE(f.proxyKeys(), (QList<QByteArray>{"b"}));
}

void TestLockTableModel::proxyNeedsOnlyRoles()
{
    // Any model that answers the roles will do: the proxy reaches into nothing else.
    QStandardItemModel source(0, LockTableModel::ColumnCount);
    const auto addRow = [&source](const QByteArray &key, qint64 deadline,
                                  redislock::LockFormat format, bool stuck) {
        QList<QStandardItem *> items;
        for (int column = 0; column < LockTableModel::ColumnCount; ++column)
            items.append(new QStandardItem(QString::fromLatin1(key)));
        items[LockTableModel::KeyColumn]->setData(key, LockTableModel::SortRole);
        items[LockTableModel::KeyColumn]->setData(int(format), LockTableModel::FormatRole);
        items[LockTableModel::KeyColumn]->setData(stuck, LockTableModel::StuckRole);
        items[LockTableModel::MetadataColumn]->setData(QByteArray("meta-") + key,
                                                       LockTableModel::SortRole);
        items[LockTableModel::HeldColumn]->setData(false, LockTableModel::SortRole);
        items[LockTableModel::TtlColumn]->setData(deadline, LockTableModel::DeadlineRole);
        items[LockTableModel::TtlColumn]->setData(
            stuck ? std::numeric_limits<qint64>::max() : qint64(0), LockTableModel::SortRole);
        source.appendRow(items);
    };
    addRow("b", 300, redislock::LockFormat::redislock, false);
    addRow("a", -1, redislock::LockFormat::redislock, true);
    addRow("c", 100, redislock::LockFormat::raw, false);
    LockFilterProxyModel proxy;
    proxy.setSourceModel(&source);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto keys = [&proxy] {
        QStringList out;
        for (int row = 0; row < proxy.rowCount(); ++row)
            out.append(proxy.index(row, LockTableModel::KeyColumn).data().toString());
        return out;
    };
    proxy.sort(LockTableModel::KeyColumn, Qt::AscendingOrder);
    QCOMPARE(keys(), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    proxy.sort(LockTableModel::TtlColumn, Qt::AscendingOrder);
    QCOMPARE(keys(), (QStringList{u"c"_s, u"b"_s, u"a"_s}));
    proxy.setFilterText(u"is:lock"_s);
    QCOMPARE(keys(), (QStringList{u"b"_s, u"a"_s}));
    proxy.setFilterText(u"is:stuck"_s);
    QCOMPARE(keys(), (QStringList{u"a"_s}));
    proxy.setFilterText(u"meta-c"_s);
    QCOMPARE(keys(), (QStringList{u"c"_s}));
}

void TestLockTableModel::orderSurvivesRemovalsAndInsertions_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("removed"); // every n-th key leaves
    QTest::newRow("key, a few runs") << int(LockTableModel::KeyColumn) << 7;
    QTest::newRow("ttl, a few runs") << int(LockTableModel::TtlColumn) << 7;
    QTest::newRow("key, many runs (a reset)") << int(LockTableModel::KeyColumn) << 2;
    QTest::newRow("ttl, many runs (a reset)") << int(LockTableModel::TtlColumn) << 2;
}

void TestLockTableModel::orderSurvivesRemovalsAndInsertions()
{
    QFETCH(int, column);
    QFETCH(int, removed);
    Fixture f;
    f.proxy.sort(column, Qt::AscendingOrder);
    // Keys in an order unlike their TTLs and unlike their insertion.
    const auto keyOf = [](int i) {
        return QByteArray::number((i * 7919) % 1009).rightJustified(4, '0');
    };
    const auto ttlOf = [](int i) {
        return qint64(10'000 + (i * 37) % 500 * 100);
    };
    QList<LockSnapshot> locks;
    for (int i = 0; i < 600; ++i)
        locks.append(lockOf(keyOf(i), ttlOf(i)));
    f.upsert(locks);
    for (int i = 0; i < 600; i += removed)
        f.model.markRemoved(keyOf(i), KeyRemoval::deleted);
    f.advance(LockTimeline::fadeDurationMs);
    QList<LockSnapshot> more;
    for (int i = 600; i < 700; ++i)
        more.append(lockOf(keyOf(i), ttlOf(i)));
    f.upsert(more);
    // What the proxy shows is every remaining key, in the order of the column, ties by key.
    QList<std::pair<qint64, QByteArray>> expected;
    for (int i = 0; i < 700; ++i) {
        if (i < 600 && i % removed == 0)
            continue;
        // The later ones were listed after the fade, so their deadlines are that much later.
        const qint64 deadline = ttlOf(i) + (i >= 600 ? LockTimeline::fadeDurationMs : 0);
        expected.append({column == LockTableModel::TtlColumn ? deadline : 0, keyOf(i)});
    }
    std::sort(expected.begin(), expected.end());
    QList<QByteArray> keys;
    for (const auto &entry : std::as_const(expected))
        keys.append(entry.second);
    QCOMPARE(f.model.rowCount(), int(keys.size()));
    QCOMPARE(f.proxyKeys(), keys);
    f.proxy.setFilterText(u"0"_s); // a re-filter keeps it
    QList<QByteArray> filtered;
    for (const QByteArray &key : std::as_const(keys))
        if (key.contains('0'))
            filtered.append(key);
    QCOMPARE(f.proxyKeys(), filtered);
}

void TestLockTableModel::leaseAndAgeAreKnownOnlyWhenSeen()
{
    Fixture f;
    f.upsert({lockOf("listed", 60'000)});
    f.model.markListed();
    f.upsert({lockOf("new", 60'000)});
    const auto known = [&f](const QByteArray &key, int role) {
        return f.cell(key, LockTableModel::TtlColumn, role).toBool();
    };
    QVERIFY(!known("listed", LockTableModel::LeaseKnownRole));
    QVERIFY(!known("listed", LockTableModel::StartSeenRole));
    QVERIFY(known("new", LockTableModel::LeaseKnownRole));
    QVERIFY(known("new", LockTableModel::StartSeenRole));
    // A new holder under a listed key is seen being taken too.
    f.upsert({lockOf("listed", 30'000, "other")});
    QVERIFY(known("listed", LockTableModel::StartSeenRole));
    // A new connection starts from not knowing again.
    f.model.clear();
    f.upsert({lockOf("again", 60'000)});
    QVERIFY(!known("again", LockTableModel::StartSeenRole));
}

void TestLockTableModel::rowsNotReadForLongAreMarkedStale_data()
{
    QTest::addColumn<qint64>("cycleMs");
    QTest::addColumn<QStringList>("polledNodes");
    QTest::addColumn<QString>("node");
    QTest::addColumn<bool>("staleAfterAWhile");
    QTest::newRow("polling, every node") << qint64(2000) << QStringList() << QString() << true;
    QTest::newRow("polling its node") << qint64(2000) << QStringList{u"a:1"_s} << u"a:1"_s << true;
    QTest::newRow("another node is polled")
        << qint64(2000) << QStringList{u"b:1"_s} << u"a:1"_s << false;
    QTest::newRow("events follow every key") << qint64(0) << QStringList() << QString() << false;
}

void TestLockTableModel::rowsNotReadForLongAreMarkedStale()
{
    QFETCH(qint64, cycleMs);
    QFETCH(QStringList, polledNodes);
    QFETCH(QString, node);
    QFETCH(bool, staleAfterAWhile);
    Fixture f;
    f.model.setResyncCycle(cycleMs, polledNodes);
    f.upsert({onNode(lockOf("k", 600'000), node, -1)});
    const int row = f.model.indexOfKey("k");
    QVERIFY(!f.model.isStale(row));
    f.advance(3 * 2000 + 1000); // no sample for longer than two cycles and a second
    QCOMPARE(f.model.isStale(row), staleAfterAWhile);
    QCOMPARE(f.cell("k", LockTableModel::TtlColumn, LockTableModel::StaleRole).toBool(),
             staleAfterAWhile);
    // Stale is seen: the TTL in italics, and the tool tip says how old the reading is.
    QCOMPARE(f.cell("k", LockTableModel::TtlColumn, Qt::FontRole).value<QFont>().italic(),
             staleAfterAWhile);
    const QString toolTip = f.cell("k", LockTableModel::TtlColumn, Qt::ToolTipRole).toString();
    QCOMPARE(toolTip.contains(u"Last read from the server 7 s ago"_s),
             cycleMs > 0 && staleAfterAWhile);
    // A fresh reading ends it.
    f.model.applyTtls({TtlSample{"k", 590'000}});
    QVERIFY(!f.model.isStale(row));
}

void TestLockTableModel::tickRepaintsOnlyVisibleFastRowsBetweenWholeTicks()
{
    Fixture f;
    // "slow": over a minute left of a long lease (its text changes once a second); "fast":
    // under a minute (tenths); "hidden": fast but not on screen.
    f.upsert({lockOf("slow", 500'000), lockOf("fast", 30'000), lockOf("hidden", 20'000)});
    QList<int> visible{f.model.indexOfKey("slow"), f.model.indexOfKey("fast")};
    f.model.setVisibleRows([&visible] { return visible; });
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.advance(100); // the first tick announces every row
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 2);
    changed.clear();
    f.advance(100); // then only the visible fast row's TTL cell
    QCOMPARE(changed.size(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    QCOMPARE(topLeft, changed.at(0).at(1).value<QModelIndex>());
    QCOMPARE(topLeft.row(), f.model.indexOfKey("fast"));
    QCOMPARE(topLeft.column(), int(LockTableModel::TtlColumn));
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(LockTableModel::CountdownRole));
    changed.clear();
    visible.clear(); // the view is hidden: nothing between whole ticks
    f.advance(100);
    QCOMPARE(changed.size(), 0);
    f.advance(800); // a second after the last whole tick: every row again
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 2);
}

QTEST_GUILESS_MAIN(TestLockTableModel)
#include "tst_locktablemodel.moc"
