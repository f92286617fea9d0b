#pragma once

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace redislock::detail {

class ClientCore;

// Waiting for a key's release instead of polling (notifyOnRelease): one Pub/Sub subscription
// per Client, on a thread of its own, to the keyspace events that free a key (del, expired,
// evicted), and per key a FIFO of this Client's waiters.
//
// The thundering herd is avoided by waking ONE waiter per event and key: the longest waiting
// that is not already on its way. A waiter that gives up with a wake passes it on.
//
// Fairness against throughput, as Go's sync.Mutex weighs them: a Client's fresh obtain may
// barge in right after a release (the releasing thread taking the lock again costs no thread
// switch, which is where the throughput of a busy lock comes from), but only for a while: once
// the waiter at the front has been woken and kept out for `handoffPatience`, every other
// obtain of this Client on that key yields to it (a direct handoff), so the lock goes round the
// waiters in turn and nobody starves. A woken waiter that lost to a barging thread is not woken
// again by every release meanwhile (each would be another failed attempt): it tries again when
// its patience is over. A release made through this Client wakes the next waiter at once (no
// round trip through the server) and the event the server then sends for it is skipped.
// Waiters of other processes have subscriptions of their own: one release wakes one waiter per
// Client that waits.
//
// Without the events on the server (notify-keyspace-events needs E and g; x for expiries), or
// while the subscription is broken, waiters wait out their strategy's waits: events only ever
// shorten a wait. The server's configuration is read, never changed.
class ReleaseNotifier
{
public:
    using Clock = Context::Clock;

    // How long a woken waiter may be kept out by barging obtains before it gets the lock
    // handed over. Go's sync.Mutex allows 1 ms; here a lock held for a millisecond would then
    // be handed over at almost every release, and a handoff to a thread that must first be
    // scheduled costs milliseconds on a busy machine (measured: 1 ms gave a third of the pairs
    // per second of 5 ms with 16 workers and a 1 ms hold, at the same fairness).
    static constexpr std::chrono::milliseconds handoffPatience{5};

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
        // The attempt after a wake failed: back to waiting, in the same place.
        void attemptFailed();
        // The lock is ours: nothing to pass on.
        void obtained();

    private:
        ReleaseNotifier *notifier_;
        std::unique_ptr<Waiter> waiter_;
        bool obtained_ = false;
    };

    // Starts listening on first use: reads notify-keyspace-events (through `core`, once, and
    // again 10 s after it said no) and subscribes, bounded by the context. False when the events
    // are not available: then obtain waits on its strategy alone.
    [[nodiscard]] bool start(ClientCore &core, const Context &context);
    // Listening now, so that an obtain can register before its first attempt.
    [[nodiscard]] bool listening() const;
    [[nodiscard]] std::unique_ptr<Registration> listen(const std::vector<std::string> &keys);
    // A release through this Client succeeded: hand the keys to their next waiters.
    void releasedLocally(const std::vector<std::string> &keys);

    void setDiagnosticHandler(std::function<void(const std::string &)> handler);
    [[nodiscard]] Status status() const;

private:
    void run(std::stop_token stop);
    void wakeOne(const std::string &key); // mutex_ held
    void deregister(Waiter &waiter, bool obtained);
    void diagnose(const std::string &kind, const std::string &text);

    const ConnectionOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable_any changed_; // the listener's state changed
    Status status_ = Status::notStarted;
    bool subscribed_ = false;
    bool starting_ = false;
    Clock::time_point recheckAt_{};
    std::map<std::string, std::deque<Waiter *>, std::less<>> queues_;
    // Events still to come for releases this Client already handed on: key -> count, when.
    std::map<std::string, std::pair<int, Clock::time_point>, std::less<>> handedOn_;
    std::function<void(const std::string &)> diagnostics_;
    std::vector<std::string> said_; // kinds of diagnostics given, each once
    std::jthread thread_;
};

} // namespace redislock::detail
