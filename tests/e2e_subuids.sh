#!/bin/sh
# e2e_subuids: examples/subuids.sp, containers of eight tenants as the uids of their
# user namespaces (named sets of subuid ranges, one of two ranges), with curl and socat
# in a cgroup and a network namespace of the test's own. Each tenant reaches its own
# database port and no other's (one lookup keyed by the port and the uid), and the
# shared service 10.96.0.10:80 is its own backend (one lookup of the uids where the
# address holds), and of the tenants' networks it reaches its own (one lookup: the
# uid's range, then its networks), IPv4 and IPv4-mapped; a uid of no tenant reaches no
# database, no tenant's network and the service itself. Usage: e2e_subuids.sh SOCKC
SOCKC=$1
E2E=subuids
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat ss:iproute2 nsenter:util-linux setpriv:util-linux
e2e_kernel

POLICY=sockc-test-subuids
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$(policy_from subuids $POLICY)
plan=$("$SOCKC" compile --emit plan "$SP" -o -) || fail "plan: $plan"
echo "$plan" | grep -q "lines 32-39: 8 rules on uid and dst.port, one lookup in rules__32__v4: a search tree of the ranges of uids with their dst.ports" ||
    fail "the databases' rules are no lookup keyed by both: $plan"
echo "$plan" | grep -q "lines 44-51: 8 rules on uid, one lookup in rules__44__v4: a search tree of the ranges of uids" ||
    fail "the backends' rules are no lookup: $plan"
echo "$plan" | grep -q "lines 55-62: 8 rules (11 as a rule per key) on dst.ip and uid, one lookup in rules__55__v4: the uid's range among 9" ||
    fail "the networks' rules are no lookup keyed by both: $plan"
echo "$plan" | grep -q "set tenant_g: 2 items, the keys of the rules that name it (no test of its own)" ||
    fail "the tenants' sets are not the tables' keys: $plan"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

ip -n "$NS" addr add 10.96.0.10/32 dev lo || fail "address 10.96.0.10"
bg in_ns "$NS" socat TCP4-LISTEN:80,bind=10.96.0.10,reuseaddr,fork "$(answer "the service itself")"
wait_listen tcp 10.96.0.10:80 "$NS" || fail "server on 10.96.0.10:80"
for net in 172.16.1.10:net_a 172.16.2.10:net_b 172.20.7.10:net_g2; do
    ip -n "$NS" addr add "${net%%:*}/32" dev lo || fail "address ${net%%:*}"
    bg in_ns "$NS" socat TCP4-LISTEN:80,bind="${net%%:*}",reuseaddr,fork "$(answer "${net#*:}")"
    wait_listen tcp "${net%%:*}:80" "$NS" || fail "server on ${net%%:*}:80"
done
set -- a:100000 b:165536 c:231072 d:296608 e:362144 f:427680 g:493216 h:558752
servers=
k=0
for t in "$@"; do
    servers="$servers $((15432 + k)):db_${t%%:*} $((8001 + k)):backend_${t%%:*}"
    k=$((k + 1))
done
answerers "$NS" $servers

for host in 127.0.0.1 "[::ffff:127.0.0.1]"; do
    expect_as 100000 "http://$host:15432/" db_a
    expect_as 165535 "http://$host:15432/" db_a
    expect_as 165535 "http://$host:15433/" denied
    expect_as 165536 "http://$host:15433/" db_b
    expect_as 493216 "http://$host:15438/" db_g
    expect_as 765535 "http://$host:15438/" db_g        # tenant g's second namespace
    expect_as 765535 "http://$host:15439/" denied
    expect_as 624287 "http://$host:15439/" db_h
    expect_as 1000 "http://$host:15432/" denied
    expect_as 99999 "http://$host:15432/" denied
done
ok "each tenant's uids reach its own database port and no other's; other uids none (IPv4 and IPv4-mapped)"
for host in 10.96.0.10 "[::ffff:10.96.0.10]"; do
    expect_as 100000 "http://$host/" backend_a
    expect_as 296608 "http://$host/" backend_d
    expect_as 700000 "http://$host/" backend_g
    expect_as 624287 "http://$host/" backend_h
    expect_as 1000 "http://$host/" "the service itself"
    expect_as 624288 "http://$host/" "the service itself"
done
ok "the shared service is each tenant's own backend; a uid of no tenant reaches the service itself (IPv4 and IPv4-mapped)"
for v in "" "::ffff:"; do
    a=172.16.1.10 b=172.16.2.10 g2=172.20.7.10
    [ -n "$v" ] && a="[$v$a]" b="[$v$b]" g2="[$v$g2]"
    expect_as 100000 "http://$a/" net_a
    expect_as 165535 "http://$a/" net_a
    expect_as 165536 "http://$a/" denied
    expect_as 165536 "http://$b/" net_b
    expect_as 100000 "http://$b/" denied
    expect_as 700000 "http://$g2/" net_g2      # tenant g's second namespace, its second network
    expect_as 493216 "http://$g2/" net_g2
    expect_as 558752 "http://$g2/" denied
    expect_as 1000 "http://$a/" denied
done
ok "each tenant's uids reach its own networks and no other's; other uids none (IPv4 and IPv4-mapped)"

check "detach" "$SOCKC" detach $POLICY
expect_as 165536 http://127.0.0.1:15432/ db_a
expect_as 100000 http://10.96.0.10/ "the service itself"
expect_as 165536 http://172.16.1.10/ net_a
ok "after detach every uid reaches every port, network and the service itself"
echo PASS
