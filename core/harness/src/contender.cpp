#include <redislock/harness/contender.h>

namespace redislock::harness {

namespace {

class RedislockContender final : public Contender
{
public:
    RedislockContender(Client client, Options options)
        : client_(std::move(client)), options_(std::move(options))
    {
        // One attempt per call: the harness times each one and runs the retry loop itself.
        options_.retryStrategy = noRetry();
    }

    std::expected<bool, Error> tryObtain(const std::string &key,
                                         std::chrono::nanoseconds ttl) override
    {
        // A context without stop token or deadline: with noRetry() obtain() then makes exactly
        // one script call (it never gives up before the first attempt).
        auto lock = client_.obtain(key, ttl, options_, Context());
        if (lock) {
            lock_ = std::move(*lock);
            if (waiter_)
                waiter_->obtained();
            waiter_.reset();
            return true;
        }
        if (lock.error().code() == Errc::notObtained)
            return false;
        return std::unexpected(lock.error());
    }

    std::expected<void, Error> release() override
    {
        if (!lock_)
            return std::unexpected(Error(Errc::lockNotHeld, "this client holds no lock"));
        auto released = lock_->release(Context());
        lock_.reset();
        return released;
    }

    bool mayAttempt() override { return !waiter_ || waiter_->mayAttempt(); }

    std::optional<RetryStop> waitToRetry(RetryLoop &loop, const RetryStrategy &strategy,
                                         const std::string &key) override
    {
        if (!strategy.waitsForRelease()) {
            waiter_.reset();
            return loop.wait();
        }
        // This client's place among the waiters, kept until it obtains the lock.
        if (!waiter_)
            waiter_.emplace(client_.releaseWaiter({key}, loop.context()));
        return waiter_->wait(loop);
    }

private:
    Client client_;
    Options options_;
    std::optional<Lock> lock_;
    std::optional<ReleaseWaiter> waiter_;
};

} // namespace

RedislockBackend::RedislockBackend(Options options) : options_(std::move(options))
{}

std::expected<std::unique_ptr<Contender>, Error>
RedislockBackend::connect(const ConnectionOptions &connection) const
{
    ConnectionOptions own = connection;
    // A client makes one request at a time: one pooled connection is all it needs.
    own.poolSize = 1;
    Client client(std::move(own));
    if (auto pong = client.ping(); !pong)
        return std::unexpected(pong.error());
    return std::make_unique<RedislockContender>(std::move(client), options_);
}

} // namespace redislock::harness
