#pragma once

#include <memory>
#include <string>
#include <system_error>
#include <type_traits>

namespace redislock {

// What went wrong, as precise codes. Callers usually compare against the two outcomes below
// (ErrNotObtained, ErrLockNotHeld) rather than against these.
enum class Errc
{
    notObtained = 1,      // another holder owns a key
    lockNotHeld,          // the lock's value is gone or belongs to someone else now
    deadlineExceeded,     // not obtained before the deadline (a kind of notObtained)
    cancelled,            // not obtained: the caller's stop token was triggered (ditto)
    invalidArgument,      // bad input; nothing was sent to the server
    invalidUrl,           // a connection URL or address that cannot be parsed
    connectionFailed,     // could not connect: refused, unreachable, unknown host
    timeout,              // connect, read or write took longer than allowed
    connectionClosed,     // the server closed the connection or it broke
    protocolError,        // the peer does not speak RESP: probably not a Redis server
    tlsError,             // TLS setup, handshake or certificate verification failed
    authenticationFailed, // wrong password or user, or the server requires one
    serverError,          // the server answered a command with an error
};

// What an error reply of the server said, for errors made from one (Errc::serverError or
// authenticationFailed); ServerError::none for every other error. The codes keep their meaning;
// this says which of them are worth retrying and leaves room for the redirects of a cluster.
enum class ServerError
{
    none,         // not made from an error reply
    other,        // ERR and anything not listed below
    noAuth,       // NOAUTH: the server wants a password
    wrongPass,    // WRONGPASS: wrong user or password
    noPermission, // NOPERM: the ACL user may not run this command or touch this key
    loading,      // LOADING: the server is loading its dataset into memory
    busy,         // BUSY: a script or function runs too long to serve anyone else
    noScript,     // NOSCRIPT: EVALSHA of a script the server does not have (restart, FLUSH)
    readOnly,     // READONLY: a replica, often a master just demoted by a failover
    masterDown,   // MASTERDOWN: a replica that lost its master and serves no stale data
    outOfMemory,  // OOM: above maxmemory, nothing to evict
    maxClients,   // ERR max number of clients reached
    wrongType,    // WRONGTYPE: the key holds another type
    script,       // a Lua script raised an error (its own or a command's inside it)
    moved,        // MOVED slot host:port: the slot lives elsewhere for good (cluster)
    ask,          // ASK slot host:port: the slot is migrating; ask there once (cluster)
    tryAgain,     // TRYAGAIN: a multi-key command during resharding (cluster)
    clusterDown,  // CLUSTERDOWN: the cluster cannot serve the slot now
};

// The two expected outcomes of lock operations, as in bsm/redislock. They are error
// conditions: `error == ErrNotObtained` also holds for deadlineExceeded and cancelled.
enum class Outcome
{
    notObtained = 1,
    lockNotHeld,
};

inline constexpr Outcome ErrNotObtained = Outcome::notObtained;
inline constexpr Outcome ErrLockNotHeld = Outcome::lockNotHeld;

[[nodiscard]] const std::error_category &errorCategory() noexcept;
[[nodiscard]] const std::error_category &outcomeCategory() noexcept;
[[nodiscard]] std::error_code make_error_code(Errc code) noexcept;
[[nodiscard]] std::error_condition make_error_condition(Outcome outcome) noexcept;

// An error code plus the one-line detail a person needs to act on it.
class Error
{
public:
    Error() = default;
    Error(Errc code, std::string detail = {});
    Error(std::error_code code, std::string detail = {});
    // An error made from the server's error reply (see replyError in the core's sources).
    Error(Errc code, std::string detail, ServerError server);
    // An outcome and the error that cut it short: a deadline that passed during a round trip
    // keeps the I/O error it interrupted, as the Go library joins ctx.Err() with the last error.
    Error(std::error_code code, std::string detail, Error cause);

    [[nodiscard]] std::error_code code() const noexcept { return code_; }
    [[nodiscard]] const std::string &detail() const noexcept { return detail_; }
    // The detail when there is one, else the code's generic message; then ": " and the cause's
    // message when there is a cause.
    [[nodiscard]] std::string message() const;
    // Worth retrying: the connection failed, broke or timed out, or the server could not serve
    // us for now (LOADING, BUSY, READONLY after a failover, MASTERDOWN, OOM, too many clients,
    // TRYAGAIN, CLUSTERDOWN). Not a script error, a wrong type, a permission or a password.
    [[nodiscard]] bool isTransient() const noexcept;
    // What the error reply said, when the error was made from one.
    [[nodiscard]] ServerError serverError() const noexcept { return server_; }
    // The error this one wraps, or null.
    [[nodiscard]] const Error *cause() const noexcept { return cause_.get(); }

    template <class E>
    requires(std::is_error_code_enum_v<E> || std::is_error_condition_enum_v<E>) friend bool
    operator==(const Error &error, E value) noexcept
    {
        return error.code_ == value;
    }

private:
    std::error_code code_;
    std::string detail_;
    ServerError server_ = ServerError::none;
    std::shared_ptr<const Error> cause_; // shared: errors are copied freely, causes never change
};

} // namespace redislock

template <>
struct std::is_error_code_enum<redislock::Errc> : std::true_type
{};
template <>
struct std::is_error_condition_enum<redislock::Outcome> : std::true_type
{};
