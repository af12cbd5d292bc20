#!/bin/sh
# runtime_sp: `sockc apply policy.sp` end to end with the real compiler: a client in
# a cgroup that connects to 127.0.0.1:A reaches a server on 127.0.0.2:B, and
# getpeername shows it 127.0.0.1:A again; a set of 250 /24s and 2,101 addresses apart
# (more ranges than a search tree takes: lowered to a flat trie that the runtime fills)
# denies with EPERM; detach undoes it. Usage: runtime_sp.sh SOCKC
# Fails when cgroup v2 or BPF is missing, unless SOCKC_SKIP_KERNEL_TESTS=1 (exit 77);
# tests/e2e_lib.sh makes and removes the cgroup, the server and the policy.
SOCKC=$1
E2E=sp
. "$(dirname "$0")/e2e_lib.sh"
e2e_need python3:python3
e2e_kernel
POLICY=sockc-test-sp
e2e_policy $POLICY
e2e_new_cgroup CG cg
TMP=$E2E_TMP
in_cgroup() { in_cg "$CG" "$@"; }

A=$(free_port)
B=$(free_port)
mkdir "$TMP/www" && echo "hello from 127.0.0.2" > "$TMP/www/index.html"
bg python3 -m http.server --bind 127.0.0.2 --directory "$TMP/www" "$B" >/dev/null 2>&1
for i in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.2', $B))" 2>/dev/null && break; sleep 0.1; done

apart() { # 2,100 addresses, none next to another: 127.98.0.1, 127.98.0.3, ...
    i=0
    while [ $i -lt 2100 ]; do printf '127.98.%d.%d, ' $((i / 128)) $((2 * (i % 128) + 1)); i=$((i + 1)); done
}
{
    echo "policy \"$POLICY\";"
    printf 'set blocked = { '
    i=0
    while [ $i -lt 250 ]; do printf '127.%d.%d.0/24, ' $((80 + i / 256)) $((i % 256)); i=$((i + 1)); done
    apart
    echo '127.99.0.1 };'
    echo "on connect4 { if dst in blocked { deny; } if dst == 127.0.0.1:$A { rewrite dst 127.0.0.2:$B; } }"
    echo "on getpeername4 { if dst == 127.0.0.2:$B { rewrite dst 127.0.0.1:$A; } }"
} > "$TMP/$POLICY.sp"

out=$("$SOCKC" apply --cgroup "$CG" "$TMP/$POLICY.sp" 2>&1) || fail "apply: $out"
echo "$out"
check "apply compiled and attached two programs" sh -c "echo \"$out\" | grep -q \"^applied policy '$POLICY': 2 programs on 1 cgroup\""

cat > "$TMP/client.py" <<'PY'
import errno, socket, sys
a = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", a), timeout=5)
peer = s.getpeername()
s.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
body = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    body += d
assert peer == ("127.0.0.1", a), peer
assert b"hello from 127.0.0.2" in body, body[:200]
try:
    socket.create_connection(("127.80.200.9", 80), timeout=5)
    sys.exit("connect to a blocked prefix worked")
except OSError as e:
    assert e.errno == errno.EPERM, e
print("client ok: peer", peer)
PY
check "client in the cgroup: rewritten connect, getpeername shows 127.0.0.1:$A, blocked set gives EPERM" \
    in_cgroup python3 "$TMP/client.py" "$A"
check "client outside the cgroup is not rewritten" sh -c "! python3 '$TMP/client.py' '$A' 2>/dev/null"
"$SOCKC" status --json > "$TMP/status.json" || fail "status"
# The compiler lowers the set to maps; the runtime must have filled them.
check "status: two programs; a set lowered to maps is filled" python3 -c '
import json, sys
p = [x for x in json.load(open(sys.argv[1]))["policies"] if x["name"] == sys.argv[2]][0]
assert len(p["programs"]) == 2, p["programs"]
assert all(x["verified_insns"] > 0 for x in p["programs"])
sets = [m for m in p["maps"] if m["origin"] == "set"]
assert [(m["name"], m["kind"], m["value"], m["entries"]) for m in sets] == [("blocked__v4", "array", "flat4", 1)], sets
print("  (set lowered to a flat trie, filled)")' "$TMP/status.json" $POLICY
# sockc map reads the trie back: its members as the fewest aligned prefixes (the 250
# /24s from 127.80.0.0 merge into six), and lookups of one address; no changes
"$SOCKC" map $POLICY blocked__v4 list > "$TMP/list" || fail "map list: $(cat "$TMP/list")"
{
    printf '%s = 1\n' 127.80.0.0/17 127.80.128.0/18 127.80.192.0/19 127.80.224.0/20 127.80.240.0/21 127.80.248.0/23
    apart | tr ',' '\n' | sed -n 's|^ *\(.*[0-9]\)$|\1/32 = 1|p'
    echo '127.99.0.1/32 = 1'
} > "$TMP/list.want"
check "map list of the flat trie: its members, merged" cmp "$TMP/list" "$TMP/list.want"
check "map get of a member" test "$("$SOCKC" map $POLICY blocked__v4 get 127.80.249.7)" = 1
out=$("$SOCKC" map $POLICY blocked__v4 get 127.80.250.7 2>&1) && fail "map get of a non-member worked: $out"
check "map get of a neighbour: no entry" sh -c "echo \"$out\" | grep -q 'has no entry for 127.80.250.7'"
out=$("$SOCKC" map $POLICY blocked__v4 set 127.1.1.1 1 2>&1) && fail "map set on a flat trie worked: $out"
check "map set on a flat trie is refused, and why" sh -c "echo \"$out\" | grep -q 'can list it and look addresses up, not change it'"

out=$("$SOCKC" apply --cgroup "$CG" "$TMP/$POLICY.sp" 2>&1) || fail "re-apply: $out"
check "re-apply of the same source updates the links" sh -c "echo \"$out\" | grep -q '0 attached, 2 updated, 0 detached'"

# --pin-root: another pin root holds its own policies (none here), and must be on bpffs
out=$("$SOCKC" --pin-root /sys/fs/bpf/sockc-test-sp-root status 2>&1)
check "status under another pin root: none of the default root's policies" test "$out" = "no policies applied"
out=$("$SOCKC" --pin-root "$TMP/root" apply --cgroup "$CG" "$TMP/$POLICY.sp" 2>&1); rc=$?
check "apply to a pin root off bpffs: exit 1, and why" sh -c "test $rc = 1 && echo \"$out\" | grep -q 'is not on a bpf filesystem'"
"$SOCKC" --pin-root > /dev/null 2>&1; rc=$?
check "--pin-root without a directory and a command: usage, exit 2" test $rc = 2
check "detach" "$SOCKC" detach $POLICY
check "no pins left" test ! -e /sys/fs/bpf/sockc/$POLICY
in_cgroup python3 "$TMP/client.py" "$A" 2>/dev/null && fail "client still rewritten after detach"
echo "ok: client in the cgroup is no longer rewritten"
echo PASS
