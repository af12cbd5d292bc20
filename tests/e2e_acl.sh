#!/bin/sh
# e2e_acl: examples/acl.sp. Its first list alternates service endpoints (sent to
# backends on loopback) and ranges to deny, which the plan puts in two runs of one
# field: one probe table and one set (with the two prefixes of its last rule). Its second, first match wins, alternates hosts
# allowed and ports denied, which meet: a table per field, the rule written first
# acting. curl in a cgroup and a network namespace of the test's own (no route to the
# virtual addresses; the hosts are addresses of its loopback) reaches each virtual
# address's backend over IPv4, IPv4-mapped and IPv6; every denied range and any other
# port of a virtual address fail with EPERM; a host reaches its own ports and not the
# ports a rule before it denies; outside the cgroup and after detach nothing changes.
# Usage: e2e_acl.sh SOCKC
SOCKC=$1
E2E=acl
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-acl
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$(policy_from acl $POLICY)
plan=$("$SOCKC" compile --emit plan "$SP" -o -) || fail "plan"
echo "$plan"
echo "$plan" | grep -q "lines 11-27: 17 rules (18 as a rule per key) on several fields, in runs of one field" ||
    fail "the rules are not put in runs"
echo "$plan" | grep -q "lines 11-25: 8 rules on dst, one lookup in rules__11__v4: a probe table" ||
    fail "the endpoint rules are not a probe table"
echo "$plan" | grep -q "lines 12-27: 9 rules (10 as a rule per key) on dst.ip, one verdict: the set of their 10 prefixes" ||
    fail "the range rules, and the last rule's two prefixes, are not a set"
echo "$plan" | grep -q "lines 35-44: 10 rules on dst.ip, dst.port in turn, each ending the program" ||
    fail "the first-match list is not a table per field"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

for a in 130 131 132 133 140; do ip -n "$NS" addr add 192.0.2.$a/32 dev lo || fail "address 192.0.2.$a"; done
answerers "$NS" 8080:web 8081:canary 6379:redis 11211:memcached 22:ssh 25:smtp 3306:mysql

expect_in http://10.96.0.10/ web
expect_in http://10.96.0.16/ canary
expect_in http://10.96.0.12:6379/ redis
expect_in http://10.96.0.15:11211/ memcached
expect_in "http://[::ffff:10.96.0.10]/" web
expect_in "http://[fd00:96::10]/" web
ok "the virtual addresses answer from their backends (IPv4, IPv4-mapped, IPv6)"
for u in http://192.0.2.1/ http://192.0.2.100:8080/ http://198.51.100.200/ http://203.0.113.7:443/ \
    "http://[::ffff:203.0.113.130]/" "http://[2001:db8::1]/"; do
    expect_in "$u" denied
done
ok "each denied range fails at once with EPERM, whichever line of the list holds it"
expect_in http://10.96.0.10:81/ denied
expect_in http://10.96.0.99/ denied
expect_in "http://[fd00:96::10]:81/" denied
ok "another port or address of the services fails with EPERM (the last rule)"
expect_in http://192.0.2.130:22/ ssh
expect_in http://192.0.2.131:22/ denied
expect_in http://192.0.2.131:25/ smtp
expect_in http://192.0.2.132:25/ denied
expect_in http://192.0.2.132:3306/ mysql
expect_in http://192.0.2.133:3306/ denied
expect_in http://192.0.2.133:6379/ redis
expect_in http://192.0.2.140:6379/ denied
expect_in "http://[::ffff:192.0.2.131]:25/" smtp
expect_in "http://[::ffff:192.0.2.132]:25/" denied
expect_in http://192.0.2.140:8080/ web
ok "first match wins in the list of hosts and ports (IPv4 and IPv4-mapped)"
r=$(fetch out http://10.96.0.10/ -v) && fail "reached 10.96.0.10 outside the cgroup: $r"
echo "$r" | grep -q "Network is unreachable" || fail "outside the cgroup: $r"
ok "outside the cgroup nothing is rewritten or denied"

check "detach" "$SOCKC" detach $POLICY
r=$(fetch in http://192.0.2.1/ -v) && fail "reached 192.0.2.1 after detach: $r"
echo "$r" | grep -q "Network is unreachable" || fail "after detach: $r"
ok "after detach the ranges are unreachable again, not denied"
echo PASS
