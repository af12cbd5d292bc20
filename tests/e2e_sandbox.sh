#!/bin/sh
# e2e_sandbox: examples/sandbox.sp, whose rules of ports, port ranges and sets of ports
# are one probe table with an entry per port, with curl, redis-server and redis-cli in
# a cgroup and a network namespace of the test's own. Web goes through, the artifact
# store's range lands on its new home (IPv4 and IPv4-mapped), the other well-known
# ports and the databases' fail with EPERM, a port of no rule is left alone, and
# outside the cgroup nothing is denied. Usage: e2e_sandbox.sh SOCKC
SOCKC=$1
E2E=sandbox
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat redis-server:redis-server redis-cli:redis-tools ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-sandbox
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$(policy_from sandbox $POLICY)
plan=$("$SOCKC" compile --emit plan "$SP" -o -) || fail "plan: $plan"
echo "$plan" | grep -q "8 rules on dst.port, 1132 ports in all, one lookup in rules__10__v4: a probe table" ||
    fail "the rules of ports are no table: $plan"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

bg in_ns "$NS" socat TCP4-LISTEN:80,bind=127.0.0.1,reuseaddr,fork "$(answer web)"
bg in_ns "$NS" socat TCP4-LISTEN:9443,bind=127.0.0.1,reuseaddr,fork "$(answer "artifact store")"
bg in_ns "$NS" socat TCP4-LISTEN:8080,bind=127.0.0.1,reuseaddr,fork "$(answer "dev server")"
bg in_ns "$NS" socat TCP4-LISTEN:9050,bind=127.0.0.1,reuseaddr,fork "$(answer "old artifact store")"
bg in_ns "$NS" redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize no \
    --dir "$E2E_TMP" --logfile "$E2E_TMP/redis.log"
for w in 127.0.0.1:80 127.0.0.1:9443 127.0.0.1:8080 127.0.0.1:9050 127.0.0.1:6379; do
    wait_listen tcp "$w" "$NS" || fail "server on $w"
done

expect_in http://127.0.0.1/ web
expect_in http://127.0.0.1:8080/ "dev server"
ok "web and a port of no rule go through"
for u in http://127.0.0.1:9000/ http://127.0.0.1:9050/ http://127.0.0.1:9099/ "http://[::ffff:127.0.0.1]:9050/"; do
    expect_in "$u" "artifact store"
done
ok "the artifact store's range 9000..9099 lands on 127.0.0.1:9443 (IPv4 and IPv4-mapped)"
for p in 1 25 465 1023 3306 5432 6380 27018 11211; do expect_in "http://127.0.0.1:$p/" denied; done
expect_in "http://[::ffff:127.0.0.1]:5432/" denied
r=$(in_cg_ns "$CG" "$NS" timeout 10 redis-cli -h 127.0.0.1 -p 6379 PING 2>&1)
echo "$r" | grep -q "Operation not permitted" || fail "redis-cli in the cgroup: expected EPERM, got: $r"
ok "the well-known ports and the databases' fail with EPERM (curl; redis-cli to a running redis-server)"

r=$(in_ns "$NS" timeout 10 redis-cli -h 127.0.0.1 -p 6379 PING 2>&1)
[ "$r" = PONG ] || fail "redis-cli outside the cgroup: expected PONG, got: $r"
r=$(fetch out http://127.0.0.1:9050/)
[ "$r" = "old artifact store" ] || fail "outside the cgroup: expected 'old artifact store', got: $r"
ok "outside the cgroup nothing is denied or rewritten"

check "detach" "$SOCKC" detach $POLICY
r=$(in_cg_ns "$CG" "$NS" timeout 10 redis-cli -h 127.0.0.1 -p 6379 PING 2>&1)
[ "$r" = PONG ] || fail "redis-cli in the cgroup after detach: expected PONG, got: $r"
ok "after detach redis answers the cgroup"
echo PASS
