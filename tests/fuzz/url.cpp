// The connection URL parser, every scheme (redis://, rediss://, unix://, redis-cluster://,
// redis-sentinel:// and their TLS forms), and Cosy's host:port addresses. Properties: parsing
// is deterministic; a parsed URL's display form parses back to the same place (transport,
// deployment, host, port, seeds, master name, path, user, sentinel user, database) and never
// shows a password; an error never repeats a password given in the URL.

#include "fuzzcheck.h"

#include <redislock/connectionoptions.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

using redislock::ConnectionOptions;

namespace {

std::string summary(const ConnectionOptions &o)
{
    std::string seeds;
    for (const auto &seed : o.seeds)
        seeds += seed.text() + ",";
    return std::to_string(static_cast<int>(o.transport)) + " " +
           std::to_string(static_cast<int>(o.deployment)) + " host=" + o.host +
           " port=" + std::to_string(o.port) + " seeds=" + seeds + " master=" + o.masterName +
           " path=" + o.path + " user=" + o.user + " sentinel_user=" + o.sentinelUser +
           " db=" + std::to_string(o.db);
}

// The password as it appears in the URL's userinfo or password= option, still encoded: an
// error message must show neither. Only passwords long enough to be told apart from the rest
// of the message are looked for.
std::string passwordIn(std::string_view url)
{
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return {};
    auto rest = url.substr(scheme + 3);
    const auto question = rest.find('?');
    auto query =
        question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
    while (!query.empty()) {
        const auto pair = query.substr(0, query.find('&'));
        if (pair.starts_with("password="))
            return std::string(pair.substr(9));
        if (pair.starts_with("sentinel_password="))
            return std::string(pair.substr(18));
        query.remove_prefix(std::min(query.size(), pair.size() + 1));
    }
    rest = rest.substr(0, rest.find_first_of("/?"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        const auto userinfo = rest.substr(0, at);
        if (const auto colon = userinfo.find(':'); colon != std::string_view::npos)
            return std::string(userinfo.substr(colon + 1));
    }
    return {};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    // The first byte picks the entry point, so one corpus serves both.
    const bool asAddress = !input.empty() && input.front() == '\x01';
    const std::string url(asAddress ? input.substr(1) : input);

    const auto options = asAddress ? ConnectionOptions::fromAddress(url, "hunter2-secret", 3)
                                   : ConnectionOptions::fromUrl(url);
    const auto again = asAddress ? ConnectionOptions::fromAddress(url, "hunter2-secret", 3)
                                 : ConnectionOptions::fromUrl(url);
    FUZZ_CHECK(options.has_value() == again.has_value(), "url", url);

    if (!options) {
        const std::string &message = options.error().message();
        FUZZ_CHECK(message == again.error().message(), "url", url);
        // The password given beside an address (from app.ini) unless the address has it too.
        FUZZ_CHECK(url.find("hunter2-secret") != std::string::npos ||
                       message.find("hunter2-secret") == std::string::npos,
                   "url", url, "message", message);
        // Looked for only when it cannot also be a word of the message: 8 or more letters and
        // digits, with both.
        const std::string password = passwordIn(url);
        const bool distinctive = password.size() >= 8 && std::ranges::all_of(password, ::isalnum) &&
                                 std::ranges::any_of(password, ::isdigit) &&
                                 std::ranges::any_of(password, ::isalpha);
        if (distinctive) {
            // Where the password text also stands elsewhere in the URL, it may show from there.
            const auto first = url.find(password);
            const bool elsewhere = url.find(password, first + 1) != std::string::npos;
            FUZZ_CHECK(elsewhere || message.find(password) == std::string::npos, "url", url,
                       "message", message);
        }
        return 0;
    }
    FUZZ_CHECK(summary(*options) == summary(*again), "url", url);
    if (asAddress) {
        FUZZ_CHECK(options->password == "hunter2-secret" && options->db == 3, "url", url);
    }
    FUZZ_CHECK(options->port != 0, "url", url);
    FUZZ_CHECK(options->db >= 0, "url", url);
    FUZZ_CHECK(options->poolSize > 0, "url", url);
    FUZZ_CHECK(options->connectTimeout.count() >= 0 && options->readTimeout.count() >= 0 &&
                   options->writeTimeout.count() >= 0 && options->keepAlive.count() >= 0,
               "url", url);
    FUZZ_CHECK(options->transport == ConnectionOptions::Transport::tls ||
                   (options->tls.caFile.empty() && options->tls.certFile.empty() &&
                    options->tls.keyFile.empty() && options->tls.serverName.empty() &&
                    !options->tls.insecure),
               "url", url);
    if (options->transport == ConnectionOptions::Transport::unixSocket) {
        FUZZ_CHECK(options->path.starts_with('/'), "url", url);
    } else {
        FUZZ_CHECK(!options->host.empty(), "url", url);
    }
    // A cluster or Sentinel URL names at least one seed, the first of which is host:port; a
    // cluster has db 0 only; a Sentinel URL names its master; the sentinels' credentials
    // belong to Sentinel URLs alone.
    using redislock::Deployment;
    if (options->deployment == Deployment::standalone) {
        FUZZ_CHECK(options->seeds.empty() && options->masterName.empty() &&
                       options->sentinelUser.empty() && options->sentinelPassword.empty(),
                   "url", url);
    } else {
        FUZZ_CHECK(!options->seeds.empty() && options->seeds.front().host == options->host &&
                       options->seeds.front().port == options->port,
                   "url", url);
        for (const auto &seed : options->seeds)
            FUZZ_CHECK(!seed.host.empty() && seed.port != 0, "url", url);
    }
    if (options->deployment == Deployment::cluster) {
        FUZZ_CHECK(options->db == 0 && options->masterName.empty() &&
                       options->sentinelPassword.empty(),
                   "url", url);
    }
    if (options->deployment == Deployment::sentinel) {
        FUZZ_CHECK(!options->masterName.empty(), "url", url);
    }

    const std::string display = options->displayUrl();
    const auto hidden = [&](const std::string &secret) {
        // (Unless its text is also in a field the display shows.)
        const auto in = [&](const std::string &field) {
            return field.find(secret) != std::string::npos;
        };
        bool inSeeds = false;
        for (const auto &seed : options->seeds)
            inSeeds = inSeeds || in(seed.host);
        if (secret.size() >= 6 && !in(options->host) && !in(options->user) && !in(options->path) &&
            !in(options->masterName) && !in(options->sentinelUser) && !inSeeds) {
            FUZZ_CHECK(display.find(secret) == std::string::npos, "url", url, "display", display);
        }
    };
    hidden(options->password);
    hidden(options->sentinelPassword);
    const auto shown = ConnectionOptions::fromUrl(display);
    FUZZ_CHECK(shown.has_value(), "url", url, "display", display, "error",
               shown ? std::string() : shown.error().message());
    ConnectionOptions expected = *options;
    // The display form leaves out the passwords, the options and, for a socket, the user.
    if (expected.transport == ConnectionOptions::Transport::unixSocket)
        expected.user.clear();
    FUZZ_CHECK(summary(*shown) == summary(expected), "url", url, "display", display, "parsed",
               summary(expected), "display parsed", summary(*shown));
    return 0;
}
