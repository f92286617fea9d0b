// LockSnapshot::fromRecords, which makes a page's snapshots in place, against fromRecord of a
// copy of each record: the same snapshots, field by field and in order, for every kind of key a
// page holds; the records are left to be refilled.

#include "session/locksnapshot.h"

#include <redislock/lockrecord.h>

#include <QTest>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace std::string_literals;

namespace {

redislock::LockRecord record(std::string key, std::string type, std::string value,
                             std::vector<std::pair<std::string, std::string>> hash = {})
{
    redislock::LockRecord r;
    r.key = std::move(key);
    r.type = std::move(type);
    r.value = std::move(value);
    r.valueSize = r.value.size();
    r.hash = std::move(hash);
    r.ttlMs = 30'000;
    r.node = "127.0.0.1:7001";
    r.classify(0);
    return r;
}

// Every field the GUI reads.
bool same(const LockSnapshot &a, const LockSnapshot &b)
{
    const LockSnapshot::Extra &x = a.extra();
    const LockSnapshot::Extra &y = b.extra();
    return a.key == b.key && a.value == b.value && a.valueSize == b.valueSize &&
           a.ttlMs == b.ttlMs && a.format == b.format && a.tokenLength == b.tokenLength &&
           a.type() == b.type() && a.holder == b.holder &&
           a.evidenceClauses() == b.evidenceClauses() && x.holderIdentity == y.holderIdentity &&
           a.node == b.node && a.slot == b.slot && x.hash == y.hash &&
           x.hashComplete == y.hashComplete && x.holderFields == y.holderFields &&
           x.signalLength == y.signalLength;
}

} // namespace

class TestLockSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pageIsWhatEachRecordMakes_data()
    {
        QTest::addColumn<int>("keys"); // the page: this many of the kinds below, in turn
        QTest::newRow("one key") << 1;
        QTest::newRow("every kind") << 6;
        // More than a memory page of snapshots: the page's list is mapped ahead of its writes.
        QTest::newRow("a scan's page") << 1000;
    }

    void pageIsWhatEachRecordMakes()
    {
        QFETCH(int, keys);
        std::vector<redislock::LockRecord> page;
        for (int i = 0; i < keys; ++i) {
            const std::string n = std::to_string(i);
            switch (i % 6) {
            case 0: // redislock's token + metadata
                page.push_back(record("lock:" + n, "string", "tok" + n + "metadata"));
                break;
            case 1: // raw bytes with NUL in the key and the value
                page.push_back(record("k\0"s + n, "string", "v\0\xff"s + n));
                break;
            case 2: // a Redisson read lock: a hash of holders
                page.push_back(record("r:" + n, "hash", "",
                                      {{"mode", "read"},
                                       {"2f3a6c1e-8b4d-4f6a-9c2e-7d1b5e3f9a80:" + n, "1"},
                                       {"7d1b5e3f-9a80-4f6a-9c2e-2f3a6c1e8b4d:" + n, "2"}}));
                break;
            case 3: // no expiry, on a cluster slot
                page.push_back(record("stuck:" + n, "string", "ADDED:2026-12-04T10:42:07Z@web"));
                page.back().ttlMs = -1;
                page.back().slot = std::uint16_t(i);
                break;
            case 4: // another type, cut short
                page.push_back(record("l:" + n, "list", std::string(64, 'x')));
                page.back().valueSize = 4096;
                break;
            default: // gone when read
                page.push_back(record("gone:" + n, "string", ""));
                page.back().ttlMs = -2;
                break;
            }
        }
        const std::vector<redislock::LockRecord> copies = page;

        const QList<LockSnapshot> snapshots = LockSnapshot::fromRecords(page);
        QCOMPARE(snapshots.size(), qsizetype(keys));
        for (int i = 0; i < keys; ++i)
            QVERIFY2(same(snapshots[i], LockSnapshot::fromRecord(copies[std::size_t(i)])),
                     qPrintable(QString::number(i)));
        // The keys as bytes, NUL and all; the Redisson hash read as its holders.
        if (keys > 2) {
            QCOMPARE(snapshots[1].key, QByteArray("k\0001", 3));
            QCOMPARE(snapshots[2].extra().holderFields.size(), qsizetype(2));
            QVERIFY(!snapshots[2].evidenceClauses().empty());
        }

        // Moved from, the records are still records: refilled, they read as new.
        page.front() = record("again", "string", "tokmeta");
        QCOMPARE(LockSnapshot::fromRecords(std::span(page).first(1)).front().key,
                 QByteArray("again"));
        QVERIFY(LockSnapshot::fromRecords({}).isEmpty());
    }

    // A page's keys and values are copied side by side into a few shared allocations. Each must
    // still be a QByteArray of its own to whoever keeps it: equal to the record's bytes and
    // ended by a NUL, unchanged by what is done to the others (changed in place, cleared, freed
    // in any order), valid after the page's list and records are gone.
    void bytesAreEachSnapshotsOwn_data()
    {
        QTest::addColumn<int>("keys");
        QTest::addColumn<int>("valueBytes"); // of every third key's value
        QTest::newRow("one key") << 1 << 40;
        QTest::newRow("a scan's page: many blocks") << 3000 << 60;
        QTest::newRow("values larger than a block") << 10 << 100'000;
    }
    void bytesAreEachSnapshotsOwn()
    {
        QFETCH(int, keys);
        QFETCH(int, valueBytes);
        std::vector<redislock::LockRecord> page;
        QList<QByteArray> wantKeys;
        QList<QByteArray> wantValues;
        for (int i = 0; i < keys; ++i) {
            const std::string n = std::to_string(i);
            // Empty values and a NUL in some keys among the others.
            std::string value = i % 3 == 0
                                    ? std::string(std::size_t(valueBytes), char('a' + i % 26))
                                : i % 3 == 1 ? std::string()
                                             : "tok" + n;
            page.push_back(record(i % 7 == 0 ? "k\0"s + n : "lock:" + n, "string", value));
            wantKeys.append(QByteArray(page.back().key.data(), qsizetype(page.back().key.size())));
            wantValues.append(QByteArray(value.data(), qsizetype(value.size())));
        }
        QList<QByteArray> kept; // every key and value, kept beyond the list
        {
            QList<LockSnapshot> snapshots = LockSnapshot::fromRecords(page);
            QCOMPARE(snapshots.size(), qsizetype(keys));
            for (int i = 0; i < keys; ++i) {
                const LockSnapshot &s = snapshots[i];
                QCOMPARE(s.key, wantKeys[i]);
                QCOMPARE(s.value, wantValues[i]);
                QCOMPARE(s.key.constData()[s.key.size()], '\0');
                QCOMPARE(s.value.constData()[s.value.size()], '\0');
                QVERIFY(!s.value.isNull());
                kept.append(s.key);
                kept.append(s.value);
            }
            // Changed in place, each change is that snapshot's alone.
            snapshots[0].key.append("!");
            snapshots[0].value.prepend("<");
            if (keys > 2) {
                snapshots[1].key.clear();
                snapshots[2].value[0] = 'X';
                QCOMPARE(snapshots[2].key, wantKeys[2]);
                QCOMPARE(snapshots[1].value, wantValues[1]);
                QCOMPARE(snapshots[2].value, "X" + wantValues[2].mid(1));
            }
            QCOMPARE(snapshots[0].key, wantKeys[0] + "!");
            QCOMPARE(snapshots[0].value, "<" + wantValues[0]);
            // The records are refilled (the reader reuses them): the snapshots keep their own.
            for (redislock::LockRecord &r : page) {
                std::fill(r.key.begin(), r.key.end(), '#');
                std::fill(r.value.begin(), r.value.end(), '#');
            }
            if (keys > 3)
                QCOMPARE(snapshots.back().key, wantKeys.back());
        } // the list goes: the kept copies stay

        // Every other one freed, then the rest changed one by one and checked each time.
        for (qsizetype i = kept.size() - 1; i >= 0; i -= 2)
            kept.removeAt(i);
        for (qsizetype i = 0; i < kept.size(); ++i) {
            const int key = int(i); // kept[i] is the key of snapshot i (the values went)
            QCOMPARE(kept[i], wantKeys[key]);
            kept[i].append(QByteArray(64, 'z'));
            QCOMPARE(kept[i], wantKeys[key] + QByteArray(64, 'z'));
            if (i + 1 < kept.size())
                QCOMPARE(kept[i + 1], wantKeys[key + 1]);
        }
    }
};

QTEST_APPLESS_MAIN(TestLockSnapshot)
#include "tst_locksnapshot.moc"
