#include <cosy/redis/settings.h>

#include <charconv>
#include <fstream>

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

// go-ini accepts values in quotes or backquotes.
std::string_view unquote(std::string_view value)
{
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '`') &&
        value.back() == value.front())
        return value.substr(1, value.size() - 2);
    return value;
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
    std::ifstream file(appIni);
    if (!file)
        return std::unexpected(Error(Errc::invalidArgument,
                                     "cannot read " + appIni.string() + ": no such readable file"));
    Settings settings;
    bool inRedis = false;
    bool sawRedis = false;
    std::string line;
    int number = 0;
    while (std::getline(file, line)) {
        ++number;
        const auto text = trim(line);
        if (text.empty() || text.front() == ';' || text.front() == '#')
            continue;
        if (text.front() == '[') {
            if (text.back() != ']')
                return std::unexpected(
                    Error(Errc::invalidArgument, appIni.string() + ":" + std::to_string(number) +
                                                     ": unterminated section header"));
            inRedis = equalsIgnoringCase(trim(text.substr(1, text.size() - 2)), "redis");
            sawRedis = sawRedis || inRedis;
            continue;
        }
        if (!inRedis)
            continue;
        const auto eq = text.find('=');
        if (eq == std::string_view::npos)
            return std::unexpected(
                Error(Errc::invalidArgument, appIni.string() + ":" + std::to_string(number) +
                                                 ": expected Name = value in [redis]"));
        const auto name = trim(text.substr(0, eq));
        const auto value = unquote(trim(text.substr(eq + 1)));
        if (equalsIgnoringCase(name, "Addr")) {
            settings.addr = std::string(value);
        } else if (equalsIgnoringCase(name, "Password")) {
            settings.password = std::string(value);
        } else if (equalsIgnoringCase(name, "Prefix")) {
            settings.prefix = std::string(value);
        } else if (equalsIgnoringCase(name, "DB")) {
            int db = 0;
            const auto *end = value.data() + value.size();
            const auto parsed = std::from_chars(value.data(), end, db);
            if (value.empty() || parsed.ec != std::errc() || parsed.ptr != end || db < 0)
                return std::unexpected(
                    Error(Errc::invalidArgument, appIni.string() + ":" + std::to_string(number) +
                                                     ": DB must be a number 0 or above, not \"" +
                                                     std::string(value) + "\""));
            settings.db = db;
        }
    }
    if (!sawRedis)
        return std::unexpected(
            Error(Errc::invalidArgument, appIni.string() + " has no [redis] section"));
    return settings;
}

} // namespace cosy::redis
