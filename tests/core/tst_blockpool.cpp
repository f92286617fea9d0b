// BlockPool: objects made where they stay, destructors run once, places reused, alignment kept,
// a throwing constructor loses no place, and blocks given back only when asked.

#include <redislock/blockpool.h>

#include <QTest>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

int alive = 0; // Counted's objects not destroyed yet

struct Counted
{
    explicit Counted(std::string words, int count = 0) : text(std::move(words)), number(count)
    {
        ++alive;
    }
    Counted(const Counted &) = delete;
    Counted &operator=(const Counted &) = delete;
    ~Counted() { --alive; }
    std::string text;
    int number = 0;
};

struct alignas(64) Wide
{
    std::uint64_t words[3] = {};
};

struct Throws
{
    explicit Throws(bool fail)
    {
        if (fail)
            throw std::runtime_error("refused");
    }
    char bytes[40] = {};
};

struct Aggregate
{
    std::string name;
    std::vector<int> numbers;
    bool flag = false;
};

} // namespace

class TestBlockPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { alive = 0; }

    void madeObjectsStayWhereTheyAre_data()
    {
        QTest::addColumn<int>("count");
        QTest::newRow("one") << 1;
        QTest::newRow("a block") << 1000;
        QTest::newRow("many blocks") << 100'000;
    }
    void madeObjectsStayWhereTheyAre()
    {
        QFETCH(int, count);
        redislock::BlockPool<Counted> pool;
        std::vector<Counted *> made;
        for (int i = 0; i < count; ++i)
            made.push_back(pool.make("key:" + std::to_string(i), i));
        QCOMPARE(alive, count);
        QVERIFY(pool.capacity() >= std::size_t(count));
        // Every object distinct and whole after every later one was made.
        QCOMPARE(std::set<Counted *>(made.begin(), made.end()).size(), std::size_t(count));
        for (int i = 0; i < count; ++i) {
            QCOMPARE(made[std::size_t(i)]->number, i);
            QCOMPARE(made[std::size_t(i)]->text, "key:" + std::to_string(i));
        }
        for (Counted *object : made)
            pool.destroy(object);
        QCOMPARE(alive, 0);
    }

    void destroyedPlacesAreReused()
    {
        redislock::BlockPool<Counted> pool;
        std::vector<Counted *> made;
        for (int i = 0; i < 100; ++i)
            made.push_back(pool.make(std::to_string(i)));
        const std::size_t capacity = pool.capacity();
        const std::set<Counted *> places(made.begin(), made.end());
        // Half destroyed, then as many made again: the same places, no new block.
        for (std::size_t i = 0; i < made.size(); i += 2)
            pool.destroy(std::exchange(made[i], nullptr));
        QCOMPARE(alive, 50);
        for (std::size_t i = 0; i < made.size(); i += 2) {
            made[i] = pool.make("again");
            QVERIFY(places.contains(made[i]));
        }
        QCOMPARE(pool.capacity(), capacity);
        QCOMPARE(alive, 100);
        for (std::size_t i = 1; i < made.size(); i += 2)
            QCOMPARE(made[i]->text, std::to_string(i));
        for (Counted *object : made)
            pool.destroy(object);
        pool.destroy(nullptr); // nothing
        QCOMPARE(alive, 0);
    }

    void alignmentIsKept()
    {
        redislock::BlockPool<Wide> pool;
        std::vector<Wide *> made;
        for (int i = 0; i < 5000; ++i) {
            made.push_back(pool.make());
            QCOMPARE(reinterpret_cast<std::uintptr_t>(made.back()) % alignof(Wide), 0u);
            made.back()->words[2] = std::uint64_t(i);
        }
        for (std::size_t i = 0; i < made.size(); ++i)
            QCOMPARE(made[i]->words[2], std::uint64_t(i));
        for (Wide *object : made)
            pool.destroy(object);
    }

    void aggregatesAreMadeFromTheirFields()
    {
        redislock::BlockPool<Aggregate> pool;
        Aggregate *whole = pool.make(std::string("name"), std::vector<int>{1, 2, 3}, true);
        QCOMPARE(whole->name, std::string("name"));
        QCOMPARE(whole->numbers, (std::vector<int>{1, 2, 3}));
        QVERIFY(whole->flag);
        pool.destroy(whole);
    }

    void aThrowingConstructorLosesNoPlace()
    {
        redislock::BlockPool<Throws> pool;
        Throws *first = pool.make(false);
        pool.destroy(first);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, (void)pool.make(true));
        // The place the failed one had is the next one's.
        Throws *next = pool.make(false);
        QCOMPARE(next, first);
        pool.destroy(next);
    }

    void releaseGivesTheBlocksBack()
    {
        redislock::BlockPool<Counted> pool;
        std::vector<Counted *> made;
        for (int i = 0; i < 20'000; ++i)
            made.push_back(pool.make(std::to_string(i)));
        QVERIFY(pool.capacity() >= 20'000u);
        for (Counted *object : made)
            pool.destroy(object);
        pool.release();
        QCOMPARE(pool.capacity(), 0u);
        // And the pool is as new: it makes objects again.
        Counted *again = pool.make("again");
        QCOMPARE(again->text, std::string("again"));
        QVERIFY(pool.capacity() > 0);
        pool.destroy(again);
        QCOMPARE(alive, 0);
    }
};

QTEST_APPLESS_MAIN(TestBlockPool)
#include "tst_blockpool.moc"
