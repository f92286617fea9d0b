#pragma once

#include <redislock/error.h>

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace cosy::redis {

// The [redis] section of a Cosy app.ini: Addr, Password, DB, Prefix.
struct Settings
{
    std::string addr = "127.0.0.1:6379";
    std::string password;
    int db = 0;
    std::string prefix;
};

// Reads the [redis] section of a Cosy app.ini as the Go services read it (go-ini): names and
// values around "=", comments from ; or # (also after a value: quote a value that contains
// them), values in "", '' or ``, the first of repeated entries. Missing or empty entries keep
// their defaults. Errors (Errc::invalidArgument) name the file, and the line when there is one.
[[nodiscard]] std::expected<Settings, redislock::Error>
loadSettings(const std::filesystem::path &appIni);
// The same from the content of an app.ini; `origin` names it in errors.
[[nodiscard]] std::expected<Settings, redislock::Error>
parseSettings(std::string_view content, const std::filesystem::path &origin = "app.ini");

} // namespace cosy::redis
