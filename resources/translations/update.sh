#!/usr/bin/env bash
# Refreshes the .ts files from the sources after UI text changed; then translate the new
# entries (Qt Linguist, or by hand) and commit. The build compiles them with lrelease.
# lockscope_en.ts holds only the plural forms ("%n key(s)" -> "1 key" / "2 keys"): the
# English source texts are the English UI otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
lupdate=/usr/lib/qt6/bin/lupdate
[ -x "$lupdate" ] || lupdate=$(command -v lupdate6 || command -v lupdate)
for ts in resources/translations/*.ts; do
    options=(-locations none -no-obsolete)
    case "$ts" in
    *_en.ts) options+=(-pluralonly -target-language en) ;;
    esac
    "$lupdate" "${options[@]}" ui app/lockscope -ts "$ts"
done
