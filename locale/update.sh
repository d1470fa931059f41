#!/usr/bin/env bash
# Refresh the Simplified Chinese catalogue after strings were added or changed.
#   1. extract msgids into locale/zh_Hans/LC_MESSAGES/django.po (existing translations kept)
#   2. print statistics and list msgids still untranslated or fuzzy
#   3. compile django.mo
# Usage: locale/update.sh            (from anywhere)
# Translate the listed msgids in django.po (drop any "#, fuzzy" flag), then re-run.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
LOCALE=zh_Hans
PO=locale/$LOCALE/LC_MESSAGES/django.po

export DEBUG=${DEBUG:-1}

"$PY" manage.py makemessages -l "$LOCALE" \
    --ignore ".venv/*" --ignore "var/*" --ignore "static/*" --ignore "bench/*"

echo
echo "== Statistics ($PO)"
if ! stats=$(msgfmt --check --statistics -o /dev/null "$PO" 2>&1); then
    echo "$stats" >&2
    echo "msgfmt --check failed: fix the entries above (placeholders must match the msgid)." >&2
    exit 1
fi
echo "$stats"
untranslated=$(grep -oE '[0-9]+ untranslated' <<<"$stats" | grep -oE '[0-9]+' || echo 0)
fuzzy=$(grep -oE '[0-9]+ fuzzy' <<<"$stats" | grep -oE '[0-9]+' || echo 0)

# Print each selected entry (locations, msgid, msgid_plural), skipping the header.
entries() {
    msgattrib "$@" --no-obsolete --no-wrap "$PO" |
        awk 'BEGIN { RS = ""; ORS = "\n\n" } !/Content-Type: text\/plain/ { print }'
}
if [ "$untranslated" -gt 0 ]; then
    echo
    echo "== Untranslated ($untranslated)"
    entries --untranslated | grep -vE '^msgstr'
fi
if [ "$fuzzy" -gt 0 ]; then
    echo
    echo "== Fuzzy, need review and removal of the fuzzy flag ($fuzzy)"
    entries --only-fuzzy
fi

echo
echo "== Compiling"
# --ignore keeps it from recompiling the catalogues of packages inside .venv
"$PY" manage.py compilemessages -l "$LOCALE" \
    --ignore ".venv" --ignore "var" --ignore "static" --ignore "bench" --ignore "node_modules"

if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo
    echo "NOTE: $untranslated untranslated and $fuzzy fuzzy message(s) fall back to English." >&2
fi
