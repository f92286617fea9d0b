// lockctl: Redis distributed locks from the command line.

#include "commands.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <lockscope/version.h>
#include <map>
#include <stop_token>
#include <thread>
#include <unistd.h>

namespace {

constexpr const char *help =
    R"(usage: lockctl [--url URL | --config app.ini] [--password-file FILE] [--prefix P] [--json]
               COMMAND ...
       lockctl --help | --version

Commands:
  list    [--pattern GLOB] [--limit N] [--token-length N] [--watch [--interval D] | --aux]
  obtain  KEY [KEY...] --ttl D [--metadata S] [--token T [--token-length N] [--reobtain]]
          [--retry SPEC] [--fence-key K] [--hold D]
  refresh KEY --token T --ttl D [--metadata S]
  release KEY --token T [--metadata S]
  ttl     KEY --token T [--metadata S]
  force-release KEY (--expect-value V | --expect-hash F=V,... [--holder UUID:THREAD] | --regardless)
  backoff SPEC [--attempts N] [--ttl D]
  harness --clients N --strategy SPEC [--strategy SPEC...] --hold D|D1..D2 --ttl D
          (--duration D | --acquisitions N) [--key K] [--seed N] [--csv FILE]
  topology
  inspect KEY [--token-length N]
  watch   [--pattern GLOB] [--token-length N] [--interval D] [--count N] [--duration D]
          [--no-initial] [--max-hold D] [--handover-window D]
  sandbox [--port P | --cluster]

URL: redis://[user[:password]@]host[:port][/db], rediss://... (?ca=&cert=&key=&sni=&insecure=true),
     unix:///path/to/socket[?db=N]. Default redis://127.0.0.1:6379.
     redis-cluster://[user:password@]host:port[,host:port...] (seed nodes; database 0 only),
     redis-sentinel://[user:password@]host:port[,host:port...]/MASTER[/db] (the sentinels,
     default port 26379; ?sentinel_user=&sentinel_password= for their own credentials);
     rediss-cluster:// and rediss-sentinel:// take the TLS options of rediss://.
Password: never needed on the command line. In order: --password-file FILE (its first line),
     the URL's or app.ini's, then the environment variable LOCKSCOPE_PASSWORD, then REDISCLI_AUTH.
     Messages show URLs with every password replaced by ***.
Re-obtaining: obtain refuses a key that exists unless the token given is the holder's exact
     token, which it can tell only for a 22-character base64url token or a token as long as
     --token-length; otherwise add --reobtain to re-take a key whose value starts with the token.
Limits: ttl 1ms to 8760h (a year); backoff --attempts up to 10000; list --interval from 100ms.
SPEC: none | linear(100ms) | exponential(16ms,1s) | limit(SPEC,N) | fulljitter(16ms,1s)
      | equaljitter(16ms,1s) | decorrelated(16ms,1s) | notify(SPEC) (SPEC, also woken when the
      key is released: needs notify-keyspace-events Egx). Durations: ns us ms s m h.
--hold D keeps the lock renewed for D, then releases it; if it is lost meanwhile, one line says
      why and the exit code is 1.
With a prefix (from --prefix or the config's Prefix), KEY means PREFIX:KEY, as in Cosy.
Formats: list names each key's library (redislock, custom-token, redisson, redisson-rwlock,
     redsync, node-redlock, redis-py, python-redis-lock, redis-plus-plus, shedlock, or raw)
     with the holder its bytes reveal and one line of evidence. force-release compares what
     list showed: --expect-value for a string, --expect-hash (list's expect_hash) for a Redisson
     hash, of which it removes one holder. list --aux groups the keys libraries keep beside
     their locks (fence counters, Redisson's token, queue and lease keys, python-redis-lock's
     signal lists) and counts the orphans whose lock is gone, with their memory.
Clusters: list scans every master in parallel and names each lock's node and slot; topology
     prints the nodes (role, slots, keys, replication offset, health); inspect KEY asks the
     replicas of the key's master whether they hold the same value (a failover keeps the lock).
Watching: watch prints each lock's events as they are observed: seen (already held when it
     started; --no-initial leaves those out), obtained, refreshed, handed-over, released, expired,
     evicted, deleted, and anomalies: no-expiry, held-too-long (renewed past --max-hold, 10m),
     late-refresh (under 20% of the lease left), zombie-refresh (an expired token came back),
     fast-handover (within --handover-window, 50ms, of an expiry). --json: one line per event,
     {"ts","key","event","format","token","ttl_ms"[,"previous_token"]}, and per anomaly,
     {"ts","key","event":"anomaly","anomaly","token","detail"}. It hears keyspace events (one
     subscription per master; they need notify-keyspace-events Eg$x) and re-reads TTLs every
     --interval (1s); where events are off it says so and polls by scanning every --interval.
     It only reads. --count N stops after N events, --duration D after D; Ctrl-C stops it.
Exit codes: 0 success, 1 not obtained / not held, 2 usage or bad input, 3 connection or server error
     (also a list that lacks a master which failed mid-scan: the others' keys are listed).
)";

// SIGINT and SIGTERM end a --hold or --watch cleanly. request_stop() runs the stop callbacks of
// waiting condition variables, which lock mutexes: not safe inside a signal handler (it could
// deadlock with the very wait it interrupts). So the handler only writes one byte to a pipe
// (async-signal-safe), and a watcher thread that reads the pipe requests the stop from ordinary
// code. The watcher is joined before main returns: a thread left blocked at exit made every run
// under ThreadSanitizer sleep its atexit_sleep_ms (1 s) before exiting, and the signals are
// never blocked, so no child inherits a blocked mask.
class SignalWatcher
{
public:
    SignalWatcher()
    {
        if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0)
            return; // no watcher: the signals keep their default action and end the process
        // The reader blocks; only the handler's end must never block.
        ::fcntl(pipe_[0], F_SETFL, ::fcntl(pipe_[0], F_GETFL) & ~O_NONBLOCK);
        writeEnd = pipe_[1];
        thread_ = std::thread([this] {
            for (;;) {
                char byte = 0;
                const auto got = ::read(pipe_[0], &byte, 1);
                if (got < 0 && errno == EINTR)
                    continue;
                if (got <= 0 || byte == quit)
                    return;
                source_.request_stop();
            }
        });
        struct sigaction action
        {};
        action.sa_handler = &SignalWatcher::handle;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGTERM, &action, nullptr);
    }
    SignalWatcher(const SignalWatcher &) = delete;
    SignalWatcher &operator=(const SignalWatcher &) = delete;
    ~SignalWatcher()
    {
        if (!thread_.joinable())
            return;
        struct sigaction action
        {};
        action.sa_handler = SIG_DFL;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGTERM, &action, nullptr);
        writeEnd = -1;
        const char byte = quit;
        while (::write(pipe_[1], &byte, 1) < 0 && errno == EINTR) {
        }
        thread_.join();
        ::close(pipe_[0]);
        ::close(pipe_[1]);
    }

    [[nodiscard]] std::stop_token token() const { return source_.get_token(); }

private:
    static constexpr char quit = 'q';
    static void handle(int)
    {
        const int saved = errno;
        const char byte = 's';
        [[maybe_unused]] const auto written = ::write(writeEnd, &byte, 1);
        errno = saved;
    }

    static inline volatile std::sig_atomic_t writeEnd = -1;
    int pipe_[2] = {-1, -1};
    std::stop_source source_;
    std::thread thread_;
};

} // namespace

int main(int argc, char **argv)
{
    const Arguments arguments(argc, argv,
                              {"json", "watch", "regardless", "reobtain", "help", "cluster",
                               "version", "aux", "no-initial"});
    if (arguments.flag("help") || arguments.command() == "help") {
        std::fputs(help, stdout);
        return exitSuccess;
    }
    if (arguments.flag("version")) {
        std::fputs("lockctl " LOCKSCOPE_VERSION "\n", stdout);
        return exitSuccess;
    }
    const SignalWatcher signals;
    Invocation invocation(arguments, signals.token());
    if (!arguments.error().empty())
        return invocation.usage(arguments.error());
    if (arguments.command().empty())
        return invocation.usage("no command given");

    static const std::map<std::string, std::function<int(Invocation &)>, std::less<>> commands{
        {"list", runList},         {"obtain", runObtain},   {"refresh", runRefresh},
        {"release", runRelease},   {"ttl", runTtl},         {"force-release", runForceRelease},
        {"backoff", runBackoff},   {"harness", runHarness}, {"sandbox", runSandbox},
        {"topology", runTopology}, {"inspect", runInspect}, {"watch", runWatch},
    };
    const auto command = commands.find(arguments.command());
    if (command == commands.end())
        return invocation.usage("unknown command \"" + arguments.command() + "\"");
    return command->second(invocation);
}
