#!/bin/sh
# crash_lock: two `sockc apply` of different versions of one policy started at the
# same moment, 15 times: the state lock serialises them, so both succeed, and the
# policy in place is exactly one of them (the whole behaviour in both cgroups, and
# status), with nothing left over. Then an apply racing a detach: each ends cleanly
# (the detach may find nothing to detach) and the state is all or nothing.
# Usage: crash_lock.sh SOCKC
SOCKC=$1
CRASH=lock
. "$(dirname "$0")/crash_lib.sh"
P=sockc-test-lock
policy $P
versions $P
# compiled once, so that both applies reach the runtime at the same moment
"$SOCKC" compile "$TMP/v1.sp" -o "$TMP/v1.o" && "$SOCKC" compile "$TMP/v2.sp" -o "$TMP/v2.o" || fail "compile"
chmod 0644 "$TMP/v1.o" "$TMP/v2.o"

seen=""
for i in $(seq 15); do
    # half the rounds start from v1 in place, half from nothing
    [ $((i % 2)) = 0 ] && { "$SOCKC" apply --cgroup "$CG1" "$TMP/v1.o" > /dev/null 2>&1 || fail "apply v1"; }
    "$SOCKC" apply --cgroup "$CG1" "$TMP/v1.o" > "$TMP/a.out" 2>&1 &
    a=$!
    "$SOCKC" apply --cgroup "$CG1" --cgroup "$CG2" "$TMP/v2.o" > "$TMP/b.out" 2>&1 &
    b=$!
    wait $a; ra=$?
    wait $b; rb=$?
    [ $ra = 0 ] || fail "round $i: apply v1 failed ($ra): $(cat "$TMP/a.out")"
    [ $rb = 0 ] || fail "round $i: apply v2 failed ($rb): $(cat "$TMP/b.out")"
    grep -q "sockc: note" "$TMP/a.out" "$TMP/b.out" && fail "round $i: an apply found leftovers: $(cat "$TMP/a.out" "$TMP/b.out")"
    s=$(state)
    case "$s" in v1 | v2) ;; *) fail "round $i: two applies at once left $s" ;; esac
    [ -z "$(leftovers $P)" ] || fail "round $i: left $(leftovers $P)"
    "$SOCKC" status $P > "$TMP/st" 2>&1 || fail "round $i: status: $(cat "$TMP/st")"
    case "$s" in
    v1) grep -q "program bind4" "$TMP/st" && ! grep -q getpeername4 "$TMP/st" ;;
    v2) grep -q "program getpeername4" "$TMP/st" && ! grep -q bind4 "$TMP/st" ;;
    esac || fail "round $i: behaves as $s, but status says: $(cat "$TMP/st")"
    case " $seen " in *" $s "*) ;; *) seen="$seen $s" ;; esac
    "$SOCKC" detach $P > /dev/null || fail "detach"
done
ok "15 rounds of apply v1 and apply v2 at once: both succeeded every time, one whole version in place (seen:$seen)"

for i in $(seq 10); do
    "$SOCKC" apply --cgroup "$CG1" "$TMP/v1.o" > /dev/null 2>&1 || fail "apply v1"
    "$SOCKC" apply --cgroup "$CG1" --cgroup "$CG2" "$TMP/v2.o" > "$TMP/a.out" 2>&1 &
    a=$!
    "$SOCKC" detach $P > "$TMP/b.out" 2>&1 &
    b=$!
    wait $a; ra=$?
    wait $b; rb=$?
    [ $ra = 0 ] || fail "round $i: apply failed: $(cat "$TMP/a.out")"
    [ $rb = 0 ] || grep -q "^sockc: error: policy '$P' is not applied" "$TMP/b.out" ||
        fail "round $i: detach failed ($rb): $(cat "$TMP/b.out")"
    s=$(state)
    case "$s" in none | v2) ;; *) fail "round $i: apply and detach at once left $s" ;; esac
    [ -z "$(leftovers $P)" ] || fail "round $i: left $(leftovers $P)"
    "$SOCKC" detach $P > /dev/null 2>&1
done
ok "10 rounds of apply and detach at once: each ended cleanly, v2 or nothing in place"
echo PASS
