#include "connectionpool.h"

#include <redislock/duration.h>

#include <algorithm>

namespace redislock::detail {

ConnectionPool::ConnectionPool(ConnectionOptions options) : options_(std::move(options))
{}

ConnectionPool::Lease::~Lease()
{
    if (connection_)
        pool_->giveBack(std::move(connection_));
}

std::expected<ConnectionPool::Lease, Error> ConnectionPool::acquire(const Context &context)
{
    using Clock = Context::Clock;
    const auto start = Clock::now();
    auto until = start + options_.poolTimeout;
    const bool callersDeadline = context.deadline() && *context.deadline() < until;
    if (callersDeadline)
        until = *context.deadline();
    const std::size_t limit = std::max<std::size_t>(options_.poolSize, 1);
    for (;;) {
        std::unique_ptr<Connection> connection;
        {
            std::unique_lock lock(mutex_);
            const auto available = [&] {
                return !idle_.empty() || open_ < limit;
            };
            if (!available() && !freed_.wait_until(lock, context.stopToken(), until, available))
                return std::unexpected(busyError(context, callersDeadline));
            if (idle_.empty()) {
                ++open_;
                break;
            }
            connection = std::move(idle_.back());
            idle_.pop_back();
        }
        // Looked at outside the mutex: it asks the socket whether the server closed it.
        if (connection->reusable())
            return Lease(this, std::move(connection));
        connection.reset();
        forget();
    }
    auto tls = tlsContext();
    if (!tls) {
        forget();
        return std::unexpected(tls.error());
    }
    auto connection = Connection::open(options_, *tls, context, answered_.load());
    if (!connection) {
        forget();
        return std::unexpected(connection.error());
    }
    answered_.store(true);
    return Lease(this, std::move(*connection));
}

void ConnectionPool::giveBack(std::unique_ptr<Connection> connection)
{
    if (connection->broken()) {
        connection.reset();
        forget();
        return;
    }
    {
        const std::lock_guard guard(mutex_);
        idle_.push_back(std::move(connection));
    }
    freed_.notify_one();
}

void ConnectionPool::forget()
{
    {
        const std::lock_guard guard(mutex_);
        --open_;
    }
    freed_.notify_one();
}

Error ConnectionPool::busyError(const Context &context, bool callersDeadline) const
{
    const std::string server = options_.transport == ConnectionOptions::Transport::unixSocket
                                   ? options_.path
                                   : options_.host + ":" + std::to_string(options_.port);
    const std::string all =
        "all " + std::to_string(options_.poolSize) + " connections to " + server + " busy";
    if (context.stopRequested())
        return {Errc::cancelled,
                "waiting for a connection to " + server + " was cancelled (" + all + ")"};
    if (callersDeadline)
        return {Errc::timeout, all + " until the caller's deadline"};
    return {Errc::timeout, all + " for " + formatDuration(options_.poolTimeout) +
                               ": raise pool_size (or pool_timeout) in the URL, or hold "
                               "connections for less time"};
}

std::expected<const TlsContext *, Error> ConnectionPool::tlsContext()
{
    const std::lock_guard guard(mutex_);
    return sharedTlsContext(options_, tls_);
}

} // namespace redislock::detail
