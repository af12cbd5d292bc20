#!/bin/sh
# bench_smoke: the benchmark harness (bench/, issue 4) as a user runs it, at its
# smallest: every policy at 1 and 100 rules (--quick), each compiled by sockc and its
# hand-written C by clang-19, loaded, checked to do what it should (a connect
# rewritten, a binding's listener reached, sockc's tables against gen.py's) and timed,
# with bench.py --check, which fails when any case that was to run did not. No figure
# is asserted: the bench measures, tests do not time. Then nothing of the bench's is
# left: no policy applied, no sockc-bench-* cgroup or network namespace of this run.
# Usage: bench_smoke.sh SOCKC DRIVER SOURCE_DIR
SOCKC=$1
DRIVER=$2
SRC=$3
E2E=bench
. "$(dirname "$0")/e2e_lib.sh"
e2e_need python3:python3 clang-19:clang-19 ip:iproute2
e2e_kernel
[ -x "$DRIVER" ] || fail "no bench driver at '$DRIVER' (cmake --build build --target connect_bench)"

TAG=smoke$$
# what a killed bench.py leaves (its record of what it applied), then ours
bench_cleanup() {
    if [ -f "$E2E_TMP/work/applied.txt" ]; then
        while IFS="$(printf '\t')" read -r policy target; do
            "$SOCKC" detach "$policy" >/dev/null 2>&1
            case $target in
            /run/netns/*) ip netns del "${target#/run/netns/}" 2>/dev/null ;;
            *) rmdir "$target" 2>/dev/null ;;
            esac
        done < "$E2E_TMP/work/applied.txt"
    fi
    e2e_cleanup
}
trap bench_cleanup EXIT

python3 "$SRC/bench/bench.py" --sockc "$SOCKC" --driver "$DRIVER" --work "$E2E_TMP/work" --out "$E2E_TMP" \
    --tag "$TAG" --quick --chain 1,100 --set 1,100 --ports 1,100 --bindings 1,100 --check \
    || fail "bench.py --check: a case failed (above)"
for row in "rewrite1 | 1 | sockc" "set | 100 | sockc" "bindings | 100 | clang tree" "sk_msg | 1 | clang"; do
    grep -q "^| $row |.* ok" "$E2E_TMP/results.md" || fail "results.md has no good row '$row'"
done
ok "every case compiled, loaded, checked and timed; results.md written"

left=$(ls "$CGROOT" | grep "^sockc-bench-$TAG"; ip netns list | grep "^sockc-bench-$TAG")
[ -z "$left" ] || fail "the bench left behind: $left"
"$SOCKC" status | grep -q "bench_" && fail "the bench left policies applied: $("$SOCKC" status | grep bench_)"
ok "nothing left behind"
