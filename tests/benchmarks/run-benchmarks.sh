#!/usr/bin/env bash
# The measurements behind BENCHMARKS.md, in one run against one private redis-server.
#
#   tests/benchmarks/run-benchmarks.sh [BUILD_DIR] [options]
#
# BUILD_DIR (default: build/release) must hold the lockbench, scanprobe, loadkeys and rawpair
# programs (tests/benchmarks) and, for the million-locks row, app/lockctl/lockctl; without lockctl
# that row is reported as pending. Build with optimisation, for example:
#   cmake --preset release && cmake --build --preset release -j2
#
# Options:
#   --report FILE      where the Markdown report goes (default BUILD_DIR/benchmarks/report.md);
#                      the raw results go next to it, in raw/
#   --placement LIST   CPU placements to measure, blank-separated (default "shared split"):
#                        shared  redis-server and the client on CPU 0
#                        split   redis-server on CPU 0, the client on CPU 1
#                        none    no pinning: the scheduler decides, run by run
#   --runs N           repetitions of every measurement; medians are reported (default 3)
#   -n N               obtain/release pairs per lockbench run, both workloads (default 100000)
#   --evalsha-n N      requests per redis-benchmark run (default 100000)
#   --locks N          locks (and as many other keys) of the million-locks part (default 1000000)
#   --skip-million     leave out the million-locks part
#   --only-contention  only the contention part (strategies compared, renewal cost)
#   --contention-n N   obtain/release pairs per run of the contention part (default 20000)
#   --lockctl PATH     the lockctl binary (default BUILD_DIR/app/lockctl/lockctl)
#
# Why placements: on a small VM, a round trip between two processes on different vCPUs costs a
# cross-CPU wake-up (an IPI through the hypervisor and a halted vCPU coming back), several times
# a round trip on one vCPU. An unpinned run flips between the two from one run to the next, so
# its ratios are noise; pinned runs are repeatable and show both regimes.
#
# The server is started here on a free loopback port, without persistence, and stopped on exit.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
name=run-benchmarks
source "$repo/tests/benchmarks/benchlib.sh"
build="$repo/build/release"
report=""
placements="shared split"
runs=3
pairs=100000
evalsha_n=100000
million=1
only_contention=0
contention_n=20000
locks=1000000
lockctl=""

if take_build_dir "$@"; then shift; fi
while [ $# -gt 0 ]; do
    case "$1" in
    --report) report=$2; shift 2 ;;
    --placement) placements=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -n) pairs=$2; shift 2 ;;
    --evalsha-n) evalsha_n=$2; shift 2 ;;
    --locks) locks=$2; shift 2 ;;
    --skip-million) million=0; shift ;;
    --only-contention) only_contention=1; million=0; shift ;;
    --contention-n) contention_n=$2; shift 2 ;;
    --lockctl) lockctl=$2; shift 2 ;;
    -h | --help) show_help ;;
    *) die "unknown option $1 (see --help)" ;;
    esac
done

bench="$build/tests/benchmarks"
for program in lockbench scanprobe loadkeys rawpair; do
    [ -x "$bench/$program" ] || die "$bench/$program is missing: build the tests first"
done
[ -n "$lockctl" ] || lockctl="$build/app/lockctl/lockctl"
[ -n "$report" ] || report="$build/benchmarks/report.md"
command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install redis-server)"
command -v redis-benchmark >/dev/null || die "redis-benchmark is not installed (apt-get install redis-tools)"
command -v python3 >/dev/null || die "python3 is needed to compute the report"
timer=/usr/bin/time
[ -x "$timer" ] || timer="" # apt-get install time: peak RSS is then reported as n/a

cpus=$(nproc)
if [ "$cpus" -lt 2 ]; then
    echo "run-benchmarks: one CPU only: measuring without pinning" >&2
    placements="none"
fi

outdir=$(dirname "$report")
raw="$outdir/raw"
mkdir -p "$raw"
rm -f "$raw"/*
work=$(mktemp -d)
server_pid=""

cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server
rcli() { redis-cli -p "$port" "$@"; }
version=$(rcli info server | tr -d '\r' | sed -n 's/^redis_version://p')
echo "run-benchmarks: redis-server $version on 127.0.0.1:$port (pid $server_pid)" >&2

# The obtain script exactly as the library embeds it, so the SHA is the one the library runs.
sha=$(rcli script load "$(cat "$repo/core/scripts/obtain.lua")")
[ ${#sha} -eq 40 ] || die "SCRIPT LOAD failed: $sha"
token=bench0123456789abcdefg # 22 base64url characters, like a default token
# KEYS = the lock key; ARGV = value (token + metadata), token length, ttl ms, number of lock keys.
evalsha_args=(EVALSHA "$sha" 1 bench:key "$token" 22 10000 1)

# Pins the server and prints the taskset prefix for the client of a placement.
place() {
    case "$1" in
    shared) taskset -cp 0 "$server_pid" >/dev/null; echo "taskset -c 0" ;;
    split) taskset -cp 0 "$server_pid" >/dev/null; echo "taskset -c 1" ;;
    none) taskset -cp "0-$((cpus - 1))" "$server_pid" >/dev/null; echo "" ;;
    *) die "unknown placement $1" ;;
    esac
}

evalsha_rps() { # clients, client prefix
    $2 redis-benchmark -p "$port" -c "$1" -n "$evalsha_n" --csv "${evalsha_args[@]}" |
        tail -1 | cut -d, -f2 | tr -d '"'
}

started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$only_contention" = 1 ] && placements=""
for placement in $placements; do
    prefix=$(place "$placement")
    for run in $(seq "$runs"); do
        echo "run-benchmarks: $placement, run $run of $runs" >&2
        printf 'evalsha_c1\t%s\t%s\n' "$run" "$(evalsha_rps 1 "$prefix")" >>"$raw/$placement.tsv"
        printf 'evalsha_c16\t%s\t%s\n' "$run" "$(evalsha_rps 16 "$prefix")" >>"$raw/$placement.tsv"
        # The floor, no library: the same scripts over a bare socket (tests/benchmarks/rawpair).
        $prefix "$bench/rawpair" --host 127.0.0.1 --port "$port" -n "$pairs" \
            --scripts "$repo/core/scripts" >"$work/raw.json"
        printf 'rawpair\t%s\t%s\n' "$run" "$(cat "$work/raw.json")" >>"$raw/$placement.tsv"
        for mode in single contended; do
            # The server's count of script calls: how many attempts each pair took.
            rcli config resetstat >/dev/null
            $prefix "$bench/lockbench" --host 127.0.0.1 --port "$port" --mode "$mode" -n "$pairs" \
                --output "$work/line.json" >/dev/null
            calls=$(rcli info commandstats | tr -d '\r' |
                sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\).*/\1/p')
            printf '%s\t%s\t%s\t%s\n' "$mode" "$run" "$(cat "$work/line.json")" "${calls:-0}" \
                >>"$raw/$placement.tsv"
        done
    done
done
place none >/dev/null

# Times a command: "<seconds> <peak RSS KB>" into the file $1; its stdout goes to $2.
timed() {
    local into=$1 out=$2
    shift 2
    if [ -n "$timer" ]; then
        "$timer" -f '%e %M' -o "$into" "$@" >"$out"
    else
        local begin end
        begin=$(date +%s.%N)
        "$@" >"$out"
        end=$(date +%s.%N)
        echo "$(echo "$end - $begin" | bc) n/a" >"$into"
    fi
}

if [ "$million" = 1 ]; then
    echo "run-benchmarks: loading $locks locks and $locks other keys" >&2
    rcli flushall >/dev/null
    "$bench/loadkeys" --host 127.0.0.1 --port "$port" --locks "$locks" --others "$locks" \
        >"$raw/loadkeys.json"
    rcli info memory | tr -d '\r' | sed -n 's/^used_memory_human:/memory\t/p' >>"$raw/million.tsv"
    have_lockctl=0
    if [ -x "$lockctl" ]; then
        have_lockctl=1
    else
        printf 'lockctl_missing\t%s\n' "$lockctl" >>"$raw/million.tsv"
    fi
    for run in $(seq "$runs"); do
        echo "run-benchmarks: million locks, run $run of $runs" >&2
        timed "$work/time" "$work/probe.json" "$bench/scanprobe" --host 127.0.0.1 --port "$port"
        printf 'scanprobe\t%s\t%s\t%s\n' "$run" "$(cat "$work/time")" \
            "$(cat "$work/probe.json")" >>"$raw/million.tsv"
        if [ "$have_lockctl" = 1 ]; then
            # Into a file, as a script piping it on would: the output is about half a gigabyte.
            status=0
            timed "$work/time" "$work/list.json" "$lockctl" --url "redis://127.0.0.1:$port" \
                --json list 2>"$work/list.err" || status=$?
            if [ "$status" != 0 ]; then
                printf 'lockctl_failed\t%s\t%s\n' "$status" "$(head -1 "$work/list.err")" \
                    >>"$raw/million.tsv"
                break
            fi
            # The document's tail holds the totals; count the locks listed on the first run.
            tail_json=$(tail -c 200 "$work/list.json" | grep -o '"scanned":[0-9]*,"complete":[a-z]*' || true)
            locks=""
            if [ "$run" = 1 ]; then
                locks=$(grep -o '"format":"redislock"' "$work/list.json" | wc -l)
            fi
            printf 'lockctl\t%s\t%s\t%s\t%s\t%s\n' "$run" "$(cat "$work/time")" \
                "$(stat -c %s "$work/list.json")" "$tail_json" "$locks" >>"$raw/million.tsv"
            rm -f "$work/list.json"
        fi
    done
fi
# Contention: one key, 16 workers of one service (a shared Client, a connection each), hold 0
# and 1 ms, polling strategies against waiting for the release. The keyspace events are turned
# on here, by the operator of this private server (the library never does it), and off after.
# Then the renewal cost of 10,000 kept locks on one Client.
if [ -n "$contention_n" ] && [ "$contention_n" != 0 ]; then
    place none >/dev/null
    rcli config set notify-keyspace-events Egx >/dev/null
    cload_before=$(cut -d' ' -f1-3 /proc/loadavg)
    for run in $(seq "$runs"); do
        echo "run-benchmarks: contention, run $run of $runs" >&2
        printf 'evalsha_c1\t%s\t%s\n' "$run" "$(evalsha_rps 1 "")" >>"$raw/contention.tsv"
        printf 'evalsha_c16\t%s\t%s\n' "$run" "$(evalsha_rps 16 "")" >>"$raw/contention.tsv"
        for hold in 0 1ms; do
            for spec in "linear(1ms)" "fulljitter(1ms,50ms)" "notify(exponential(1ms,50ms))"; do
                "$bench/lockbench" --host 127.0.0.1 --port "$port" --mode contended \
                    --workers 16 --clients shared --hold "$hold" --retry "$spec" \
                    -n "$contention_n" --output "$work/line.json" >/dev/null 2>"$work/err" || true
                printf 'contended\t%s\t%s\n' "$run" "$(cat "$work/line.json")" >>"$raw/contention.tsv"
            done
        done
        # The ceiling at hold 1 ms: one worker alone, no contention (hold + release + obtain).
        "$bench/lockbench" --host 127.0.0.1 --port "$port" --mode contended --workers 1 \
            --hold 1ms --retry "linear(1ms)" -n 2000 --output "$work/line.json" >/dev/null \
            2>"$work/err" || true
        printf 'contended\t%s\t%s\n' "$run" "$(cat "$work/line.json")" >>"$raw/contention.tsv"
        # Sixteen processes' worth of Clients, each with its own subscription: one release
        # wakes a waiter in each.
        "$bench/lockbench" --host 127.0.0.1 --port "$port" --mode contended --workers 16 \
            --clients own --retry "notify(exponential(1ms,50ms))" -n "$contention_n" \
            --output "$work/line.json" >/dev/null 2>"$work/err" || true
        printf 'contended\t%s\t%s\n' "$run" "$(cat "$work/line.json")" >>"$raw/contention.tsv"
    done
    "$bench/lockbench" --host 127.0.0.1 --port "$port" --mode keep -n 10000 --ttl 3s \
        --output "$work/line.json" >/dev/null 2>"$work/err" || true
    printf 'keep\t1\t%s\n' "$(cat "$work/line.json")" >>"$raw/contention.tsv"
    rcli config set notify-keyspace-events "" >/dev/null
    cload_after=$(cut -d' ' -f1-3 /proc/loadavg)
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(($(date +%s) - started))

python3 - "$raw" "$report" <<PYTHON
import json, os, statistics, subprocess, sys

raw, report = sys.argv[1], sys.argv[2]
placements = "$placements".split()
runs = int("$runs")
targets = {"single": (0.65, 0.546), "contended": (0.70, 0.589)}
place_text = {
    "shared": "server and client on CPU 0",
    "split": "server on CPU 0, client on CPU 1",
    "none": "unpinned (the scheduler decides)",
}

def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"

def build_type():
    try:
        for line in open(os.path.join("$build", "CMakeCache.txt")):
            if line.startswith("CMAKE_BUILD_TYPE:"):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return "unknown"

def median(values):
    return statistics.median(values) if values else float("nan")

out = []
w = out.append
w("# Lockscope benchmark report\n")
w(f"- machine: {os.cpu_count()} CPUs, {cpu_model()}, Linux {os.uname().release}")
w(f"- redis-server $version on 127.0.0.1 (private, --save \"\" --appendonly no), "
  f"build type {build_type()}")
w(f"- load average before {'$load_before'}, after {'$load_after'}; {runs} runs of everything, "
  f"medians reported; total {int('$elapsed')} s")
w(f"- redis-benchmark: \`-c 1|16 -n $evalsha_n EVALSHA <sha of core/scripts/obtain.lua> 1 "
  f"bench:key $token 22 10000 1\`")
w(f"- lockbench: \`--mode single|contended -n $pairs\` (contended: 16 workers, own connection "
  f"each, linearBackoff(1ms), hold 0)\n")

for placement in placements:
    rows = {}
    calls = {}
    for line in open(os.path.join(raw, placement + ".tsv")):
        kind, run, value, *extra = line.rstrip("\n").split("\t")
        rows.setdefault(kind, []).append((int(run), value))
        if extra:
            calls.setdefault(kind, []).append(int(extra[0]))
    c1 = {run: float(v) for run, v in rows.get("evalsha_c1", [])}
    c16 = {run: float(v) for run, v in rows.get("evalsha_c16", [])}
    base = median(list(c1.values()))
    w(f"## Placement: {placement} ({place_text.get(placement, placement)})\n")
    w("| measurement | median | runs | p50 / p99 obtain (median run) | script calls per pair | errors |")
    w("|---|---:|---|---|---:|---:|")
    w(f"| redis-benchmark EVALSHA -c 1 (rps) | {base:,.0f} | "
      f"{', '.join(f'{v:,.0f}' for v in c1.values())} | | | |")
    w(f"| redis-benchmark EVALSHA -c 16 (rps) | {median(list(c16.values())):,.0f} | "
      f"{', '.join(f'{v:,.0f}' for v in c16.values())} | | | |")
    ratios = []
    for mode in ("single", "contended"):
        lines = [(run, json.loads(v)) for run, v in rows.get(mode, [])]
        if not lines:
            continue
        values = [l["ops_per_sec"] for _, l in lines]
        m = median(values)
        middle = sorted(lines, key=lambda x: x[1]["ops_per_sec"])[len(lines) // 2][1]
        errors = sum(l["errors"] for _, l in lines)
        total_ops = sum(l["ops"] for _, l in lines)
        per_pair = sum(calls.get(mode, [])) / total_ops if total_ops else float("nan")
        w(f"| lockbench {mode} (pairs/s) | {m:,.0f} | {', '.join(f'{v:,.0f}' for v in values)} "
          f"| {middle['obtain_p50_us']:.0f} / {middle['obtain_p99_us']:.0f} us | {per_pair:.2f} "
          f"| {errors} |")
        paired = [l["ops_per_sec"] / c1[run] for run, l in lines if c1.get(run)]
        ratios.append((mode, m / base if base else float("nan"), paired))
    floor = [(run, json.loads(v)["ops_per_sec"]) for run, v in rows.get("rawpair", [])]
    if floor:
        w(f"| rawpair: the same pairs with no library (pairs/s) | "
          f"{median([v for _, v in floor]):,.0f} | {', '.join(f'{v:,.0f}' for _, v in floor)} "
          f"| | 2.00 | 0 |")
        ratios.append(("floor", median([v for _, v in floor]) / base if base else float("nan"),
                       [v / c1[run] for run, v in floor if c1.get(run)]))
    w("")
    w("| ratio pairs/s ÷ EVALSHA -c 1 | median ÷ median | per run (same round) | target | Go | verdict |")
    w("|---|---:|---|---:|---:|---|")
    for mode, ratio, paired in ratios:
        if mode == "floor":
            w(f"| rawpair (reference: the floor of any client making the two round trips) | "
              f"{ratio:.3f} | {', '.join(f'{r:.3f}' for r in paired)} | | | |")
            continue
        target, go = targets[mode]
        verdict = "met" if ratio >= target else "MISSED"
        if placement == "none":
            verdict += " (unpinned: the two sides may have run in different regimes)"
        w(f"| {mode} | {ratio:.3f} | {', '.join(f'{r:.3f}' for r in paired)} | ≥ {target} | "
          f"{go} | {verdict} |")
    w("")

contention = os.path.join(raw, "contention.tsv")
if os.path.exists(contention):
    c1, c16, lines, keep = [], [], {}, None
    for line in open(contention):
        kind, run, value = line.rstrip("\n").split("\t", 2)
        if kind == "evalsha_c1":
            c1.append(float(value))
        elif kind == "evalsha_c16":
            c16.append(float(value))
        elif kind == "keep" and value:
            keep = json.loads(value)
        elif value:
            l = json.loads(value)
            lines.setdefault((l["hold_us"], l["retry"], l["clients"], l["workers"]), []).append(l)
    base = median(c1)
    w("## Contention: one key, 16 workers\n")
    w(f"Client unpinned; load average before {'${cload_before:-}'}, after {'${cload_after:-}'}; "
      f"$contention_n pairs per run, {runs} runs, medians (of pairs/s; the other columns from "
      f"the median run). redis-benchmark EVALSHA -c 1: {base:,.0f} rps, -c 16: "
      f"{median(c16):,.0f} rps.\n")
    w("| hold | strategy | workers, clients | pairs/s | ÷ EVALSHA -c 1 | obtain p50 / p99 | script calls per pair | Jain's fairness | errors |")
    w("|---|---|---|---:|---:|---|---:|---:|---:|")
    for (hold, retry, clients, workers), ls in lines.items():
        ls.sort(key=lambda l: l["ops_per_sec"])
        m = ls[len(ls) // 2]
        w(f"| {hold / 1000:g} ms | {retry} | {workers}, {clients} | {m['ops_per_sec']:,.0f} | "
          f"{m['ops_per_sec'] / base if base else float('nan'):.3f} | "
          f"{m['obtain_p50_us'] / 1000:.2f} / {m['obtain_p99_us'] / 1000:.2f} ms | "
          f"{m['script_calls_per_op']:.2f} | {m['fairness']:.3f} | {sum(l['errors'] for l in ls)} |")
    if keep:
        w(f"\nRenewal: {keep['ops']:,} renewals of 10,000 kept locks (ttl 3 s) on one Client in "
          f"{keep['round_trips']} round trips: {keep['round_trips_per_100']:.3f} per 100 renewals "
          f"(goal ≤ 1), {keep['script_calls_per_op']:.2f} script calls per renewal, "
          f"errors {keep['errors']}.")
    w("")

million = os.path.join(raw, "million.tsv")
if os.path.exists(million):
    load = json.load(open(os.path.join(raw, "loadkeys.json")))
    probe, lockctl, memory, missing, failed = [], [], "", None, None
    for line in open(million):
        fields = line.rstrip("\n").split("\t")
        if fields[0] == "scanprobe":
            secs, rss = fields[2].split()
            probe.append((float(secs), rss, json.loads(fields[3])))
        elif fields[0] == "lockctl":
            secs, rss = fields[2].split()
            lockctl.append((float(secs), rss, int(fields[3]), fields[4], fields[5]))
        elif fields[0] == "memory":
            memory = fields[1]
        elif fields[0] == "lockctl_missing":
            missing = fields[1]
        elif fields[0] == "lockctl_failed":
            failed = f"exit status {fields[1]}: {fields[2]}"
    w("## A million locks\n")
    w(f"{load['locks']:,} redislock-format locks + {load['others']:,} other keys (strings, one in "
      f"ten a hash); DBSIZE {load['dbsize']:,}, used_memory {memory}, loaded in "
      f"{load['secs']:.1f} s. Client unpinned.\n")
    w("| program | median s | runs (s) | peak RSS | result |")
    w("|---|---:|---|---:|---|")
    p = median([x[0] for x in probe])
    w(f"| scanprobe (SCAN COUNT 1000 + pipelined GET+PTTL) | {p:.2f} | "
      f"{', '.join(f'{x[0]:.2f}' for x in probe)} | {probe[0][1]} KB | "
      f"{probe[0][2]['keys']:,} keys |")
    if lockctl:
        l = median([x[0] for x in lockctl])
        rss = max((x[1] for x in lockctl), key=lambda v: int(v) if v.isdigit() else 0)
        w(f"| lockctl --json list | {l:.2f} | {', '.join(f'{x[0]:.2f}' for x in lockctl)} | "
          f"{rss} KB | {lockctl[0][3]}, {int(lockctl[0][4]):,} redislock locks, "
          f"{lockctl[0][2] / 1e6:.0f} MB of JSON |")
        ratio = l / p
        w(f"\nlockctl ÷ probe: **{ratio:.2f}** (target ≤ 1.3: {'met' if ratio <= 1.3 else 'MISSED'})")
    elif failed:
        w(f"| lockctl --json list | failed | | | {failed} |")
    else:
        w(f"| lockctl --json list | pending | | | {missing} does not exist yet |")
    w("")

text = "\n".join(out) + "\n"
os.makedirs(os.path.dirname(report) or ".", exist_ok=True)
open(report, "w").write(text)
print(text)
PYTHON
echo "run-benchmarks: report written to $report (raw results in $raw)" >&2
