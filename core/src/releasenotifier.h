#pragma once

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>

#include <condition_variable>
#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace redislock::detail {

class ClientCore;

// Waiting for a key's release instead of polling (notifyOnRelease): a Pub/Sub subscription to
// the keyspace events that free a key (del, expired, evicted), on a thread of its own, and per
// key a FIFO of this Client's waiters. A server publishes the events of its own keys only, so
// there is one subscription per server that serves a waited-for key: one for a single server
// or a Sentinel-named master, one per master on a cluster, each opened when a key it serves is
// first waited for, and opened again on the new master after a failover.
//
// The thundering herd is avoided by waking ONE waiter per event and key: the one at the front
// of the queue, and only when it is not already on its way. A waiter that gives up with a wake
// passes it on.
//
// Fairness against throughput, as Go's sync.Mutex weighs them: a Client's fresh obtain may
// barge in right after a release (the releasing thread taking the lock again costs no thread
// switch, which is where the throughput of a busy lock comes from), but only for a while: once
// the waiter at the front has been woken and kept out for its patience, every other
// obtain of this Client on that key yields to it (a direct handoff), so the lock goes round the
// waiters in turn and nobody starves. A woken waiter that lost to a barging thread is not woken
// again by every release meanwhile (each would be another failed attempt): it tries again when
// its patience is over. A release made through this Client wakes the next waiter at once (no
// round trip through the server) and the event the server then sends for it is skipped.
// Waiters of other processes have subscriptions of their own: one release wakes one waiter per
// Client that waits.
//
// Without the events on the server (notify-keyspace-events needs E and g; x for expiries), or
// while a subscription is broken, waiters wait out their strategy's waits: events only ever
// shorten a wait. The server's configuration is read, never changed.
class ReleaseNotifier
{
public:
    using Clock = Context::Clock;

    // How long a woken waiter may be kept out by barging obtains before it gets the lock
    // handed over: a few times what a handoff costs, measured (the time from a wake to the
    // woken waiter's attempt, which is how long the lock idles at a handoff), so that handoffs
    // take at most a fifth of the time, within bounds. Every waiter waits for the turns of
    // those ahead of it, so the patience bounds the tail latency (with 16 waiters, 15 turns):
    // on an idle machine a wake costs tens of microseconds and turns stay at the minimum; on a
    // loaded one it costs milliseconds, and a fixed short patience made every turn a handoff
    // (measured at load 20 with 16 workers and hold 0: 0.5 ms fixed gave 977 pairs/s against
    // 4,231 for linear(1ms) polling). Go's sync.Mutex allows 1 ms.
    static constexpr std::chrono::microseconds minHandoffPatience{500};
    static constexpr std::chrono::milliseconds maxHandoffPatience{5};
    static constexpr int handoffsPerTurn = 4;

    using Status = ReleaseNotifications;

    explicit ReleaseNotifier(ConnectionOptions options);
    ~ReleaseNotifier();
    ReleaseNotifier(const ReleaseNotifier &) = delete;
    ReleaseNotifier &operator=(const ReleaseNotifier &) = delete;

    struct Waiter;
    // One obtain's place in the queues of its keys, from before its attempt (so that no release
    // after it is missed) to its end.
    class Registration
    {
    public:
        Registration(ReleaseNotifier *notifier, std::unique_ptr<Waiter> waiter);
        ~Registration();
        Registration(const Registration &) = delete;
        Registration &operator=(const Registration &) = delete;

        // Whether to skip this attempt: another waiter of this Client has been woken for one of
        // the keys and is on its way, and this one was not.
        [[nodiscard]] bool shouldYield() const;
        // Waits until woken for one of the keys, `until` or the stop token; true when woken (or
        // when its patience ran out after a wake it lost: then it tries again too).
        [[nodiscard]] bool wait(Clock::time_point until, const std::stop_token &stop);
        // An attempt is about to be sent: the wake it answers is used up. A release after
        // this moment wakes it again, even while the attempt is on its way: that attempt may
        // have reached the server before the release did, and failed.
        void attempting();
        // The lock is ours: nothing to pass on.
        void obtained();

    private:
        ReleaseNotifier *notifier_;
        std::unique_ptr<Waiter> waiter_;
        bool obtained_ = false;
    };

    // The server whose events tell of `key`'s release: a cluster master's "host:port" (where
    // the key's slot is served now), or "" for the Client's one server.
    [[nodiscard]] std::expected<std::string, Error> nodeFor(ClientCore &core, std::string_view key,
                                                            const Context &context) const;
    // Starts listening on `node` (see nodeFor) on first use: reads notify-keyspace-events there
    // (through `core`, once, and again 10 s after it said no) and subscribes, bounded by the
    // context. False when the events are not available: then obtain waits on its strategy alone.
    [[nodiscard]] bool start(ClientCore &core, const std::string &node, const Context &context);
    // Listening on `node` now, so that an obtain can register before its first attempt.
    [[nodiscard]] bool listening(const std::string &node) const;
    [[nodiscard]] std::unique_ptr<Registration> listen(const std::vector<std::string> &keys);
    // A release through this Client succeeded: hand the keys to their next waiters.
    void releasedLocally(const std::vector<std::string> &keys);
    // The Client re-routed (a slot moved, a failover): events may have been published where
    // nobody listened, and keys may be served elsewhere now. Every waiter tries again (once),
    // and subscriptions on nodes that no longer serve as masters are closed on the next start.
    void topologyChanged();

    void setDiagnosticHandler(std::function<void(const std::string &)> handler);
    [[nodiscard]] Status status() const;

private:
    struct Listener;
    void run(Listener &listener, std::stop_token stop);
    void wakeOne(const std::string &key); // mutex_ held
    // How long a woken waiter may be kept out now (see minHandoffPatience). mutex_ held.
    [[nodiscard]] Clock::duration patience() const;
    void deregister(Waiter &waiter, bool obtained);
    void diagnose(const std::string &kind, const std::string &text);
    // Closes the subscriptions on nodes that are no longer masters (after a topology change).
    void closeRetired(ClientCore &core, const Context &context);

    const ConnectionOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable_any changed_; // a listener's state changed
    // By node ("" for the Client's one server); never erased while the notifier lives, except
    // by closeRetired, so that a Listener & stays valid for its thread.
    std::map<std::string, std::unique_ptr<Listener>, std::less<>> listeners_;
    bool topologyChanged_ = false;
    std::map<std::string, std::deque<Waiter *>, std::less<>> queues_;
    Clock::duration wakeLatency_{}; // moving average, see attempting()
    // Events still to come for releases this Client already handed on: key -> count, when.
    std::map<std::string, std::pair<int, Clock::time_point>, std::less<>> handedOn_;
    std::function<void(const std::string &)> diagnostics_;
    std::vector<std::string> said_; // kinds of diagnostics given, each once
};

} // namespace redislock::detail
