#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for SECONDS each (default 15), after configuring and
# building the fuzz build (build/fuzz, clang 16) when needed. Each target starts from a copy of
# its committed corpus (corpus/NAME) in a temporary directory, so runs never grow the committed
# one. Exits 1 on the first crash or failed property, printing the reproducer's path, kept in
# build/fuzz/crashes/; reproduce with: build/fuzz/tests/fuzz/fuzz_NAME REPRODUCER
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]      e.g. tests/fuzz/run.sh 60 url resp
#   FUZZ_JOBS=2 tests/fuzz/run.sh 600           two targets at once
#   FUZZ_RUNS=1000000 tests/fuzz/run.sh 3600    stop each after so many inputs (or the time)
set -euo pipefail

seconds=${1:-15}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: tests/fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2; }
shift || true
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build_dir=${FUZZ_BUILD_DIR:-$source_dir/build/fuzz}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(retryspec url settings lockrecord resp jsonwriter)

# Clang 16 or later: older ones cannot compile libstdc++'s std::expected.
cxx=${FUZZ_CXX:-}
if [ -z "$cxx" ]; then
    for candidate in clang++-16 clang++-17 clang++-18 clang++-19 clang++; do
        command -v "$candidate" >/dev/null && { cxx=$candidate; break; }
    done
fi
[ -n "$cxx" ] || { echo "run.sh: no clang++ (install clang-16 and libclang-rt-16-dev)" >&2; exit 2; }
cc=${cxx/clang++/clang}

if [ ! -f "$build_dir/build.ninja" ]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    CC=$cc CXX=$cxx cmake -S "$source_dir" -B "$build_dir" -G Ninja -DLOCKSCOPE_FUZZ=ON \
        -DLOCKSCOPE_WITH_QT=OFF -DBUILD_TESTING=OFF "${launcher[@]}" >/dev/null
fi
cmake --build "$build_dir" -j"${FUZZ_BUILD_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d "${TMPDIR:-/tmp}/lockscope-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
crashes=$build_dir/crashes
mkdir -p "$crashes"

run_one() {
    local name=$1
    local binary=$build_dir/tests/fuzz/fuzz_$name
    local started
    started=$(date +%s)
    local corpus=$work/$name
    mkdir -p "$corpus"
    cp "$here/corpus/$name/"* "$corpus/"
    local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                   -artifact_prefix="$crashes/$name-")
    [ -f "$here/dict/$name.dict" ] && options+=(-dict="$here/dict/$name.dict")
    [ -n "${FUZZ_RUNS:-}" ] && options+=(-runs="$FUZZ_RUNS")
    if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
         UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
         "$binary" "${options[@]}" "$corpus" >"$work/$name.log" 2>&1; then
        grep -E "property failed|ERROR|runtime error|^  " "$work/$name.log" | head -20 >&2
        local reproducer
        reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/$name.log" | tail -1)
        echo "fuzz_$name: FAILED; reproducer: ${reproducer:-(none written, see the log above)}" >&2
        return 1
    fi
    local runs cov
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")
    cov=$(grep -oE 'cov: [0-9]+' "$work/$name.log" | tail -1 || true)
    local took=$(( $(date +%s) - started ))
    echo "fuzz_$name: ok, ${runs:-?} runs in ${took}s ($(( ${runs:-0} / (took > 0 ? took : 1) )) exec/s)," \
         "${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs"
}

failed=0
passed=0
jobs=${FUZZ_JOBS:-1}
pids=()
for name in "${targets[@]}"; do
    run_one "$name" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
        if wait "${pids[0]}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do
    if wait "$pid"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
