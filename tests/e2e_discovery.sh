#!/bin/sh
# e2e_discovery (issue 3, scenario 3): examples/discovery.sp with its two cgroups.
# A python http.server in cgroup svc binds 127.0.0.5:P, and a socat server binds
# 127.0.0.6 on a port the kernel picks (port 0); the post_bind hook records both in
# the map registry (`sockc map POLICY registry list` shows P = 127.0.0.5:P). curl and
# socat in cgroup app connect to 127.0.0.1:P and land at the services; outside cgroup
# app nothing is rewritten; an entry deleted with `sockc map ... delete` is no longer
# followed. Usage: e2e_discovery.sh SOCKC
SOCKC=$1
E2E=disc
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl socat:socat python3:python3 ss:iproute2
e2e_kernel

POLICY=sockc-test-discovery
e2e_policy $POLICY
e2e_new_cgroup SVC svc
e2e_new_cgroup APP app
SP=$(policy_from discovery $POLICY "s|\"svc-y\"|\"$SVC\"|; s|\"app-x\"|\"$APP\"|")
cat "$SP"
out=$("$SOCKC" apply "$SP" 2>&1) || fail "apply: $out"
echo "$out"
echo "$out" | grep -q "on 2 cgroups" || fail "the policy's own two cgroups were not used"

P=$(free_port)
mkdir "$E2E_TMP/www" && echo "service y on 127.0.0.5" > "$E2E_TMP/www/index.html"
bg in_cg "$SVC" python3 -m http.server --bind 127.0.0.5 --directory "$E2E_TMP/www" "$P" >/dev/null 2>&1
wait_listen tcp 127.0.0.5:$P || fail "the service did not start"
# socat picks no port: bind to port 0, the kernel chooses, post_bind sees it
bg in_cg "$SVC" socat TCP4-LISTEN:0,bind=127.0.0.6,fork "$(answer "socat service on 127.0.0.6")"
i=0
Q=
while [ -z "$Q" ] && [ $i -lt 50 ]; do
    Q=$(ss -Hltn | awk '{print $4}' | sed -n 's/^127\.0\.0\.6:\([0-9]*\)$/\1/p' | head -1)
    [ -z "$Q" ] && sleep 0.1
    i=$((i + 1))
done
[ -n "$Q" ] || fail "the socat service did not start"
echo "  services: http.server on 127.0.0.5:$P, socat on 127.0.0.6:$Q (port chosen by the kernel)"

list=$("$SOCKC" map $POLICY registry list) || fail "map list"
echo "$list" | sed 's/^/  registry: /'
echo "$list" | grep -qx "$P = 127.0.0.5:$P" || fail "registry has no entry '$P = 127.0.0.5:$P'"
echo "$list" | grep -qx "$Q = 127.0.0.6:$Q" || fail "registry has no entry '$Q = 127.0.0.6:$Q'"
ok "post_bind recorded both services in the registry, with the port the kernel picked"

ss -Hltn | awk '{print $4}' | grep -qE "^(127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]):($P|$Q)$" &&
    fail "something else listens on 127.0.0.1:$P or :$Q"
r=$(in_cg "$APP" curl -sS -m 5 "http://127.0.0.1:$P/" 2>&1)
[ "$r" = "service y on 127.0.0.5" ] || fail "curl in app to 127.0.0.1:$P: '$r'"
ok "curl in cgroup app to 127.0.0.1:$P lands at the service on 127.0.0.5:$P"
r=$(in_cg "$APP" socat -T 5 - TCP4:127.0.0.1:$Q </dev/null 2>&1)
[ "$r" = "socat service on 127.0.0.6" ] || fail "socat in app to 127.0.0.1:$Q: '$r'"
ok "socat in cgroup app to 127.0.0.1:$Q lands at the service on 127.0.0.6:$Q"
r=$(curl -sS -m 5 "http://127.0.0.1:$P/" 2>&1) && fail "curl outside cgroup app reached the service: '$r'"
ok "curl outside cgroup app is not rewritten"

check "sockc map delete removes the entry" "$SOCKC" map $POLICY registry delete "$Q"
in_cg "$APP" socat -T 5 - TCP4:127.0.0.1:$Q </dev/null >/dev/null 2>&1 &&
    fail "a connect to 127.0.0.1:$Q is still rewritten after the entry was deleted"
ok "without the entry, a connect to 127.0.0.1:$Q is not rewritten"
check "sockc map set adds it back by hand" "$SOCKC" map $POLICY registry set "$Q" "127.0.0.6:$Q"
r=$(in_cg "$APP" socat -T 5 - TCP4:127.0.0.1:$Q </dev/null 2>&1)
[ "$r" = "socat service on 127.0.0.6" ] || fail "after map set: '$r'"
ok "with the entry set by hand, the connect lands there again"

check "detach" "$SOCKC" detach $POLICY
check "no pins left" test ! -e "/sys/fs/bpf/sockc/$POLICY"
echo PASS
