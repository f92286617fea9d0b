#pragma once

#include <redislock/client.h>
#include <redislock/connectionoptions.h>
#include <redislock/context.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
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
// A release through this Client hands the lock straight to a waiter of the same keys that is
// waiting (not on its way with an attempt of its own): one script deletes the releasing value and
// sets the waiter's (handover.lua), so the key is never free in between, nobody else can take it,
// and the waiter needs no round trip of its own: a busy lock passes between the threads of one
// process at one round trip per turn, in the order they came. The server publishes no release
// for it (the key was never free), so waiters of other processes are not woken in vain. While a
// lock handed over this way is held, this Client's other obtains of the key wait their turn
// instead of sending attempts that must fail.
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

    // What a waiter would write if it obtained: its obtain's script arguments, for a release
    // that hands the lock over to it. The views must outlive the registration.
    struct HandoverTerms
    {
        std::span<const std::string> scriptKeys; // the lock keys, then the fence key if any
        std::string_view value;                  // token .. metadata
        std::chrono::milliseconds ttl{0};
    };
    // A lock handed over: its fence token, and when the handing script was sent (where its
    // validity starts).
    struct Handover
    {
        std::int64_t fenceToken = 0;
        Clock::time_point sentAt{};
    };
    // A release's claim on a waiting waiter: a copy of its terms. The waiter stays waiting until
    // handoverDone says how it went.
    struct HandoverClaim
    {
        Waiter *waiter = nullptr;
        std::vector<std::string> scriptKeys;
        std::string value;
        std::chrono::milliseconds ttl{0};
        std::string ttlText;  // the script's arguments
        std::string lockKeys; // how many of scriptKeys are lock keys
    };
    enum class HandoverOutcome
    {
        handed,  // the script set the waiter's value
        notHeld, // the releasing value was not on the keys: nothing changed
        unknown, // no reply (an I/O error) or an error reply: the waiter finds out by attempting
    };
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
        // A release through this Client may hand the lock to this waiter on these terms.
        void offerHandover(const HandoverTerms &terms);
        // The lock was handed over to this waiter (it is its holder now).
        [[nodiscard]] std::optional<Handover> handedOver() const;

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
    // Before a release through this Client: the first waiter of exactly these keys that waits
    // now and takes handovers, claimed; empty when there is none (then a plain release).
    [[nodiscard]] std::optional<HandoverClaim> claimHandover(const std::vector<std::string> &keys);
    // The handing script's outcome: the claimed waiter holds the lock, waits on, or tries again
    // at once to find out.
    void handoverDone(const HandoverClaim &claim, HandoverOutcome outcome, std::int64_t fenceToken,
                      Clock::time_point sentAt);
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
    // Keys held by a waiter they were handed over to, until when at the latest (its ttl): the
    // Client's other obtains of them wait instead of attempting. Ended by the holder's release
    // through this Client, or by an event that frees the key.
    std::map<std::string, Clock::time_point, std::less<>> handedOver_;
    // Events still to come for releases this Client already handed on: key -> count, when.
    std::map<std::string, std::pair<int, Clock::time_point>, std::less<>> handedOn_;
    std::function<void(const std::string &)> diagnostics_;
    std::vector<std::string> said_; // kinds of diagnostics given, each once
};

} // namespace redislock::detail
