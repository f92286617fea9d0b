# Sourced by run-benchmarks.sh and run-cluster-benchmarks.sh: what both scripts do the same way.
# The sourcing script sets `name` (its name in messages) first, and `work` (its temporary
# directory) before start_server.

# One line on standard error, then exit 2.
die() {
    echo "$name: $*" >&2
    exit 2
}

# The comment block at the top of the script, without the comment marks.
show_help() {
    sed -n '2,/^set -euo/p' "$0" | sed 's/^# \{0,1\}//; /^set -euo/d'
    exit 0
}

# Sets `build` from the first argument when that is not an option; the caller then shifts it:
#   if take_build_dir "$@"; then shift; fi
take_build_dir() {
    [ $# -gt 0 ] && [ "${1#-}" = "$1" ] || return 1
    build=$(cd "$1" && pwd) || die "no build directory $1"
}

free_port() {
    if python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null; then
        return
    fi
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    return 1
}

# Starts a private redis-server (no persistence, on 127.0.0.1) and sets `port` and
# `server_pid`; another process may grab the port in between, so it tries a few. Its log is
# $work/redis.log; the caller's exit trap stops it.
start_server() {
    for _ in 1 2 3; do
        port=$(free_port) || die "no free loopback port"
        redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
            --dir "$work" --logfile "$work/redis.log" --daemonize no &
        server_pid=$!
        for _ in $(seq 50); do
            if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
                return 0
            fi
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    done
    die "redis-server did not start: $(tail -3 "$work/redis.log" 2>/dev/null)"
}
