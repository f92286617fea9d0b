#include "locks/locktext.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>

QString LockText::ttl(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 60'000)
        return tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return tr("%1 m %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
    if (seconds < 86400)
        return tr("%1 h %2 m").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QChar(u'0'));
    return tr("%1 d %2 h").arg(seconds / 86400).arg(seconds / 3600 % 24, 2, 10, QChar(u'0'));
}

QString LockText::age(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(ms, 0) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    return ttl(seconds * 1000);
}

QString LockText::formatName(redislock::LockFormat format)
{
    const std::string_view name = redislock::formatName(format);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

namespace {

QString argument(const std::vector<std::string> &args, std::size_t index)
{
    return index < args.size() ? QString::fromStdString(args[index]) : QString();
}

bool has(const std::vector<std::string> &args, std::string_view flag)
{
    return std::ranges::find(args, flag) != args.end();
}

} // namespace

QString LockText::evidence(const std::vector<redislock::EvidenceClause> &clauses)
{
    using Code = redislock::EvidenceCode;
    // Format names stay as they are (they are what the filter takes); the lists between them
    // are worded here.
    const auto names = [](const std::vector<std::string> &args, bool orList) {
        QString text;
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (i > 0)
                text += orList && i + 1 == args.size() ? tr(" or ") : tr(", ");
            text += QString::fromStdString(args[i]);
        }
        return text;
    };
    const auto fields = [](const std::vector<std::string> &args, std::size_t countIndex) {
        // No %n plural: a new numerus text would read "field(s)" in English until the English
        // plural forms are written.
        const QString count = argument(args, countIndex);
        const bool one = count == u"1";
        if (has(args, "partial"))
            return one ? tr("1 field read of a larger hash")
                       : tr("%1 fields read of a larger hash").arg(count);
        return one ? tr("1 field") : tr("%1 fields").arg(count);
    };
    QStringList parts;
    for (const redislock::EvidenceClause &clause : clauses) {
        const auto &args = clause.args;
        switch (clause.code) {
        case Code::redislockToken:
            parts << tr("22 base64url characters of token, then metadata (bsm/redislock, Cosy)");
            break;
        case Code::customToken:
            parts << tr("a token of the configured %1 characters, then metadata")
                         .arg(argument(args, 0));
            break;
        case Code::redissonHash:
            parts << tr("a hash of <client uuid>:<thread id> → hold count (Redisson RLock, "
                        "RFencedLock or RFairLock), %1")
                         .arg(fields(args, 0));
            break;
        case Code::redissonRwlockHash:
            parts << tr("a hash with mode=%1 and <client uuid>:<thread id> hold counts (Redisson "
                        "RReadWriteLock), %2")
                         .arg(argument(args, 0), fields(args, 1));
            break;
        case Code::redsyncValue:
            parts << tr("24 characters of padded standard base64 encoding exactly 16 bytes "
                        "(go-redsync's random value)");
            break;
        case Code::nodeRedlockValue:
            parts << tr("32 lower-case hex digits: 16 random bytes (node-redlock's value)");
            break;
        case Code::redisPlusPlusId:
            parts << tr("20 characters of [0-9A-Za-z] (redis-plus-plus RedLock's lock id)");
            break;
        case Code::redisPyUuid:
            parts << tr("a version-1 UUID as 32 hex digits, RFC 4122 variant, made %1 (redis-py "
                        "Lock's uuid1().hex)")
                         .arg(argument(args, 0));
            break;
        case Code::pythonRedisLockId:
            parts << tr("key lock:NAME holding 24 characters of standard base64, 18 bytes "
                        "(python-redis-lock's id)");
            break;
        case Code::pythonRedisLockSignal:
            parts << tr("its signal list exists");
            break;
        case Code::shedlockValue: {
            const QString value = has(args, "uuid") ? QStringLiteral("ADDED:<time>@<host>:<uuid>")
                                                    : QStringLiteral("ADDED:<time>@<host>");
            parts << (has(args, "job-lock")
                          ? tr("a value %1 under job-lock:<env>:<name> (ShedLock)").arg(value)
                          : tr("a value %1 (ShedLock)").arg(value));
            break;
        }
        case Code::noFormat:
            parts << tr("a %1 that fits no known lock format").arg(argument(args, 0));
            break;
        case Code::ambiguous:
            parts << tr("could be %1: the bytes fit each equally, so none is claimed")
                         .arg(names(args, true));
            break;
        case Code::alsoFits:
            parts << tr("also fits %1, less closely").arg(names(args, false));
            break;
        }
    }
    return parts.join(tr("; "));
}

QString LockText::holder(const HolderSummary &holder)
{
    using Code = redislock::HolderLineCode;
    switch (holder.code()) {
    case Code::none:
        return {};
    case Code::redissonThread: {
        QString text = tr("client %1, thread %2").arg(holder.arg(0), holder.arg(1));
        if (const QStringView count = holder.arg(2); !count.isEmpty())
            text =
                tr("%1 ×%2", "a holder that took its lock %2 times (re-entered)").arg(text, count);
        if (const QStringView others = holder.arg(3); !others.isEmpty())
            text = tr("%1 (+%2 more)", "%2 other holders share the lock").arg(text, others);
        // A read-write lock's mode: the core reads only "read" and "write" as one.
        const QStringView mode = holder.arg(4);
        if (mode == u"read")
            return tr("read: %1", "a Redisson read-write lock held for reading").arg(text);
        if (mode == u"write")
            return tr("write: %1", "a Redisson read-write lock held for writing").arg(text);
        return text;
    }
    case Code::redisPyNode:
        return tr("node %1, since %2").arg(holder.arg(0), holder.arg(1));
    case Code::pythonRedisLockId:
        return tr("id %1", "python-redis-lock's random id of the holder").arg(holder.arg(0));
    case Code::shedlockHost:
        return tr("host %1, since %2").arg(holder.arg(0), holder.arg(1));
    }
    return {};
}

QString LockText::holderField(std::string_view name)
{
    // The names are the core's (lockctl prints them as JSON keys).
    if (name == "client_id")
        return tr("client ID");
    if (name == "thread_id")
        return tr("thread ID");
    if (name == "hold_count")
        return tr("hold count");
    if (name == "lock")
        return tr("lock", "which lock of a Redisson read-write lock a holder has: read or write");
    if (name == "mode")
        return tr("mode", "a Redisson read-write lock's mode: read or write");
    if (name == "node")
        return tr("node", "redis-py: the MAC address (or random bits) in the holder's UUID");
    if (name == "node_kind")
        return tr("node kind");
    if (name == "acquired_at")
        return tr("acquired at");
    if (name == "id")
        return tr("id", "python-redis-lock's or ShedLock's id of the holder");
    if (name == "signal_key")
        return tr("signal key");
    if (name == "signal_length")
        return tr("signal list length");
    if (name == "locked_at")
        return tr("locked at");
    if (name == "host")
        return tr("host");
    if (name == "environment")
        return tr("environment");
    if (name == "job")
        return tr("job");
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

namespace {

// A fact's value as shown: as read, but for the words the core puts there itself (Redisson's
// modes, what a redis-py node is).
QString holderValue(std::string_view name, const std::string &value)
{
    if (name == "mode" || name == "lock") {
        if (value == "read")
            return LockText::tr("read", "a Redisson read-write lock's mode");
        if (value == "write")
            return LockText::tr("write", "a Redisson read-write lock's mode");
    }
    if (name == "node_kind") {
        if (value == "MAC address")
            return LockText::tr("MAC address");
        if (value == "random (no MAC address was found)")
            return LockText::tr("random (no MAC address was found)");
    }
    return QString::fromUtf8(value.data(), qsizetype(value.size()));
}

QString holderLines(const redislock::HolderFields &fields, const QString &indent)
{
    QString lines;
    for (const auto &[name, value] : fields)
        lines += indent +
                 LockText::tr("%1: %2", "a holder fact: its name and its value")
                     .arg(LockText::holderField(name), holderValue(name, value)) +
                 u'\n';
    return lines;
}

} // namespace

QString LockText::holderDetails(const HolderFacts &facts)
{
    QString lines = holderLines(facts.lock, QString());
    for (std::size_t i = 0; i < facts.holders.size(); ++i)
        lines += tr("#%1", "the number of a holder of a lock with several").arg(i + 1) + u'\n' +
                 holderLines(facts.holders[i], QStringLiteral("  "));
    return lines.trimmed();
}

QString LockText::auxKind(const QString &kind)
{
    if (kind == u"fence-counter")
        return tr("fence counter");
    if (kind == u"redisson-fence-token")
        return tr("Redisson fence token");
    if (kind == u"redisson-fair-queue")
        return tr("Redisson fair-lock queue");
    if (kind == u"redisson-fair-timeouts")
        return tr("Redisson fair-lock timeouts");
    if (kind == u"redisson-reader-lease")
        return tr("Redisson reader lease");
    if (kind == u"python-redis-lock-signal")
        return tr("python-redis-lock signal list");
    return kind;
}

QString LockText::ttlCell(const LockTimeline &timeline, qint64 nowMs)
{
    using State = LockTimeline::State;
    switch (timeline.state()) {
    case State::live:
        return ttl(timeline.remainingMs(nowMs));
    case State::noExpiry:
        return tr("∞ no expiry");
    case State::fadingExpired:
        return tr("expired");
    case State::fadingDeleted:
        return tr("deleted");
    case State::fadingVanished:
        return tr("gone");
    }
    return {};
}

QString LockText::ttlToolTip(const LockTimeline &timeline, bool stuck, qint64 nowMs)
{
    using State = LockTimeline::State;
    if (timeline.state() == State::noExpiry) {
        return stuck ? tr("No expiry: nothing frees this lock unless it is deleted")
                     : tr("No expiry. Not a lock format this app recognises, so not "
                          "counted as stuck.");
    }
    if (timeline.state() != State::live)
        return {};
    if (timeline.leaseKnown())
        return tr("%1 left of a %2 lease")
            .arg(ttl(timeline.remainingMs(nowMs)), ttl(timeline.leaseMs()));
    return tr("%1 left. The lease is not known yet: the lock was already held when this app "
              "first saw it, so the bar compares with the longest TTL seen (%2), a lower bound.")
        .arg(ttl(timeline.remainingMs(nowMs)), ttl(timeline.leaseMs()));
}

QString LockText::lastReadNote(qint64 sinceReadMs, qint64 cycleMs)
{
    return tr("Last read from the server %1 ago; TTLs are re-read every ~%2, as the command "
              "budget allows, and count down in between")
        .arg(age(sinceReadMs), age(cycleMs));
}

QString LockText::seenForToolTip(const LockTimeline &timeline, qint64 nowMs)
{
    if (timeline.startSeen())
        return tr("Taken %1 ago: this app saw it happen").arg(age(timeline.seenForMs(nowMs)));
    return tr("Seen for %1. It was already held when this app first listed it, so it may be much "
              "older.")
        .arg(age(timeline.seenForMs(nowMs)));
}
