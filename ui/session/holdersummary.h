#pragma once

#include <redislock/lockrecord.h>

#include <QString>
#include <QStringView>

#include <vector>

// What the Holder column says of a lock: the core's holder line (redislock::holderLine, a code
// and its arguments), which the inspector words in the operator's language when a row is shown
// (LockText::holder). A listing keeps one for each of a hundred thousand keys, so it is one
// string: the code's character, then each argument after a U+0001 separator; one allocation
// a key (none when the bytes say nothing), and the string is itself the column's sort key:
// holders of one kind together, then by client, node, host or id, then by what follows.
class HolderSummary
{
public:
    HolderSummary() = default;
    explicit HolderSummary(const redislock::HolderLine &line);

    [[nodiscard]] bool isEmpty() const { return m_packed.isEmpty(); }
    [[nodiscard]] redislock::HolderLineCode code() const;
    // The argument at index as the core gave it, its control characters (which would split it)
    // as U+FFFD; empty where the line has none.
    [[nodiscard]] QStringView arg(qsizetype index) const;
    // Back in the core's form: its English is redislock::holderLineText's.
    [[nodiscard]] redislock::HolderLine toLine() const;
    [[nodiscard]] const QString &sortKey() const { return m_packed; }

    friend bool operator==(const HolderSummary &, const HolderSummary &) = default;

private:
    QString m_packed;
};

// Everything the bytes reveal about a lock's holders, the token and metadata aside (they have
// rows of their own): the facts about the lock as a whole (Redisson's mode, redis-py's node),
// then each holder's (a Redisson hash has one per field).
struct HolderFacts
{
    redislock::HolderFields lock;
    std::vector<redislock::HolderFields> holders;

    [[nodiscard]] bool empty() const { return lock.empty() && holders.empty(); }
};
