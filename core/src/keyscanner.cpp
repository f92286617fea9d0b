#include "clientcore.h"
#include "randomtoken.h"

#include <redislock/keyscanner.h>

namespace redislock {

using detail::Command;
using detail::Reply;

struct KeyScanner::State
{
    Client client;
    ScanOptions options;
    std::string cursor = "0";
    bool finished = false;
    std::uint64_t scanned = 0;
};

KeyScanner::KeyScanner(Client client, ScanOptions options)
    : state_(std::make_unique<State>(State{std::move(client), std::move(options)}))
{
    if (state_->options.count == 0)
        state_->options.count = 1;
}

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

    const std::string count = std::to_string(state.options.count);
    auto page = core.command({"SCAN", state.cursor, "MATCH", state.options.pattern, "COUNT", count},
                             context);
    if (!page)
        return std::unexpected(page.error());
    if (page->isError())
        return std::unexpected(Error(Errc::serverError, "SCAN failed: " + page->text));
    if (page->type != Reply::Type::array || page->elements.size() != 2 ||
        page->elements[1].type != Reply::Type::array)
        return std::unexpected(Error(Errc::protocolError, "SCAN answered in an unexpected shape"));
    std::vector<Reply> &keys = page->elements[1].elements;

    // One round trip for the whole page: the head of each value and its ttl.
    const bool bounded = state.options.maxValueBytes > 0;
    const std::string lastByte = bounded ? std::to_string(state.options.maxValueBytes - 1) : "-1";
    std::vector<Command> reads;
    reads.reserve(2 * keys.size());
    for (const Reply &key : keys) {
        reads.push_back({"GETRANGE", key.text, "0", lastByte});
        reads.push_back({"PTTL", key.text});
    }
    std::vector<Reply> replies;
    if (!reads.empty()) {
        auto read = core.pipeline(reads, context);
        if (!read)
            return std::unexpected(read.error());
        replies = std::move(*read);
    }

    std::vector<LockRecord> records;
    records.reserve(keys.size());
    std::vector<Command> followUps; // TYPE of keys that are not strings, STRLEN of long values
    std::vector<std::size_t> followUpRecords;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const Reply &head = replies[2 * i];
        const Reply &ttl = replies[2 * i + 1];
        if (ttl.integer == -2)
            continue; // gone since SCAN saw it
        LockRecord record;
        record.key = std::move(keys[i].text);
        record.ttlMs = ttl.integer;
        if (head.isError()) {
            followUps.push_back({"TYPE", record.key});
            followUpRecords.push_back(records.size());
        } else {
            record.value = head.text;
            record.valueSize = record.value.size();
            record.format = classifyValue(record.value, state.options.customTokenLength);
            if (record.format == LockFormat::redislock)
                record.tokenLength = 22;
            else if (record.format == LockFormat::customToken)
                record.tokenLength = state.options.customTokenLength;
            if (bounded && record.value.size() >= state.options.maxValueBytes) {
                followUps.push_back({"STRLEN", record.key});
                followUpRecords.push_back(records.size());
            }
        }
        records.push_back(std::move(record));
    }
    if (!followUps.empty()) {
        auto more = core.pipeline(followUps, context);
        if (!more)
            return std::unexpected(more.error());
        for (std::size_t i = 0; i < followUps.size(); ++i) {
            LockRecord &record = records[followUpRecords[i]];
            const Reply &reply = (*more)[i];
            if (followUps[i][0] == "TYPE")
                record.type = reply.text;
            else
                record.valueSize = static_cast<std::size_t>(reply.integer);
        }
    }

    state.cursor = page->elements[0].text;
    state.finished = state.cursor == "0";
    state.scanned += keys.size();
    return records;
}

} // namespace redislock
