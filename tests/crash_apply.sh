#!/bin/sh
# crash_apply: `sockc apply` and `sockc detach` killed with SIGKILL at every one of
# their state-changing steps (the SOCKC_TEST_CRASH_AT=N test hook, docs/runtime.md),
# with real policies (v1 on one cgroup; v2 on two, other hooks, a map) and real
# clients. For each N:
#   re-apply  v1 in place, v2 killed at N: the connect hook runs v1 or v2 at once;
#             the next `sockc status` repairs what was left (a note says so) and
#             then the whole behaviour is exactly v1 or v2 and status lists that
#             policy's programs; `sockc apply v2` then gives v2; `sockc detach`
#             leaves no pins and no effect.
#   first     no policy, v2 killed at N: after the next command, nothing of it or
#             all of it.
#   detach    v2 in place, detach killed at N: `sockc detach` again succeeds and
#             leaves nothing.
#   repair    an apply killed with two links switched, then the repairing
#             `sockc status` itself killed at each of its steps: the repair is
#             finished by the next command (back to v1).
# Usage: crash_apply.sh SOCKC
SOCKC=$1
CRASH=crash
. "$(dirname "$0")/crash_lib.sh"
P=sockc-test-crash
policy $P

versions $P
apply_v1() { "$SOCKC" apply --cgroup "$CG1" "$TMP/v1.sp" > "$TMP/out" 2>&1 || fail "apply v1: $(cat "$TMP/out")"; }
apply_v2() { "$SOCKC" apply --cgroup "$CG1" --cgroup "$CG2" "$TMP/v2.sp" "$@"; }

# programs POLICY: its programs and links as `sockc status POLICY` lists them ("" when
# it is not applied); status's stderr (notes of repairs) in $TMP/status.err.
programs() {
    "$SOCKC" status "$1" > "$TMP/status.out" 2> "$TMP/status.err"
    rc=$?
    if [ $rc != 0 ]; then
        grep -q "^sockc: error: policy '$1' is not applied" "$TMP/status.err" ||
            fail "status: $(cat "$TMP/status.err")"
        return 0
    fi
    pr=$(awk '/^  program /{ print $2 }' "$TMP/status.out" | sort | tr '\n' ' ')
    li=$(awk '/^  program /{ p = $2 } /^    attached to /{ print p "@" $3 }' "$TMP/status.out" | sort | tr '\n' ' ')
    echo "${pr% }/${li% }"
}
V1_PROGS="bind4 connect4/bind4@$CG1 connect4@$CG1"
V2_PROGS="connect4 getpeername4/connect4@$CG1 connect4@$CG2 getpeername4@$CG1 getpeername4@$CG2"

apply_v1
[ "$(state)" = v1 ] || fail "v1 is not in effect: $(state)"
apply_v2 > /dev/null 2>&1 || fail "apply v2"
[ "$(state)" = v2 ] || fail "v2 is not in effect: $(state)"
"$SOCKC" detach $P > /dev/null || fail "detach"
[ "$(state)" = none ] || fail "detach left an effect: $(state)"
ok "v1, v2 and detach behave as expected (v1: $V1_STATE; v2: $V2_STATE)"

# --- a re-apply killed at each step ------------------------------------------------
n=1 mixed=0 v1s=0 v2s=0
while :; do
    [ $n -lt 200 ] || fail "apply never completed"
    apply_v1
    SOCKC_TEST_CRASH_AT=$n apply_v2 > "$TMP/crash.out" 2>&1
    rc=$?
    if [ $rc = 0 ]; then
        [ "$(state)" = v2 ] || fail "apply with the hook past its last step: $(state)"
        [ -z "$(leftovers $P)" ] || fail "a complete apply left $(leftovers $P)"
        "$SOCKC" detach $P > /dev/null || fail "detach"
        break
    fi
    [ $rc = 137 ] || fail "re-apply, crash at step $n: exit $rc, not killed: $(cat "$TMP/crash.out")"
    s0=$(state)
    h=$(echo "${s0#mixed: }" | sed 's/^conn=\([^,]*\).*/\1/')
    case "$h" in v1 | v2) ;; *) fail "re-apply killed at step $n: the connect hook does '$h'" ;; esac
    case "$s0" in v1 | v2) ;; *) mixed=$((mixed + 1)) ;; esac
    left=$(leftovers $P)
    progs=$(programs $P)
    if [ -n "$left" ]; then
        grep -q "^sockc: note: repaired policy '$P'" "$TMP/status.err" ||
            fail "killed at step $n, status repaired $left without a note: $(cat "$TMP/status.err")"
    fi
    [ -z "$(leftovers $P)" ] || fail "killed at step $n: status left $(leftovers $P)"
    s=$(state)
    case "$s" in
    v1) [ "$progs" = "$V1_PROGS" ] || fail "killed at step $n: behaves as v1, status says $progs"; v1s=$((v1s + 1)) ;;
    v2) [ "$progs" = "$V2_PROGS" ] || fail "killed at step $n: behaves as v2, status says $progs"; v2s=$((v2s + 1)) ;;
    *) fail "re-apply killed at step $n (left: ${left:-nothing}): after the repair, $s" ;;
    esac
    apply_v2 > "$TMP/out" 2>&1 || fail "killed at step $n: the next apply v2 failed: $(cat "$TMP/out")"
    [ "$(state)" = v2 ] || fail "killed at step $n: the next apply v2 gives $(state)"
    "$SOCKC" detach $P > "$TMP/out" 2>&1 || fail "killed at step $n: detach failed: $(cat "$TMP/out")"
    [ -z "$(pins_of $P)" ] || fail "killed at step $n: detach left $(pins_of $P)"
    [ "$(state)" = none ] || fail "killed at step $n: after detach $(state)"
    n=$((n + 1))
done
ok "re-apply killed at each of its $((n - 1)) steps: v1 after the repair $v1s times, v2 $v2s times;" \
    "a following apply and detach always worked ($mixed kills left hooks on both versions until the next command)"

# --- a first apply killed at each step ---------------------------------------------
n=1 none=0 v2s=0
while :; do
    [ $n -lt 200 ] || fail "first apply never completed"
    SOCKC_TEST_CRASH_AT=$n apply_v2 > "$TMP/crash.out" 2>&1
    rc=$?
    if [ $rc = 0 ]; then
        [ "$(state)" = v2 ] || fail "first apply with the hook past its last step: $(state)"
        "$SOCKC" detach $P > /dev/null || fail "detach"
        break
    fi
    [ $rc = 137 ] || fail "first apply, crash at step $n: exit $rc: $(cat "$TMP/crash.out")"
    s0=$(state)
    h=$(echo "${s0#mixed: }" | sed 's/^conn=\([^,]*\).*/\1/')
    case "$h" in none | v2) ;; *) fail "first apply killed at step $n: the connect hook does '$h'" ;; esac
    progs=$(programs $P)
    [ -z "$(leftovers $P)" ] || fail "first apply killed at step $n: status left $(leftovers $P)"
    s=$(state)
    case "$s" in
    none) [ -z "$progs" ] && [ -z "$(pins_of $P)" ] || fail "killed at step $n: no effect, but status says '$progs'"
          none=$((none + 1)) ;;
    v2) [ "$progs" = "$V2_PROGS" ] || fail "killed at step $n: behaves as v2, status says $progs"; v2s=$((v2s + 1)) ;;
    *) fail "first apply killed at step $n: after the repair, $s" ;;
    esac
    apply_v2 > "$TMP/out" 2>&1 || fail "first apply killed at step $n: the next apply failed: $(cat "$TMP/out")"
    [ "$(state)" = v2 ] || fail "first apply killed at step $n: the next apply gives $(state)"
    "$SOCKC" detach $P > /dev/null 2>&1 || fail "detach"
    [ -z "$(pins_of $P)" ] || fail "detach left $(pins_of $P)"
    n=$((n + 1))
done
ok "first apply killed at each of its $((n - 1)) steps: nothing applied $none times, all of v2 $v2s times"

# --- a detach killed at each step --------------------------------------------------
n=1
while :; do
    [ $n -lt 200 ] || fail "detach never completed"
    apply_v2 > "$TMP/out" 2>&1 || fail "apply v2: $(cat "$TMP/out")"
    SOCKC_TEST_CRASH_AT=$n "$SOCKC" detach $P > "$TMP/crash.out" 2>&1
    rc=$?
    if [ $rc = 0 ]; then
        [ "$(state)" = none ] && [ -z "$(pins_of $P)" ] || fail "detach with the hook past its last step"
        break
    fi
    [ $rc = 137 ] || fail "detach, crash at step $n: exit $rc: $(cat "$TMP/crash.out")"
    "$SOCKC" detach $P > "$TMP/out" 2>&1 || fail "detach killed at step $n: detach again failed: $(cat "$TMP/out")"
    grep -q "^sockc: note: repaired policy '$P': a detach was killed" "$TMP/out" ||
        fail "detach killed at step $n: the retry did not say what it repaired: $(cat "$TMP/out")"
    [ -z "$(pins_of $P)" ] || fail "detach killed at step $n: the retry left $(pins_of $P)"
    [ "$(state)" = none ] || fail "detach killed at step $n: the retry left $(state)"
    [ -z "$(programs $P)" ] || fail "detach killed at step $n: status still lists the policy"
    n=$((n + 1))
done
ok "detach killed at each of its $((n - 1)) steps: detach again finished it (no pins, no effect)"

# --- the repair itself killed ------------------------------------------------------
# the last step before the swap: every link is switched or attached
apply_v1
SOCKC_TEST_CRASH_TRACE=1 apply_v2 > /dev/null 2> "$TMP/trace" || fail "apply v2 (traced)"
swap=$(sed -n 's/^sockc: test: step \([0-9]*\): about to swap.*/\1/p' "$TMP/trace")
[ -n "$swap" ] || fail "no swap step in the trace: $(cat "$TMP/trace")"
"$SOCKC" detach $P > /dev/null
m=1
while :; do
    [ $m -lt 100 ] || fail "the repair never completed"
    apply_v1
    SOCKC_TEST_CRASH_AT=$swap apply_v2 > /dev/null 2>&1
    [ $? = 137 ] || fail "apply v2 was not killed at step $swap"
    SOCKC_TEST_CRASH_AT=$m "$SOCKC" status > "$TMP/out" 2>&1
    rc=$?
    [ $rc = 0 ] || [ $rc = 137 ] || fail "status (killed at $m): exit $rc: $(cat "$TMP/out")"
    "$SOCKC" status > "$TMP/out" 2>&1 || fail "status after a killed repair: $(cat "$TMP/out")"
    [ -z "$(leftovers $P)" ] || fail "the repair killed at step $m left $(leftovers $P)"
    [ "$(state)" = v1 ] || fail "the repair killed at step $m: $(state), not v1"
    "$SOCKC" detach $P > /dev/null || fail "detach"
    [ $rc = 0 ] && break
    m=$((m + 1))
done
ok "an apply killed before its swap (step $swap), its repair killed at each of its $((m - 1)) steps: v1 again"
echo PASS
