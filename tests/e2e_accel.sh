#!/bin/sh
# e2e_accel (sockops + sk_msg): examples/accel.sp on a cgroup of our own (--cgroup
# replaces "mesh"). A python server and client in the cgroup talk over 127.0.0.1:
#   - sockops tracks both ends of the connection in the sockhash peers: `sockc map
#     POLICY peers list` shows two entries, keyed by the connection's two ports;
#   - 4 MiB each way in 16 KiB sends arrive intact (sha256), and the msg program
#     redirects them socket to socket: TCP carried (almost) none of it
#     (tcpi_bytes_acked/received of both sockets stay below 64 KiB);
#   - a single send of 1 MiB (a piece > 65536) fails with EACCES (`drop`);
#   - every redirect found the peer socket: the counter peers.redirect_misses is 0;
#   - outside the cgroup nothing is tracked and TCP carries all the data;
#   - status shows the msg link on the socket map and the sockops link on the
#     cgroup; detach removes both.
# Usage: e2e_accel.sh SOCKC
SOCKC=$1
E2E=accel
. "$(dirname "$0")/e2e_lib.sh"
e2e_need python3:python3
e2e_kernel

POLICY=sockc-test-accel
e2e_policy $POLICY
e2e_new_cgroup CG cg
SP=$(policy_from accel $POLICY)
cat "$SP"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"
echo "$out" | grep -q "2 programs on 1 cgroup, 1 socket map" || fail "not attached to the cgroup and the socket map"
"$SOCKC" status $POLICY
"$SOCKC" status --json $POLICY > "$E2E_TMP/st.json" || fail "status"
check "status --json: msg on map:peers, sockops on the cgroup" python3 -c '
import json, sys
l = {x["program"]: x for x in json.load(open(sys.argv[1]))["policies"][0]["links"]}
assert l["msg_prog"]["target"] == "map:peers" and l["msg_prog"]["cgroup"] is None, l
assert l["sockops_prog"]["cgroup"] == sys.argv[2], l' "$E2E_TMP/st.json" "$CG"

cat > "$E2E_TMP/peers.py" <<'PY'
import hashlib, os, socket, struct, subprocess, sys, threading
mode, sockc, policy = sys.argv[1:4]
N, CHUNK = 4 << 20, 16384
def tcp_bytes(s):   # struct tcp_info: tcpi_bytes_acked at 120, tcpi_bytes_received at 128
    b = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
    return struct.unpack_from("QQ", b, 120)
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen()
c = socket.create_connection(("127.0.0.1", ls.getsockname()[1]), timeout=10)
s, _ = ls.accept(); s.settimeout(10)
cport, sport = c.getsockname()[1], s.getsockname()[1]
entries = subprocess.run([sockc, "map", policy, "peers", "list"], capture_output=True, text=True, timeout=10).stdout
print("  peers:", entries.strip().replace("\n", "\n         ") or "(none)")
def pump(src, dst, data, out):
    t = threading.Thread(target=lambda: [src.sendall(data[i:i + CHUNK]) for i in range(0, len(data), CHUNK)])
    t.start()
    got = bytearray()
    while len(got) < len(data):
        d = dst.recv(1 << 16)
        if not d: break
        got += d
    t.join()
    out.append(hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest())
res = []
pump(c, s, os.urandom(N), res)
pump(s, c, os.urandom(N), res)
ca, cr = tcp_bytes(c); sa, sr = tcp_bytes(s)
print("  %d bytes each way intact: %s; TCP carried: client acked %d received %d, server acked %d received %d"
      % (N, all(res), ca, cr, sa, sr))
if not all(res): sys.exit("data corrupted")
lines = [l for l in entries.splitlines() if l.strip()]
if mode == "in":
    want = {"127.0.0.1:%d -> 127.0.0.1:%d" % (cport, sport), "127.0.0.1:%d -> 127.0.0.1:%d" % (sport, cport)}
    keys = {l.split(" = ")[0] for l in lines}
    if keys != want:
        hint = ""
        if all(k.endswith(":0") for k in keys):
            hint = (" (remote port 0: the program reads bpf_sock_ops/sk_msg_md remote_port as its low 16 bits;"
                    " the kernel keeps that port, in network order, in the high 16 bits)")
        sys.exit("peers should hold %s, has %s%s" % (sorted(want), sorted(keys), hint))
    if max(ca, cr, sa, sr) >= 65536: sys.exit("the data went over TCP: the msg program did not redirect")
    try:
        c.sendall(os.urandom(1 << 20)); sys.exit("a 1 MiB send was not dropped")
    except PermissionError as e:
        print("  a 1 MiB send (piece > 65536): %s" % e)
else:
    if lines: sys.exit("sockets outside the cgroup were tracked: %s" % lines)
    if min(ca, sr) < N: sys.exit("outside the cgroup TCP should carry the data")
PY
check "in the cgroup: both ends tracked in peers, data intact, redirected (not over TCP), big send dropped" \
    in_cg "$CG" timeout 60 python3 "$E2E_TMP/peers.py" in "$SOCKC" $POLICY
"$SOCKC" status --json $POLICY > "$E2E_TMP/counted.json" || fail "status"
check "every redirect found its peer socket: peers.redirect_misses is 0" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["policies"][0]["counters"]
assert c == {"peers.redirect_misses": 0}, c' "$E2E_TMP/counted.json"
check "outside the cgroup: nothing tracked, TCP carries the data" \
    timeout 60 python3 "$E2E_TMP/peers.py" out "$SOCKC" $POLICY
ids=$(python3 -c 'import json,sys; print(" ".join(str(l["id"]) for l in json.load(open(sys.argv[1]))["policies"][0]["links"]))' "$E2E_TMP/st.json")
check "detach" "$SOCKC" detach $POLICY
for id in $ids; do
    bpftool link show id "$id" >/dev/null 2>&1 && fail "link $id is still there after detach"
done
ok "the sockops and sk_msg links are gone"
check "no pins left" test ! -e "/sys/fs/bpf/sockc/$POLICY"
echo PASS
