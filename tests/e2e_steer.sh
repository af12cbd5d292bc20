#!/bin/sh
# e2e_steer (sk_lookup): examples/steer.sp in a network namespace where 192.0.2.0/24
# and 198.51.100.1 are local (routes on lo). `sockc apply --netns /run/netns/NS`
# attaches the lookup program to that namespace. A python http.server listens on
# 127.0.0.1:9000 inside it:
#   - before it is registered, curl to 192.0.2.7:80 is refused (slot 0 is empty, and
#     assign to an empty slot drops);
#   - `sockc register steer listeners 0 --pid PID --fd FD` puts its socket in slot 0;
#     curl to 192.0.2.7:80 and 192.0.2.200:80 then gets the page from the server on
#     127.0.0.1:9000, whose log shows the connection; 192.0.2.7:81 (another port) is
#     not steered, and 198.51.100.1 (slot 1, empty) is dropped even though a server
#     listens on 0.0.0.0 at that port; the counter listeners.assign_misses counts the
#     two connections to empty slots;
#   - status shows the link on the namespace; a re-apply updates the link and keeps
#     the sockmap with the registered socket; detach removes the link.
# Usage: e2e_steer.sh SOCKC
SOCKC=$1
E2E=steer
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl python3:python3 ss:iproute2 nsenter:util-linux bpftool:bpftool
e2e_kernel

POLICY=sockc-test-steer
e2e_policy $POLICY
e2e_new_netns NS ns
local_routes "$NS" 192.0.2.0/24 198.51.100.1/32
SP=$(policy_from steer $POLICY)
cat "$SP"
out=$("$SOCKC" apply --netns "/run/netns/$NS" "$SP" 2>&1) || fail "apply: $out"
echo "$out"
echo "$out" | grep -q "1 network namespace" || fail "not attached to a network namespace"

mkdir "$E2E_TMP/www" && echo "listener on 127.0.0.1:9000" > "$E2E_TMP/www/index.html"
bg in_ns "$NS" sh -c "exec python3 -m http.server --bind 127.0.0.1 --directory '$E2E_TMP/www' 9000 2>'$E2E_TMP/http.log' >/dev/null"
wait_listen tcp 127.0.0.1:9000 "$NS" || fail "http.server in the namespace"

r=$(in_ns "$NS" curl -sS -m 3 http://192.0.2.7/ 2>&1) && fail "curl reached 192.0.2.7:80 with an empty slot: $r"
echo "  $r"
echo "$r" | grep -q "Couldn't connect\|refused\|reset" || fail "unexpected curl error: $r"
ok "slot 0 empty: a connection to 192.0.2.7:80 is dropped (refused)"

set -- $(listen_fd 9000 "$NS")
[ $# = 2 ] || fail "cannot find the listening socket of port 9000"
echo "  listening socket: pid $1 fd $2"
out=$("$SOCKC" register $POLICY listeners 0 --pid "$1" --fd "$2" 2>&1) || fail "register: $out"
echo "  $out"
"$SOCKC" map $POLICY listeners list | sed 's/^/  listeners: /'
"$SOCKC" map $POLICY listeners list | grep -q '^0 = ' || fail "slot 0 is not filled"
ok "sockc register put the server's socket in listeners[0]"

for dst in 192.0.2.7 192.0.2.200; do
    r=$(in_ns "$NS" curl -sS -m 5 "http://$dst/" 2>&1)
    [ "$r" = "listener on 127.0.0.1:9000" ] || fail "curl to $dst:80: '$r'"
done
ok "curl to 192.0.2.7:80 and 192.0.2.200:80 reaches the server on 127.0.0.1:9000"
sleep 0.2
grep -c '"GET / ' "$E2E_TMP/http.log" | grep -qx 2 || { cat "$E2E_TMP/http.log" >&2; fail "the server did not log two requests"; }
ok "the server logged both requests"
r=$(in_ns "$NS" curl -sS -m 3 http://192.0.2.7:81/ 2>&1) && fail "192.0.2.7:81 was steered: $r"
ok "192.0.2.7:81 (another port) is not steered"
bg in_ns "$NS" python3 -m http.server --bind 0.0.0.0 --directory "$E2E_TMP/www" 9001 >/dev/null 2>&1
wait_listen tcp 0.0.0.0:9001 "$NS" || fail "http.server on 0.0.0.0:9001"
in_ns "$NS" curl -sS -m 3 -o /dev/null http://192.0.2.7:9001/ || fail "192.0.2.7:9001 (not steered) does not reach 0.0.0.0:9001"
r=$(in_ns "$NS" curl -sS -m 3 http://198.51.100.1:9001/ 2>&1) && fail "198.51.100.1:9001 reached a socket: $r"
ok "198.51.100.1:9001 is dropped (slot 1 is empty), though a server listens on 0.0.0.0:9001 and 192.0.2.7:9001 reaches it"
"$SOCKC" status --json $POLICY > "$E2E_TMP/counted.json" || fail "status"
check "the two connections to empty slots are counted (listeners.assign_misses), no socket was refused" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["policies"][0]["counters"]
assert c == {"listeners.assign_misses": 2, "listeners.assign_errors": 0}, c' "$E2E_TMP/counted.json"

"$SOCKC" status $POLICY
"$SOCKC" status --json $POLICY > "$E2E_TMP/st.json" || fail "status"
check "status --json: the lookup program's link is on the namespace" python3 -c '
import json, os, sys
p = json.load(open(sys.argv[1]))["policies"][0]
l = p["links"]
ino = os.stat("/run/netns/" + sys.argv[2]).st_ino
assert len(l) == 1 and l[0]["target"] == "netns:%d" % ino and l[0]["cgroup"] is None and not l[0]["defunct"], l
assert p["cgroups"] == [], p["cgroups"]' "$E2E_TMP/st.json" "$NS"
LINK=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["policies"][0]["links"][0]["id"])' "$E2E_TMP/st.json")

out=$("$SOCKC" apply --netns "/run/netns/$NS" "$SP" 2>&1) || fail "re-apply: $out"
echo "$out"
echo "$out" | grep -q "0 attached, 1 updated, 0 detached; maps: 0 new, 2 kept" || fail "re-apply did not update in place"
r=$(in_ns "$NS" curl -sS -m 5 "http://192.0.2.7/" 2>&1)
[ "$r" = "listener on 127.0.0.1:9000" ] || fail "after re-apply: '$r'"
ok "re-apply: the link is updated and the sockmap kept with its socket; steering goes on"

check "detach" "$SOCKC" detach $POLICY
bpftool link show id "$LINK" >/dev/null 2>&1 && fail "link $LINK is still there after detach"
ok "the sk_lookup link is gone"
in_ns "$NS" curl -sS -m 3 http://192.0.2.7/ >/dev/null 2>&1 && fail "still steered after detach"
ok "after detach 192.0.2.7:80 is no longer steered"
check "no pins left" test ! -e "/sys/fs/bpf/sockc/$POLICY"

# A run of rules on dst.port is one lookup in a table (the same for both families):
# each port steers to its own slot, one port drops, one passes to the usual lookup.
PORTS=sockc-test-steer-ports
e2e_policy $PORTS
{
    echo "policy \"$PORTS\";"
    echo "sockmap listeners[16];"
    echo "on lookup {"
    for i in 0 1 2 3 4 5 6 7; do echo "    if dst.port == 700$i { assign listeners[$i]; }"; done
    echo "    if dst.port == 7009 { drop; }       # a server listens there"
    echo "    if dst.port == 9001 { pass; }"
    echo "    if dst.port == 7002 { drop; }       # a repeat: never runs"
    echo "}"
} > "$E2E_TMP/ports.sp"
"$SOCKC" compile --emit plan "$E2E_TMP/ports.sp" -o - | tee "$E2E_TMP/ports.plan"
grep -q "lines 4-14: 11 rules on dst.port, one lookup in rules__4__v4: a probe table" "$E2E_TMP/ports.plan" ||
    fail "the port rules are not one table"
out=$("$SOCKC" apply --netns "/run/netns/$NS" "$E2E_TMP/ports.sp" 2>&1) || fail "apply: $out"
echo "$out"
set -- $(listen_fd 9000 "$NS")
out=$("$SOCKC" register $PORTS listeners 2 --pid "$1" --fd "$2" 2>&1) || fail "register: $out"
r=$(in_ns "$NS" curl -sS -m 5 "http://192.0.2.7:7002/" 2>&1)
[ "$r" = "listener on 127.0.0.1:9000" ] || fail "curl to 192.0.2.7:7002: '$r'"
ok "port 7002 is steered to the socket in listeners[2]"
in_ns "$NS" curl -sS -m 3 http://192.0.2.7:7001/ >/dev/null 2>&1 && fail "7001 (listeners[1] empty) was not dropped"
ok "port 7001 is dropped: its slot is empty"
bg in_ns "$NS" python3 -m http.server --bind 0.0.0.0 --directory "$E2E_TMP/www" 7009 >/dev/null 2>&1
wait_listen tcp 0.0.0.0:7009 "$NS" || fail "http.server on 0.0.0.0:7009"
in_ns "$NS" curl -sS -m 3 -o /dev/null http://192.0.2.7:7009/ && fail "7009 was not dropped"
in_ns "$NS" curl -sS -m 3 -o /dev/null http://192.0.2.7:9001/ || fail "9001 (pass) does not reach 0.0.0.0:9001"
ok "port 7009 is dropped though a server listens there; 9001 passes to the usual lookup"
check "detach" "$SOCKC" detach $PORTS
in_ns "$NS" curl -sS -m 3 -o /dev/null http://192.0.2.7:7009/ || fail "7009 after detach"
ok "after detach 7009 reaches its server"
echo PASS
