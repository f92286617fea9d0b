#!/usr/bin/env bash
# The README's two quick-start commands:
#   ./quickstart.sh run    install the dependencies, build, and open the inspector on its sandbox
#                          (a private redis-server with demo locks); without a display, the
#                          same sandbox in the terminal (lockctl sandbox + lockctl list --watch)
#   ./quickstart.sh test   install the dependencies, build from scratch and run every test (and,
#                          as root or with passwordless sudo, build, lint, install and use the
#                          Debian packages)
set -euo pipefail
cd "$(dirname "$0")"

usage() { echo "usage: $0 run|test" >&2; exit 2; }
[ $# -eq 1 ] || usage

jobs=$(nproc 2>/dev/null || echo 2)

case "$1" in
run)
    packaging/install-dependencies.sh
    cmake --preset release >/dev/null
    cmake --build --preset release -j "$jobs"
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "quickstart: no display (DISPLAY and WAYLAND_DISPLAY are unset): showing the sandbox in the terminal instead (lockctl sandbox + lockctl list --watch; Ctrl-C ends it)."
        lockctl=build/release/app/lockctl/lockctl
        log=$(mktemp)
        "$lockctl" sandbox >"$log" &
        sandbox=$!
        trap 'kill "$sandbox" 2>/dev/null; wait "$sandbox" 2>/dev/null; rm -f "$log"' EXIT
        trap 'exit 0' INT TERM
        for _ in $(seq 100); do
            grep -q '^sandbox: ' "$log" && break
            kill -0 "$sandbox" 2>/dev/null || { cat "$log" >&2; exit 1; }
            sleep 0.1
        done
        url=$(sed -n 's/^sandbox: //p' "$log" | head -n 1)
        [ -n "$url" ] || { echo "quickstart: the sandbox did not start" >&2; exit 1; }
        "$lockctl" --url "$url" --prefix shop list --watch
        exit 0
    fi
    exec build/release/app/lockscope/lockscope --sandbox
    ;;
test)
    packaging/install-dependencies.sh
    rm -rf build/ci build/ci-fuzz
    # Optimised, with line tables only (-g1): a failing test's backtrace still names files and
    # lines, and full debug information (-g) made the compiler take 70-90 % longer per file.
    # The packages are stripped either way.
    cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
    cmake --build build/ci -j "$jobs"
    # The parsers' fuzz targets replay their committed corpus and regression inputs: the same
    # inputs every run, so the result does not depend on luck. Exploring runs are on demand
    # (tests/fuzz/run.sh SECONDS; docs/reliability.md). Before ctest, so that ctest's summary is
    # the run's last word.
    FUZZ_RUNS=0 FUZZ_BUILD_DIR=build/ci-fuzz tests/fuzz/run.sh 10
    # The Debian packages of this build: built with CPack, checked with lintian, installed with
    # apt-get, run, and used by the package consumer test (packaging/build-packages.sh; 72 s of
    # CPU, so one to two minutes). Installing needs root or passwordless sudo; without either
    # the step is skipped.
    if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
        packaging/build-packages.sh build/ci
    else
        echo "quickstart: skipping the Debian package check: installing packages needs root or passwordless sudo"
    fi
    ctest --test-dir build/ci --output-on-failure --no-tests=error -j "$jobs" --timeout 300
    ;;
*)
    usage
    ;;
esac
