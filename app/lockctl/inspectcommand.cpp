#include "commands.h"
#include "jsonwriter.h"
#include "lockoutput.h"

#include <redislock/keyscanner.h>

#include <cstdio>

namespace {

std::string copyText(const redislock::ReplicaCopy &copy)
{
    if (copy.error)
        return "not asked: " + copy.error->message();
    if (!copy.exists)
        return "MISSING (a failover now would lose the lock)";
    if (!copy.sameValue)
        return "DIFFERENT value (not caught up, or another holder)";
    return "same value, ttl " + std::to_string(copy.ttlMs) + "ms";
}

} // namespace

int runInspect(Invocation &invocation)
{
    if (auto rejected = invocation.rejectUnknownOptions({"token-length"}))
        return *rejected;
    if (invocation.arguments().positionals().size() != 1)
        return invocation.usage("inspect needs exactly one KEY");
    if (invocation.arguments().positionals().front().empty())
        return invocation.usage("a KEY must not be empty");
    const auto tokenLength = invocation.integer("token-length", 0, 1, 4096);
    if (!tokenLength)
        return invocation.fail(tokenLength.error());
    auto client = invocation.connect();
    if (!client)
        return invocation.fail(client.error());
    const std::string key = invocation.fullKey(invocation.arguments().positionals().front());
    const redislock::Context context(invocation.stopToken());
    redislock::ScanOptions options;
    options.customTokenLength = static_cast<std::size_t>(*tokenLength);
    options.maxValueBytes = 0; // the whole value: the replicas are compared with all of it
    auto records = redislock::readRecords(*client, std::span(&key, 1), options, context);
    if (!records)
        return invocation.fail(records.error());
    if (records->empty())
        return invocation.fail(
            redislock::Error(redislock::Errc::lockNotHeld, printable(key) + " does not exist"));
    const redislock::LockRecord &record = records->front();
    // A key holding no string has no value to compare: its replicas are not asked.
    std::expected<std::vector<redislock::ReplicaCopy>, redislock::Error> copies;
    if (record.type == "string")
        copies = redislock::checkReplicas(*client, key, record.value, context);
    else
        copies = std::vector<redislock::ReplicaCopy>{};

    if (invocation.json()) {
        JsonWriter json(stdout);
        json.beginObject().key("lock");
        writeLockJson(json, record, std::span(&record.key, 1));
        json.key("replicas");
        if (!copies) {
            json.null().key("replicas_error").bytes(copies.error().message());
        } else {
            json.beginArray();
            for (const auto &copy : *copies) {
                json.beginObject().key("node").bytes(copy.node);
                if (copy.error) {
                    json.key("error").bytes(copy.error->message());
                } else {
                    json.key("exists").boolean(copy.exists);
                    json.key("same_value").boolean(copy.sameValue);
                    json.key("ttl_ms").number(copy.ttlMs);
                }
                json.key("lag_bytes");
                if (copy.lagBytes)
                    json.number(*copy.lagBytes);
                else
                    json.null();
                json.endObject();
            }
            json.endArray();
        }
        json.endObject().finish();
        return exitSuccess;
    }
    std::printf("key       %s\n", printable(record.key).c_str());
    std::printf("node      %s", printable(record.node).c_str());
    if (record.slot)
        std::printf(" (slot %u)", static_cast<unsigned>(*record.slot));
    const std::string format = record.type == "string"
                                   ? std::string(redislock::formatName(record.format))
                                   : "raw (" + record.type + ")";
    std::printf("\nformat    %s\n", format.c_str());
    std::printf("token     %s\n", printable(record.token()).c_str());
    std::printf("metadata  %s\n", printable(record.metadata(), 200).c_str());
    std::printf("ttl       %lldms\n", static_cast<long long>(record.ttlMs));
    if (!copies) {
        std::printf("replicas  could not be asked: %s\n",
                    printable(copies.error().message()).c_str());
    } else if (copies->empty()) {
        std::printf("replicas  none: a failover has nothing to promote\n");
    } else {
        for (const auto &copy : *copies) {
            std::printf("replica   %s: %s", printable(copy.node).c_str(),
                        printable(copyText(copy)).c_str());
            if (copy.lagBytes)
                std::printf(" (%lld bytes behind)", static_cast<long long>(*copy.lagBytes));
            std::printf("\n");
        }
    }
    return exitSuccess;
}
