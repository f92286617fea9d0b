#pragma once

#include "connection.h"
#include "tlscontext.h"

#include <redislock/connectionoptions.h>

#include <memory>
#include <mutex>
#include <vector>

namespace redislock::detail {

// Idle connections kept for reuse by any thread. A connection is taken out for one operation
// and given back afterwards unless it broke; a broken or killed one is dropped, and the next
// operation simply opens a new one. Busy connections are not limited in number.
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
    [[nodiscard]] std::expected<const TlsContext *, Error> tlsContext();

    const ConnectionOptions options_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::shared_ptr<TlsContext> tls_;
};

} // namespace redislock::detail
