#pragma once

#include "arguments.h"

#include <redislock/client.h>
#include <redislock/error.h>
#include <redislock/lock.h>

#include <chrono>
#include <expected>
#include <limits>
#include <optional>
#include <set>
#include <stop_token>
#include <string>

// Exit codes, as lockctl --help documents them.
enum ExitCode
{
    exitSuccess = 0,
    exitNotObtained = 1, // not obtained, not held
    exitUsage = 2,       // usage or bad input
    exitConnection = 3,  // connection or server error
};

// What every command shares: the parsed arguments, the connection, the key prefix, the output
// mode, and the stop token that SIGINT and SIGTERM trigger.
class Invocation
{
public:
    Invocation(const Arguments &arguments, std::stop_token stop)
        : arguments_(arguments), stop_(std::move(stop))
    {}

    [[nodiscard]] const Arguments &arguments() const noexcept { return arguments_; }
    [[nodiscard]] bool json() const { return arguments_.flag("json"); }
    [[nodiscard]] const std::stop_token &stopToken() const noexcept { return stop_; }

    // Sleeps, unless interrupted first; false when it was.
    [[nodiscard]] bool pause(std::chrono::nanoseconds duration) const;

    // The client for --url or --config (default redis://127.0.0.1:6379), with the password of
    // --password-file, the URL or app.ini, or LOCKSCOPE_PASSWORD / REDISCLI_AUTH, and the
    // prefix from --prefix or the config's Prefix.
    [[nodiscard]] std::expected<redislock::Client, redislock::Error> connect();
    [[nodiscard]] const std::string &prefix() const noexcept { return prefix_; }
    // Cosy's buildKey when a prefix is set; the key as given otherwise.
    [[nodiscard]] std::string fullKey(const std::string &key) const;

    // A duration option, or an error naming the option; `fallback` when it is absent.
    [[nodiscard]] std::expected<std::chrono::nanoseconds, redislock::Error>
    duration(std::string_view option, std::optional<std::chrono::nanoseconds> fallback) const;
    [[nodiscard]] std::expected<long long, redislock::Error>
    integer(std::string_view option, long long fallback, long long minimum,
            long long maximum = std::numeric_limits<long long>::max()) const;

    // A usage error when an option is neither global nor one of the command's.
    [[nodiscard]] std::optional<int>
    rejectUnknownOptions(const std::set<std::string, std::less<>> &commandOptions) const;

    // Prints the error in one line on stderr and returns the matching exit code.
    int fail(const redislock::Error &error) const;
    int usage(const std::string &message) const;

private:
    // The error's message; for an authentication failure, the hint names where the password
    // came from (the URL, app.ini, the password file, the environment).
    [[nodiscard]] std::string authenticationHint(const redislock::Error &error) const;

    const Arguments &arguments_;
    std::stop_token stop_;
    std::string prefix_;
    std::string passwordSource_ = "the URL";
    std::string configFile_;
};

// The exit code for an error.
[[nodiscard]] int exitCodeFor(const redislock::Error &error);
