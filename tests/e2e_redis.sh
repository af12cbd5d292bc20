#!/bin/sh
# e2e_redis (issue 3, scenario 2, with redis): examples/localhost-redirect.sp. A
# redis-server listens on 127.0.0.2:16379, outside the cgroup. redis-cli in the
# cgroup talks to 127.0.0.1:6379 and gets PONG, SET/GET work, and the server's
# CLIENT INFO shows the connection arrived at laddr=127.0.0.2:16379; a python client
# in the cgroup sees getpeername() == 127.0.0.1:6379. Outside the cgroup nothing is
# rewritten. Usage: e2e_redis.sh SOCKC
SOCKC=$1
E2E=redis
. "$(dirname "$0")/e2e_lib.sh"
e2e_need redis-server:redis-server redis-cli:redis-tools python3:python3 ss:iproute2
e2e_kernel

POLICY=sockc-test-redis
e2e_policy $POLICY
e2e_new_cgroup CG cg
ss -Hltn | awk '{print $4}' | grep -qE '^(127\.0\.0\.2|0\.0\.0\.0|\*):16379$' &&
    fail "port 16379 is in use on 127.0.0.2; the example's address is fixed"
SP=$(policy_from localhost-redirect $POLICY)
cat "$SP"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

bg redis-server --bind 127.0.0.2 --port 16379 --save '' --appendonly no --daemonize no \
    --dir "$E2E_TMP" --logfile "$E2E_TMP/redis.log"
wait_listen tcp 127.0.0.2:16379 || { cat "$E2E_TMP/redis.log" >&2; fail "redis-server did not start"; }

r=$(in_cg "$CG" timeout 10 redis-cli -h 127.0.0.1 -p 6379 PING 2>&1)
[ "$r" = PONG ] || fail "redis-cli in the cgroup, PING to 127.0.0.1:6379: '$r'"
ok "redis-cli in the cgroup: PING to 127.0.0.1:6379 answers PONG"
r=$(in_cg "$CG" timeout 10 redis-cli -h 127.0.0.1 -p 6379 SET sockc-test rewritten 2>&1)
[ "$r" = OK ] || fail "SET: '$r'"
r=$(timeout 10 redis-cli -h 127.0.0.2 -p 16379 GET sockc-test 2>&1)
[ "$r" = rewritten ] || fail "the value set through 127.0.0.1:6379 is not on 127.0.0.2:16379: '$r'"
ok "SET through 127.0.0.1:6379 in the cgroup lands in the redis on 127.0.0.2:16379"
info=$(in_cg "$CG" timeout 10 redis-cli -h 127.0.0.1 -p 6379 CLIENT INFO 2>&1)
echo "  CLIENT INFO: $info"
echo "$info" | grep -q 'laddr=127\.0\.0\.2:16379' || fail "CLIENT INFO does not show laddr=127.0.0.2:16379"
echo "$info" | grep -q ' addr=127\.0\.0\.1:' || fail "CLIENT INFO does not show the client at 127.0.0.1"
ok "the server's CLIENT INFO: the connection arrived at 127.0.0.2:16379"

cat > "$E2E_TMP/peer.py" <<'PY'
import socket
s = socket.create_connection(("127.0.0.1", 6379), timeout=5)
s.sendall(b"PING\r\n")
r = s.recv(100)
assert r == b"+PONG\r\n", r
assert s.getpeername() == ("127.0.0.1", 6379), s.getpeername()
print("  getpeername:", s.getpeername())
PY
check "getpeername in the cgroup shows 127.0.0.1:6379, not the real address" in_cg "$CG" python3 "$E2E_TMP/peer.py"

if ! ss -Hltn | awk '{print $4}' | grep -qE '^(127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]):6379$'; then
    r=$(timeout 10 redis-cli -h 127.0.0.1 -p 6379 PING 2>&1)
    [ "$r" = PONG ] && fail "redis-cli outside the cgroup was rewritten too"
    ok "redis-cli outside the cgroup is not rewritten ($r)"
fi
check "detach" "$SOCKC" detach $POLICY
r=$(in_cg "$CG" timeout 10 redis-cli -h 127.0.0.1 -p 6379 PING 2>&1)
[ "$r" = PONG ] && ! ss -Hltn | grep -q ':6379 ' && fail "still rewritten after detach"
ok "after detach the cgroup is not rewritten"
echo PASS
