#pragma once

// The checker of a chaos run: reads the history and says whether the locks kept their promise.
//
// - Overlapping holds: two holds of one key whose intervals [start, end] intersect, both of
//   which ended within their validity. Must be 0: a holder that finished in time had the key
//   to itself. (A holder frozen past its ttl does overlap its successor; that is what fencing
//   is for, and such holds are counted apart.)
// - Fence order: the valid holds of a key, in the order they started, carry strictly
//   increasing fences. Must hold.
// - Stale writes: rejected by the resource because a newer fence had written. Expected from
//   holds that overran their validity (a paused holder); a stale rejection of a write made
//   while its hold was still valid means someone else got the key during that validity: a
//   violation. Fence collisions (two holders, one fence) are violations.
// - The resource's own log is replayed: no accepted write older than an accepted one.

#include "history.h"

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <vector>

namespace chaos {

struct ChaosReport
{
    std::int64_t acquisitions = 0;
    std::int64_t holdsWithinValidity = 0;
    std::int64_t holdsPastValidity = 0;
    std::int64_t overlappingHolds = 0;     // violation
    std::int64_t fenceOrderViolations = 0; // violation
    std::int64_t writesAccepted = 0;
    std::int64_t staleWritesRejected = 0;
    std::int64_t staleWithinValidity = 0;     // violation
    std::int64_t fenceCollisions = 0;         // violation
    std::int64_t resourceInconsistencies = 0; // violation
    std::int64_t lossesReported = 0;          // by a lease watch (watchdog), where holders have one
    std::int64_t malformedLines = 0;          // violation: the history cannot be trusted
    std::map<std::string, std::int64_t> errorsByKind;
    std::map<std::string, std::int64_t> faultsByKind;
    std::vector<std::string> examples; // the first few violations, for the report

    [[nodiscard]] bool violated() const noexcept
    {
        return overlappingHolds + fenceOrderViolations + staleWithinValidity + fenceCollisions +
                   resourceInconsistencies + malformedLines >
               0;
    }
};

[[nodiscard]] ChaosReport checkHistory(std::istream &history);
// The report as lines a person reads; the last says OK or VIOLATION.
[[nodiscard]] std::string formatReport(const ChaosReport &report);

} // namespace chaos
