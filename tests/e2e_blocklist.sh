#!/bin/sh
# e2e_blocklist: examples/blocklist.sp, whose set is large enough to be lowered: a
# search tree of compares for IPv4 (and IPv4-mapped) addresses and an LPM trie for
# IPv6, with curl and socat in a cgroup and a network namespace of the test's own,
# where web servers answer on addresses of the documentation ranges. Members of a
# /15, a /24, a /26 and runs of /32s are denied, and the addresses just past each
# range answer, IPv4 and IPv4-mapped from an IPv6 socket; the port set; UDP sendto.
# The policy's counters count each denied connect and datagram (`sockc status
# --json`), and go on across re-applies, one of which adds a counter; a renamed one
# starts again. `sockc map POLICY blocked list` lists the set's members wherever they
# are (the search tree, the IPv6 trie), `mail` too, and `big.many` of an import.
# Outside the cgroup and after detach everything answers. Usage: e2e_blocklist.sh SOCKC
SOCKC=$1
E2E=blocklist
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat python3:python3 ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-blocklist
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
SP=$(policy_from blocklist $POLICY)
"$SOCKC" compile --emit plan "$SP" -o - | grep "search tree for IPv4" || fail "the set's IPv4 part is not a search tree"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

BLOCKED="198.19.0.1 192.0.2.10 203.0.113.70 203.0.113.201 198.51.101.7 192.0.3.19"
ALLOWED="198.20.0.1 192.0.4.10 203.0.113.150 203.0.113.204 198.51.101.10 192.0.3.20"
for a in $BLOCKED $ALLOWED; do ip -n "$NS" addr add "$a/32" dev lo || fail "address $a"; done
ip -n "$NS" addr add 2001:db8::7/128 dev lo nodad || fail "address 2001:db8::7"
answerers "$NS" 80:hello 25:smtp
bg in_ns "$NS" socat -u UDP4-RECV:53 OPEN:"$E2E_TMP/udp.out",creat,append
wait_listen udp "0.0.0.0:53" "$NS" || fail "the UDP server"

expect_denied() { # URL
    r=$(fetch in "$1" -v) && fail "curl reached $1 from the cgroup: $r"
    echo "$r" | grep -q "Operation not permitted" || fail "curl to $1: expected EPERM, got: $r"
    echo "  denied  $1"
}
expect_answer() { # WHERE URL ANSWER
    r=$(fetch "$1" "$2")
    [ "$r" = "$3" ] || fail "curl to $2 ($1 the cgroup): expected '$3', got: $r"
    echo "  answers $2 ($1 the cgroup)"
}
for a in $BLOCKED; do expect_denied "http://$a/"; expect_denied "http://[::ffff:$a]/"; done
expect_denied "http://[2001:db8::7]/"
ok "the cgroup's connects to members of every kind of range, IPv4 and IPv4-mapped, and to 2001:db8::/32 fail with EPERM"
for a in $ALLOWED; do expect_answer in "http://$a/" hello; expect_answer in "http://[::ffff:$a]/" hello; done
expect_answer in "http://[::1]/" hello
ok "their neighbours answer"
expect_denied "http://203.0.113.150:25/"
ok "port 25 (the mail set) is denied on an allowed address"
for a in $BLOCKED 2001:db8::7; do
    case $a in *:*) url="http://[$a]/" ;; *) url="http://$a/" ;; esac
    expect_answer out "$url" hello
done
ok "outside the cgroup every address answers"

r=$(echo x | in_cg_ns "$CG" "$NS" socat -T 3 -u - UDP4-SENDTO:192.0.2.10:53 2>&1)
echo "$r" | grep -q "Operation not permitted" || fail "UDP sendto 192.0.2.10:53 from the cgroup: $r"
echo ok-udp | in_cg_ns "$CG" "$NS" socat -T 3 -u - UDP4-SENDTO:203.0.113.150:53 || fail "UDP sendto 203.0.113.150:53"
sleep 0.3
grep -qx ok-udp "$E2E_TMP/udp.out" || fail "the allowed datagram did not arrive"
ok "UDP: sendto a member fails with EPERM, to a neighbour arrives"

# the counters: each denied connect (6 members twice, 2001:db8::7, port 25) and datagram
"$SOCKC" status $POLICY | grep "counter"
"$SOCKC" status --json $POLICY > "$E2E_TMP/st.json" || fail "status"
check "the counters count each denied connect (14) and datagram (1)" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["policies"][0]["counters"]
assert c == {"connects_denied": 14, "datagrams_denied": 1}, c' "$E2E_TMP/st.json"
out=$("$SOCKC" map $POLICY counters__ list 2>&1) && fail "sockc map listed the per-CPU counters: $out"
echo "$out" | grep -q "sockc status $POLICY" || fail "sockc map on the counters: $out"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "re-apply: $out"
# the set's map is made afresh (its contents are the policy's), the counters' kept
echo "$out" | grep -q "maps: 1 new, 1 kept" || fail "re-apply did not keep the counters: $out"
expect_denied "http://192.0.2.10/"
sed 's/count connects_denied;/count connects_denied; count all_denied;/' "$SP" > "$E2E_TMP/more.sp"
out=$("$SOCKC" apply --cgroup "$CG" "$E2E_TMP/more.sp" 2>&1) || fail "apply with a counter more: $out"
expect_denied "http://192.0.2.10/"
"$SOCKC" status --json $POLICY > "$E2E_TMP/st.json" || fail "status"
check "counters go on across a re-apply, also one that adds a counter" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["policies"][0]["counters"]
assert c == {"connects_denied": 16, "all_denied": 1, "datagrams_denied": 1}, c' "$E2E_TMP/st.json"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply the example again: $out"
sed 's/count connects_denied;/count refused;/' "$SP" > "$E2E_TMP/renamed.sp"
out=$("$SOCKC" apply --cgroup "$CG" "$E2E_TMP/renamed.sp" 2>&1) || fail "apply with a counter renamed: $out"
"$SOCKC" status --json $POLICY > "$E2E_TMP/st.json" || fail "status"
check "a renamed counter starts at 0; the others go on" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["policies"][0]["counters"]
assert c == {"refused": 0, "datagrams_denied": 1}, c' "$E2E_TMP/st.json"
out=$("$SOCKC" apply --cgroup "$CG" "$SP" 2>&1) || fail "apply the example again: $out"

# the set's IPv4 members have no map; sockc map says where to look
out=$("$SOCKC" map $POLICY blocked__v4 list 2>&1) && fail "a map of the IPv4 members: $out"
echo "$out" | grep -q "blocked__v6: lpm_trie" && echo "$out" | grep -q "search tree, have no map" \
    || fail "sockc map on the tree's members: $out"
ok "sockc map lists the set's one map (IPv6) and says the IPv4 members are compares in the program"
"$SOCKC" map $POLICY blocked list > "$E2E_TMP/blocked.list" || fail "sockc map $POLICY blocked list"
sed 's/^/  blocked: /' "$E2E_TMP/blocked.list"
[ "$(grep -c ' = program$' "$E2E_TMP/blocked.list")" = 17 ] && grep -qx '198.18.0.0/15 = program' "$E2E_TMP/blocked.list" &&
    grep -qx '2001:db8::/32 = blocked__v6' "$E2E_TMP/blocked.list" && [ "$(wc -l < "$E2E_TMP/blocked.list")" = 19 ] ||
    fail "sockc map lists the set blocked wrong"
[ "$("$SOCKC" map $POLICY mail list | tr '\n' ' ')" = "25 = program 465 = program 587 = program 2525 = program " ] ||
    fail "sockc map lists the inline set mail wrong"
ok "sockc map lists a set by its name: its 17 IPv4 members in the programs' search tree, its 2 IPv6 ones in blocked__v6, and the inline set mail"
# a set of an import, by the name the policy writes: its maps are named big__many__*
IMP=sockc-test-blocklist-import
e2e_policy $IMP
python3 -c "print('set many = { %s, 2001:db8::1 };' % ', '.join('198.51.100.%d' % i for i in range(1, 21)))" \
    > "$E2E_TMP/big.sp"
printf 'policy "%s";\nimport "big";\non connect { if dst in big.many { deny; } }\n' $IMP > "$E2E_TMP/imp.sp"
out=$("$SOCKC" apply --cgroup "$CG" "$E2E_TMP/imp.sp" 2>&1) || fail "apply $IMP: $out"
"$SOCKC" map $IMP big.many list > "$E2E_TMP/many.list" || fail "sockc map $IMP big.many list"
[ "$(grep -c ' = program$' "$E2E_TMP/many.list")" = 20 ] && grep -qx '2001:db8::1/128 = big__many__v6' "$E2E_TMP/many.list" ||
    { cat "$E2E_TMP/many.list" >&2; fail "sockc map lists the imported set big.many wrong"; }
check "detach $IMP" "$SOCKC" detach $IMP
ok "sockc map lists an imported set, big.many: 20 members in the search tree, 1 in big__many__v6"
check "detach" "$SOCKC" detach $POLICY
expect_answer in "http://192.0.2.10/" hello
ok "after detach the cgroup reaches the blocked addresses again"
echo PASS
