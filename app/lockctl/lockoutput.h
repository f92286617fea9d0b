#pragma once

#include "jsonwriter.h"

#include <redislock/lock.h>
#include <redislock/lockrecord.h>
#include <redislock/printable.h>

#include <cstdio>
#include <span>
#include <string>
#include <vector>

// A lock as lockctl prints it in JSON: {"key","keys","format","token","metadata","value","ttl_ms"},
// and where it was read: "node" ("host:port") and on a cluster "slot".
void writeLockJson(JsonWriter &json, const redislock::LockRecord &record,
                   std::span<const std::string> keys);

// The record of a lock this process holds, for printing.
[[nodiscard]] redislock::LockRecord recordOf(const redislock::Lock &lock, std::int64_t ttlMs);

// Bytes for a terminal: the core's escaping of control characters and non-UTF-8 bytes.
using redislock::printable;
