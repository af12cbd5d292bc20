#!/bin/sh
# e2e_deny (issue 3, scenario 4): connect, bind and sendmsg fail with EPERM exactly
# where the policy says, and work elsewhere. In the cgroup: TCP connects to port D
# (IPv4 and IPv6) fail ("Operation not permitted", for python and for socat) while a
# connect to port A on the same address works; a bind to port B fails, to another
# port works; a UDP sendto to port S fails, to another port works; UDP to port D
# (connect hook, udp) is not denied since the rule says tcp. Outside the cgroup
# everything works. Usage: e2e_deny.sh SOCKC
SOCKC=$1
E2E=deny
. "$(dirname "$0")/e2e_lib.sh"
e2e_need socat:socat python3:python3 ss:iproute2
e2e_kernel

POLICY=sockc-test-deny
e2e_policy $POLICY
e2e_new_cgroup CG cg
D=$(free_port); A=$(free_port); B=$(free_port); S=$(free_port)
cat > "$E2E_TMP/$POLICY.sp" <<EOF
policy "$POLICY";
on connect { if proto == tcp and dst.port == $D { deny; } }
on bind { if src.port == $B { deny; } }
on sendmsg { if dst.port == $S { deny; } }
EOF
cat "$E2E_TMP/$POLICY.sp"
out=$("$SOCKC" apply --cgroup "$CG" "$E2E_TMP/$POLICY.sp" 2>&1) || fail "apply: $out"
echo "$out"

# servers (outside the cgroup) on D and A, v4 and v6, TCP; UDP sinks on S and A
for p in $D $A; do
    bg socat TCP4-LISTEN:$p,bind=127.0.0.1,reuseaddr,fork "$(answer hello)"
    bg socat TCP6-LISTEN:$p,bind=[::1],reuseaddr,fork "$(answer hello)"
done
wait_listen tcp 127.0.0.1:$D && wait_listen tcp "[::1]:$D" && wait_listen tcp 127.0.0.1:$A || fail "servers"
bg socat -u UDP4-RECV:$S,bind=127.0.0.1 OPEN:"$E2E_TMP/udp_s.out",creat,append
bg socat -u UDP4-RECV:$A,bind=127.0.0.1 OPEN:"$E2E_TMP/udp_a.out",creat,append
wait_listen udp 127.0.0.1:$S && wait_listen udp 127.0.0.1:$A || fail "UDP sinks"

cat > "$E2E_TMP/client.py" <<'PY'
import errno, os, socket, sys
D, A, B, S = map(int, sys.argv[1:5])
inside = sys.argv[5] == "in"
def expect(desc, fn, denied):
    try:
        fn()
        got = "ok"
    except OSError as e:
        got = "EPERM (%s)" % os.strerror(e.errno) if e.errno == errno.EPERM else "error %s" % e
    want = "EPERM (Operation not permitted)" if denied else "ok"
    print("  %-44s %s" % (desc, got))
    if got != want:
        sys.exit("%s: expected %s, got %s" % (desc, want, got))
def tcp(fam, addr):
    s = socket.socket(fam, socket.SOCK_STREAM); s.settimeout(5); s.connect(addr); s.close()
def bind(addr):
    s = socket.socket(); s.bind(addr); s.close()
def udp_send(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"x\n", ("127.0.0.1", port)); s.close()
def udp_connect(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(("127.0.0.1", port)); s.close()
expect("connect 127.0.0.1:%d (denied port)" % D, lambda: tcp(socket.AF_INET, ("127.0.0.1", D)), inside)
expect("connect [::1]:%d (denied port)" % D, lambda: tcp(socket.AF_INET6, ("::1", D)), inside)
expect("connect 127.0.0.1:%d" % A, lambda: tcp(socket.AF_INET, ("127.0.0.1", A)), False)
expect("connect [::1]:%d" % A, lambda: tcp(socket.AF_INET6, ("::1", A)), False)
expect("UDP connect 127.0.0.1:%d (the rule is tcp)" % D, lambda: udp_connect(D), False)
expect("bind 127.0.0.1:%d (denied port)" % B, lambda: bind(("127.0.0.1", B)), inside)
expect("bind 0.0.0.0:%d (denied port)" % B, lambda: bind(("0.0.0.0", B)), inside)
expect("bind 127.0.0.1:0", lambda: bind(("127.0.0.1", 0)), False)
expect("sendto 127.0.0.1:%d (denied port)" % S, lambda: udp_send(S), inside)
expect("sendto 127.0.0.1:%d" % A, lambda: udp_send(A), False)
PY
echo "in the cgroup:"
in_cg "$CG" python3 "$E2E_TMP/client.py" $D $A $B $S in || fail "python client in the cgroup"
ok "python in the cgroup: EPERM exactly for connect to :$D, bind to :$B, sendto :$S"
echo "outside the cgroup:"
python3 "$E2E_TMP/client.py" $D $A $B $S out || fail "python client outside the cgroup"
ok "python outside the cgroup: nothing denied"

r=$(in_cg "$CG" socat -T 3 - TCP4:127.0.0.1:$D </dev/null 2>&1)
echo "  socat in the cgroup to 127.0.0.1:$D: $r"
echo "$r" | grep -q "Operation not permitted" || fail "socat's connect was not refused with EPERM"
r=$(in_cg "$CG" socat -T 3 - TCP4:127.0.0.1:$A </dev/null 2>&1)
[ "$r" = hello ] || fail "socat in the cgroup to :$A: '$r'"
r=$(echo x | in_cg "$CG" socat -T 3 -u - UDP4-SENDTO:127.0.0.1:$S 2>&1)
echo "  socat in the cgroup, UDP to 127.0.0.1:$S: $r"
echo "$r" | grep -q "Operation not permitted" || fail "socat's sendto was not refused with EPERM"
ok "socat in the cgroup: connect to :$D and sendto :$S fail with 'Operation not permitted', :$A works"
sleep 0.2
[ -s "$E2E_TMP/udp_a.out" ] || fail "the allowed datagrams did not arrive on :$A"
ok "allowed datagrams arrived"

check "detach" "$SOCKC" detach $POLICY
in_cg "$CG" python3 "$E2E_TMP/client.py" $D $A $B $S out >/dev/null || fail "still denied after detach"
ok "after detach nothing is denied in the cgroup"
echo PASS
