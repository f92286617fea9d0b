#pragma once

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

    [[nodiscard]] std::error_code code() const noexcept { return code_; }
    [[nodiscard]] const std::string &detail() const noexcept { return detail_; }
    // The detail when there is one, else the code's generic message.
    [[nodiscard]] std::string message() const;
    // Worth retrying: the connection broke or timed out, or the server was busy or loading.
    [[nodiscard]] bool isTransient() const noexcept;

    template <class E>
    requires(std::is_error_code_enum_v<E> || std::is_error_condition_enum_v<E>) friend bool
    operator==(const Error &error, E value) noexcept
    {
        return error.code_ == value;
    }

private:
    std::error_code code_;
    std::string detail_;
};

} // namespace redislock

template <>
struct std::is_error_code_enum<redislock::Errc> : std::true_type
{};
template <>
struct std::is_error_condition_enum<redislock::Outcome> : std::true_type
{};
