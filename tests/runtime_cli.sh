#!/bin/sh
# runtime_cli: `sockc apply | status | map | detach` as a user runs them, on the real
# kernel, with real peers: curl in a throwaway cgroup reaches python's http.server
# through the connect rewrite. Usage: runtime_cli.sh SOCKC BPF_OBJECT_DIR
# Fails when cgroup v2 or BPF is missing, unless SOCKC_SKIP_KERNEL_TESTS=1 (exit 77);
# tests/e2e_lib.sh makes and removes the cgroup, the server and the policy.
SOCKC=$1
BPF=$2
E2E=cli
. "$(dirname "$0")/e2e_lib.sh"
e2e_need python3:python3 curl:curl
e2e_kernel
POLICY=sockc-test-rt
e2e_policy $POLICY
e2e_new_cgroup CG cg
TMP=$E2E_TMP

# curl inside the cgroup
in_cgroup() { in_cg "$CG" "$@"; }

# a real server on a free loopback port
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$TMP/www" && echo "hello from sockc" > "$TMP/www/index.html"
bg python3 -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$PORT" >/dev/null 2>&1
for i in $(seq 50); do curl -s "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done

out=$("$SOCKC" apply --cgroup "$CG" "$BPF/rt_V1.o") || fail "apply: $out"
check "apply says what it did" sh -c "echo \"$out\" | grep -q \"^applied policy '$POLICY': 2 programs on 1 cgroup\""
check "pins under /sys/fs/bpf/sockc/$POLICY" test -e /sys/fs/bpf/sockc/$POLICY/links/connect4_0@$CG

check "map set" "$SOCKC" map $POLICY services set 1 "127.0.0.1:$PORT"
check "map get" test "$("$SOCKC" map $POLICY services get 1)" = "127.0.0.1:$PORT"
check "map list" sh -c "\"$SOCKC\" map $POLICY services list | grep -qx '1 = 127.0.0.1:$PORT'"
check "set contents filled" sh -c "\"$SOCKC\" map $POLICY deny4 list | grep -qx '127.77.0.0/16 = 1'"

body=$(in_cgroup curl -s --max-time 5 http://127.0.0.1:1/)
check "curl in the cgroup reaches the server through the rewrite" test "$body" = "hello from sockc"
check "curl outside the cgroup is not rewritten" sh -c "! curl -s --max-time 5 http://127.0.0.1:1/ >/dev/null"
check "a connect in the cgroup to a denied prefix fails with EPERM" in_cgroup python3 -c '
import errno, socket, sys
try:
    socket.create_connection(("127.77.0.1", int(sys.argv[1])), timeout=5)
except OSError as e:
    sys.exit(0 if e.errno == errno.EPERM else 1)
sys.exit(1)' "$PORT"

"$SOCKC" status --json > "$TMP/status.json" || fail "status --json"
check "status --json parses and lists programs, cgroup, map sizes" python3 - "$TMP/status.json" "$CG" "$POLICY" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = [x for x in d["policies"] if x["name"] == sys.argv[3]][0]
assert p["cgroups"] == [sys.argv[2]], p["cgroups"]
assert sorted(x["name"] for x in p["programs"]) == ["bind4_0", "connect4_0"]
assert all(x["id"] > 0 and x["verified_insns"] > 0 and len(x["tag"]) == 16 for x in p["programs"])
maps = {m["name"]: m for m in p["maps"]}
assert maps["services"]["entries"] == 1 and maps["services"]["max_entries"] == 64
assert maps["deny4"]["origin"] == "set" and maps["deny4"]["entries"] == 1
PY
check "status text" sh -c "\"$SOCKC\" status $POLICY | grep -q 'program connect4_0  cgroup/connect4  id [0-9]*  tag'"

# re-apply with another version: the map entry stays, curl keeps working
out=$("$SOCKC" apply --cgroup "$CG" "$BPF/rt_V2.o") || fail "re-apply: $out"
check "re-apply replaces" sh -c "echo \"$out\" | grep -q \"^replaced policy '$POLICY'.*1 updated.*1 kept\""
body=$(in_cgroup curl -s --max-time 5 http://127.0.0.1:1/)
check "the map entry survived the re-apply" test "$body" = "hello from sockc"

# errors: a message, an exit code, nothing changed
"$SOCKC" apply --cgroup sockc-test-nope "$BPF/rt_V1.o" 2> "$TMP/err"; rc=$?
check "missing cgroup: exit 1" test $rc = 1
check "missing cgroup: message" grep -qx "sockc: error: cgroup 'sockc-test-nope' not found under $CGROOT" "$TMP/err"
"$SOCKC" apply --cgroup "$CG" "$BPF/rt_BAD.o" 2> "$TMP/err"; rc=$?
check "verifier rejection: exit 1" test $rc = 1
check "verifier rejection: the source line" grep -q "^  at rt.bpf.c:[0-9]*: ctx->family = 10;" "$TMP/err"
check "verifier rejection: no log without --verbose" sh -c "! grep -q '^processed' '$TMP/err'"
"$SOCKC" apply --verbose --cgroup "$CG" "$BPF/rt_BAD.o" 2> "$TMP/err"
check "verifier rejection: the full log with --verbose" grep -q "^processed [0-9]* insns" "$TMP/err"
body=$(in_cgroup curl -s --max-time 5 http://127.0.0.1:1/)
check "the policy in place still works after the failed apply" test "$body" = "hello from sockc"
"$SOCKC" apply --cgroup "$CG" "$BPF/rt_OLDFMT.o" 2> "$TMP/err"
check "another object format" grep -q "sockc object format 2; this sockc reads format 1" "$TMP/err"
"$SOCKC" apply > /dev/null 2>&1; rc=$?
check "apply without a file: usage, exit 2" test $rc = 2
"$SOCKC" map $POLICY services set 1 > /dev/null 2>&1; rc=$?
check "map set without a value: usage, exit 2" test $rc = 2
"$SOCKC" map $POLICY services set 1 nonsense 2> "$TMP/err"; rc=$?
check "map set with a bad value: exit 1 and why" sh -c "test $rc = 1 && grep -q \"bad value 'nonsense'\" '$TMP/err'"

check "detach" "$SOCKC" detach $POLICY
check "detach removed the pins" test ! -e /sys/fs/bpf/sockc/$POLICY
in_cgroup curl -s --max-time 5 http://127.0.0.1:1/ >/dev/null; rc=$?
check "curl in the cgroup is no longer rewritten (refused)" test $rc = 7
"$SOCKC" status --json | python3 -c 'import json, sys; d = json.load(sys.stdin); assert all(p["name"] != sys.argv[1] for p in d["policies"])' $POLICY \
    || fail "status after detach"
echo "ok: status after detach"
echo PASS
