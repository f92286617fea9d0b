#pragma once

#include <redislock/context.h>
#include <redislock/error.h>
#include <redislock/options.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redislock {

namespace detail {
class ClientCore;
}

class KeptLock;
struct KeepAliveOptions;

// A lock obtained from a Client: the keys it covers and the value (token + metadata) that
// proves ownership. Copies refer to the same lock on the server.
class Lock
{
public:
    // The first (usually only) key.
    [[nodiscard]] const std::string &key() const noexcept { return keys_.front(); }
    [[nodiscard]] const std::vector<std::string> &keys() const noexcept { return keys_; }
    [[nodiscard]] std::string_view token() const noexcept
    {
        return std::string_view(value_).substr(0, tokenLength_);
    }
    [[nodiscard]] std::string_view metadata() const noexcept
    {
        return std::string_view(value_).substr(tokenLength_);
    }
    // The stored value: token followed by metadata.
    [[nodiscard]] const std::string &value() const noexcept { return value_; }
    // Strictly increasing across acquisitions that share Options::fenceKey; 0 when unfenced.
    [[nodiscard]] std::int64_t fenceToken() const noexcept { return fenceToken_; }

    // The remaining time to live: the smallest among the keys, or 0 when the lock expired or
    // is no longer ours. 0 is an answer, not an error.
    [[nodiscard]] std::expected<std::chrono::milliseconds, Error>
    ttl(const Context &context = {}) const;

    // Extends every key's expiry to `ttl` if the lock is still ours; ErrNotObtained at once if
    // it is not. Transient connection or server errors are retried by options.retryStrategy
    // until the deadline (the context's, else now + ttl); when retries run out the error has
    // the last one's code, that error as its cause(), and a message that says why retrying
    // stopped (the strategy, the deadline or the stop token).
    [[nodiscard]] std::expected<void, Error> refresh(std::chrono::nanoseconds ttl,
                                                     const Options &options = {},
                                                     const Context &context = {}) const;

    // Deletes the keys if the lock is still ours; ErrLockNotHeld otherwise.
    [[nodiscard]] std::expected<void, Error> release(const Context &context = {}) const;

    // Hands the lock to its Client's watchdog, which renews it every options.ttl/3 until the
    // guard is released or dropped, or the lock is lost (see KeptLock, redislock/watchdog.h).
    // A lock from obtain() counts as valid from when that obtain was sent; an adopted one is
    // refreshed first (with the context), as its age is unknown: then the errors are refresh's.
    [[nodiscard]] std::expected<KeptLock, Error> keepAlive(KeepAliveOptions options,
                                                           const Context &context = {}) const;

private:
    friend class Client;
    Lock(std::shared_ptr<detail::ClientCore> client, std::vector<std::string> keys,
         std::string value, std::size_t tokenLength, std::int64_t fenceToken);

    std::shared_ptr<detail::ClientCore> client_;
    std::vector<std::string> keys_;
    std::string value_;
    std::size_t tokenLength_ = 0;
    std::int64_t fenceToken_ = 0;
    // When the obtain that set the lock was sent, and its ttl: where its validity starts.
    // Empty for an adopted lock.
    std::optional<Context::Clock::time_point> obtainedAt_;
    std::chrono::milliseconds obtainedTtl_{0};
};

} // namespace redislock
