#!/bin/sh
# e2e_bindings (sk_lookup at scale): examples/bindings.sp, a list of bindings of address
# ranges and ports to sockets written per customer (TCP and UDP in turn), which the
# plan makes one LPM trie keyed by port and prefix per protocol. In a network namespace
# where 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8:c::/48 are local
# (routes on lo), dual-stack socat servers listen on ports of their own (web, bastion,
# any-port: TCP; DNS: UDP) and `sockc register` puts each in its slot. Then curl and socat, from the
# namespace:
#   - reach each binding's server, over IPv4 and IPv6, TCP and UDP;
#   - a port or an address that no binding has (192.0.2.40:80, 192.0.2.18:22, UDP to
#     customer B, who has no DNS) is not steered: refused, or no answer;
#   - 203.0.113.1:80 is the web server's (the first rule that matches), any other port
#     of 203.0.113.0/24 the any-port service's;
# and a generated list of 2,000 bindings is one lookup per protocol and steers the same;
# so do 64 customers' bindings written with named sets of addresses and ports.
# Usage: e2e_bindings.sh SOCKC
SOCKC=$1
E2E=bindings
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat ss:iproute2 nsenter:util-linux python3:python3
e2e_kernel

POLICY=sockc-test-bindings
e2e_policy $POLICY
e2e_new_netns NS ns
local_routes "$NS" 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24 2001:db8:c::/48
SP=$(policy_from bindings $POLICY)
plan=$("$SOCKC" compile --emit plan "$SP" -o -) || fail "plan"
echo "$plan"
echo "$plan" | grep -q "lines 11-24: 8 rules on dst, where proto == tcp: IPv4: one lookup in rules__11__v4: a search tree of 7 prefixes with their ports" ||
    fail "the TCP bindings are not one lookup keyed by port and prefix"
echo "$plan" | grep -q "lines 13-22: 3 rules on dst, where proto == udp" || fail "the UDP bindings are not a table of their own"
out=$("$SOCKC" apply --netns "/run/netns/$NS" "$SP" 2>&1) || fail "apply: $out"
echo "$out"

# the servers, dual-stack on ports of their own in the namespace (sk_lookup hands an
# IPv6 connection only to an IPv6 socket); each says who it is
bg in_ns "$NS" socat TCP6-LISTEN:9080,ipv6only=0,reuseaddr,fork "$(answer web)"
bg in_ns "$NS" socat UDP6-RECVFROM:9053,ipv6only=0,fork SYSTEM:'read l; echo "dns answers $l"'
bg in_ns "$NS" socat TCP6-LISTEN:9022,ipv6only=0,reuseaddr,fork "$(answer bastion)"
bg in_ns "$NS" socat TCP6-LISTEN:9999,ipv6only=0,reuseaddr,fork "$(answer any-port)"
for s in tcp:9080 udp:9053 tcp:9022 tcp:9999; do
    wait_listen "${s%%:*}" "*:${s#*:}" "$NS" || fail "server on $s"
done

# register_all POLICY: the four servers into the policy's sockets[0..3], in order
register_all() {
    pol=$1 slot=0
    for s in 9080:tcp 9053:udp 9022:tcp 9999:tcp; do
        set -- $(listen_fd "${s%%:*}" "$NS" "${s#*:}")
        [ $# = 2 ] || fail "cannot find the socket of $s"
        out=$("$SOCKC" register "$pol" sockets $slot --pid "$1" --fd "$2" 2>&1) || fail "register $s in $pol: $out"
        slot=$((slot + 1))
    done
}

# tcp_to ADDR PORT: what the server that takes a connection there answers (curl's
# error when none does); udp_to ADDR PORT: the answer to a datagram, or nothing.
tcp_to() { in_ns "$NS" curl -sS --http0.9 -m 3 "http://$1:$2/" 2>&1; }
udp_to() { echo "q-$2" | in_ns "$NS" socat -T 2 - "UDP-DATAGRAM:$1:$2" 2>&1; }

r=$(tcp_to 192.0.2.5 80) && fail "reached 192.0.2.5:80 with an empty slot: $r"
ok "before the servers are registered, 192.0.2.5:80 is dropped (an empty slot drops)"
register_all $POLICY
"$SOCKC" map $POLICY sockets list | sed 's/^/  sockets: /'
[ "$("$SOCKC" map $POLICY sockets list | wc -l)" = 4 ] || fail "the four slots are not filled"
ok "sockc register put the four servers in sockets[0..3]"

# expect_tcp ADDR PORT WHO|refused; expect_udp ADDR PORT yes|no
expect_tcp() {
    r=$(tcp_to "$1" "$2")
    if [ "$3" = refused ]; then
        echo "$r" | grep -q "Couldn't connect\|refused\|reset" || fail "$1:$2 (not bound): got '$r'"
    else
        [ "$r" = "$3" ] || fail "$1:$2: expected '$3', got '$r'"
    fi
    echo "  tcp $1:$2: $3"
}
expect_udp() {
    r=$(udp_to "$1" "$2")
    if [ "$3" = yes ]; then [ "$r" = "dns answers q-$2" ] || fail "udp $1:$2: got '$r'"
    else [ -z "$r" ] || fail "udp $1:$2 (not bound) was answered: '$r'"; fi
    echo "  udp $1:$2: $3"
}
expect_tcp 192.0.2.5 80 web
expect_tcp 192.0.2.15 443 web
expect_tcp 192.0.2.20 80 web
expect_tcp 192.0.2.17 22 bastion
expect_tcp 198.51.100.7 80 web
expect_tcp "[2001:db8:c::5]" 80 web
expect_tcp 203.0.113.1 80 web
expect_tcp 203.0.113.1 22 any-port
expect_tcp 203.0.113.200 12345 any-port
ok "each TCP binding reaches its server, over IPv4 and IPv6; 203.0.113.1:80 is the web server's (first match)"
expect_tcp 192.0.2.40 80 refused
expect_tcp 192.0.2.18 22 refused
expect_tcp 192.0.2.5 22 refused
expect_tcp 198.51.100.7 443 refused
expect_tcp "[2001:db8:c::5]" 443 refused
ok "addresses and ports that no binding has are not steered"
expect_udp 192.0.2.5 53 yes
expect_udp 198.51.100.9 53 yes
expect_udp "[2001:db8:c::9]" 53 yes
expect_udp 192.0.2.20 53 no
expect_udp 192.0.2.5 54 no
ok "the UDP bindings reach the DNS server over IPv4 and IPv6; customer B has none"

# 2,000 generated bindings, TCP and UDP in turn (125 ports x the 16 /28s of
# 192.0.2.0/24; every fifth a UDP one to the DNS server, the TCP ones to the web server
# or the bastion), then the any-port range: one lookup per protocol, the first rule
# that matches acting. gen.py writes the policy, and with "cases" a sample of what
# should answer.
check "detach" "$SOCKC" detach $POLICY
GEN=sockc-test-bindings-gen
e2e_policy $GEN
cat > "$E2E_TMP/gen.py" <<'PY'
import sys
who = {0: "web", 1: "dns", 2: "bastion", 3: "any-port"}
rules = []                                  # (proto, /28 number, port, slot)
for port in range(1000, 1125):
    for k in range(16):
        n = len(rules)
        rules.append(("udp", k, port, 1) if n % 5 == 4 else ("tcp", k, port, k % 2 * 2))
if sys.argv[1] == "policy":
    print('policy "%s";\nsockmap sockets[4];\non lookup {' % sys.argv[2])
    for proto, k, port, slot in rules:
        print("    if proto == %s and dst in 192.0.2.%d/28 and dst.port == %d { assign sockets[%d]; }" % (proto, 16 * k, port, slot))
    print("    if proto == tcp and dst in 192.0.2.0/24 { assign sockets[3]; }\n}")
else:                                       # every 97th rule, for TCP and UDP: proto addr port answer
    for proto, k, port, slot in rules[::97] + [("tcp", 3, 1125, 3)]:
        addr = "192.0.2.%d" % (16 * k + 1 + port % 14)
        tcp = who[slot] if proto == "tcp" else "any-port"
        print("tcp", addr, port, tcp)
        print("udp", addr, port, "yes" if proto == "udp" else "no")
PY
# run_generated POLICY SCRIPT PATTERN WHAT: SCRIPT's policy (`python3 SCRIPT policy
# POLICY`), whose plan must match PATTERN, applied into the namespace with the servers
# registered, then each of its cases (`SCRIPT cases`: proto addr port answer) checked;
# WHAT names the bindings in a failure. The plan stays in $plan.
run_generated() {
    python3 "$2" policy "$1" > "$E2E_TMP/$1.sp"
    plan=$("$SOCKC" compile --emit plan "$E2E_TMP/$1.sp" -o -) || fail "plan of $4"
    echo "$plan" | grep -v "^ *line [0-9]*:\|^set " | head -8
    echo "$plan" | grep -q "$3" || fail "$4 are not one lookup"
    out=$("$SOCKC" apply --netns "/run/netns/$NS" "$E2E_TMP/$1.sp" 2>&1) || fail "apply: $out"
    echo "$out"
    register_all "$1"
    python3 "$2" cases > "$E2E_TMP/$1.cases"
    while read -r proto addr port want; do
        "expect_$proto" "$addr" "$port" "$want"
    done < "$E2E_TMP/$1.cases"
}
run_generated $GEN "$E2E_TMP/gen.py" \
    "1600 rules on dst, where proto == tcp: IPv4: one lookup in .*: a search tree of 1600 prefixes with their ports" \
    "the TCP bindings"
echo "$plan" | grep -q "lines 4-2004: 2001 rules on dst, dst.ip in turn, each ending the program" ||
    fail "the 2,000 bindings are not merged"
ok "the generated bindings steer as their first matching rule says ($(wc -l < "$E2E_TMP/$GEN.cases") connects and datagrams)"
check "detach" "$SOCKC" detach $GEN
expect_tcp 192.0.2.5 80 refused
ok "after detach nothing is steered"

# Bindings written per customer with named sets, as an operator keeps them: each of 64
# customers a /30 of 198.51.100.0/24 and a /64 of 2001:db8:c::/48, and two ports of its
# own; a rule each (`dst in customer_K and dst.port in ports_K`), then the any-port
# range. Each rule is one per endpoint of its sets, and the 64 are one lookup.
CUST=sockc-test-bindings-cust
e2e_policy $CUST
cat > "$E2E_TMP/cust.py" <<'PY'
import sys
who = {0: "web", 2: "bastion"}
if sys.argv[1] == "policy":
    print('policy "%s";\nsockmap sockets[4];\non lookup {' % sys.argv[2])
    for k in range(64):
        print("    if proto == tcp and dst in customer_%d and dst.port in ports_%d { assign sockets[%d]; }" % (k, k, k % 2 * 2))
    print("    if proto == tcp and dst in 198.51.100.0/24 { assign sockets[3]; }\n}")
    for k in range(64):
        print("set customer_%d = { 198.51.100.%d/30, 2001:db8:c:%x::/64 };" % (k, 4 * k, k))
        print("set ports_%d = { %d, %d };" % (k, 2000 + k, 3000 + k))
else:                                       # proto addr port answer
    for k in (0, 17, 63):
        print("tcp 198.51.100.%d %d %s" % (4 * k + 1, 2000 + k, who[k % 2 * 2]))
        print("tcp [2001:db8:c:%x::7] %d %s" % (k, 3000 + k, who[k % 2 * 2]))
        print("tcp 198.51.100.%d %d any-port" % (4 * k + 2, 2001 + k))   # another customer's port
        print("tcp [2001:db8:c:%x::7] %d refused" % (k, 2001 + k))
PY
run_generated $CUST "$E2E_TMP/cust.py" \
    "lines 4-67: 64 rules (256 as a rule per key) on dst, where proto == tcp: IPv4: one lookup in rules__4__v4: a search tree of 128 prefixes with their ports" \
    "the customers' bindings"
ok "bindings of named sets of addresses and ports steer each customer's ports, over IPv4 and IPv6"
check "detach" "$SOCKC" detach $CUST
echo PASS
