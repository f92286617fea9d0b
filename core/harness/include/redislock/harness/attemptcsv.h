#pragma once

#include <redislock/harness/harness.h>

#include <ostream>
#include <span>

namespace redislock::harness {

// Every attempt of every run as CSV (RFC 4180 quoting, LF line ends), one line each after the
// header "strategy,client,start_ms,end_ms,outcome"; times in milliseconds since the run's start.
void writeAttemptCsv(std::ostream &out, std::span<const RunResult> runs);

} // namespace redislock::harness
