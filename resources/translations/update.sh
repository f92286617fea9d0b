#!/usr/bin/env bash
# The translation workflow, one command: after UI text changed (a merge, a new dialog), run
#   resources/translations/update.sh
# It refreshes the .ts files from the sources (lupdate: new strings come in as "unfinished",
# strings no longer in the code go) and lists what still needs a Chinese translation. Translate
# those (Qt Linguist: linguist resources/translations/lockscope_zh_CN.ts, or by hand in the
# XML; keep the terminology already there: 锁 lock, 令牌 token, 获取 obtain, 续期 refresh, 释放
# release, 强制释放 force release, 强制删除 delete regardless, 退避 backoff, 抖动 jitter, 截止时间
# deadline; an accelerator "(&X)" after the text, its letter the English one's), then build: the
# build compiles the .ts files into the embedded .qm with lrelease. tst_translations fails on
# an unfinished entry, a lost %1, or English left on screen in Chinese; tst_accelerators on an
# Alt+letter claimed twice.
#   update.sh --check   lists the unfinished entries without changing anything; exit 1 if any.
# lockscope_en.ts holds only the plural forms ("%n key(s)" -> "1 key" / "2 keys"): the
# English source texts are the English UI otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

unfinished() {
    python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
count = 0
for context in ET.parse(sys.argv[1]).getroot().iter('context'):
    name = context.findtext('name')
    for message in context.iter('message'):
        if message.find('translation').get('type') == 'unfinished':
            count += 1
            print(f"  {name}: {message.findtext('source')!r}")
print(f"{sys.argv[1]}: {count} unfinished")
sys.exit(1 if count else 0)
PY
}

if [ "${1:-}" = "--check" ]; then
    unfinished resources/translations/lockscope_zh_CN.ts
    exit
fi

lupdate=/usr/lib/qt6/bin/lupdate
[ -x "$lupdate" ] || lupdate=$(command -v lupdate6 || command -v lupdate)
for ts in resources/translations/*.ts; do
    options=(-locations none -no-obsolete)
    case "$ts" in
    *_en.ts) options+=(-pluralonly -target-language en) ;;
    esac
    "$lupdate" "${options[@]}" ui app/lockscope -ts "$ts"
done
unfinished resources/translations/lockscope_zh_CN.ts || true
