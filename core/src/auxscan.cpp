// Reading the auxiliary keys beside locks (see auxkeys.h): reads only, so that lockctl and the
// inspector can do it on a server they must not change.

#include <redislock/auxkeys.h>

#include <set>

namespace redislock {

std::expected<AuxReport, Error> scanAuxKeys(const Client &client, const ScanOptions &options,
                                            const Context &context)
{
    AuxReport report;
    std::vector<std::string> patterns{options.pattern};
    if (options.pattern != "*")
        for (auto &pattern : auxPatterns(options.pattern))
            patterns.push_back(std::move(pattern));
    for (const auto &pattern : patterns) {
        auto scan = options;
        scan.pattern = pattern;
        KeyScanner scanner(client, scan);
        while (!scanner.finished()) {
            auto page = scanner.next(context);
            if (!page)
                return std::unexpected(page.error());
            for (auto &record : *page)
                report.records.insert_or_assign(record.key, std::move(record));
        }
    }
    std::set<std::string> lockKeys;
    for (const auto &[key, record] : report.records) {
        if (auto aux = auxKeyOf(key)) {
            lockKeys.insert(aux->lockKey);
            report.entries.push_back({key, std::move(*aux), record.ttlMs, record.type, false, -1});
        }
    }
    // Which locks exist: those listed, and the others asked for in one round trip.
    std::map<std::string, bool> exists;
    std::vector<std::vector<std::string>> asks;
    for (const auto &lock : lockKeys) {
        if (report.records.contains(lock))
            exists[lock] = true;
        else
            asks.push_back({"EXISTS", lock});
    }
    if (!asks.empty()) {
        auto replies = client.pipeline(asks, context);
        if (!replies)
            return std::unexpected(replies.error());
        for (std::size_t i = 0; i < asks.size(); ++i)
            exists[asks[i][1]] = (*replies)[i].integer > 0;
    }
    std::vector<std::vector<std::string>> sizes;
    std::vector<std::size_t> sized;
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        AuxEntry &entry = report.entries[i];
        entry.orphan = !exists[entry.aux.lockKey];
        if (!entry.orphan)
            continue;
        ++report.orphans;
        if (sized.size() < auxMemorySamples) {
            sizes.push_back({"MEMORY", "USAGE", entry.key, "SAMPLES", "5"});
            sized.push_back(i);
        }
    }
    std::int64_t sampledBytes = 0;
    if (!sizes.empty()) {
        auto replies = client.pipeline(sizes, context);
        if (!replies)
            return std::unexpected(replies.error());
        for (std::size_t i = 0; i < sized.size(); ++i) {
            const auto &reply = (*replies)[i];
            if (reply.type == Reply::Type::integer) {
                report.entries[sized[i]].memory = reply.integer;
                sampledBytes += reply.integer;
            }
        }
    }
    report.sampled = sized.size();
    report.estimated = report.orphans > sized.size();
    report.orphanBytes = sized.empty()
                             ? 0
                             : static_cast<std::int64_t>(static_cast<double>(sampledBytes) /
                                                         static_cast<double>(sized.size()) *
                                                         static_cast<double>(report.orphans));
    return report;
}

std::expected<std::vector<AuxEntry>, Error>
readAuxKeys(const Client &client, const LockRecord &lock, const Context &context)
{
    const auto names = auxKeyNames(lock);
    std::vector<std::vector<std::string>> commands;
    commands.reserve(names.size() * 2);
    for (const auto &[key, kind] : names) {
        commands.push_back({"TYPE", key});
        commands.push_back({"PTTL", key});
    }
    auto replies = client.pipeline(commands, context);
    if (!replies)
        return std::unexpected(replies.error());
    std::vector<AuxEntry> found;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const Reply &type = (*replies)[2 * i];
        const Reply &ttl = (*replies)[2 * i + 1];
        if (type.isError() || type.text == "none")
            continue;
        found.push_back({names[i].first, AuxKey{names[i].second, lock.key},
                         ttl.type == Reply::Type::integer ? ttl.integer : -2, type.text, false,
                         -1});
    }
    return found;
}

} // namespace redislock
