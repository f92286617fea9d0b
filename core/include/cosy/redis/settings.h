#pragma once

#include <redislock/error.h>

#include <expected>
#include <filesystem>
#include <string>

namespace cosy::redis {

// The [redis] section of a Cosy app.ini: Addr, Password, DB, Prefix.
struct Settings
{
    std::string addr = "127.0.0.1:6379";
    std::string password;
    int db = 0;
    std::string prefix;
};

// Reads the [redis] section of a Cosy app.ini. Missing entries keep their defaults.
[[nodiscard]] std::expected<Settings, redislock::Error>
loadSettings(const std::filesystem::path &appIni);

} // namespace cosy::redis
