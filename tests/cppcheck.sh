#!/usr/bin/env bash
# cppcheck over the project's own code (core/, ui/, app/): warnings, style, performance and
# portability, with Qt's macros known (--library=qt). Clean means no output; the checks the
# project does not follow are in tests/cppcheck.supp, each with its reason, and a finding that is
# cppcheck's mistake is suppressed where it stands (// cppcheck-suppress ID, with the reason).
#
#   tests/cppcheck.sh            exits 1 and prints the findings, one a line, when there are any
#
# Needs the cppcheck package (Debian 12: 2.10). About a minute of CPU.
#
# cppcheck 2.10 cannot read std::chrono literals (0ms, 250ms) where its value flow or its
# bitmask-comparison check evaluates them (`d > 0ms`): it gives up on the whole file with
# "Internal Error. MathLib::toLongNumber: input was not completely consumed", and no option or
# library configuration turns that off. Such a file is checked again as a copy with its literals
# spelled out (250ms -> std::chrono::milliseconds(250), outside string literals, on the same
# lines), under its own name, so that its findings, inline suppressions and line numbers are
# those of the real file.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cppcheck >/dev/null || { echo "cppcheck.sh: apt-get install cppcheck" >&2; exit 2; }
repo=$PWD
out=$(mktemp)
copies=$(mktemp -d)
trap 'rm -rf "$out" "$copies"' EXIT
options=(--quiet --enable=warning,style,performance,portability --library=qt --std=c++20
         --inline-suppr --suppressions-list="$repo/tests/cppcheck.supp" -j "${CPPCHECK_JOBS:-2}"
         -D__GNUC__ -I "$repo/core/include" -I "$repo/core/src" -I "$repo/core/harness/include"
         -I "$repo/ui" -I "$repo/app"
         --template='{file}:{line}: {severity}/{id}: {message}')
cppcheck "${options[@]}" core ui app 2>"$out" || true

literal='Internal Error. MathLib::toLongNumber: input was not completely consumed'
mapfile -t unread < <(grep -F "$literal" "$out" | cut -d: -f1 | sort -u)
if [ "${#unread[@]}" -gt 0 ]; then
    grep -vF "$literal" "$out" >"$out.rest" || true
    mv "$out.rest" "$out"
    includes=()
    for file in "${unread[@]}"; do
        mkdir -p "$copies/$(dirname "$file")"
        perl -pe '
            BEGIN { %unit = (ns => "nanoseconds", us => "microseconds", ms => "milliseconds",
                             s => "seconds", min => "minutes", h => "hours") }
            $_ = join "", map { /^"/ ? $_
                                     : s/(?<![\w.\x27])(\d[\d\x27]*)(ns|us|ms|min|s|h)\b/std::chrono::$unit{$2}($1)/gr }
                          split /("(?:[^"\\]|\\.)*")/;
        ' "$file" >"$copies/$file"
        includes+=(-I "$repo/$(dirname "$file")") # its own folder, as for the real file
    done
    # Checked where the copies are, so that they are named as the real files; what is reported
    # in the tree's headers is named relative to it again.
    (cd "$copies" && cppcheck "${options[@]}" "${includes[@]}" "${unread[@]}") 2>&1 |
        sed "s|^$repo/||" >>"$out" || true
fi

if [ -s "$out" ]; then
    sort -u "$out"
    exit 1
fi
echo "cppcheck: clean"
