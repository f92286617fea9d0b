#include <redislock/harness/statistics.h>

#include <queue>

#include <algorithm>
#include <cmath>
#include <functional>

namespace redislock::harness {

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::ranges::sort(values);
    // Nearest rank: ceil(p/100 * n), 1-based, clamped to [1, n].
    const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
    const auto index =
        static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(values.size())));
    return values[index - 1];
}

double jainFairness(std::span<const std::uint64_t> shares)
{
    double sum = 0;
    double sumOfSquares = 0;
    for (const std::uint64_t share : shares) {
        const auto x = static_cast<double>(share);
        sum += x;
        sumOfSquares += x * x;
    }
    if (shares.empty() || sumOfSquares == 0)
        return 0;
    return sum * sum / (static_cast<double>(shares.size()) * sumOfSquares);
}

Overlaps countOverlaps(std::vector<HoldInterval> intervals)
{
    std::ranges::sort(intervals, {}, &HoldInterval::start);
    // Ends of the intervals still open at the current start, earliest first.
    std::priority_queue<std::chrono::nanoseconds, std::vector<std::chrono::nanoseconds>,
                        std::greater<>>
        open;
    Overlaps overlaps;
    for (const HoldInterval &interval : intervals) {
        // An interval that ended at or before this start does not overlap it (strictly).
        while (!open.empty() && open.top() <= interval.start)
            open.pop();
        overlaps.pairs += open.size();
        open.push(interval.end);
        overlaps.maxHolders = std::max(overlaps.maxHolders, open.size());
    }
    return overlaps;
}

} // namespace redislock::harness
