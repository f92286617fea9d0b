#include "connectionpool.h"

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
    for (;;) {
        std::unique_ptr<Connection> connection;
        {
            const std::lock_guard guard(mutex_);
            if (idle_.empty())
                break;
            connection = std::move(idle_.back());
            idle_.pop_back();
        }
        if (connection->reusable())
            return Lease(this, std::move(connection));
    }
    auto tls = tlsContext();
    if (!tls)
        return std::unexpected(tls.error());
    auto connection = Connection::open(options_, *tls, context);
    if (!connection)
        return std::unexpected(connection.error());
    return Lease(this, std::move(*connection));
}

void ConnectionPool::giveBack(std::unique_ptr<Connection> connection)
{
    if (connection->broken())
        return;
    const std::lock_guard guard(mutex_);
    if (idle_.size() < options_.poolSize)
        idle_.push_back(std::move(connection));
}

std::expected<const TlsContext *, Error> ConnectionPool::tlsContext()
{
    if (options_.transport != ConnectionOptions::Transport::tls)
        return nullptr;
    const std::lock_guard guard(mutex_);
    if (!tls_) {
        auto created = TlsContext::create(options_.tls);
        if (!created)
            return std::unexpected(created.error());
        tls_ = std::move(*created);
    }
    return tls_.get();
}

} // namespace redislock::detail
