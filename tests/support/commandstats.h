#pragma once

#include "support/rawredis.h"

#include <QHash>
#include <QStringList>

namespace lockscope::test {

// The commands a server ran since CONFIG RESETSTAT that are not reads, connection set-up or
// statistics (INFO commandstats names them "cmdstat_<name>"): how a test proves that a
// read-only path wrote nothing. On failure, one entry saying so.
[[nodiscard]] QStringList nonReadCommands(RawRedis &raw);

// Calls per command since CONFIG RESETSTAT ("pttl" -> 1200), from INFO commandstats: how a test
// counts what a watcher costs the server. Empty when INFO failed.
[[nodiscard]] QHash<QString, qint64> commandCalls(RawRedis &raw);

} // namespace lockscope::test
