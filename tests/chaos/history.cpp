#include "history.h"

#include <charconv>
#include <chrono>
#include <string>
#include <vector>

namespace chaos {

Nanos monotonicNow() noexcept
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string_view verdictName(Verdict verdict) noexcept
{
    switch (verdict) {
    case Verdict::accepted:
        return "accepted";
    case Verdict::stale:
        return "stale";
    case Verdict::collision:
        return "collision";
    }
    return "?";
}

std::string formatLine(const WriteEvent &event)
{
    return "write " + std::to_string(event.at) + ' ' + event.key + ' ' +
           std::to_string(event.fence) + ' ' + event.holder + ' ' +
           std::string(verdictName(event.verdict));
}

std::string formatLine(const HoldEvent &event)
{
    return "hold " + event.key + ' ' + std::to_string(event.fence) + ' ' + event.holder + ' ' +
           std::to_string(event.start) + ' ' + std::to_string(event.end) + ' ' +
           std::to_string(event.validUntil) + ' ' + std::to_string(event.writesAccepted) + ' ' +
           std::to_string(event.writesRejected) + ' ' + (event.lossReported ? "1" : "0");
}

std::string formatLine(const ErrorEvent &event)
{
    return "error " + std::to_string(event.at) + ' ' + event.holder + ' ' + event.kind;
}

std::string formatLine(const FaultEvent &event)
{
    return "fault " + std::to_string(event.at) + ' ' + event.kind + ' ' + event.detail;
}

namespace {

std::vector<std::string_view> words(std::string_view line, std::size_t count)
{
    // The first count - 1 words split on blanks, the last one the rest of the line.
    std::vector<std::string_view> result;
    while (result.size() + 1 < count) {
        const auto blank = line.find(' ');
        if (blank == std::string_view::npos)
            break;
        result.push_back(line.substr(0, blank));
        line.remove_prefix(blank + 1);
    }
    result.push_back(line);
    return result;
}

template <typename Integer>
bool number(std::string_view text, Integer &value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

std::optional<Verdict> verdictFrom(std::string_view name)
{
    for (const Verdict verdict : {Verdict::accepted, Verdict::stale, Verdict::collision}) {
        if (verdictName(verdict) == name)
            return verdict;
    }
    return std::nullopt;
}

} // namespace

std::optional<Event> parseLine(std::string_view line)
{
    if (!line.empty() && line.back() == '\n')
        line.remove_suffix(1);
    const auto type = line.substr(0, line.find(' '));
    if (type == "write") {
        const auto w = words(line, 6);
        WriteEvent event;
        if (w.size() != 6 || !number(w[1], event.at) || !number(w[3], event.fence))
            return std::nullopt;
        const auto verdict = verdictFrom(w[5]);
        if (!verdict)
            return std::nullopt;
        event.key = w[2];
        event.holder = w[4];
        event.verdict = *verdict;
        return event;
    }
    if (type == "hold") {
        const auto w = words(line, 10);
        HoldEvent event;
        int loss = 0;
        if (w.size() != 10 || !number(w[2], event.fence) || !number(w[4], event.start) ||
            !number(w[5], event.end) || !number(w[6], event.validUntil) ||
            !number(w[7], event.writesAccepted) || !number(w[8], event.writesRejected) ||
            !number(w[9], loss))
            return std::nullopt;
        event.key = w[1];
        event.holder = w[3];
        event.lossReported = loss != 0;
        return event;
    }
    if (type == "error") {
        const auto w = words(line, 4);
        ErrorEvent event;
        if (w.size() != 4 || !number(w[1], event.at))
            return std::nullopt;
        event.holder = w[2];
        event.kind = w[3];
        return event;
    }
    if (type == "fault") {
        const auto w = words(line, 4);
        FaultEvent event;
        if (w.size() < 3 || !number(w[1], event.at))
            return std::nullopt;
        event.kind = w[2];
        event.detail = w.size() == 4 ? std::string(w[3]) : std::string();
        return event;
    }
    return std::nullopt;
}

} // namespace chaos
