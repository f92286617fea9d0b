#include "clientcore.h"
#include "formats/recogniser.h"
#include "randomtoken.h"
#include "replyerror.h"

#include <redislock/keyscanner.h>

#include <hiredis/hiredis.h>

#include <optional>

namespace redislock {

using detail::Connection;
using detail::RawReply;

// How the scan goes: SCAN alone for the first page; after that, each batch sent is one write of
// the reads of a page (GETRANGE + PTTL per key) followed by the SCAN of the next page. While the
// caller works on one page (classifying, printing), the server is already reading the next, so
// on a machine with a spare CPU the two overlap, and a page costs one round trip, not two.
// Every command is a read, so a batch lost with a killed connection is simply sent again.
struct KeyScanner::State
{
    State(Client target, ScanOptions scan) : client(std::move(target)), options(std::move(scan))
    {
        if (options.count == 0)
            options.count = 1;
        count = std::to_string(options.count);
        lastByte = options.maxValueBytes > 0 ? std::to_string(options.maxValueBytes - 1) : "-1";
    }

    Client client;
    ScanOptions options;
    std::string lastByte;  // GETRANGE's end: maxValueBytes - 1, or -1 for all of it
    RawReply page;         // the SCAN reply whose keys the next call returns (null at first)
    bool inFlight = false; // the batch of `page` has been sent on `lease`
    bool finished = false;
    std::uint64_t scanned = 0;
    std::optional<detail::ConnectionPool::Lease> lease; // dropped, not reused, with replies due

    [[nodiscard]] static std::string_view cursorOf(const redisReply &scan)
    {
        return {scan.element[0]->str, scan.element[0]->len};
    }
    // The reads of a page's keys, then the SCAN of the next page unless this was the last.
    void queueBatch(Connection &connection, const redisReply &scan) const
    {
        const redisReply &keys = *scan.element[1];
        for (std::size_t i = 0; i < keys.elements; ++i) {
            const std::string_view key(keys.element[i]->str, keys.element[i]->len);
            connection.queue({"GETRANGE", key, "0", lastByte});
            connection.queue({"PTTL", key});
        }
        if (const auto cursor = cursorOf(scan); cursor != "0")
            connection.queue({"SCAN", cursor, "MATCH", options.pattern, "COUNT", count});
    }
    std::string count;
};

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

} // namespace

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

std::expected<std::vector<LockRecord>, Error> KeyScanner::next(const Context &context)
{
    State &state = *state_;
    if (state.finished)
        return std::vector<LockRecord>{};
    if (context.stopRequested())
        return std::unexpected(Error(Errc::cancelled, "the scan was cancelled"));
    detail::ClientCore &core = *state.client.core_;

    // Any failure drops the connection (replies may be due on it); the state stays as it was,
    // so the next call sends the same page's batch again on a new one.
    const auto fail = [&state](Error error) -> std::expected<std::vector<LockRecord>, Error> {
        state.lease.reset();
        state.inFlight = false;
        return std::unexpected(std::move(error));
    };

    const auto keyCount = [&state] {
        return state.page ? state.page->element[1]->elements : 0;
    };
    std::vector<RawReply> reads;
    RawReply nextPage;
    for (int attempt = 0;; ++attempt) {
        if (!state.lease) {
            auto lease = core.lease(context);
            if (!lease)
                return std::unexpected(lease.error());
            state.lease.emplace(std::move(*lease));
            state.inFlight = false;
        }
        Connection &connection = **state.lease;
        if (!state.page) {
            connection.queue({"SCAN", "0", "MATCH", state.options.pattern, "COUNT", state.count});
            if (auto sent = connection.flush(context); !sent)
                return fail(sent.error());
            auto page = scanReply(connection.receive(context));
            if (!page)
                return fail(page.error());
            state.page = std::move(*page);
        }
        if (!state.inFlight) {
            state.queueBatch(connection, *state.page);
            if (auto sent = connection.flush(context); !sent)
                return fail(sent.error());
            state.inFlight = true;
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
        if (!failure && State::cursorOf(*state.page) != "0") {
            auto page = scanReply(connection.receive(context));
            if (page)
                nextPage = std::move(*page);
            else
                failure = page.error();
        }
        if (!failure)
            break;
        // A connection closed under a paused scan (server timeout, CLIENT KILL): once more on
        // a new one. Reads only, so nothing was changed by the batch that was lost.
        if (*failure != Errc::connectionClosed || attempt > 0)
            return fail(*failure);
        state.lease.reset();
        state.inFlight = false;
    }

    const redisReply &keys = *state.page->element[1];
    std::vector<LockRecord> records;
    records.reserve(keys.elements);
    std::vector<std::size_t> typed;  // records whose key holds no string: TYPE
    std::vector<std::size_t> longer; // records whose value was cut short: STRLEN
    std::vector<std::size_t> signalled; // records named lock:NAME: LLEN lock-signal:NAME
    const bool bounded = state.options.maxValueBytes > 0;
    for (std::size_t i = 0; i < keys.elements; ++i) {
        const redisReply &head = *reads[2 * i];
        const redisReply &ttl = *reads[2 * i + 1];
        if (ttl.type == REDIS_REPLY_INTEGER && ttl.integer == -2)
            continue; // gone since SCAN saw it
        LockRecord &record = records.emplace_back();
        record.key.assign(keys.element[i]->str, keys.element[i]->len);
        record.ttlMs = ttl.type == REDIS_REPLY_INTEGER ? ttl.integer : -1;
        if (head.type == REDIS_REPLY_ERROR) {
            typed.push_back(records.size() - 1);
            continue;
        }
        if (head.type == REDIS_REPLY_STRING)
            record.value.assign(head.str, head.len);
        record.valueSize = record.value.size();
        if (bounded && record.value.size() >= state.options.maxValueBytes)
            longer.push_back(records.size() - 1);
        else if (!detail::pythonRedisLockSignalKey(record.key).empty())
            signalled.push_back(records.size() - 1);
    }
    reads.clear();

    // One write: the follow-ups of this page, then the next page's batch. The follow-ups'
    // replies come first, and the server goes on with the batch while the caller works.
    Connection &connection = **state.lease;
    for (std::size_t index : typed) {
        connection.queue({"TYPE", records[index].key});
        connection.queue({"HSCAN", records[index].key, "0", "COUNT", hashFieldsRead});
    }
    for (std::size_t index : longer)
        connection.queue({"STRLEN", records[index].key});
    for (std::size_t index : signalled)
        connection.queue({"LLEN", detail::pythonRedisLockSignalKey(records[index].key)});
    if (nextPage)
        state.queueBatch(connection, *nextPage);
    if (auto sent = connection.flush(context); !sent)
        return fail(sent.error());
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
        record.classify(state.options.customTokenLength);

    state.scanned += keys.elements;
    state.page = std::move(nextPage);
    state.inFlight = state.page != nullptr;
    state.finished = !state.inFlight;
    if (state.finished)
        state.lease.reset(); // nothing due: back to the pool
    return records;
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
