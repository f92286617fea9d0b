#pragma once

#include <redislock/error.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

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

// Where and how to connect. Usually made from a URL:
//   redis://[user[:password]@]host[:port][/db][?options]
//   rediss://[user[:password]@]host[:port][/db][?ca=F&cert=F&key=F&sni=NAME&insecure=true]
//   unix:///path/to/socket[?db=N&user=U&password=P]
// Common query options: connect_timeout, read_timeout, write_timeout (durations like 500ms),
// keepalive (a duration, 0 disables), pool_size (most connections open at once, busy or idle)
// and pool_timeout (how long a call waits for one when all are busy), as go-redis's PoolSize and
// PoolTimeout. Userinfo is percent-decoded.
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

    [[nodiscard]] static std::expected<ConnectionOptions, Error> fromUrl(std::string_view url);
    // A "host:port" address as in Cosy's app.ini (Addr), with password and db.
    [[nodiscard]] static std::expected<ConnectionOptions, Error>
    fromAddress(std::string_view address, std::string password = {}, int db = 0);

    // The URL without the password, for display and logs.
    [[nodiscard]] std::string displayUrl() const;
};

} // namespace redislock
