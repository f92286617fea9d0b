#include "invocation.h"

#include <cosy/redis/settings.h>
#include <redislock/duration.h>
#include <redislock/printable.h>

#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <limits>
#include <mutex>

using redislock::Errc;
using redislock::Error;

int exitCodeFor(const Error &error)
{
    if (error == redislock::ErrNotObtained || error == redislock::ErrLockNotHeld)
        return exitNotObtained;
    if (error == Errc::invalidArgument || error == Errc::invalidUrl)
        return exitUsage;
    return exitConnection;
}

std::expected<redislock::Client, Error> Invocation::connect()
{
    const auto url = arguments_.value("url");
    const auto config = arguments_.value("config");
    if (url && config)
        return std::unexpected(
            Error(Errc::invalidArgument, "give either --url or --config, not both"));
    std::expected<redislock::ConnectionOptions, Error> options =
        redislock::ConnectionOptions::fromUrl("redis://127.0.0.1:6379");
    std::string ownSource = "the URL";
    if (url) {
        options = redislock::ConnectionOptions::fromUrl(*url);
    } else if (config) {
        auto settings = cosy::redis::loadSettings(*config);
        if (!settings)
            return std::unexpected(settings.error());
        options = redislock::ConnectionOptions::fromAddress(settings->addr, settings->password,
                                                            settings->db);
        prefix_ = settings->prefix;
        ownSource = "Password in " + redislock::printable(*config);
        configFile_ = *config;
    }
    if (!options)
        return std::unexpected(options.error());
    auto source = redislock::applyToolPassword(options->password, ownSource,
                                               arguments_.value("password-file"));
    if (!source)
        return std::unexpected(source.error());
    passwordSource_ = std::move(*source);
    if (const auto prefix = arguments_.value("prefix"))
        prefix_ = *prefix;
    return redislock::Client(std::move(*options));
}

std::string Invocation::fullKey(const std::string &key) const
{
    return prefix_.empty() ? key : prefix_ + ":" + key;
}

std::expected<std::chrono::nanoseconds, Error>
Invocation::duration(std::string_view option,
                     std::optional<std::chrono::nanoseconds> fallback) const
{
    const auto text = arguments_.value(option);
    if (!text) {
        if (fallback)
            return *fallback;
        return std::unexpected(
            Error(Errc::invalidArgument, "--" + std::string(option) + " is required, e.g. 500ms"));
    }
    auto parsed = redislock::parseDuration(*text);
    if (!parsed)
        return std::unexpected(Error(Errc::invalidArgument,
                                     "--" + std::string(option) + ": " + parsed.error().message()));
    return *parsed;
}

std::expected<long long, Error> Invocation::integer(std::string_view option, long long fallback,
                                                    long long minimum, long long maximum) const
{
    const auto text = arguments_.value(option);
    if (!text)
        return fallback;
    long long value = 0;
    const auto *end = text->data() + text->size();
    const auto result = std::from_chars(text->data(), end, value);
    if (text->empty() || result.ec != std::errc() || result.ptr != end || value < minimum ||
        value > maximum)
        return std::unexpected(Error(Errc::invalidArgument,
                                     "--" + std::string(option) + " must be a whole number from " +
                                         std::to_string(minimum) +
                                         (maximum == std::numeric_limits<long long>::max()
                                              ? std::string()
                                              : " to " + std::to_string(maximum)) +
                                         ", not \"" + *text + "\""));
    return value;
}

std::string Invocation::authenticationHint(const Error &error) const
{
    // The core's hint points at the URL; when the password came from elsewhere, point there.
    std::string message = error.message();
    if (error != Errc::authenticationFailed || passwordSource_ == "the URL")
        return message;
    for (const std::string_view cut : {" (check ", ": give one"}) {
        if (const auto at = message.find(cut); at != std::string::npos) {
            message.resize(at);
            break;
        }
    }
    if (!passwordSource_.empty())
        return message + " (check " + passwordSource_ + ")";
    if (!configFile_.empty())
        return message + " (give one as Password in " + configFile_ +
               ", or with --password-file FILE or " + redislock::passwordEnvironment + ")";
    return message + " (give one with --password-file FILE, " + redislock::passwordEnvironment +
           " or in the URL: redis://:password@host)";
}

int Invocation::fail(const Error &error) const
{
    // Every error line is escaped: input quoted in it (keys, specs, decoded URL parts) must
    // not break the one line nor reach the terminal as control characters.
    std::fprintf(stderr, "lockctl: %s\n", redislock::printable(authenticationHint(error)).c_str());
    return exitCodeFor(error);
}

int Invocation::usage(const std::string &message) const
{
    std::fprintf(stderr, "lockctl: %s (see lockctl --help)\n",
                 redislock::printable(message).c_str());
    return exitUsage;
}

std::optional<int>
Invocation::rejectUnknownOptions(const std::set<std::string, std::less<>> &commandOptions) const
{
    std::set<std::string, std::less<>> known{"url",    "config", "password-file",
                                             "prefix", "json",   "help"};
    known.insert(commandOptions.begin(), commandOptions.end());
    if (const auto unknown = arguments_.unknownOption(known))
        return usage("unknown option --" + *unknown + " for " + arguments_.command());
    return std::nullopt;
}

bool Invocation::pause(std::chrono::nanoseconds duration) const
{
    return redislock::Context(stop_).sleepFor(
        std::chrono::duration_cast<redislock::Context::Clock::duration>(duration));
}
