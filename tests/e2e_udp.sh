#!/bin/sh
# e2e_udp (issue 3, scenario 5): examples/udp-dns.sp. In a network namespace (so that
# 192.0.2.53 can never leave the machine), a python client in the cgroup sends to
# 192.0.2.53:53; sendmsg rewrites it to the socat echo server on 127.0.0.53:5353
# (outside the cgroup), and recvmsg shows the reply coming from 192.0.2.53:53, the
# address the client sent to. A socat client in the cgroup gets its answer too. The
# same client outside the cgroup gets no answer. Usage: e2e_udp.sh SOCKC
SOCKC=$1
E2E=udp
. "$(dirname "$0")/e2e_lib.sh"
e2e_need socat:socat python3:python3 ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-udp
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
ip -n "$NS" link add sc0 type veth peer name sc1 || fail "cannot add a veth pair"
ip -n "$NS" link set sc0 up && ip -n "$NS" addr add 192.0.2.1/24 dev sc0 || fail "veth address"
SP=$(policy_from udp-dns $POLICY)
cat "$SP"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

bg in_ns "$NS" socat UDP4-RECVFROM:5353,bind=127.0.0.53,fork SYSTEM:'read l; echo "answer to $l"'
wait_listen udp 127.0.0.53:5353 "$NS" || fail "socat echo server"

cat > "$E2E_TMP/client.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(b"query-1\n", ("192.0.2.53", 53))
try:
    data, frm = s.recvfrom(2048)
except socket.timeout:
    print("  no answer"); sys.exit(3)
print("  answer %r from %s:%d" % (data, frm[0], frm[1]))
assert data == b"answer to query-1\n", data
assert frm == ("192.0.2.53", 53), frm
PY
check "python in the cgroup: sendto 192.0.2.53:53 is answered, and recvfrom shows 192.0.2.53:53" \
    in_cg_ns "$CG" "$NS" python3 "$E2E_TMP/client.py"
r=$(echo query-2 | in_cg_ns "$CG" "$NS" socat -T 3 - UDP4-DATAGRAM:192.0.2.53:53 2>&1)
[ "$r" = "answer to query-2" ] || fail "socat in the cgroup: '$r'"
ok "socat in the cgroup (UDP4-DATAGRAM to 192.0.2.53:53) gets the answer"
in_ns "$NS" python3 "$E2E_TMP/client.py"
[ $? = 3 ] || fail "the client outside the cgroup got an answer (or failed otherwise)"
ok "outside the cgroup: not rewritten, no answer"
check "detach" "$SOCKC" detach $POLICY
echo PASS
