#include "session/locksnapshot.h"

#include <redislock/forcerelease.h>
#include <redislock/pages.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <utility>

namespace {

QByteArray bytesOf(const std::string &bytes)
{
    return {bytes.data(), qsizetype(bytes.size())};
}

std::string stdOf(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

QString text(const std::string &bytes)
{
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

QString fieldLines(const redislock::HolderFields &fields, const QString &indent)
{
    QString lines;
    for (const auto &[name, value] : fields)
        lines += indent + text(name) + QStringLiteral(": ") + text(value) + u'\n';
    return lines;
}

// A page's keys all come from one node (a few on a cluster): the snapshots share its text
// rather than each converting and keeping a copy. Per thread, since workers convert pages.
QString nodeText(const std::string &node)
{
    thread_local std::string lastNode;
    thread_local QString lastText;
    if (node != lastNode || lastText.isNull()) {
        lastNode = node;
        lastText = QString::fromStdString(node);
    }
    return lastText;
}

// The clauses of a page's keys are mostly the same few (one library's keys read alike): the
// snapshots share the last few distinct ones instead of each keeping its own. Per thread, since
// workers convert pages. Copied only when new: the record keeps its own, whose room the reader
// reuses when it refills the record with the next page.
std::shared_ptr<const std::vector<redislock::EvidenceClause>>
sharedClauses(const std::vector<redislock::EvidenceClause> &clauses)
{
    if (clauses.empty())
        return {};
    using Shared = std::shared_ptr<const std::vector<redislock::EvidenceClause>>;
    constexpr std::size_t kept = 8;
    thread_local std::vector<Shared> recent; // the most recently used last
    for (auto it = recent.rbegin(); it != recent.rend(); ++it) {
        if (**it == clauses) {
            Shared found = *it;
            if (it != recent.rbegin())
                std::rotate(std::next(it).base(), it.base(), recent.end());
            return found;
        }
    }
    if (recent.size() == kept)
        recent.erase(recent.begin());
    recent.push_back(std::make_shared<const std::vector<redislock::EvidenceClause>>(clauses));
    return recent.back();
}

} // namespace

const LockSnapshot::Extra &LockSnapshot::extra() const
{
    static const Extra none;
    return m_extra ? *m_extra.constData() : none;
}

LockSnapshot::Extra &LockSnapshot::mutableExtra()
{
    if (!m_extra)
        m_extra = new Extra;
    return *m_extra; // detached: this snapshot's own
}

const std::vector<redislock::EvidenceClause> &LockSnapshot::evidenceClauses() const
{
    static const std::vector<redislock::EvidenceClause> none;
    return sharedEvidence ? *sharedEvidence : none;
}

QString LockSnapshot::evidence() const
{
    return text(redislock::evidenceLine(evidenceClauses()));
}

HolderFacts LockSnapshot::holderFacts() const
{
    redislock::LockRecord record = toRecord();
    HolderFacts facts;
    // The token and metadata have rows of their own in the detail pane.
    for (auto &field : record.holder)
        if (field.first != "token" && field.first != "metadata")
            facts.lock.push_back(std::move(field));
    facts.holders = std::move(record.holders);
    return facts;
}

QString LockSnapshot::holderText() const
{
    return text(redislock::holderLineText(holder.toLine()));
}

QString LockSnapshot::holderFactsText() const
{
    const HolderFacts facts = holderFacts();
    QString lines = fieldLines(facts.lock, QString());
    for (std::size_t i = 0; i < facts.holders.size(); ++i)
        lines +=
            QStringLiteral("#%1\n").arg(i + 1) + fieldLines(facts.holders[i], QStringLiteral("  "));
    return lines.trimmed();
}

namespace {

// Into a snapshot as default-constructed, so that a page's are made where the list keeps them,
// with its key and value made by the caller. Nothing is moved out of the record: what the
// snapshot keeps is copied into Qt's containers anyway, and a record left whole is refilled by
// the scan's reader without allocating again.
void fillFrom(LockSnapshot &snapshot, const redislock::LockRecord &record, QByteArray &&keyBytes,
              QByteArray &&valueBytes)
{
    snapshot.key = std::move(keyBytes);
    snapshot.value = std::move(valueBytes);
    snapshot.valueSize = qint64(record.valueSize);
    snapshot.ttlMs = record.ttlMs;
    snapshot.format = record.format;
    snapshot.tokenLength = int(record.tokenLength);
    snapshot.holder = HolderSummary(redislock::holderLine(record));
    snapshot.sharedEvidence = sharedClauses(record.evidenceClauses);
    snapshot.node = nodeText(record.node);
    snapshot.slot = record.slot ? int(*record.slot) : -1;
    const bool carriesMore = record.type != "string" || !record.holders.empty() ||
                             !record.hash.empty() || !record.hashComplete ||
                             record.signalLength != -1;
    if (!carriesMore)
        return;
    LockSnapshot::Extra &extra = snapshot.mutableExtra();
    if (record.type != "string")
        extra.type = QByteArray(record.type.data(), qsizetype(record.type.size()));
    for (std::size_t i = 0; i < record.holders.size(); ++i) {
        const std::string field = redislock::redissonField(record.holders[i]);
        extra.holderIdentity += QByteArray(field.data(), qsizetype(field.size())) + '\n';
        extra.holderFields.append(bytesOf(field));
    }
    extra.hash.reserve(qsizetype(record.hash.size()));
    for (const auto &[field, value] : record.hash)
        extra.hash.append({bytesOf(field), bytesOf(value)});
    extra.hashComplete = record.hashComplete;
    extra.signalLength = record.signalLength;
}

// A page's keys and values, copied side by side into blocks of about this size, each one
// allocation that its byte strings share (SharedBytes). Below glibc's mmap threshold (128 KiB),
// so that blocks come from the thread's heap and a freed block's memory is used again rather
// than unmapped; large enough that mapping its pages in one call pays.
constexpr qsizetype sharedBlockBytes = 32 * 1024;

// Byte strings that share one block: each a QByteArray of its own to whoever keeps it (a change
// copies it first, as with any shared QByteArray, and it ends with its NUL as every QByteArray
// does), the block freed when the last of them goes.
//
// Why: a listing keeps every key's and value's bytes for as long as the key is listed, and one
// allocation each was a third of the read worker's work on a listing (the heap growing a page
// at a time, each fresh page a fault of ~10 µs on a virtual machine); a page of keys now costs a
// few allocations, whose pages are mapped in one call each. What it costs: a block lives while
// any of its strings does. The table and the re-sync plan keep the latest read of each key, and
// a rescan reads every key again, so what stays of a block beyond its live keys is bounded by
// one listing's keys and values, and goes with the next rescan.
class SharedBytes
{
public:
    // Room for `bytes` (the strings' sizes with a NUL each) in `pieces` non-empty strings, each
    // of which take() must hand out: the block counts its holders from the start.
    SharedBytes(qsizetype bytes, int pieces)
    {
        if (pieces == 0)
            return;
        const auto [header, data] = QTypedArrayData<char>::allocate(bytes);
        if (!header)
            qBadAlloc();
        header->ref_.storeRelaxed(pieces);
        m_header = header;
        m_next = data;
        redislock::populatePages(data, std::size_t(bytes));
    }

    QByteArray take(const std::string &bytes)
    {
        if (bytes.empty())
            return QByteArray(bytes.data(), 0); // empty, as a QByteArray of its own is
        char *const at = m_next;
        std::memcpy(at, bytes.data(), bytes.size());
        at[bytes.size()] = '\0';
        m_next = at + bytes.size() + 1;
        return QByteArray(QByteArray::DataPointer(m_header, at, qsizetype(bytes.size())));
    }

private:
    QTypedArrayData<char> *m_header = nullptr;
    char *m_next = nullptr;
};

// What a record's key and value take in a block: their bytes and NULs (none for an empty one,
// which shares Qt's empty string), and how many strings.
struct BlockNeed
{
    qsizetype bytes = 0;
    int pieces = 0;

    void add(const std::string &piece)
    {
        if (piece.empty())
            return;
        bytes += qsizetype(piece.size()) + 1;
        ++pieces;
    }
};

} // namespace

LockSnapshot LockSnapshot::fromRecord(const redislock::LockRecord &record)
{
    LockSnapshot snapshot;
    fillFrom(snapshot, record, bytesOf(record.key), bytesOf(record.value));
    return snapshot;
}

QList<LockSnapshot> LockSnapshot::fromRecords(std::span<const redislock::LockRecord> records)
{
    QList<LockSnapshot> snapshots;
    snapshots.reserve(qsizetype(records.size()));
    // A listing's pages of snapshots are fresh memory: the GUI thread holds every page until it
    // has inserted it, so none is reused meanwhile.
    redislock::populatePages(snapshots.data(), records.size() * sizeof(LockSnapshot));
    for (std::size_t first = 0; first < records.size();) {
        // The records whose keys and values fill the next block (at least one).
        BlockNeed need;
        std::size_t end = first;
        do {
            need.add(records[end].key);
            need.add(records[end].value);
            ++end;
        } while (end < records.size() && need.bytes < sharedBlockBytes);
        SharedBytes block(need.bytes, need.pieces);
        for (std::size_t i = first; i < end; ++i) {
            const redislock::LockRecord &record = records[i];
            QByteArray key = block.take(record.key);
            fillFrom(snapshots.emplaceBack(), record, std::move(key), block.take(record.value));
        }
        first = end;
    }
    return snapshots;
}

redislock::LockRecord LockSnapshot::toRecord() const
{
    redislock::LockRecord record;
    record.key = stdOf(key);
    record.value = stdOf(value);
    record.valueSize = std::size_t(std::max<qint64>(valueSize, value.size()));
    record.ttlMs = ttlMs;
    const Extra &more = extra();
    record.type = stdOf(more.type);
    record.node = node.toStdString();
    if (slot >= 0)
        record.slot = std::uint16_t(slot);
    for (const auto &[field, content] : more.hash)
        record.hash.emplace_back(stdOf(field), stdOf(content));
    record.hashComplete = more.hashComplete;
    record.signalLength = more.signalLength;
    record.classify(format == redislock::LockFormat::customToken ? std::size_t(tokenLength) : 0);
    return record;
}

qint64 steadyClockMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
