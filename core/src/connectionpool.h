#pragma once

#include "connection.h"
#include "tlscontext.h"

#include <redislock/connectionoptions.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace redislock::detail {

// At most options.poolSize connections to one server, busy or idle, as go-redis's PoolSize. A
// connection is taken out for one operation and given back afterwards unless it broke; a broken
// or killed one is dropped, and the next operation simply opens a new one. When all are busy,
// acquire() waits for one to come back, up to options.poolTimeout and never past the context's
// deadline or stop token, so a burst of threads queues instead of opening a connection each.
class ConnectionPool
{
public:
    explicit ConnectionPool(ConnectionOptions options);

    // A connection on loan; it goes back to the pool when the lease ends.
    class Lease
    {
    public:
        Lease(ConnectionPool *pool, std::unique_ptr<Connection> connection)
            : pool_(pool), connection_(std::move(connection))
        {}
        Lease(Lease &&) noexcept = default;
        Lease &operator=(Lease &&) noexcept = delete;
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        ~Lease();
        Connection *operator->() const noexcept { return connection_.get(); }
        Connection &operator*() const noexcept { return *connection_; }

    private:
        ConnectionPool *pool_;
        std::unique_ptr<Connection> connection_;
    };

    [[nodiscard]] std::expected<Lease, Error> acquire(const Context &context);
    [[nodiscard]] const ConnectionOptions &options() const noexcept { return options_; }

private:
    void giveBack(std::unique_ptr<Connection> connection);
    // One connection fewer counts against the limit: it broke, or opening it failed.
    void forget();
    [[nodiscard]] Error busyError(const Context &context, bool callersDeadline) const;
    [[nodiscard]] std::expected<const TlsContext *, Error> tlsContext();

    const ConnectionOptions options_;
    std::mutex mutex_;
    std::condition_variable_any freed_; // a connection came back, or room for a new one
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_ = 0; // idle, on loan or being opened: at most options_.poolSize
    std::shared_ptr<TlsContext> tls_;
    // The server has answered a handshake: a connection it closes later is dropped, not refused.
    std::atomic<bool> answered_{false};
};

} // namespace redislock::detail
