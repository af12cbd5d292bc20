#!/bin/sh
# startup: cli/startup.c populates, before LLVM's constructors run, the pages every
# run of sockc touches; a one-rule compile then takes about 85 page faults instead of
# about 610 (a count, not a time: the bench measures the time). And the link put
# sc_hot_text_end after the code a compile runs (cli/sockc.order), so that what is
# populated is that code and no more.
# Usage: startup.sh SOCKC FAULTS SOURCE_DIR
set -u
SOCKC=$1 FAULTS=$2 SRC=$3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0 passes=0
check() { if eval "$2"; then echo "ok: $1"; passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }

printf 'on connect4 { if dst == 127.0.0.1:6379 { rewrite dst 127.0.0.1:16379; } }\n' > "$TMP/one.sp"
n=$("$FAULTS" "$SOCKC" compile "$TMP/one.sp" -o "$TMP/one.o")
rc=$?
check "a one-rule compile succeeds (exit $rc)" '[ "$rc" -eq 0 ] && [ -s "$TMP/one.o" ]'
check "it takes fewer than 300 page faults ($n)" '[ -n "$n" ] && [ "$n" -lt 300 ]'

# The layout, when the link applied the order (lld; cli/CMakeLists.txt).
end=$(nm "$SOCKC" | awk '$3 == "sc_hot_text_end" {print $1}')
if [ -n "$end" ]; then
    check "sc_hot_text_end is the last line of cli/sockc.order" '[ "$(tail -n 1 "$SRC/cli/sockc.order")" = sc_hot_text_end ]'
    nm "$SOCKC" | awk '$2 ~ /^[tTwW]$/ {print $1, $3}' | sort -k2 > "$TMP/syms"
    sort "$SRC/cli/sockc.order" > "$TMP/order"
    last=$(join -1 2 -2 1 -o 1.1 "$TMP/syms" "$TMP/order" | sort | tail -n 1)
    check "it lies after every ordered function ($last <= $end)" '[ "$last" = "$end" ]'
else
    check "without lld no order is applied, and sockc.order still ends with sc_hot_text_end" \
        '[ "$(tail -n 1 "$SRC/cli/sockc.order")" = sc_hot_text_end ]'
fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
