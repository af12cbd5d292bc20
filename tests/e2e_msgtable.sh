#!/bin/sh
# e2e_msgtable (sk_msg rule tables): ten `if dst.port == P { ... }` rules in `on msg
# in socks` are one table lookup (the plan says so), and each does on real sockets
# what it says. A python process opens TCP pairs over 127.0.0.1 and registers the
# sending ends (and the redirect targets) in the sockmap with `sockc register`:
#   - redirect socks[5]: what client A sends arrives at server B (its receive queue),
#     not at server A;
#   - redirect socks[6] egress: what client E sends leaves through client F, so
#     server F receives it;
#   - redirect socks[9], an empty slot: the data takes its normal path to server C,
#     and the counter socks.redirect_misses counts it (1);
#   - drop: client D's send fails with EACCES;
#   - a later rule on A's port (drop) never runs: the first rule of a key wins;
#   - a socket outside the map is not affected.
# Usage: e2e_msgtable.sh SOCKC
SOCKC=$1
E2E=msgtable
. "$(dirname "$0")/e2e_lib.sh"
e2e_need python3:python3
e2e_kernel

POLICY=sockc-test-msgtable
e2e_policy $POLICY

cat > "$E2E_TMP/pairs.py" <<'PY'
import json, os, socket, subprocess, sys
sockc, policy, tmp = sys.argv[1:4]

def pair():
    ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen()
    c = socket.create_connection(("127.0.0.1", ls.getsockname()[1]), timeout=5)
    s, _ = ls.accept(); s.settimeout(2)
    ls.close()
    return c, s

def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        sys.exit("%s failed: %s" % (" ".join(cmd), p.stderr or p.stdout))
    return p.stdout

(ca, sa), (cb, sb), (cc, sc), (cd, sd), (ce, se), (cf, sf), (cx, sx) = (pair() for _ in range(7))
port = lambda s: s.getsockname()[1]
def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    return p
fill = [free_port() for _ in range(5)]
rules = ["if dst.port == %d { redirect socks[5]; }" % port(sa),
         "if dst.port == %d { redirect socks[6] egress; }" % port(se),
         "if dst.port == %d { redirect socks[9]; }" % port(sc),
         "if dst.port == %d { drop; }" % port(sd),
         "if dst.port == %d { drop; }" % port(sa)] + ["if dst.port == %d { drop; }" % p for p in fill]
src = os.path.join(tmp, policy + ".sp")
with open(src, "w") as f:
    f.write('policy "%s";\nsockmap socks[16];\non msg in socks {\n    %s\n}\n' % (policy, "\n    ".join(rules)))
print(open(src).read())
plan = run(sockc, "compile", "--emit", "plan", src)
print(plan)
if "10 rules on dst.port, one lookup" not in plan:
    sys.exit("the ten rules are not one table lookup")
print(run(sockc, "apply", src))
for slot, s in [(0, ca), (1, cc), (2, cd), (3, ce), (5, sb), (6, cf)]:
    run(sockc, "register", policy, "socks", str(slot), "--pid", str(os.getpid()), "--fd", str(s.fileno()))

def got(s, n):
    try:
        return s.recv(n)
    except (socket.timeout, BlockingIOError):
        return b""

fails = []
def expect(what, ok):
    print("  %s: %s" % (what, "ok" if ok else "WRONG"))
    if not ok:
        fails.append(what)

ca.sendall(b"to-b"); expect("redirect socks[5]: A's data at server B", got(sb, 64) == b"to-b")
sa.setblocking(False); expect("... and not at server A", got(sa, 64) == b"")
ce.sendall(b"via-f"); expect("redirect socks[6] egress: E's data leaves through F", got(sf, 64) == b"via-f")
cc.sendall(b"to-c"); expect("redirect socks[9] (empty): C's data on its normal path", got(sc, 64) == b"to-c")
try:
    cd.sendall(b"x"); expect("drop: D's send fails", False)
except PermissionError as e:
    expect("drop: D's send fails (%s)" % e, True)
cx.sendall(b"free"); expect("a socket outside the map is not affected", got(sx, 64) == b"free")
counters = json.loads(run(sockc, "status", "--json", policy))["policies"][0]["counters"]
expect("the empty slot's redirect is counted: %s" % counters, counters == {"socks.redirect_misses": 1})
if fails:
    sys.exit("wrong: %s" % "; ".join(fails))
PY
check "ten msg rules, one table: redirect, redirect egress, empty slot, drop, first rule wins" \
    timeout 60 python3 "$E2E_TMP/pairs.py" "$SOCKC" $POLICY "$E2E_TMP"
check "detach" "$SOCKC" detach $POLICY
check "no pins left" test ! -e "/sys/fs/bpf/sockc/$POLICY"
echo PASS
