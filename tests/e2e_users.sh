#!/bin/sh
# e2e_users: per-user access at scale, with curl and socat in a cgroup and a network
# namespace of the test's own. A set of 5,000 batch uids (a probe table of them: more
# than a search tree takes) may connect nowhere; 2,000 rules `uid == U and dst.port ==
# P { allow; }` (one lookup keyed by both; half of them written as a block per uid,
# `if uid == U { if dst.port == P { allow; } ... }`, and an eighth as a rule of a set of
# ports, `if uid == U and dst.port in {P1, P2} { allow; }`) open each service port of
# 10000-11999 to its own user, and every other user is denied there. A set of two user
# namespaces' ranges and 3,000 uids (a flat trie of their big-endian words) may connect
# nowhere either. IPv4 and IPv4-mapped; `sockc map` lists the sets as held by their
# maps. Then 5,000 tenants' subuid ranges (half of them named sets), each steered to
# its backend: one lookup of the ranges (an LPM trie of their prefixes); and 2,000
# tenants each allowed to its backend's port alone (one lookup keyed by both); and 200
# operators each allowed to its networks' ports (a uid, a prefix and a port: one lookup
# of the uid, then of its prefixes of the port); and 2,000 ports each for its owner
# alone (`dst.port == P and uid != U`). Usage: e2e_users.sh SOCKC
SOCKC=$1
E2E=users
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat ss:iproute2 nsenter:util-linux setpriv:util-linux
e2e_kernel

POLICY=sockc-test-users
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$E2E_TMP/$POLICY.sp
awk -v policy=$POLICY 'BEGIN {
    printf "policy \"%s\";\nset batch = {", policy
    for (i = 0; i < 5000; i++) printf "%s %d", i ? "," : "", 200000 + 3 * i   # 200000, 200003, ...
    printf " };\nset nsusers = { 1000000..1065535, 5000000..5065535"
    for (i = 0; i < 3000; i++) printf ", %d", 300000 + 3 * i                      # 300000, 300003, ...
    print " };\non connect {\n    if uid in batch { deny; }\n    if uid in nsusers { deny; }"
    for (u = 3000; u < 3500; u++)   # a block per uid of its two ports
        printf "    if uid == %d {\n        if dst.port == %d { allow; }\n        if dst.port == %d { allow; }\n    }\n",
            u, 7000 + u, 8000 + u
    for (u = 3500; u < 3750; u++)   # a rule per port
        printf "    if uid == %d and dst.port == %d { allow; }\n    if uid == %d and dst.port == %d { allow; }\n",
            u, 7000 + u, u, 8000 + u
    for (u = 3750; u < 4000; u++)   # and a rule of a set of ports
        printf "    if uid == %d and dst.port in { %d, %d } { allow; }\n", u, 7000 + u, 8000 + u
    print "    if dst.port in 10000..11999 { deny; }\n}" }' > "$SP"
plan_of "$SP"
plan_has "lines 8-2756: 1750 rules (2000 as a rule per key) on uid and dst.port, one lookup in rules__8__v4: a probe table" \
    "the uid and port rules are no table"
plan_has "map batch__numbers: 5000 numbers, a probe table" "the set of uids is no probe table"
plan_has "map nsusers__numbers: flat trie of numbers: 3002 items as 3022 prefixes" \
    "the set of uid ranges is no flat trie"
apply_sp "$SP"
answerers "$NS" 10005:"service 10005" 11005:"service 11005" 10006:"service 10006" 10600:"service 10600" \
    11600:"service 11600" 10800:"service 10800" 11800:"service 11800" 8080:"web"

for host in 127.0.0.1 "[::ffff:127.0.0.1]"; do
    expect_as 3005 "http://$host:10005/" "service 10005"
    expect_as 3005 "http://$host:11005/" "service 11005"
    expect_as 3005 "http://$host:10006/" denied
    expect_as 3006 "http://$host:10006/" "service 10006"
    expect_as 3006 "http://$host:10005/" denied
    expect_as 0 "http://$host:10005/" denied
    expect_as 3600 "http://$host:10600/" "service 10600"
    expect_as 3600 "http://$host:11600/" "service 11600"
    expect_as 3005 "http://$host:10600/" denied
    expect_as 3600 "http://$host:10005/" denied
    expect_as 3800 "http://$host:10800/" "service 10800"
    expect_as 3800 "http://$host:11800/" "service 11800"
    expect_as 3801 "http://$host:10800/" denied
done
ok "each service port lets its own uid in and denies the others (IPv4 and IPv4-mapped; rules in a block per uid, one per port and one of a set of ports)"
for u in 200000 200003 214997; do
    expect_as $u http://127.0.0.1:8080/ denied
    expect_as $u "http://[::ffff:127.0.0.1]:8080/" denied
done
for u in 1000000 1065535 5032768 300003 308997; do
    expect_as $u http://127.0.0.1:8080/ denied
    expect_as $u "http://[::ffff:127.0.0.1]:8080/" denied
done
for u in 200001 214998 3005 0 999999 1065536 4999999 300001 309000; do expect_as $u http://127.0.0.1:8080/ web; done
ok "the batch uids and those of the namespaces' ranges connect nowhere; uids next to them, and others, do"

list=$("$SOCKC" map $POLICY batch list) || fail "map list: $list"
[ "$(echo "$list" | grep -c ' = batch__numbers$')" = 5000 ] && echo "$list" | grep -qx '214997 = batch__numbers' ||
    fail "sockc map does not list the set's 5000 uids as held by batch__numbers: $(echo "$list" | head -3)"
ok "sockc map lists the set's 5000 uids, held by its map"
r=$("$SOCKC" map $POLICY batch__numbers list 2>&1) && fail "the probe table was listed entry by entry: $r"
echo "$r" | grep -q "holds a set as one number_probe value" || fail "no reason given: $r"
ok "sockc map says why the probe table itself is not listed entry by entry"
list=$("$SOCKC" map $POLICY nsusers list) || fail "map list: $list"
[ "$(echo "$list" | grep -c ' = nsusers__numbers$')" = 3002 ] && echo "$list" | grep -qx '5000000..5065535 = nsusers__numbers' ||
    fail "sockc map does not list the ranges and uids as held by nsusers__numbers: $(echo "$list" | head -3)"
r=$("$SOCKC" map $POLICY nsusers__numbers list 2>&1) && fail "the flat trie of numbers was listed: $r"
echo "$r" | grep -q "holds a set as one number_flat value" || fail "no reason given: $r"
ok "sockc map lists the ranges and uids, held by their flat trie, and says why the trie itself is not listed"

check "detach" "$SOCKC" detach $POLICY
expect_as 200003 http://127.0.0.1:8080/ web
expect_as 0 http://127.0.0.1:10005/ "service 10005"
ok "after detach every uid connects"

# Tenants: 5,000 user namespaces of 65,536 subuids each, each steered to its backend
# (a rewrite of the port that goes on), as one lookup of the ranges (more than a search
# tree takes: an LPM trie); every other tenant is a named set (`set tenant_1 = {...};`,
# `if uid in tenant_1 { ... }`), as an operator would write it. A later rule on a uid
# of the first tenant still runs after it.
awk -v policy=$POLICY 'BEGIN {
    printf "policy \"%s\";\non connect {\n", policy
    for (t = 0; t < 5000; t++)
        if (t % 2)
            printf "    if uid in tenant_%d { rewrite dst.port %d; }\n", t, 9001 + t % 3
        else
            printf "    if uid in %d..%d { rewrite dst.port %d; }\n", 1000000 + 65536 * t, 1000000 + 65536 * t + 65535, 9001 + t % 3
    print "    if uid == 1000007 { deny; }\n}"
    for (t = 1; t < 5000; t += 2)
        printf "set tenant_%d = { %d..%d };\n", t, 1000000 + 65536 * t, 1000000 + 65536 * t + 65535 }' > "$SP"
plan_of "$SP"
plan_has "lines 3-5002: 5000 rules on uid, one lookup in rules__3__v4: an LPM trie of .* prefixes of uids" \
    "the tenants' ranges are no LPM trie"
plan_has "set tenant_4999: 1 item, the keys of the rules that name it (no test of its own)" \
    "the named tenants are not the table's keys"
apply_sp "$SP"
answerers "$NS" 9001:"backend 1" 9002:"backend 2" 9003:"backend 3"
for host in 127.0.0.1 "[::ffff:127.0.0.1]"; do
    expect_as 1000000 "http://$host:8080/" "backend 1"
    expect_as 1065535 "http://$host:8080/" "backend 1"
    expect_as 1065536 "http://$host:8080/" "backend 2"
    expect_as $((1000000 + 65536 * 1499 + 65535)) "http://$host:8080/" "backend 3"
    expect_as $((1000000 + 65536 * 1500 + 4242)) "http://$host:8080/" "backend 1"
    expect_as $((1000000 + 65536 * 4999 + 65535)) "http://$host:8080/" "backend 2"
    expect_as 1000007 "http://$host:8080/" denied
    expect_as 999999 "http://$host:8080/" web
    expect_as $((1000000 + 65536 * 5000)) "http://$host:8080/" web
done
ok "each tenant's subuids reach its backend (ranges written in the rule or named), the uid of a later rule is denied, and uids of no tenant reach the service (IPv4 and IPv4-mapped)"
r=$("$SOCKC" map $POLICY rules__3__v4 list 2>&1) && fail "the rules' LPM trie was listed: $r"
echo "$r" | grep -q "holds a run of the policy's rules as an LPM trie" || fail "no reason given: $r"
check "detach" "$SOCKC" detach $POLICY
expect_as 1000000 http://127.0.0.1:8080/ web
ok "after detach the tenants reach the service"

# Tenants and their databases: 2,000 tenants' subuid ranges, each allowed to its own
# backend's port (`uid in LO..HI and dst.port == P`), every other uid denied there: one
# lookup keyed by the port and the uid.
awk -v policy=$POLICY 'BEGIN {
    printf "policy \"%s\";\non connect {\n", policy
    for (t = 0; t < 2000; t++)
        printf "    if uid in %d..%d and dst.port == %d { allow; }\n", 1000000 + 65536 * t, 1000000 + 65536 * t + 65535, 9001 + t % 3
    print "    if dst.port in 9001..9003 { deny; }\n}" }' > "$SP"
plan_of "$SP"
plan_has "lines 3-2002: 2000 rules on uid and dst.port, one lookup in rules__3__v4: " \
    "the tenants' ports are no lookup"
apply_sp "$SP"
for host in 127.0.0.1 "[::ffff:127.0.0.1]"; do
    expect_as 1000000 "http://$host:9001/" "backend 1"
    expect_as 1000000 "http://$host:9002/" denied
    expect_as 1065536 "http://$host:9002/" "backend 2"
    expect_as $((1000000 + 65536 * 1999 + 65535)) "http://$host:9002/" "backend 2"
    expect_as $((1000000 + 65536 * 1999 + 65535)) "http://$host:9003/" denied
    expect_as 999999 "http://$host:9001/" denied
    expect_as 999999 "http://$host:8080/" web
done
ok "each tenant's subuids reach its own backend's port and no other's; other uids reach none (IPv4 and IPv4-mapped)"
check "detach" "$SOCKC" detach $POLICY

# Operators and their hosts: 2,000 rules `uid == U and dst in NET and dst.port == P {
# allow; }` (200 operators, each a port of each of 10 networks of 127.0.0.0/8, which
# the namespace's loopback answers), every other uid and port denied there: one lookup
# of the uid, then of its prefixes of the port.
awk -v policy=$POLICY 'BEGIN {
    printf "policy \"%s\";\non connect {\n", policy
    for (u = 0; u < 200; u++)
        for (k = 0; k < 10; k++)
            printf "    if uid == %d and dst in 127.%d.%d.0/24 and dst.port == %d { allow; }\n", 4000 + u, 1 + u % 50,
                k + 10 * int(u / 50), 9001 + k % 3
    print "    if dst.port in 9001..9003 { deny; }\n}" }' > "$SP"
plan_of "$SP"
plan_has "lines 3-2002: 2000 rules on dst and uid, one lookup in rules__3__v4: the uid among 200 values" \
    "the operators' hosts are no lookup"
apply_sp "$SP"
at() { if [ -n "$pre" ]; then echo "http://[::ffff:$1]:$2/"; else echo "http://$1:$2/"; fi; }
for pre in "" mapped; do
    expect_as 4000 "$(at 127.1.0.5 9001)" "backend 1"
    expect_as 4000 "$(at 127.1.1.200 9002)" "backend 2"
    expect_as 4000 "$(at 127.1.1.5 9001)" denied
    expect_as 4050 "$(at 127.1.10.5 9001)" "backend 1"
    expect_as 4050 "$(at 127.1.0.5 9001)" denied
    expect_as 4199 "$(at 127.50.39.5 9001)" "backend 1"
    expect_as 4199 "$(at 127.50.38.5 9003)" "backend 3"
    expect_as 999 "$(at 127.1.0.5 9001)" denied
    expect_as 4200 "$(at 127.1.0.5 9001)" denied
    expect_as 4000 "$(at 127.1.0.5 8080)" web
done
ok "each operator reaches its own networks' ports and no other's; other uids reach none (IPv4 and IPv4-mapped)"
check "detach" "$SOCKC" detach $POLICY

# Owners: 2,000 ports, each for its owner alone (`dst.port == P and uid != U { deny; }`,
# one lookup keyed by the port whose entries hold the owner).
awk -v policy=$POLICY 'BEGIN {
    printf "policy \"%s\";\non connect {\n", policy
    for (p = 0; p < 2000; p++)
        printf "    if dst.port == %d and uid != %d { deny; }\n", 9001 + p, 5000 + p % 500
    print "}" }' > "$SP"
plan_of "$SP"
plan_has "lines 3-2002: 2000 rules on dst.port, each but for one uid, one lookup in rules__3__v4: a probe table" \
    "the owners' ports are no lookup"
apply_sp "$SP"
for pre in "" mapped; do
    expect_as 5000 "$(at 127.0.0.1 9001)" "backend 1"
    expect_as 5001 "$(at 127.0.0.1 9002)" "backend 2"
    expect_as 5002 "$(at 127.0.0.1 9003)" "backend 3"
    expect_as 5001 "$(at 127.0.0.1 9001)" denied
    expect_as 0 "$(at 127.0.0.1 9002)" denied
    expect_as 5000 "$(at 127.0.0.1 8080)" web
done
ok "each port lets its owner in and no one else (IPv4 and IPv4-mapped)"
check "detach" "$SOCKC" detach $POLICY
echo PASS
