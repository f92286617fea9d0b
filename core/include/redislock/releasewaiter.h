#pragma once

#include <redislock/context.h>
#include <redislock/retryloop.h>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace redislock {

class Client;
namespace detail {
class ClientCore;
}

// Waiting for keys' release between the attempts of a retry loop: what obtain() does with a
// notifyOnRelease strategy, for a caller that makes its attempts itself (the contention
// harness, which times each one). It takes the same place among the Client's waiters as such
// an obtain: one release wakes one of them, the one that waited longest. Use it from one
// thread, for one obtain-until-held; destroy it when done:
//
//   ReleaseWaiter waiter = client.releaseWaiter({key});
//   RetryLoop loop(strategy, context, ttl);
//   for (;;) {
//       if (auto stop = loop.beforeAttempt()) return give up (*stop);
//       if (!waiter.mayAttempt()) { if (auto stop = waiter.wait(loop)) give up; continue; }
//       one attempt; on success { waiter.obtained(); return it; }
//       if (auto stop = waiter.wait(loop)) return give up (*stop);
//   }
class ReleaseWaiter
{
public:
    ReleaseWaiter(std::shared_ptr<detail::ClientCore> core, std::vector<std::string> keys,
                  const Context &context);
    ~ReleaseWaiter();
    ReleaseWaiter(ReleaseWaiter &&) noexcept;
    ReleaseWaiter &operator=(ReleaseWaiter &&) noexcept;

    // Just before an attempt: false when another waiter of the Client was handed the release
    // and this one should wait() instead of attempting.
    [[nodiscard]] bool mayAttempt();
    // After a failed attempt: the loop's next wait, cut short when one of the keys is released
    // (whoever released it). The first time, it starts listening, and then asks for one more
    // attempt at once: a release just before sent its event to nobody. Empty: attempt now;
    // else why the loop ends. Without keyspace events on the server: loop.wait().
    [[nodiscard]] std::optional<RetryStop> wait(RetryLoop &loop);
    // The attempt obtained the lock: no wake to pass on.
    void obtained();

private:
    // Client::obtainMulti's own use: a release through the Client may hand the lock straight to
    // this waiter (see ReleaseNotifier), on the terms of its obtain script's arguments.
    friend class Client;
    void offerHandover(std::span<const std::string> scriptKeys, std::string_view value,
                       std::chrono::milliseconds ttl);
    // The lock was handed over: its fence token and where its validity starts.
    [[nodiscard]] std::optional<std::pair<std::int64_t, Context::Clock::time_point>>
    handedOver() const;

    struct State;
    std::unique_ptr<State> state_;
};

} // namespace redislock
