// HashIndex against a plain map, step by step: every key inserted is found with its reference,
// every key erased is gone and its reference may be reused, whatever the hashes do (all alike,
// alike in the bits that place them, wrapping round the end of the table), with keys that hold
// NUL bytes, and past the room reserved.

#include <redislock/hashindex.h>

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace std::string_literals;
using namespace Qt::StringLiterals;

namespace {

constexpr std::uint32_t none = 0xffffffff;
using Index = redislock::HashIndex<std::uint32_t, none>;

// How a test hashes its keys: the real hash, or one that makes keys collide.
enum class Hashing
{
    real,
    allAlike,    // one hash for every key: one long run of slots
    sameHome,    // one place in any table, but 32-bit parts that differ
    lastSlot,    // every key's home is the table's last slot: runs wrap round to the first
    threeHashes, // keys fall into three hashes only
};

std::size_t hashOf(Hashing hashing, std::string_view key)
{
    const std::size_t real = std::hash<std::string_view>{}(key);
    switch (hashing) {
    case Hashing::real:
        return real;
    case Hashing::allAlike:
        return 0x1234;
    case Hashing::sameHome:
        return std::size_t(real & 0x7fff0000u); // the bits any test table's mask reads are 0
    case Hashing::lastSlot:
        return 0xffffffffu; // every mask's bits set
    case Hashing::threeHashes:
        return real % 3;
    }
    return real;
}

// The index with its keys where a caller keeps them: a vector of slots, free ones reused.
class Keys
{
public:
    explicit Keys(Hashing hashing) : hashing_(hashing) {}

    [[nodiscard]] std::uint32_t find(const std::string &key) const
    {
        return index_.find(hashOf(hashing_, key),
                           [&](std::uint32_t ref) { return stored_[ref] == key; });
    }

    void insert(const std::string &key)
    {
        std::uint32_t ref = 0;
        if (!free_.empty()) {
            ref = free_.back();
            free_.pop_back();
            stored_[ref] = key;
        } else {
            ref = std::uint32_t(stored_.size());
            stored_.push_back(key);
        }
        index_.insert(hashOf(hashing_, key), ref);
        model_[key] = ref;
    }

    bool erase(const std::string &key)
    {
        const std::uint32_t ref = find(key);
        if (ref == none)
            return false;
        if (!index_.erase(hashOf(hashing_, key), ref))
            return false;
        free_.push_back(ref);
        stored_[ref].clear();
        model_.erase(key);
        return true;
    }

    // Every key the model holds is found with its reference; every other key asked about is not.
    [[nodiscard]] bool agrees(const std::vector<std::string> &asked) const
    {
        if (index_.size() != model_.size())
            return false;
        for (const auto &[key, ref] : model_)
            if (find(key) != ref)
                return false;
        for (const std::string &key : asked)
            if (!model_.contains(key) && find(key) != none)
                return false;
        std::size_t visited = 0;
        bool known = true;
        index_.forEach([&](std::uint32_t ref) {
            ++visited;
            known = known && model_.contains(stored_[ref]) && model_.at(stored_[ref]) == ref;
        });
        return known && visited == model_.size();
    }

    // The key moves to a new place in the caller's storage; the index is told with replace().
    bool move(const std::string &key)
    {
        const std::uint32_t from = find(key);
        if (from == none)
            return false;
        const auto to = std::uint32_t(stored_.size());
        stored_.push_back(key);
        stored_[from].clear();
        free_.push_back(from);
        model_[key] = to;
        return index_.replace(hashOf(hashing_, key), from, to);
    }

    // The storage drops its free places, every key moving down by the free ones below it; the
    // index is told with remap().
    void compact()
    {
        std::vector<std::uint32_t> movedTo(stored_.size(), none);
        std::vector<std::string> kept;
        std::sort(free_.begin(), free_.end());
        for (std::uint32_t ref = 0; ref < stored_.size(); ++ref) {
            if (std::binary_search(free_.begin(), free_.end(), ref))
                continue;
            movedTo[ref] = std::uint32_t(kept.size());
            kept.push_back(stored_[ref]);
        }
        index_.remap([&](std::uint32_t ref) { return movedTo[ref]; });
        stored_ = std::move(kept);
        free_.clear();
        for (auto &[key, ref] : model_)
            ref = movedTo[ref];
    }

    [[nodiscard]] bool holds(const std::string &key) const { return model_.contains(key); }
    Index &index() { return index_; }

private:
    Hashing hashing_;
    Index index_;
    std::vector<std::string> stored_;
    std::vector<std::uint32_t> free_;
    std::map<std::string, std::uint32_t> model_;
};

} // namespace

Q_DECLARE_METATYPE(Hashing)

class TestHashIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyFindsNothing()
    {
        Index index;
        QCOMPARE(index.find(42, [](std::uint32_t) { return true; }), none);
        QVERIFY(!index.erase(42, 0));
        QCOMPARE(index.size(), std::size_t(0));
        index.reserve(100);
        QVERIFY(index.capacity() >= 100);
        QCOMPARE(index.find(42, [](std::uint32_t) { return true; }), none);
    }

    // A script of steps: "+key" inserts (a key the index does not hold), "-key" erases.
    void steps_data()
    {
        QTest::addColumn<Hashing>("hashing");
        QTest::addColumn<QStringList>("script");

        const QStringList insertEraseReinsert{u"+a"_s, u"+b"_s, u"+c"_s, u"-b"_s, u"+d"_s,
                                              u"-a"_s, u"+b"_s, u"+a"_s, u"-c"_s, u"-d"_s,
                                              u"-a"_s, u"-b"_s, u"+e"_s, u"+a"_s};
        for (const auto &[name, hashing] :
             {std::pair{"real", Hashing::real}, std::pair{"all alike", Hashing::allAlike},
              std::pair{"same home", Hashing::sameHome},
              std::pair{"wrapping round", Hashing::lastSlot},
              std::pair{"three hashes", Hashing::threeHashes}})
            QTest::addRow("insert, erase, reuse: %s", name) << hashing << insertEraseReinsert;
        // The head of a run leaves: the keys after it shift back and stay reachable.
        QTest::addRow("erase the head of a wrapped run")
            << Hashing::lastSlot
            << QStringList{u"+x1"_s, u"+x2"_s, u"+x3"_s, u"+x4"_s, u"-x1"_s, u"-x3"_s,
                           u"+x5"_s, u"-x2"_s, u"-x4"_s, u"-x5"_s, u"+x1"_s};
    }

    void steps()
    {
        QFETCH(Hashing, hashing);
        QFETCH(QStringList, script);
        Keys keys(hashing);
        std::vector<std::string> asked;
        for (const QString &step : script) {
            const std::string key = step.mid(1).toStdString();
            asked.push_back(key);
            if (step.startsWith(u'+')) {
                QVERIFY2(keys.find(key) == none, key.c_str());
                keys.insert(key);
            } else {
                QVERIFY2(keys.erase(key), key.c_str());
                QVERIFY2(!keys.erase(key), key.c_str()); // erased once only
            }
            QVERIFY2(keys.agrees(asked), qPrintable(step));
        }
    }

    // Keys are bytes: a NUL inside or at the end makes a different key, and a prefix is not the
    // key it begins.
    void keysWithNulBytes_data()
    {
        QTest::addColumn<Hashing>("hashing");
        QTest::newRow("real") << Hashing::real;
        QTest::newRow("all alike") << Hashing::allAlike;
    }

    void keysWithNulBytes()
    {
        QFETCH(Hashing, hashing);
        Keys keys(hashing);
        const std::vector<std::string> all{"a"s, "a\0"s, "a\0b"s, "a\0c"s, "\0"s, ""s, "\0\0"s};
        for (const std::string &key : all) {
            QCOMPARE(keys.find(key), none);
            keys.insert(key);
            QVERIFY(keys.agrees(all));
        }
        QVERIFY(keys.erase("a\0b"s));
        QVERIFY(keys.agrees(all));
        QCOMPARE(keys.find("a\0b"s), none);
        QVERIFY(keys.find("a\0c"s) != none);
        QVERIFY(keys.find("a"s) != none);
    }

    // Past the room reserved the table grows (more than once), and every key stays found.
    void growsPastWhatWasReserved_data()
    {
        QTest::addColumn<Hashing>("hashing");
        QTest::addColumn<int>("reserved");
        QTest::addColumn<int>("keys");
        QTest::newRow("nothing reserved") << Hashing::real << 0 << 5000;
        QTest::newRow("10 reserved, 5000 inserted") << Hashing::real << 10 << 5000;
        QTest::newRow("exactly what was reserved") << Hashing::real << 3000 << 3000;
        QTest::newRow("three hashes, past the reserve") << Hashing::threeHashes << 10 << 300;
    }

    void growsPastWhatWasReserved()
    {
        QFETCH(Hashing, hashing);
        QFETCH(int, reserved);
        QFETCH(int, keys);
        Keys index(hashing);
        index.index().reserve(std::size_t(reserved));
        const std::size_t room = index.index().capacity();
        QVERIFY(room >= std::size_t(reserved));
        std::vector<std::string> all;
        for (int i = 0; i < keys; ++i) {
            all.push_back("lock:" + std::to_string(i));
            index.insert(all.back());
        }
        QVERIFY(index.agrees(all));
        if (std::size_t(keys) <= room)
            QCOMPARE(index.index().capacity(), room); // what was reserved sufficed: no growth
        else
            QVERIFY(index.index().capacity() >= std::size_t(keys));
        // Half of them leave, and come back.
        for (int i = 0; i < keys; i += 2)
            QVERIFY(index.erase(all[std::size_t(i)]));
        QVERIFY(index.agrees(all));
        for (int i = 0; i < keys; i += 2)
            index.insert(all[std::size_t(i)]);
        QVERIFY(index.agrees(all));
        index.index().clear();
        QCOMPARE(index.index().size(), std::size_t(0));
        QCOMPARE(
            index.index().find(hashOf(hashing, all.front()), [](std::uint32_t) { return true; }),
            none);
    }

    // A caller that moves its keys (a queued key becoming a row, rows closing up after a removal)
    // tells the index with replace() and remap(); every key is still found where it now is.
    void movedKeysAreFoundWhereTheyAre_data()
    {
        QTest::addColumn<Hashing>("hashing");
        QTest::newRow("real") << Hashing::real;
        QTest::newRow("all alike") << Hashing::allAlike;
        QTest::newRow("same home") << Hashing::sameHome;
        QTest::newRow("wrapping round") << Hashing::lastSlot;
        QTest::newRow("three hashes") << Hashing::threeHashes;
    }

    void movedKeysAreFoundWhereTheyAre()
    {
        QFETCH(Hashing, hashing);
        Keys keys(hashing);
        std::vector<std::string> asked;
        for (int i = 0; i < 40; ++i) {
            asked.push_back("m" + std::to_string(i));
            keys.insert(asked.back());
        }
        for (int i = 0; i < 40; i += 3)
            QVERIFY(keys.erase(asked[std::size_t(i)]));
        QVERIFY(keys.agrees(asked));
        for (int i = 1; i < 40; i += 3)
            QVERIFY(keys.move(asked[std::size_t(i)]));
        QVERIFY(!keys.move("never inserted"));
        QVERIFY(keys.agrees(asked));
        keys.compact();
        QVERIFY(keys.agrees(asked));
        // Still an index like any other afterwards.
        keys.insert("m0");
        QVERIFY(keys.erase("m2"));
        QVERIFY(keys.agrees(asked));
    }

    // Random inserts and erases over a small key space, checked against the map after each.
    void randomAgainstAMap_data()
    {
        QTest::addColumn<Hashing>("hashing");
        QTest::newRow("real") << Hashing::real;
        QTest::newRow("three hashes") << Hashing::threeHashes;
        QTest::newRow("wrapping round") << Hashing::lastSlot;
    }

    void randomAgainstAMap()
    {
        QFETCH(Hashing, hashing);
        Keys keys(hashing);
        std::mt19937 random(7);
        std::vector<std::string> asked;
        for (int i = 0; i < 60; ++i)
            asked.push_back("k" + std::to_string(i));
        for (int step = 0; step < 3000; ++step) {
            const std::string &key = asked[random() % asked.size()];
            if (keys.holds(key))
                QVERIFY(keys.erase(key));
            else
                keys.insert(key);
            if (step % 50 == 0 || step > 2950)
                QVERIFY2(keys.agrees(asked), qPrintable(QString::number(step)));
        }
    }
};

QTEST_APPLESS_MAIN(TestHashIndex)
#include "tst_hashindex.moc"
