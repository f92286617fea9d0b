#!/usr/bin/env bash
# cppcheck over the project's own code (core/, ui/, app/): warnings, style, performance and
# portability, with Qt's macros known (--library=qt). Clean means no output; the checks the
# project does not follow are in tests/cppcheck.supp, each with its reason, and a finding that is
# cppcheck's mistake is suppressed where it stands (// cppcheck-suppress ID, with the reason).
#
#   tests/cppcheck.sh            exits 1 and prints the findings, one a line, when there are any
#
# Needs the cppcheck package (Debian 12: 2.10). About a minute of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cppcheck >/dev/null || { echo "cppcheck.sh: apt-get install cppcheck" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cppcheck --quiet --enable=warning,style,performance,portability --library=qt --std=c++20 \
    --inline-suppr --suppressions-list=tests/cppcheck.supp -j "${CPPCHECK_JOBS:-2}" \
    -D__GNUC__ -I core/include -I core/src -I core/harness/include -I ui -I app \
    --template='{file}:{line}: {severity}/{id}: {message}' core ui app 2>"$out"
if [ -s "$out" ]; then
    sort -u "$out"
    exit 1
fi
echo "cppcheck: clean"
