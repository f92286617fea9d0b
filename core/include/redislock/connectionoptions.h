#pragma once

#include <redislock/error.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redislock {

// TLS settings of a rediss:// connection.
struct TlsOptions
{
    std::string caFile;     // PEM bundle of trusted CAs; empty: the system's
    std::string certFile;   // client certificate (PEM), for servers that ask for one
    std::string keyFile;    // its private key (PEM)
    std::string serverName; // SNI and the name verified; empty: the host
    bool insecure = false;  // skip certificate verification: only when asked for explicitly
};

// One server's address.
struct ServerAddress
{
    std::string host;
    std::uint16_t port = 6379;

    // "host:port" ("[::1]:port" for an IPv6 address), the form cluster redirects use.
    [[nodiscard]] std::string text() const;
    friend bool operator==(const ServerAddress &, const ServerAddress &) = default;
};

// Where the keys live: one server, the masters of a Redis Cluster, or the master a set of
// Sentinels names.
enum class Deployment
{
    standalone,
    cluster,
    sentinel,
};

// Where and how to connect. Usually made from a URL:
//   redis://[user[:password]@]host[:port][/db][?options]
//   rediss://[user[:password]@]host[:port][/db][?ca=F&cert=F&key=F&sni=NAME&insecure=true]
//   unix:///path/to/socket[?db=N&user=U&password=P]
//   redis-cluster://[user[:password]@]host:port[,host:port...][?options]   (seed nodes)
//   rediss-cluster://...                   (TLS, with the query items of rediss://)
//   redis-sentinel://[user[:password]@]host:port[,host:port...]/MASTER[/db][?options]
//   rediss-sentinel://...                  (TLS to the sentinels and the master)
// A Sentinel URL's userinfo is the master's; the sentinels' own credentials, when they have
// any, are the query items sentinel_user and sentinel_password.
// Common query options: connect_timeout, read_timeout, write_timeout (durations like 500ms, at
// least 1ms: 0 is refused rather than read as "fail at once"), keepalive (a duration, 0
// disables), pool_size (most connections open at once, busy or idle) and pool_timeout (how long
// a call waits for one when all are busy), as go-redis's PoolSize and PoolTimeout. Userinfo is
// percent-decoded. Error messages quote the URL through redactUrl: never with its password.
struct ConnectionOptions
{
    enum class Transport
    {
        tcp,
        tls,
        unixSocket, // not "unix": GNU modes predefine that name as a macro
    };

    Transport transport = Transport::tcp;
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::string path; // unix socket
    std::string user;
    std::string password;
    int db = 0;
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds readTimeout{3000};
    std::chrono::milliseconds writeTimeout{3000};
    std::chrono::seconds keepAlive{30}; // TCP keep-alive idle time; 0 disables
    // At most this many connections at once; a call that finds them all busy waits for one
    // (honouring its context's deadline and stop token) up to poolTimeout, then fails with
    // Errc::timeout. Idle ones are kept for reuse.
    std::size_t poolSize = 10;
    std::chrono::milliseconds poolTimeout{4000}; // go-redis's default: read timeout + 1 s
    TlsOptions tls;

    Deployment deployment = Deployment::standalone;
    // Cluster: the seed nodes; Sentinel: the sentinels; empty for a standalone server. host
    // and port hold the first of them.
    std::vector<ServerAddress> seeds;
    std::string masterName;       // Sentinel: the name of the monitored master
    std::string sentinelUser;     // Sentinel: the sentinels' ACL user, if they have one
    std::string sentinelPassword; // Sentinel: the sentinels' password, if they have one

    [[nodiscard]] static std::expected<ConnectionOptions, Error> fromUrl(std::string_view url);
    // A "host:port" address as in Cosy's app.ini (Addr), with password and db.
    [[nodiscard]] static std::expected<ConnectionOptions, Error>
    fromAddress(std::string_view address, std::string password = {}, int db = 0);

    // The URL without the password or any other secret, for display and logs.
    [[nodiscard]] std::string displayUrl() const;
};

// A URL as typed, valid or not, with every secret replaced by "***": the password of the
// userinfo (all of a userinfo without ':', which redis-cli reads as a password), and query
// items whose name speaks of one (password, sentinel_password, sentinelPassword, passphrase,
// auth, token, ...). Works on every form: redis, rediss, unix, several comma-separated hosts
// (cluster and sentinel URLs), and on text that is not a URL at all. What every message, log
// line and display name that shows a URL goes through.
[[nodiscard]] std::string redactUrl(std::string_view url);

// Passwords for command-line tools, so that one never has to be typed on a command line (where
// ps and the shell's history show it). In order: --password-file FILE (its first line), the
// password the URL or app.ini gives, then the environment variables LOCKSCOPE_PASSWORD and
// REDISCLI_AUTH (as redis-cli reads it).
inline constexpr const char *passwordEnvironment = "LOCKSCOPE_PASSWORD";
[[nodiscard]] std::expected<std::string, Error> readPasswordFile(const std::filesystem::path &file);
// Sets `password` from those sources (`ownSource` names where a password already in it came
// from: "the URL", "Password in app.ini") and returns where the password now comes from, for
// the hint of an authentication error; empty when there is none.
[[nodiscard]] std::expected<std::string, Error>
applyToolPassword(std::string &password, std::string_view ownSource,
                  const std::optional<std::string> &passwordFile);

} // namespace redislock
