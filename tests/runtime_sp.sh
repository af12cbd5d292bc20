#!/bin/sh
# runtime_sp: `sockc apply policy.sp` end to end with the real compiler: a client in
# a cgroup that connects to 127.0.0.1:A reaches a server on 127.0.0.2:B, and
# getpeername shows it 127.0.0.1:A again; a 250-prefix set (lowered to a flat trie that
# the runtime fills) denies with EPERM; detach undoes it. Usage: runtime_sp.sh SOCKC
# Fails when cgroup v2 or BPF is missing, unless SOCKC_SKIP_KERNEL_TESTS=1 (exit 77).
set -u
SOCKC=$1
POLICY=sockc-test-sp
CG=sockc-test-sp-$$
TMP=$(mktemp -d /tmp/sockc-test-sp.XXXXXX)
SERVER=

cleanup() {
    "$SOCKC" detach $POLICY >/dev/null 2>&1
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    [ -n "${CGROOT:-}" ] && for i in 1 2 3 4 5 6 7 8 9 10; do rmdir "$CGROOT/$CG" 2>/dev/null && break; sleep 0.1; done
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { desc=$1; shift; "$@" || fail "$desc"; echo "ok: $desc"; }

CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -z "$CGROOT" ] || [ "$(id -u)" != 0 ] || ! command -v python3 >/dev/null; then
    [ "${SOCKC_SKIP_KERNEL_TESTS:-}" = 1 ] && { echo "skipped: needs root, cgroup v2, python3"; exit 77; }
    fail "needs root, a cgroup v2 mount and python3 (SOCKC_SKIP_KERNEL_TESTS=1 skips)"
fi
mkdir "$CGROOT/$CG" || fail "cannot create cgroup $CG"
"$SOCKC" detach $POLICY >/dev/null 2>&1
in_cgroup() { sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$CGROOT/$CG" "$@"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.2", 0)); print(s.getsockname()[1])'; }
A=$(free_port)
B=$(free_port)
mkdir "$TMP/www" && echo "hello from 127.0.0.2" > "$TMP/www/index.html"
python3 -m http.server --bind 127.0.0.2 --directory "$TMP/www" "$B" >/dev/null 2>&1 &
SERVER=$!
for i in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.2', $B))" 2>/dev/null && break; sleep 0.1; done

{
    echo "policy \"$POLICY\";"
    printf 'set blocked = { '
    i=0
    while [ $i -lt 250 ]; do printf '127.%d.%d.0/24, ' $((80 + i / 256)) $((i % 256)); i=$((i + 1)); done
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
out=$("$SOCKC" map $POLICY blocked__v4 list 2>&1) && fail "sockc map listed a flat trie: $out"
check "sockc map explains that a flat trie is one value" sh -c "echo \"$out\" | grep -q 'holds a set as one flat4 value of 264224 bytes'"

out=$("$SOCKC" apply --cgroup "$CG" "$TMP/$POLICY.sp" 2>&1) || fail "re-apply: $out"
check "re-apply of the same source updates the links" sh -c "echo \"$out\" | grep -q '0 attached, 2 updated, 0 detached'"
check "detach" "$SOCKC" detach $POLICY
check "no pins left" test ! -e /sys/fs/bpf/sockc/$POLICY
in_cgroup python3 "$TMP/client.py" "$A" 2>/dev/null && fail "client still rewritten after detach"
echo "ok: client in the cgroup is no longer rewritten"
echo PASS
