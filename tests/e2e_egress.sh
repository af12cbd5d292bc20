#!/bin/sh
# e2e_egress: examples/egress.sp, whose rules bind a source address per upstream as one
# probe table, with curl and socat in a cgroup and a network namespace of the test's
# own, which holds the upstreams' and the source addresses (documentation ranges, on
# its lo). Each upstream sees the connection come from the address its rule binds, over
# IPv4, IPv4-mapped IPv6 and IPv6; the old shipping endpoint lands on shipping, from
# shipping's address; the retired ones fail with EPERM; outside the cgroup, and after
# detach, the kernel picks the source. Usage: e2e_egress.sh SOCKC
SOCKC=$1
E2E=egress
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-egress
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$(policy_from egress $POLICY)
plan=$("$SOCKC" compile --emit plan "$SP" -o -) || fail "plan: $plan"
echo "$plan" | grep -q "8 rules on dst, one lookup in rules__10__v4: a probe table" || fail "the rules are no table: $plan"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

for a in 198.51.100.10 198.51.100.11 198.51.100.12 198.51.100.13 192.0.2.10 192.0.2.11 192.0.2.12 192.0.2.13; do
    ip -n "$NS" addr add "$a/32" dev lo || fail "address $a"
done
for a in 2001:db8:100::10 2001:db8:2::10; do ip -n "$NS" addr add "$a/128" dev lo nodad || fail "address $a"; done
# each upstream answers with its name and the address the connection came from (socat
# writes an IPv6 one in full, in brackets)
serve() { # NAME LISTEN-ADDRESS
    bg in_ns "$NS" socat "$2,reuseaddr,fork" "SYSTEM:read -r l; echo \"$1 from \$SOCAT_PEERADDR\""
}
serve payments TCP4-LISTEN:443,bind=198.51.100.10
serve shipping TCP4-LISTEN:443,bind=198.51.100.11
serve tax TCP4-LISTEN:443,bind=198.51.100.12
serve fraud TCP4-LISTEN:443,bind=198.51.100.13
serve payments6 TCP6-LISTEN:443,bind=[2001:db8:100::10]
for w in 198.51.100.10:443 198.51.100.11:443 198.51.100.12:443 198.51.100.13:443 "[2001:db8:100::10]:443"; do
    wait_listen tcp "$w" "$NS" || fail "server on $w"
done

expect_in http://198.51.100.10:443/ "payments from 192.0.2.10"
expect_in "http://[::ffff:198.51.100.10]:443/" "payments from 192.0.2.10"
expect_in http://198.51.100.11:443/ "shipping from 192.0.2.11"
expect_in http://198.51.100.12:443/ "tax from 192.0.2.12"
expect_in http://198.51.100.13:443/ "fraud from 192.0.2.13"
expect_in "http://[::ffff:198.51.100.13]:443/" "fraud from 192.0.2.13"
expect_in "http://[2001:db8:100::10]:443/" "payments6 from [2001:0db8:0002:0000:0000:0000:0000:0010]"
ok "each upstream sees the address its rule binds (IPv4, IPv4-mapped, IPv6)"
expect_in http://198.51.100.14:443/ "shipping from 192.0.2.11"
expect_in "http://[::ffff:198.51.100.14]:443/" "shipping from 192.0.2.11"
ok "the old shipping endpoint lands on shipping, from shipping's address"
expect_in http://198.51.100.15:443/ denied
expect_in "http://[::ffff:198.51.100.15]:443/" denied
expect_in "http://[2001:db8:100::15]:443/" denied
ok "the retired upstreams fail with EPERM"

r=$(fetch out http://198.51.100.10:443/)
[ "$r" = "payments from 198.51.100.10" ] || fail "outside the cgroup: expected 'payments from 198.51.100.10', got: $r"
ok "outside the cgroup the kernel picks the source"
check "detach" "$SOCKC" detach $POLICY
r=$(fetch in http://198.51.100.12:443/)
[ "$r" = "tax from 198.51.100.12" ] || fail "after detach: expected 'tax from 198.51.100.12', got: $r"
ok "after detach the cgroup's connects leave from the address the kernel picks"
echo PASS
