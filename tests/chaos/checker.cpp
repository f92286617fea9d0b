#include "checker.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace chaos {

namespace {

constexpr std::size_t maxExamples = 10;

void example(ChaosReport &report, std::string text)
{
    if (report.examples.size() < maxExamples)
        report.examples.push_back(std::move(text));
}

std::string describe(const HoldEvent &hold)
{
    return hold.holder + " fence " + std::to_string(hold.fence) + " [" +
           std::to_string(hold.start) + ", " + std::to_string(hold.end) + "] valid until " +
           std::to_string(hold.validUntil);
}

} // namespace

ChaosReport checkHistory(std::istream &history)
{
    ChaosReport report;
    std::vector<WriteEvent> writes;
    std::map<std::string, std::vector<HoldEvent>> holdsByKey;
    std::map<std::tuple<std::string, std::int64_t, std::string>, Nanos> validUntil;

    std::string line;
    while (std::getline(history, line)) {
        if (line.empty())
            continue;
        const auto event = parseLine(line);
        if (!event) {
            ++report.malformedLines;
            example(report, "malformed history line: " + line);
            continue;
        }
        if (const auto *write = std::get_if<WriteEvent>(&*event)) {
            writes.push_back(*write);
        } else if (const auto *hold = std::get_if<HoldEvent>(&*event)) {
            ++report.acquisitions;
            ++(hold->endedWithinValidity() ? report.holdsWithinValidity : report.holdsPastValidity);
            report.lossesReported += hold->lossReported ? 1 : 0;
            validUntil[{hold->key, hold->fence, hold->holder}] = hold->validUntil;
            holdsByKey[hold->key].push_back(*hold);
        } else if (const auto *error = std::get_if<ErrorEvent>(&*event)) {
            ++report.errorsByKind[error->kind];
        } else if (const auto *fault = std::get_if<FaultEvent>(&*event)) {
            ++report.faultsByKind[fault->kind];
        }
    }

    // Overlaps and fence order among the holds that ended within their validity.
    for (auto &[key, holds] : holdsByKey) {
        std::ranges::sort(holds, {}, &HoldEvent::start);
        const HoldEvent *latestEnding = nullptr;
        const HoldEvent *previous = nullptr;
        for (const HoldEvent &hold : holds) {
            if (!hold.endedWithinValidity())
                continue;
            if (latestEnding && hold.start < latestEnding->end) {
                ++report.overlappingHolds;
                example(report, "overlap on " + key + ": " + describe(*latestEnding) + " and " +
                                    describe(hold));
            }
            if (previous && hold.fence <= previous->fence) {
                ++report.fenceOrderViolations;
                example(report, "fence order on " + key + ": " + describe(*previous) +
                                    " started before " + describe(hold));
            }
            if (!latestEnding || hold.end > latestEnding->end)
                latestEnding = &hold;
            previous = &hold;
        }
    }

    // The writes: verdicts, and the resource's log replayed against the fencing rule.
    std::map<std::string, std::pair<std::int64_t, std::string>> newest;
    for (const WriteEvent &write : writes) {
        switch (write.verdict) {
        case Verdict::accepted: {
            ++report.writesAccepted;
            auto &[fence, holder] = newest[write.key];
            if (write.fence < fence || (write.fence == fence && holder != write.holder)) {
                ++report.resourceInconsistencies;
                example(report, "the resource accepted " + write.holder + " fence " +
                                    std::to_string(write.fence) + " on " + write.key +
                                    " after fence " + std::to_string(fence));
            }
            fence = write.fence;
            holder = write.holder;
            break;
        }
        case Verdict::stale: {
            ++report.staleWritesRejected;
            const auto hold = validUntil.find({write.key, write.fence, write.holder});
            if (hold != validUntil.end() && write.at <= hold->second) {
                ++report.staleWithinValidity;
                example(report, "stale write of " + write.holder + " fence " +
                                    std::to_string(write.fence) + " on " + write.key +
                                    " within its validity");
            }
            break;
        }
        case Verdict::collision:
            ++report.fenceCollisions;
            example(report, "fence collision: " + write.holder + " fence " +
                                std::to_string(write.fence) + " on " + write.key);
            break;
        }
    }
    return report;
}

std::string formatReport(const ChaosReport &report)
{
    std::ostringstream out;
    out << "acquisitions:                 " << report.acquisitions << '\n'
        << "  ended within validity:      " << report.holdsWithinValidity << '\n'
        << "  overran validity:           " << report.holdsPastValidity << '\n'
        << "overlapping valid holds:      " << report.overlappingHolds << " (must be 0)\n"
        << "fence order violations:       " << report.fenceOrderViolations << " (must be 0)\n"
        << "writes accepted:              " << report.writesAccepted << '\n'
        << "stale writes rejected:        " << report.staleWritesRejected << '\n'
        << "  made within their validity: " << report.staleWithinValidity << " (must be 0)\n"
        << "fence collisions:             " << report.fenceCollisions << " (must be 0)\n"
        << "resource log inconsistencies: " << report.resourceInconsistencies << " (must be 0)\n"
        << "losses reported by a watch:   " << report.lossesReported << '\n';
    if (report.malformedLines > 0)
        out << "malformed history lines:      " << report.malformedLines << " (must be 0)\n";
    out << "faults injected:";
    if (report.faultsByKind.empty())
        out << " none";
    for (const auto &[kind, count] : report.faultsByKind)
        out << ' ' << kind << '=' << count;
    out << "\nerrors by kind:";
    if (report.errorsByKind.empty())
        out << " none";
    for (const auto &[kind, count] : report.errorsByKind)
        out << ' ' << kind << '=' << count;
    out << '\n';
    for (const std::string &text : report.examples)
        out << "  " << text << '\n';
    out << (report.violated() ? "VIOLATION" : "OK") << '\n';
    return out.str();
}

} // namespace chaos
