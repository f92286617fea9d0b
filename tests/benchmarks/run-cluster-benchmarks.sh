#!/usr/bin/env bash
# The cluster measurements behind BENCHMARKS.md ("On a cluster"), in one run against a private
# 3-master 3-replica cluster (lockctl sandbox --cluster) and one private redis-server.
#
#   tests/benchmarks/run-cluster-benchmarks.sh [BUILD_DIR] [options]
#
# BUILD_DIR (default: build/release) must hold app/lockctl/lockctl and tests/benchmarks'
# lockbench, scanprobe and loadkeys.
#
# Options:
#   --report FILE   where the Markdown report goes (default BUILD_DIR/benchmarks/cluster.md)
#   --runs N        repetitions of every measurement; medians are reported (default 3)
#   --locks N       locks (and as many other keys) spread over the masters (default 1000000)
#   -n N            obtain/release pairs per lockbench run (default 20000)
#
# 1. The cluster: `lockctl sandbox --cluster` (its five demo services stay on: a few lock
#    operations a second under "shop:", nothing next to the loads measured here).
# 2. The data: loadkeys once per master with --slots of that master, in parallel, so the three
#    masters together hold exactly what run-benchmarks.sh loads into one server; then waits
#    until every replica has caught up, so that replication does not run during the scans.
# 3. Each run: scanprobe on each master alone, one after another (the floor per master), then
#    lockctl --json list over the cluster (every master in parallel), timed with peak RSS.
#    Target: lockctl ≤ 1.3 × the slowest master's probe.
# 4. lockbench single and contended against the standalone server and against the cluster URL
#    (the same library; on the cluster each obtain and release is routed by its key's slot).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
name=run-cluster-benchmarks
source "$repo/tests/benchmarks/benchlib.sh"
build="$repo/build/release"
report=""
runs=3
locks=1000000
pairs=20000

if take_build_dir "$@"; then shift; fi
while [ $# -gt 0 ]; do
    case "$1" in
    --report) report=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --locks) locks=$2; shift 2 ;;
    -n) pairs=$2; shift 2 ;;
    -h | --help) show_help ;;
    *) die "unknown option $1 (see --help)" ;;
    esac
done

bench="$build/tests/benchmarks"
lockctl="$build/app/lockctl/lockctl"
for program in "$bench/lockbench" "$bench/scanprobe" "$bench/loadkeys" "$lockctl"; do
    [ -x "$program" ] || die "$program is missing: build it first"
done
[ -n "$report" ] || report="$build/benchmarks/cluster.md"
command -v redis-server >/dev/null || die "redis-server is not installed"
command -v redis-cli >/dev/null || die "redis-cli is not installed (apt-get install redis-tools)"
timer=/usr/bin/time
[ -x "$timer" ] || die "/usr/bin/time is needed for peak RSS (apt-get install time)"

work=$(mktemp -d)
sandbox_pid=""
server_pid=""
cleanup() {
    for pid in $sandbox_pid $server_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "run-cluster-benchmarks: starting the cluster" >&2
"$lockctl" sandbox --cluster >"$work/sandbox.out" 2>&1 &
sandbox_pid=$!
for _ in $(seq 600); do
    grep -q '^sandbox: redis-cluster://' "$work/sandbox.out" && break
    kill -0 "$sandbox_pid" 2>/dev/null || die "the sandbox did not start: $(cat "$work/sandbox.out")"
    sleep 0.1
done
url=$(sed -n 's/^sandbox: \(redis-cluster:.*\)$/\1/p' "$work/sandbox.out")
[ -n "$url" ] || die "the sandbox did not start in 60 s: $(cat "$work/sandbox.out")"
ports=$(echo "${url#redis-cluster://}" | tr ',' '\n' | cut -d: -f2)

# Each master's port and slot range, from its own line of CLUSTER NODES.
masters=()
ranges=()
for port in $ports; do
    line=$(redis-cli -p "$port" cluster nodes | grep myself)
    case "$line" in
    *master*)
        masters+=("$port")
        ranges+=("$(echo "$line" | awk '{print $9}')")
        ;;
    esac
done
[ ${#masters[@]} -eq 3 ] || die "expected 3 masters, found ${#masters[@]}"
version=$(redis-cli -p "${masters[0]}" info server | tr -d '\r' | sed -n 's/^redis_version://p')

echo "run-cluster-benchmarks: loading $locks locks and $locks other keys over ${masters[*]}" >&2
load_started=$(date +%s.%N)
for i in 0 1 2; do
    "$bench/loadkeys" --port "${masters[$i]}" --slots "${ranges[$i]}" --locks "$locks" \
        --others "$locks" >"$work/load$i.json" &
done
wait_status=0
for job in $(jobs -p); do
    [ "$job" = "$sandbox_pid" ] || wait "$job" || wait_status=$?
done
[ "$wait_status" = 0 ] || die "loadkeys failed"
load_secs=$(echo "$(date +%s.%N) - $load_started" | bc)
# Replication of two million keys must be over before anything is timed.
for port in "${masters[@]}"; do
    for _ in $(seq 1200); do
        info=$(redis-cli -p "$port" info replication | tr -d '\r')
        master_offset=$(echo "$info" | sed -n 's/^master_repl_offset://p')
        replica_offset=$(echo "$info" | sed -n 's/^slave0:.*offset=\([0-9]*\).*/\1/p')
        [ "$master_offset" = "$replica_offset" ] && break
        sleep 0.5
    done
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
: >"$work/scan.tsv"
for run in $(seq "$runs"); do
    echo "run-cluster-benchmarks: scan, run $run of $runs" >&2
    for port in "${masters[@]}"; do
        "$timer" -f '%e %M' -o "$work/time" "$bench/scanprobe" --port "$port" >"$work/probe.json"
        printf 'probe\t%s\t%s\t%s\t%s\n' "$run" "$port" "$(cat "$work/time")" \
            "$(cat "$work/probe.json")" >>"$work/scan.tsv"
    done
    status=0
    "$timer" -f '%e %M' -o "$work/time" "$lockctl" --url "$url" --json list \
        >"$work/list.json" 2>"$work/list.err" || status=$?
    listed=$(grep -o '"format":"redislock"' "$work/list.json" | wc -l)
    summary=$(tail -c 300 "$work/list.json" | grep -o '"scanned":[0-9]*,"complete":[a-z]*' || true)
    printf 'lockctl\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$status" "$(cat "$work/time")" \
        "$listed" "$summary" "$(stat -c %s "$work/list.json")" >>"$work/scan.tsv"
    rm -f "$work/list.json"
done

# The standalone server for the pairs/s comparison, on a free port.
start_server
sport=$port
: >"$work/pairs.tsv"
for run in $(seq "$runs"); do
    echo "run-cluster-benchmarks: pairs, run $run of $runs" >&2
    for mode in single contended; do
        "$bench/lockbench" --port "$sport" --mode "$mode" -n "$pairs" --output "$work/line.json" \
            >/dev/null
        printf 'standalone\t%s\t%s\t%s\n' "$mode" "$run" "$(cat "$work/line.json")" >>"$work/pairs.tsv"
        "$bench/lockbench" --port "${masters[0]}" --url "$url" --mode "$mode" -n "$pairs" \
            --output "$work/line.json" >/dev/null
        printf 'cluster\t%s\t%s\t%s\n' "$mode" "$run" "$(cat "$work/line.json")" >>"$work/pairs.tsv"
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(($(date +%s) - started))

mkdir -p "$(dirname "$report")"
python3 - "$work" "$report" <<PYTHON
import json, statistics, sys
work, report = sys.argv[1], sys.argv[2]
out = []
w = out.append
loads = [json.load(open(f"{work}/load{i}.json")) for i in range(3)]
w("# Lockscope on a cluster: benchmark report\n")
w(f"- redis-server $version: 3 masters + 3 replicas (lockctl sandbox --cluster) and one "
  f"standalone server, all on 127.0.0.1; {int('$runs')} runs, medians")
w(f"- load average before {'$load_before'}, after {'$load_after'}; measured in {int('$elapsed')} s")
sizes = ", ".join(format(l["dbsize"], ",") for l in loads)
w(f"- data: {loads[0]['locks']:,} locks + {loads[0]['others']:,} other keys, DBSIZE per master "
  f"{sizes}; loaded in {float('$load_secs'):.1f} s\n")
probes, lists = {}, []
for line in open(f"{work}/scan.tsv"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "probe":
        secs, rss = f[3].split()
        probes.setdefault(int(f[1]), {})[f[2]] = (float(secs), json.loads(f[4])["keys"])
    else:
        secs, rss = f[3].split()
        lists.append((int(f[1]), int(f[2]), float(secs), int(rss), int(f[4]), f[5], int(f[6])))
w("| run | scanprobe per master (s) | slowest | lockctl --json list (s) | ÷ slowest | peak RSS | result |")
w("|---|---|---:|---:|---:|---:|---|")
ratios = []
for run, status, secs, rss, listed, summary, size in lists:
    per = probes[run]
    slowest = max(s for s, _ in per.values())
    ratios.append(secs / slowest)
    w(f"| {run} | {', '.join(f'{s:.2f}' for s, _ in per.values())} | {slowest:.2f} | {secs:.2f} | "
      f"{secs / slowest:.2f} | {rss / 1024:.1f} MB | exit {status}, {listed:,} locks, {summary}, "
      f"{size / 1e6:.0f} MB JSON |")
m = statistics.median(ratios)
w(f"\nlockctl ÷ slowest master's probe, median: **{m:.2f}** (target ≤ 1.3: "
  f"{'met' if m <= 1.3 else 'MISSED'})\n")
pairs = {}
for line in open(f"{work}/pairs.tsv"):
    where, mode, run, j = line.rstrip("\n").split("\t")
    pairs.setdefault((where, mode), []).append(json.loads(j))
w("| lockbench -n $pairs | standalone pairs/s (median) | cluster pairs/s (median) | cluster ÷ standalone | errors |")
w("|---|---:|---:|---:|---:|")
for mode in ("single", "contended"):
    s = statistics.median(x["ops_per_sec"] for x in pairs[("standalone", mode)])
    c = statistics.median(x["ops_per_sec"] for x in pairs[("cluster", mode)])
    e = sum(x["errors"] for x in pairs[("standalone", mode)] + pairs[("cluster", mode)])
    w(f"| {mode} | {s:,.0f} | {c:,.0f} | {c / s:.2f} | {e} |")
text = "\n".join(out) + "\n"
open(report, "w").write(text)
print(text)
PYTHON
echo "run-cluster-benchmarks: report written to $report" >&2
