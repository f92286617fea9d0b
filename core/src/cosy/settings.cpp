#include <cosy/redis/settings.h>
#include <redislock/connectionoptions.h>
#include <redislock/printable.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <utility>

namespace cosy::redis {
namespace {

using redislock::Errc;
using redislock::Error;

std::string_view trim(std::string_view text)
{
    constexpr std::string_view space = " \t\r\n";
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// A value as go-ini reads it for Cosy, so that a C++ service sees the same Prefix (and so locks
// the same keys) as the Go services beside it: in backquotes, everything up to the last
// backquote; in double or single quotes, the quoted text (go-ini would cut "a;b" at the ";",
// which no one means); otherwise the text before an inline comment (# or ;).
std::string_view valueOf(std::string_view text)
{
    if (text.empty())
        return text;
    if (text.front() == '`') {
        const auto close = text.rfind('`');
        return close > 0 ? text.substr(1, close - 1) : text;
    }
    if (text.front() == '"' || text.front() == '\'') {
        const auto close = text.find(text.front(), 1);
        if (close != std::string_view::npos) {
            const auto rest = trim(text.substr(close + 1));
            if (rest.empty() || rest.front() == '#' || rest.front() == ';')
                return text.substr(1, close - 1);
        }
    }
    if (const auto comment = text.find_first_of("#;"); comment != std::string_view::npos)
        return trim(text.substr(0, comment));
    return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
        };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

} // namespace

std::expected<Settings, Error> loadSettings(const std::filesystem::path &appIni)
{
    const std::string name = redislock::printable(appIni.string());
    std::error_code statusError;
    if (std::filesystem::is_directory(appIni, statusError))
        return std::unexpected(
            Error(Errc::invalidArgument, name + " is a directory: give the app.ini file itself"));
    std::ifstream file(appIni);
    if (!file)
        return std::unexpected(
            Error(Errc::invalidArgument, "cannot read " + name + ": no such readable file"));
    std::ostringstream text;
    text << file.rdbuf();
    return parseSettings(text.view(), appIni);
}

std::expected<Settings, Error> parseSettings(std::string_view content,
                                             const std::filesystem::path &appIni)
{
    const std::string name = redislock::printable(appIni.string());
    std::istringstream file{std::string(content)};
    Settings settings;
    bool inRedis = false;
    bool sawRedis = false;
    // Cosy loads app.ini with go-ini's AllowShadows: of a repeated entry the first one counts.
    bool seenAddr = false;
    bool seenPassword = false;
    bool seenDb = false;
    bool seenPrefix = false;
    std::string line;
    int number = 0;
    while (std::getline(file, line)) {
        ++number;
        auto text = trim(line);
        // A UTF-8 byte order mark, as Windows editors write it; go-ini skips it too.
        if (number == 1 && text.starts_with("\xEF\xBB\xBF"))
            text = trim(text.substr(3));
        if (text.empty() || text.front() == ';' || text.front() == '#')
            continue;
        if (text.front() == '[') {
            if (text.back() != ']')
                return std::unexpected(
                    Error(Errc::invalidArgument,
                          name + ":" + std::to_string(number) + ": unterminated section header"));
            inRedis = equalsIgnoringCase(trim(text.substr(1, text.size() - 2)), "redis");
            sawRedis = sawRedis || inRedis;
            continue;
        }
        if (!inRedis)
            continue;
        const auto eq = text.find('=');
        if (eq == std::string_view::npos)
            return std::unexpected(
                Error(Errc::invalidArgument,
                      name + ":" + std::to_string(number) + ": expected Name = value in [redis]"));
        const auto key = trim(text.substr(0, eq));
        const auto value = valueOf(trim(text.substr(eq + 1)));
        // As go-ini's MapTo: an empty value keeps the default.
        const auto first = [&value](bool &seen) {
            return !std::exchange(seen, true) && !value.empty();
        };
        if (equalsIgnoringCase(key, "Addr")) {
            if (first(seenAddr)) {
                // Checked here, where the line is known: "app.ini:3: ... port 99999 is out of
                // range" rather than a bare complaint when connecting.
                if (auto parsed = redislock::ConnectionOptions::fromAddress(value); !parsed)
                    return std::unexpected(
                        Error(Errc::invalidArgument, name + ":" + std::to_string(number) +
                                                         ": Addr: " + parsed.error().message()));
                settings.addr = std::string(value);
            }
        } else if (equalsIgnoringCase(key, "Password")) {
            if (first(seenPassword))
                settings.password = std::string(value);
        } else if (equalsIgnoringCase(key, "Prefix")) {
            if (first(seenPrefix))
                settings.prefix = std::string(value);
        } else if (equalsIgnoringCase(key, "DB") && first(seenDb)) {
            int db = 0;
            const auto *end = value.data() + value.size();
            const auto parsed = std::from_chars(value.data(), end, db);
            if (parsed.ec != std::errc() || parsed.ptr != end || db < 0)
                return std::unexpected(
                    Error(Errc::invalidArgument, name + ":" + std::to_string(number) +
                                                     ": DB must be a number 0 or above, not \"" +
                                                     redislock::printable(value) + "\""));
            settings.db = db;
        }
    }
    if (!sawRedis)
        return std::unexpected(Error(Errc::invalidArgument, name + " has no [redis] section"));
    return settings;
}

} // namespace cosy::redis
