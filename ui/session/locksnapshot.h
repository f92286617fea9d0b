#pragma once

#include "session/holdersummary.h"

#include <redislock/lockrecord.h>

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QSharedData>
#include <QSharedDataPointer>
#include <QString>

#include <memory>
#include <span>
#include <vector>

// One key as the inspector last read it from the server: what the worker thread hands to the
// GUI thread. Keys and values are raw bytes (they may hold NUL or invalid UTF-8); every action
// uses exactly these bytes.
struct LockSnapshot
{
    QByteArray key;
    // The value as read: at most the scan's byte limit of it (see valueSize).
    QByteArray value;
    // The full length of the value; larger than value.size() when it was cut short.
    qint64 valueSize = 0;
    // Milliseconds left; -1: the key has no expiry (a stuck lock); -2: it was gone when read.
    qint64 ttlMs = 0;
    redislock::LockFormat format = redislock::LockFormat::raw;
    int tokenLength = 0; // 0 for raw values
    // Who holds it, in a line: what redislock::holderLine read from the bytes, worded in the
    // operator's language where it is shown (LockText::holder); empty when the bytes say
    // nothing about the holder. Everything else about the holders is read again from the
    // bytes when shown (holderFacts()): a listing shows a few and keeps none.
    HolderSummary holder;
    // Why this format, or which formats the bytes could be, as clauses, which the inspector
    // shows in the operator's language (LockText::evidence); evidence() is the core's English
    // line. Shared (evidenceClauses() reads them): the keys of one library mostly read alike,
    // and a listing kept a copy of the same few clauses for every key. Null: none.
    std::shared_ptr<const std::vector<redislock::EvidenceClause>> sharedEvidence;
    // Where it was read: the server's "host:port" (on a cluster, the master as the cluster
    // announces it), and on a cluster the key's hash slot (-1 elsewhere).
    QString node;
    int slot = -1;

    // What only some keys carry. A listing of string locks keeps none of it: every byte a row
    // keeps is paid for a hundred thousand times (and, on a virtual machine, in page faults),
    // so the many keys without it share one empty default instead of each keeping its own.
    struct Extra : QSharedData
    {
        QByteArray type = QByteArrayLiteral("string"); // the Redis type
        // A hash's fields and values exactly as read (at most the scan's bound of them), in
        // the server's order: what a Redisson force-release compares against.
        QList<QPair<QByteArray, QByteArray>> hash;
        bool hashComplete = true; // false when the hash has more fields than were read
        // Who the holders are, without their hold counts (a Redisson hash's holder fields): a
        // change here under the same value is a new holder; a re-entry is not.
        QByteArray holderIdentity;
        // The hash field of each Redisson holder ("<client uuid>:<thread>[:write]"), in the
        // order of the holders in holderFacts(); what the operator picks the holder to
        // remove by.
        QList<QByteArray> holderFields;
        // python-redis-lock's signal list length beside "lock:NAME" (-1: not read).
        qint64 signalLength = -1;
    };
    // What this key carries beyond every row's fields (the defaults when nothing).
    [[nodiscard]] const Extra &extra() const;
    // The same to change; only a key that carries something should ask for it.
    [[nodiscard]] Extra &mutableExtra();
    [[nodiscard]] const QByteArray &type() const { return extra().type; }

    [[nodiscard]] QByteArray token() const { return value.left(tokenLength); }
    [[nodiscard]] QByteArray metadata() const { return value.mid(tokenLength); }
    [[nodiscard]] bool truncated() const { return valueSize > value.size(); }
    [[nodiscard]] bool neverExpires() const { return ttlMs == -1; }
    [[nodiscard]] bool gone() const { return ttlMs == -2; }
    [[nodiscard]] const std::vector<redislock::EvidenceClause> &evidenceClauses() const;
    // The evidence in the core's English (as lockctl prints it), for exports and logs. Made
    // when asked: a listing reads a hundred thousand keys and exports none.
    [[nodiscard]] QString evidence() const;
    // What the bytes reveal about the holders, read again from them (see toRecord()).
    [[nodiscard]] HolderFacts holderFacts() const;
    // The holder line and the holder facts ("name: value" a line, each holder's under "#1",
    // "#2") in the core's English and names (as lockctl prints them), for exports.
    [[nodiscard]] QString holderText() const;
    [[nodiscard]] QString holderFactsText() const;

    [[nodiscard]] static LockSnapshot fromRecord(const redislock::LockRecord &record);
    // A page of records (a scan's, a batch read's), in order, each snapshot made in place in the
    // list (a listing makes a hundred thousand, and moving each into the list touched twice the
    // memory). The records are left as they were, to be refilled or freed. The page's keys and
    // values share a few allocations (a listing kept one for each); each is a QByteArray of its
    // own all the same, but an allocation lives while any of them does.
    [[nodiscard]] static QList<LockSnapshot>
    fromRecords(std::span<const redislock::LockRecord> records);
    // The record this snapshot was made from, classified again (a custom token keeps its
    // length): what the core's actions and previews take, so that they act on exactly what
    // was shown.
    [[nodiscard]] redislock::LockRecord toRecord() const;

private:
    QSharedDataPointer<Extra> m_extra; // null: the defaults
};

// A PTTL re-read of a key the inspector already knows.
// The steady clock's milliseconds: when a TTL was read, on the clock the locks table counts down
// on.
[[nodiscard]] qint64 steadyClockMs();

struct TtlSample
{
    QByteArray key;
    qint64 ttlMs = 0; // as in LockSnapshot::ttlMs
    // steadyClockMs() when the reply came: the TTL counts from then, not from whenever the GUI
    // thread gets to the sample (a busy GUI thread got to them late, and every steady lock looked
    // shortened and was repainted as changed). 0: unknown, counted from when it is applied.
    qint64 readAtMs = 0;

    // When the TTL counts from, on a clock that reads nowMs now: readAtMs, unless it is unknown,
    // not on that clock (a test's clock), in its future, or a minute old or more: then now.
    [[nodiscard]] qint64 countsFromMs(qint64 nowMs) const
    {
        const bool recent = readAtMs > 0 && readAtMs <= nowMs && nowMs - readAtMs < 60'000;
        return recent ? readAtMs : nowMs;
    }
};

// Why a key left: the server said so (keyspace notifications), or a re-read found it gone.
enum class KeyRemoval
{
    deleted,  // del, or overwritten by something outside the pattern's reach
    expired,  // its ttl ran out
    vanished, // found gone by a re-sync; the reason is unknown
};

Q_DECLARE_METATYPE(LockSnapshot)
Q_DECLARE_METATYPE(TtlSample)
