#include "clientcore.h"
#include "formats/recogniser.h"
#include "randomtoken.h"
#include "replyerror.h"

#include <redislock/hashslot.h>
#include <redislock/keyscanner.h>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <thread>
#include <utility>

namespace redislock {

using detail::Connection;
using detail::RawReply;

namespace detail {

// How one node is scanned: SCAN alone for the first page; after that, each batch sent is one
// write of the reads of a page (GETRANGE + PTTL per key) followed by the SCAN of the next page.
// While the caller works on one page (classifying, printing), the server is already reading the
// next, so on a machine with a spare CPU the two overlap, and a page costs one round trip, not
// two. Every command is a read, so a batch lost with a killed connection is simply sent again.
//
// The batch in flight keeps a pooled connection on loan between pages. With a pool of one
// connection that would starve every other call of the client (a GUI obtaining a lock while
// its table refreshes), so there the next batch is sent only when the next page is asked for,
// and the connection goes back to the pool in between: still one round trip per page.
struct Settings
{
    ScanOptions options;
    std::string count;     // SCAN COUNT, as text
    std::string lastByte;  // GETRANGE's end: maxValueBytes - 1, or -1 for all of it
    bool cluster = false;  // records get their hash slot
    bool keepLease = true; // a batch stays in flight between pages
};

struct NodeScan
{
    std::string node;      // "host:port", as masters() names it
    RawReply page;         // the SCAN reply whose keys the next call returns (null at first)
    bool inFlight = false; // the batch of `page` has been sent on `lease`
    bool finished = false;
    std::optional<detail::ConnectionPool::Lease> lease; // dropped, not reused, with replies due
    // The replies of a page's reads, emptied after each page with their room kept for the next.
    std::vector<RawReply> reads;

    // One page read: the records and how many keys SCAN returned for it.
    struct Page
    {
        std::vector<LockRecord> records;
        std::uint64_t keys = 0;
        bool last = false; // the node's scan ends with it
    };

    [[nodiscard]] static std::string_view cursorOf(const redisReply &scan)
    {
        return {scan.element[0]->str, scan.element[0]->len};
    }
    // The reads of a page's keys, then the SCAN of the next page unless this was the last.
    static void queueBatch(Connection &connection, const redisReply &scan, const Settings &settings)
    {
        const redisReply &keys = *scan.element[1];
        for (std::size_t i = 0; i < keys.elements; ++i) {
            const std::string_view key(keys.element[i]->str, keys.element[i]->len);
            connection.queue({"GETRANGE", key, "0", settings.lastByte});
            connection.queue({"PTTL", key});
        }
        if (const auto cursor = cursorOf(scan); cursor != "0")
            connection.queue(
                {"SCAN", cursor, "MATCH", settings.options.pattern, "COUNT", settings.count});
    }

    // reuse: a page the caller is done with (KeyScanner::recycle), whose records are renewed
    // for this one rather than allocated again.
    [[nodiscard]] std::expected<Page, Error> next(detail::ClientCore &core,
                                                  const Settings &settings, const Context &context,
                                                  std::vector<LockRecord> reuse = {});
};

} // namespace detail

namespace {

std::expected<RawReply, Error> scanReply(std::expected<RawReply, Error> reply)
{
    if (!reply)
        return reply;
    const redisReply &raw = **reply;
    if (raw.type == REDIS_REPLY_ERROR)
        return std::unexpected(detail::replyError({raw.str, raw.len},
                                                  "SCAN failed: " + std::string(raw.str, raw.len)));
    if (raw.type != REDIS_REPLY_ARRAY || raw.elements != 2 ||
        raw.element[0]->type != REDIS_REPLY_STRING || raw.element[1]->type != REDIS_REPLY_ARRAY)
        return std::unexpected(Error(Errc::protocolError, "SCAN answered in an unexpected shape"));
    for (std::size_t i = 0; i < raw.element[1]->elements; ++i)
        if (raw.element[1]->element[i]->type != REDIS_REPLY_STRING)
            return std::unexpected(
                Error(Errc::protocolError, "SCAN answered in an unexpected shape"));
    return reply;
}

// A reply that sends the key elsewhere: its slot moved to another master since SCAN saw it.
bool redirected(const redisReply &reply)
{
    const std::string_view text(reply.str ? reply.str : "", reply.str ? reply.len : 0);
    return reply.type == REDIS_REPLY_ERROR &&
           (text.starts_with("MOVED ") || text.starts_with("ASK "));
}

// How many fields of a hash one listing reads: a lock's hash has one field per holder (a
// handful); a bigger hash is read in part, enough to tell it is no lock, and marked so.
constexpr std::string_view hashFieldsRead = "128";

// The follow-up reads of a key that holds no string: its TYPE, and HSCAN's first page in case
// it is a hash (an error reply otherwise, which is simply not a hash), in one round trip.
void queueTypedReads(std::vector<std::vector<std::string>> &commands, const std::string &key)
{
    commands.push_back({"TYPE", key});
    commands.push_back({"HSCAN", key, "0", "COUNT", std::string(hashFieldsRead)});
}

// The HSCAN page of a hash into the record (nothing for an error or another shape).
void takeHash(LockRecord &record, const Reply &page)
{
    if (page.type != Reply::Type::array || page.elements.size() != 2 ||
        page.elements[1].type != Reply::Type::array)
        return;
    const auto &items = page.elements[1].elements;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
        record.hash.emplace_back(items[i].text, items[i + 1].text);
    record.hashComplete = page.elements[0].text == "0";
}

void takeHash(LockRecord &record, const redisReply &page)
{
    if (page.type != REDIS_REPLY_ARRAY || page.elements != 2 ||
        page.element[1]->type != REDIS_REPLY_ARRAY)
        return;
    const redisReply &items = *page.element[1];
    for (std::size_t i = 0; i + 1 < items.elements; i += 2)
        record.hash.emplace_back(std::string(items.element[i]->str, items.element[i]->len),
                                 std::string(items.element[i + 1]->str, items.element[i + 1]->len));
    const redisReply &cursor = *page.element[0];
    record.hashComplete = std::string_view(cursor.str, cursor.len) == "0";
}

// python-redis-lock's waiters block on a list beside the lock: its length, for a key named
// like that library's locks.
[[nodiscard]] std::string signalKeyOf(const LockRecord &record)
{
    return record.type == "string" ? detail::pythonRedisLockSignalKey(record.key) : std::string();
}

// A record of a spent page made as a new one, keeping the room of its strings, its holder facts
// and its evidence: the next page's keys, values and facts mostly fit, and are then written
// without an allocation (classify(), which every record of a page goes through, rewrites the
// holder facts and the evidence, both forms, in place). A large string's room is let go, so that
// pages kept for reuse stay small.
void renew(LockRecord &record)
{
    constexpr std::size_t keptRoom = 1024;
    const auto emptied = [](std::string &text) {
        std::string kept;
        if (text.capacity() <= keptRoom) {
            kept = std::move(text);
            kept.clear();
        }
        return kept;
    };
    const auto trim = [&emptied](HolderFields &fields) {
        for (auto &[name, text] : fields)
            text = emptied(text);
    };
    LockRecord fresh;
    fresh.key = emptied(record.key);
    fresh.value = emptied(record.value);
    fresh.node = emptied(record.node);
    trim(record.holder);
    for (auto &holder : record.holders)
        trim(holder);
    fresh.holder = std::move(record.holder);
    fresh.holders = std::move(record.holders);
    fresh.evidence = emptied(record.evidence);
    fresh.evidenceClauses = std::move(record.evidenceClauses);
    record = std::move(fresh);
}

} // namespace

namespace detail {

std::expected<NodeScan::Page, Error> NodeScan::next(detail::ClientCore &core,
                                                    const Settings &settings,
                                                    const Context &context,
                                                    std::vector<LockRecord> reuse)
{
    if (finished)
        return Page{};
    // Any failure drops the connection (replies may be due on it); the state stays as it was,
    // so the next call sends the same page's batch again on a new one.
    const auto fail = [this](Error error) -> std::expected<Page, Error> {
        lease.reset();
        inFlight = false;
        return std::unexpected(std::move(error));
    };

    const auto keyCount = [this] {
        return page ? page->element[1]->elements : 0;
    };
    RawReply nextPage;
    for (int attempt = 0;; ++attempt) {
        if (!lease) {
            auto leased = core.leaseOn(node, context);
            if (!leased)
                return std::unexpected(leased.error());
            lease.emplace(std::move(*leased));
            inFlight = false;
        }
        Connection &connection = **lease;
        if (!page) {
            connection.queue(
                {"SCAN", "0", "MATCH", settings.options.pattern, "COUNT", settings.count});
            if (auto sent = connection.flush(context); !sent)
                return fail(sent.error());
            auto first = scanReply(connection.receive(context));
            if (!first)
                return fail(first.error());
            page = std::move(*first);
        }
        if (!inFlight) {
            queueBatch(connection, *page, settings);
            if (auto sent = connection.flush(context); !sent)
                return fail(sent.error());
            inFlight = true;
        }
        // The replies of the batch in flight: the page's reads, then the next SCAN.
        reads.clear();
        reads.reserve(2 * keyCount());
        std::optional<Error> failure;
        for (std::size_t i = 0; i < 2 * keyCount() && !failure; ++i) {
            auto reply = connection.receive(context);
            if (reply)
                reads.push_back(std::move(*reply));
            else
                failure = reply.error();
        }
        if (!failure && cursorOf(*page) != "0") {
            auto scanned = scanReply(connection.receive(context));
            if (scanned)
                nextPage = std::move(*scanned);
            else
                failure = scanned.error();
        }
        if (!failure)
            break;
        // A connection closed under a paused scan (server timeout, CLIENT KILL): once more on
        // a new one. Reads only, so nothing was changed by the batch that was lost.
        if (*failure != Errc::connectionClosed || attempt > 0)
            return fail(*failure);
        lease.reset();
        inFlight = false;
    }

    const redisReply &keys = *page->element[1];
    Page result;
    result.keys = keys.elements;
    std::vector<LockRecord> &records = result.records;
    records = std::move(reuse);
    // SCAN's pages vary by a few keys around COUNT: room for some more than this one has, so that
    // a recycled page seldom moves all its records to grow by a few.
    if (records.capacity() < keys.elements)
        records.reserve(keys.elements + keys.elements / 8);
    std::size_t used = 0; // records beyond it are a spent page's, not renewed yet
    const auto nextRecord = [&records, &used]() -> LockRecord & {
        if (used < records.size())
            renew(records[used]);
        else
            records.emplace_back();
        return records[used++];
    };
    std::vector<std::size_t> typed;     // records whose key holds no string: TYPE
    std::vector<std::size_t> longer;    // records whose value was cut short: STRLEN
    std::vector<std::size_t> signalled; // records named lock:NAME: LLEN lock-signal:NAME
    const ScanOptions &options = settings.options;
    const bool bounded = options.maxValueBytes > 0;
    for (std::size_t i = 0; i < keys.elements; ++i) {
        const redisReply &head = *reads[2 * i];
        const redisReply &ttl = *reads[2 * i + 1];
        if ((ttl.type == REDIS_REPLY_INTEGER && ttl.integer == -2) || redirected(ttl))
            continue; // gone since SCAN saw it, or migrated to another master
        LockRecord &record = nextRecord();
        record.key.assign(keys.element[i]->str, keys.element[i]->len);
        record.node = node;
        if (settings.cluster)
            record.slot = hashSlot(record.key);
        record.ttlMs = ttl.type == REDIS_REPLY_INTEGER ? ttl.integer : -1;
        if (head.type == REDIS_REPLY_ERROR) {
            typed.push_back(used - 1);
            continue;
        }
        if (head.type == REDIS_REPLY_STRING)
            record.value.assign(head.str, head.len);
        record.valueSize = record.value.size();
        if (bounded && record.value.size() >= options.maxValueBytes)
            longer.push_back(used - 1);
        else if (!detail::pythonRedisLockSignalKey(record.key).empty())
            signalled.push_back(used - 1);
    }
    reads.clear();
    records.erase(records.begin() + std::ptrdiff_t(used), records.end());

    // One write: the follow-ups of this page, then the next page's batch. The follow-ups'
    // replies come first, and the server goes on with the batch while the caller works.
    Connection &connection = **lease;
    for (std::size_t index : typed) {
        connection.queue({"TYPE", records[index].key});
        connection.queue({"HSCAN", records[index].key, "0", "COUNT", hashFieldsRead});
    }
    for (std::size_t index : longer)
        connection.queue({"STRLEN", records[index].key});
    // On a cluster the signal list may live in another slot: its MOVED reply leaves it unread.
    for (std::size_t index : signalled)
        connection.queue({"LLEN", detail::pythonRedisLockSignalKey(records[index].key)});
    const bool sendAhead = nextPage && settings.keepLease;
    if (sendAhead)
        queueBatch(connection, *nextPage, settings);
    if (!typed.empty() || !longer.empty() || !signalled.empty() || sendAhead) {
        if (auto sent = connection.flush(context); !sent)
            return fail(sent.error());
    }
    for (std::size_t index : typed) {
        auto reply = connection.receive(context);
        if (!reply)
            return fail(reply.error());
        records[index].type.assign((*reply)->str ? (*reply)->str : "", (*reply)->len);
        auto hash = connection.receive(context);
        if (!hash)
            return fail(hash.error());
        takeHash(records[index], **hash);
    }
    for (std::size_t index : longer) {
        auto reply = connection.receive(context);
        if (!reply)
            return fail(reply.error());
        if ((*reply)->type == REDIS_REPLY_INTEGER)
            records[index].valueSize = static_cast<std::size_t>((*reply)->integer);
    }
    for (std::size_t index : signalled) {
        auto reply = connection.receive(context);
        if (!reply)
            return fail(reply.error());
        if ((*reply)->type == REDIS_REPLY_INTEGER)
            records[index].signalLength = (*reply)->integer;
    }
    // Classified once everything about the key is known: its type, hash and full length.
    for (auto &record : records)
        record.classify(options.customTokenLength);

    page = std::move(nextPage);
    inFlight = sendAhead;
    finished = page == nullptr;
    if (!inFlight)
        lease.reset(); // nothing due: back to the pool
    return result;
}

} // namespace detail

using detail::NodeScan;

// How a whole scan goes. Every node is read by a thread of its own that drives the node's scan
// and hands its pages over through a queue of at most two pages per node (bounded memory: a
// reader ahead of the caller waits), so that while the caller works on one page (converting,
// printing) the next is already read, parsed and classified beside it, and next() costs the
// caller little more than taking a page off the queue. On a cluster the masters are read in
// parallel, next() returns whichever page is ready first, and a master that fails is recorded
// while the others go on. On one server a failure is next()'s error, after the pages read
// before it; the node's state is kept, so the next call starts a reader again that resumes
// where it stopped. A client with a pool of one connection is scanned on the caller's thread,
// page by page: a reader ahead would keep that connection busy while the caller needs it.
struct KeyScanner::State
{
    State(Client target, ScanOptions scan) : client(std::move(target))
    {
        settings.options = std::move(scan);
        if (settings.options.count == 0)
            settings.options.count = 1;
        settings.count = std::to_string(settings.options.count);
        settings.lastByte = settings.options.maxValueBytes > 0
                                ? std::to_string(settings.options.maxValueBytes - 1)
                                : "-1";
        settings.cluster = client.deployment() == Deployment::cluster;
        settings.keepLease = client.connectionOptions().poolSize > 1;
    }
    ~State()
    {
        for (auto &worker : workers)
            worker.request_stop();
        workers.clear(); // joins
    }
    State(const State &) = delete;
    State &operator=(const State &) = delete;

    [[nodiscard]] std::expected<void, Error> begin(const Context &context);
    // A page handed back, if there is one, for the next page read to fill.
    [[nodiscard]] std::vector<LockRecord> takeSpent()
    {
        const std::scoped_lock lock(mutex);
        if (spent.empty())
            return {};
        std::vector<LockRecord> page = std::move(spent.back());
        spent.pop_back();
        return page;
    }
    // Starts a reader on every node whose scan is not finished (under the mutex, or alone).
    void startReaders();
    void work(NodeScan &scan, const std::stop_token &stop);

    Client client;
    detail::Settings settings;
    bool started = false;
    bool finished = false;
    std::uint64_t scanned = 0;
    std::vector<NodeFailure> failedNodes;
    std::optional<NodeScan> single; // a pool of one: scanned on the caller's thread

    // The readers and what they hand over.
    std::vector<NodeScan> nodes;
    std::mutex mutex;
    std::condition_variable_any changed; // a page was queued or taken, or a reader ended
    std::deque<NodeScan::Page> ready;
    std::size_t capacity = 0;
    std::size_t running = 0;
    std::vector<std::vector<LockRecord>> spent; // pages handed back (recycle), for the readers
    std::vector<NodeFailure> failures;          // as the cluster's readers record them
    std::optional<Error> failure;               // one server: what stopped its reader, for next()
    std::vector<std::jthread> workers;          // last: joined first when destroyed
};

std::expected<void, Error> KeyScanner::State::begin(const Context &context)
{
    auto masters = client.core_->masters(context);
    if (!masters)
        return std::unexpected(masters.error());
    started = true;
    if (!settings.cluster) {
        const std::string node =
            masters->empty() ? client.core_->ownAddress() : std::move(masters->front());
        if (!settings.keepLease) {
            single.emplace();
            single->node = node;
            return {};
        }
        nodes.resize(1);
        nodes.front().node = node;
    } else {
        nodes.resize(masters->size());
        for (std::size_t i = 0; i < masters->size(); ++i)
            nodes[i].node = (*masters)[i];
    }
    capacity = 2 * nodes.size();
    startReaders();
    return {};
}

void KeyScanner::State::startReaders()
{
    workers.clear(); // joins those that ended
    workers.reserve(nodes.size());
    for (NodeScan &node : nodes) {
        if (node.finished)
            continue;
        ++running;
        workers.emplace_back([this, &node](std::stop_token stop) { work(node, stop); });
    }
}

void KeyScanner::State::work(NodeScan &scan, const std::stop_token &stop)
{
    // Named apart from its caller's thread, whose name it would inherit, for profilers and top.
    pthread_setname_np(pthread_self(), "redislock-scan");
    const Context context(stop);
    detail::ClientCore &core = *client.core_;
    std::optional<Error> failed;
    while (!scan.finished && !stop.stop_requested()) {
        auto page = scan.next(core, settings, context, takeSpent());
        if (!page) {
            if (!stop.stop_requested())
                failed = page.error();
            break;
        }
        page->last = scan.finished;
        // An empty SCAN page: nothing to hand over, unless it tells one server's caller that
        // the scan is finished.
        if (page->keys == 0 && (settings.cluster || !page->last))
            continue;
        std::unique_lock lock(mutex);
        if (!changed.wait(lock, stop, [this] { return ready.size() < capacity; }))
            break;
        ready.push_back(std::move(*page));
        changed.notify_all();
    }
    scan.lease.reset();
    const std::scoped_lock lock(mutex);
    if (failed) {
        if (settings.cluster)
            failures.push_back({scan.node, std::move(*failed)});
        else
            failure = std::move(*failed);
    }
    --running;
    changed.notify_all();
}

KeyScanner::KeyScanner(Client client, ScanOptions options)
    : state_(std::make_unique<State>(std::move(client), std::move(options)))
{}

KeyScanner::~KeyScanner() = default;
KeyScanner::KeyScanner(KeyScanner &&) noexcept = default;
KeyScanner &KeyScanner::operator=(KeyScanner &&) noexcept = default;

bool KeyScanner::finished() const noexcept
{
    return state_->finished;
}

std::uint64_t KeyScanner::scanned() const noexcept
{
    return state_->scanned;
}

bool KeyScanner::complete() const noexcept
{
    return state_->failedNodes.empty();
}

const std::vector<NodeFailure> &KeyScanner::failedNodes() const noexcept
{
    return state_->failedNodes;
}

std::expected<std::vector<LockRecord>, Error> KeyScanner::next(const Context &context)
{
    State &state = *state_;
    if (state.finished)
        return std::vector<LockRecord>{};
    if (context.stopRequested())
        return std::unexpected(Error(Errc::cancelled, "the scan was cancelled"));
    if (!state.started) {
        if (auto begun = state.begin(context); !begun)
            return std::unexpected(begun.error());
    }

    if (state.single) {
        auto page =
            state.single->next(*state.client.core_, state.settings, context, state.takeSpent());
        if (!page)
            return std::unexpected(page.error());
        state.scanned += page->keys;
        state.finished = state.single->finished;
        return std::move(page->records);
    }

    std::unique_lock lock(state.mutex);
    // One server's reader stopped on a failure that next() has returned since: it starts
    // again, and resumes where it stopped.
    if (!state.settings.cluster && state.running == 0 && !state.failure)
        state.startReaders();
    const auto pageOrEnd = [&state] {
        return !state.ready.empty() || state.running == 0;
    };
    const std::stop_token &stop = context.stopToken();
    const bool woken = context.deadline()
                           ? state.changed.wait_until(lock, stop, *context.deadline(), pageOrEnd)
                           : state.changed.wait(lock, stop, pageOrEnd);
    if (!woken) {
        if (context.stopRequested())
            return std::unexpected(Error(Errc::cancelled, "the scan was cancelled"));
        return std::unexpected(
            Error(Errc::timeout, "no page of the scan came before the deadline"));
    }
    state.failedNodes = state.failures;
    if (state.ready.empty()) {
        if (state.failure)
            return std::unexpected(*std::exchange(state.failure, std::nullopt));
        state.finished = true;
        return std::vector<LockRecord>{};
    }
    NodeScan::Page page = std::move(state.ready.front());
    state.ready.pop_front();
    state.changed.notify_all();
    state.scanned += page.keys;
    if (!state.settings.cluster && page.last)
        state.finished = true;
    return std::move(page.records);
}

void KeyScanner::recycle(std::vector<LockRecord> page)
{
    State &state = *state_;
    if (page.capacity() == 0)
        return;
    // As many as can be in the readers' hands at once (the queue full, and one page being read
    // by each reader), so that a reader rarely finds none and makes a page anew; beyond that,
    // freed here.
    const std::size_t kept = std::max<std::size_t>(state.capacity + state.nodes.size(), 2);
    const std::scoped_lock lock(state.mutex);
    if (state.spent.size() < kept)
        state.spent.push_back(std::move(page));
}

std::expected<std::vector<LockRecord>, Error> readRecords(const Client &client,
                                                          std::span<const std::string> keys,
                                                          const ScanOptions &options,
                                                          const Context &context)
{
    // As KeyScanner reads a page: GETRANGE + PTTL of each key in one round trip, then, only
    // when needed, TYPE and the first HSCAN page of keys that hold no string, STRLEN of values
    // longer than was read and LLEN of python-redis-lock's signal list beside a "lock:" key.
    if (keys.empty())
        return std::vector<LockRecord>{};
    const std::string lastByte =
        options.maxValueBytes > 0 ? std::to_string(options.maxValueBytes - 1) : "-1";
    std::vector<std::vector<std::string>> reads;
    reads.reserve(2 * keys.size());
    for (const std::string &key : keys) {
        reads.push_back({"GETRANGE", key, "0", lastByte});
        reads.push_back({"PTTL", key});
    }
    // On a cluster the client's pipeline sends each master its keys' share in one round trip
    // (and follows a slot that moved); the record names the master that serves the key.
    const bool cluster = client.deployment() == Deployment::cluster;
    std::string server;
    if (!cluster) {
        auto own = client.masterFor(keys.front(), context);
        if (!own)
            return std::unexpected(own.error());
        server = std::move(*own);
    }
    auto replies = client.pipeline(reads, context);
    if (!replies)
        return std::unexpected(replies.error());
    std::vector<LockRecord> records;
    records.reserve(keys.size());
    std::vector<std::vector<std::string>> followUps;
    std::vector<std::size_t> followUpRecords;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const Reply &head = (*replies)[2 * i];
        const Reply &ttl = (*replies)[2 * i + 1];
        if (ttl.isError() || ttl.integer == -2)
            continue; // gone since it was named
        LockRecord &record = records.emplace_back();
        record.key = keys[i];
        if (cluster) {
            record.slot = hashSlot(record.key);
            auto node = client.masterFor(record.key, context);
            if (!node)
                return std::unexpected(node.error());
            record.node = std::move(*node);
        } else {
            record.node = server;
        }
        record.ttlMs = ttl.type == Reply::Type::integer ? ttl.integer : -1;
        if (head.isError()) {
            queueTypedReads(followUps, record.key);
            followUpRecords.push_back(records.size() - 1);
            followUpRecords.push_back(records.size() - 1);
            continue;
        }
        record.value = head.text;
        record.valueSize = record.value.size();
        if (options.maxValueBytes > 0 && record.value.size() >= options.maxValueBytes) {
            followUps.push_back({"STRLEN", record.key});
            followUpRecords.push_back(records.size() - 1);
        } else if (auto signal = signalKeyOf(record); !signal.empty()) {
            followUps.push_back({"LLEN", std::move(signal)});
            followUpRecords.push_back(records.size() - 1);
        }
    }
    if (!followUps.empty()) {
        auto more = client.pipeline(followUps, context);
        if (!more)
            return std::unexpected(more.error());
        for (std::size_t i = 0; i < followUps.size(); ++i) {
            LockRecord &record = records[followUpRecords[i]];
            const Reply &reply = (*more)[i];
            if (followUps[i][0] == "TYPE")
                record.type = reply.text;
            else if (followUps[i][0] == "HSCAN")
                takeHash(record, reply);
            else if (reply.type != Reply::Type::integer)
                continue;
            else if (followUps[i][0] == "LLEN")
                record.signalLength = reply.integer;
            else
                record.valueSize = static_cast<std::size_t>(reply.integer);
        }
    }
    for (auto &record : records)
        record.classify(options.customTokenLength);
    return records;
}

} // namespace redislock
