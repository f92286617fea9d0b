// lockctl: Redis distributed locks from the command line (SPEC §4).

#include "commands.h"

#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <pthread.h>
#include <stop_token>
#include <thread>

namespace {

constexpr const char *help =
    R"(usage: lockctl [--url URL | --config app.ini] [--prefix P] [--json] COMMAND ...

Commands:
  list    [--pattern GLOB] [--limit N] [--token-length N] [--watch [--interval D]]
  obtain  KEY [KEY...] --ttl D [--metadata S] [--token T] [--retry SPEC] [--fence-key K] [--hold D]
  refresh KEY --token T --ttl D [--metadata S]
  release KEY --token T [--metadata S]
  ttl     KEY --token T [--metadata S]
  force-release KEY (--expect-value V | --regardless)
  backoff SPEC [--attempts N] [--ttl D]
  harness --clients N --strategy SPEC [--strategy SPEC...] --hold D|D1..D2 --ttl D
          (--duration D | --acquisitions N) [--key K] [--seed N] [--csv FILE]
  sandbox [--port P]

URL: redis://[user[:password]@]host[:port][/db], rediss://... (?ca=&cert=&key=&sni=&insecure=true),
     unix:///path/to/socket[?db=N]. Default redis://127.0.0.1:6379.
SPEC: none | linear(100ms) | exponential(16ms,1s) | limit(SPEC,N) | fulljitter(16ms,1s)
      | equaljitter(16ms,1s) | decorrelated(16ms,1s). Durations: ns us ms s m h.
With a prefix (from --prefix or the config's Prefix), KEY means PREFIX:KEY, as in Cosy.
Exit codes: 0 success, 1 not obtained / not held, 2 usage or bad input, 3 connection or server error.
)";

// SIGINT and SIGTERM end a --hold or --watch cleanly. request_stop() runs the stop callbacks of
// waiting condition variables, which lock mutexes: not safe inside a signal handler (it could
// deadlock with the very wait it interrupts). So the signals are blocked in every thread and one
// watcher thread takes them with sigwait() and requests the stop from ordinary code.
std::stop_token stopOnSignals()
{
    static std::stop_source source;
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr); // inherited by every thread made after this
    std::thread([signals] {
        int received = 0;
        sigwait(&signals, &received);
        source.request_stop();
    }).detach(); // blocked in sigwait until a signal or the end of the process
    return source.get_token();
}

} // namespace

int main(int argc, char **argv)
{
    const Arguments arguments(argc, argv, {"json", "watch", "regardless", "help"});
    if (arguments.flag("help") || arguments.command() == "help") {
        std::fputs(help, stdout);
        return exitSuccess;
    }
    Invocation invocation(arguments, stopOnSignals());
    if (!arguments.error().empty())
        return invocation.usage(arguments.error());
    if (arguments.command().empty())
        return invocation.usage("no command given");

    static const std::map<std::string, std::function<int(Invocation &)>, std::less<>> commands{
        {"list", runList},       {"obtain", runObtain},   {"refresh", runRefresh},
        {"release", runRelease}, {"ttl", runTtl},         {"force-release", runForceRelease},
        {"backoff", runBackoff}, {"harness", runHarness}, {"sandbox", runSandbox},
    };
    const auto command = commands.find(arguments.command());
    if (command == commands.end())
        return invocation.usage("unknown command \"" + arguments.command() + "\"");
    return command->second(invocation);
}
