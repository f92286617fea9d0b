#!/usr/bin/env bash
# The README's two quick-start commands:
#   ./quickstart.sh run    install the dependencies, build, and run the demo on a private Redis
#   ./quickstart.sh test   install the dependencies, build from scratch and run every test
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
    exec build/release/core/examples/lock_tour
    ;;
test)
    packaging/install-dependencies.sh
    rm -rf build/ci
    cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON
    cmake --build build/ci -j "$jobs"
    ctest --test-dir build/ci --output-on-failure --no-tests=error -j "$jobs" --timeout 300
    ;;
*)
    usage
    ;;
esac
