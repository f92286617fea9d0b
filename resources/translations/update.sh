#!/usr/bin/env bash
# Refreshes the .ts files from the sources after UI text changed; then translate the new
# entries (Qt Linguist, or by hand) and commit. The build compiles them with lrelease.
set -euo pipefail
cd "$(dirname "$0")/../.."
lupdate=/usr/lib/qt6/bin/lupdate
[ -x "$lupdate" ] || lupdate=$(command -v lupdate6 || command -v lupdate)
for ts in resources/translations/*.ts; do
    "$lupdate" -locations none -no-obsolete ui app/lockscope -ts "$ts"
done
