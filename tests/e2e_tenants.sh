#!/bin/sh
# e2e_tenants: examples/tenants.sp, whose uid rules are one probe table and whose
# prefix rules a search tree for IPv4, which connect6 reads for IPv4-mapped addresses,
# and an LPM trie for IPv6, with curl and socat in a cgroup and a network
# namespace of the test's own. Each tenant prefix (a /16, a single host, an IPv6 /32)
# lands on its gateway, IPv4 and IPv4-mapped; the rest of 10/8 fails with EPERM; the
# batch uids fail everywhere, the operator's uid reaches the tenant directly, and
# outside the cgroup nothing is rewritten. Usage: e2e_tenants.sh SOCKC
SOCKC=$1
E2E=tenants
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat ss:iproute2 nsenter:util-linux setpriv:util-linux
e2e_kernel

POLICY=sockc-test-tenants
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$(policy_from tenants $POLICY)
plan=$("$SOCKC" compile --emit plan "$SP" -o -) || fail "plan: $plan"
echo "$plan" | grep -q "8 rules on uid, one lookup in rules__8__v4: a probe table" || fail "the uid rules are no table: $plan"
echo "$plan" | grep -q "9 rules on dst.ip, one lookup in rules__17__v4: a search tree of 8 prefixes" ||
    fail "the prefix rules are no search tree: $plan"
echo "$plan" | grep -q "9 rules on dst.ip, IPv4-mapped: one lookup in rules__17__v4, the IPv4 table: a search tree of 8 prefixes .*; IPv6: one lookup in rules__17__v6: an LPM trie of 1 prefix" ||
    fail "connect6 does not read the IPv4 tree for IPv4-mapped addresses: $plan"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

for a in 10.1.0.9 10.9.0.1; do ip -n "$NS" addr add "$a/32" dev lo || fail "address $a"; done
for g in 1 7; do bg in_ns "$NS" socat TCP4-LISTEN:80,bind=127.0.1.$g,reuseaddr,fork "$(answer "gateway $g")"; done
bg in_ns "$NS" socat TCP6-LISTEN:80,bind=[::1],reuseaddr,fork "$(answer "gateway 8")"
bg in_ns "$NS" socat TCP4-LISTEN:80,bind=10.1.0.9,reuseaddr,fork "$(answer "tenant 1")"
bg in_ns "$NS" socat TCP4-LISTEN:80,bind=10.9.0.1,reuseaddr,fork "$(answer "no tenant")"
for w in 127.0.1.1:80 127.0.1.7:80 "[::1]:80" 10.1.0.9:80 10.9.0.1:80; do
    wait_listen tcp "$w" "$NS" || fail "server on $w"
done

for u in 1000 0; do
    expect_as $u http://10.1.0.9/ "gateway 1"
    expect_as $u "http://[::ffff:10.1.0.9]/" "gateway 1"
    expect_as $u http://10.1.200.3/ "gateway 1"
    expect_as $u http://10.7.0.1/ "gateway 7"
    expect_as $u "http://[::ffff:10.7.0.1]/" "gateway 7"
    expect_as $u "http://[fd00:8::5]/" "gateway 8"
    expect_as $u http://10.7.0.2/ denied
    expect_as $u http://10.9.0.1/ denied
    expect_as $u "http://[::ffff:10.9.0.1]/" denied
done
ok "each tenant's prefix lands on its gateway (a /16, one host, an IPv6 /32; IPv4 and IPv4-mapped); the rest of 10/8 is denied"
for u in 901 904 907; do
    expect_as $u http://10.1.0.9/ denied
    expect_as $u "http://[::1]/" denied
done
ok "the batch uids connect nowhere"
expect_as 990 http://10.1.0.9/ "tenant 1"
expect_as 990 http://10.9.0.1/ "no tenant"
ok "the operator's uid reaches the tenants' own addresses"
r=$(in_ns "$NS" curl -sS --http0.9 -m 3 http://10.1.0.9/ 2>&1)
[ "$r" = "tenant 1" ] || fail "outside the cgroup: expected 'tenant 1', got: $r"
r=$(in_ns "$NS" setpriv --reuid=901 --regid=901 --clear-groups curl -sS --http0.9 -m 3 http://10.9.0.1/ 2>&1)
[ "$r" = "no tenant" ] || fail "outside the cgroup as uid 901: expected 'no tenant', got: $r"
ok "outside the cgroup nothing is rewritten or denied"

check "detach" "$SOCKC" detach $POLICY
expect_as 901 http://10.1.0.9/ "tenant 1"
ok "after detach the cgroup reaches the tenants directly"
echo PASS
