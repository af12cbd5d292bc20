#!/bin/sh
# e2e_services: examples/services.sp, ten rules on dst that become one probe table per
# family, with curl in a cgroup and a network namespace of the test's own, where the
# backends listen on loopback and the virtual addresses (10.96.0.0/16, fd00:96::/32)
# have no route at all. A virtual address answers from its backend over IPv4,
# IPv4-mapped and IPv6; the retired ones fail with EPERM; another port, another
# address, the same address outside the cgroup and after detach are left alone
# (unreachable). `sockc map` explains that it cannot show the table. Usage:
# e2e_services.sh SOCKC
SOCKC=$1
E2E=services
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-services
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$(policy_from services $POLICY)
plan=$("$SOCKC" compile --emit plan "$SP" -o -) || fail "plan"
echo "$plan"
echo "$plan" | grep -q "one lookup in rules__10__v4: a probe table" || fail "the 4 programs' rules are not a probe table"
echo "$plan" | grep -q "one lookup in rules__10__v6: a probe table" || fail "the 6 programs' rules are not a probe table"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

answerers "$NS" 8080:web 8081:canary 6379:redis 11211:memcached

expect_answer() { # URL ANSWER
    r=$(fetch in "$1")
    [ "$r" = "$2" ] || fail "curl to $1 from the cgroup: expected '$2', got: $r"
    echo "  $1 -> $2"
}
expect_error() { # WHERE URL TEXT: fails with TEXT in curl's message
    r=$(fetch "$1" "$2" -v) && fail "curl reached $2 ($1 the cgroup): $r"
    echo "$r" | grep -q "connect fail.*$3" || fail "curl to $2 ($1 the cgroup): expected '$3', got: $r"
    echo "  $2 ($1): $3"
}
expect_answer http://10.96.0.10/ web
expect_answer http://10.96.0.11/ canary
expect_answer http://10.96.0.13:6379/ redis
expect_answer http://10.96.0.17:11211/ memcached
ok "IPv4 virtual addresses answer from their backends"
expect_answer "http://[::ffff:10.96.0.10]/" web
expect_answer "http://[::ffff:10.96.0.13]:6379/" redis
ok "so do they IPv4-mapped, from an IPv6 socket"
expect_answer "http://[fd00:96::10]/" web
ok "an IPv6 virtual address answers from [::1]:8080"
expect_error in http://10.96.0.16/ "Operation not permitted"
expect_error in "http://[::ffff:10.96.0.16]/" "Operation not permitted"
expect_error in "http://[fd00:96::16]/" "Operation not permitted"
ok "the retired services fail at once with EPERM"
expect_error in http://10.96.0.10:81/ "Network is unreachable"
expect_error in http://10.96.0.99/ "Network is unreachable"
expect_error in "http://[fd00:96::10]:81/" "Network is unreachable"
ok "another port or address is not rewritten"
expect_error out http://10.96.0.10/ "Network is unreachable"
ok "outside the cgroup nothing is rewritten"

r=$("$SOCKC" map $POLICY rules__10__v4 list 2>&1) && fail "sockc map listed a probe table: $r"
echo "$r" | grep -q "holds a run of the policy's rules as a probe table" || fail "sockc map on a probe table: $r"
ok "sockc map says why it cannot show the table: $r"

check "detach" "$SOCKC" detach $POLICY
expect_error in http://10.96.0.10/ "Network is unreachable"
ok "after detach the virtual addresses are unreachable again"
echo PASS
