#!/bin/sh
# e2e_one_ip (issue 3, scenario 1): one IP for a cgroup. In a network namespace with
# 192.0.2.10, 192.0.2.20, 2001:db8::10 and 2001:db8::20 (on a veth), the policy makes every
# wildcard bind in the cgroup land on 192.0.2.10 / 2001:db8::10 and every connect
# leave from there:
#   - nginx in the cgroup with `listen 8080; listen [::]:8080;` listens on
#     192.0.2.10:8080 and [2001:db8::10]:8080 (ss), and serves curl there;
#   - socat UDP servers on the wildcard (v4 and v6) listen on the cgroup's IPs and
#     echo;
#   - curl in the cgroup reaches python http.servers on 192.0.2.20 and
#     [2001:db8::20], whose logs show the client as 192.0.2.10 / 2001:db8::10 (outside
#     the cgroup: 192.0.2.20 / 2001:db8::20); a socat UDP client in the cgroup is seen
#     from 192.0.2.10 too.
# Usage: e2e_one_ip.sh SOCKC
SOCKC=$1
E2E=oneip
. "$(dirname "$0")/e2e_lib.sh"
e2e_need nginx:nginx-light curl:curl socat:socat python3:python3 ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-oneip
e2e_policy $POLICY
e2e_new_cgroup CG cg
e2e_new_netns NS ns
# a veth pair with both ends in the namespace (no dummy module needed); the .20
# addresses first, so that they are the primary ones (the default source)
ip -n "$NS" link add sc0 type veth peer name sc1 || fail "cannot add a veth pair"
ip -n "$NS" link set sc0 up && ip -n "$NS" link set sc1 up || fail "veth up"
for a in 192.0.2.20/24 192.0.2.10/24; do ip -n "$NS" addr add $a dev sc0 || fail "addr $a"; done
for a in 2001:db8::20/64 2001:db8::10/64; do ip -n "$NS" addr add $a dev sc0 nodad || fail "addr $a"; done

cat > "$E2E_TMP/$POLICY.sp" <<EOF
policy "$POLICY";
on bind4 { if src.ip == 0.0.0.0 { rewrite src.ip 192.0.2.10; } }
on bind6 { if src.ip == :: { rewrite src.ip 2001:db8::10; } }
on connect4 { bind 192.0.2.10; }
on connect6 { bind 2001:db8::10; }
EOF
out=$("$SOCKC" apply --cgroup "$CG" "$E2E_TMP/$POLICY.sp" 2>&1) || fail "apply: $out"
echo "$out"

# --- servers in the cgroup that bind the wildcard ------------------------------------
mkdir -p "$E2E_TMP/www" "$E2E_TMP/nginx"
echo "nginx in the cgroup" > "$E2E_TMP/www/index.html"
cat > "$E2E_TMP/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $E2E_TMP/nginx/nginx.pid;
error_log $E2E_TMP/nginx/error.log;
events { worker_connections 64; }
http {
    access_log $E2E_TMP/nginx/access.log;
    client_body_temp_path $E2E_TMP/nginx/body;
    proxy_temp_path $E2E_TMP/nginx/proxy;
    fastcgi_temp_path $E2E_TMP/nginx/fastcgi;
    uwsgi_temp_path $E2E_TMP/nginx/uwsgi;
    scgi_temp_path $E2E_TMP/nginx/scgi;
    server {
        listen 8080;
        listen [::]:8080;
        root $E2E_TMP/www;
    }
}
EOF
bg in_cg_ns "$CG" "$NS" nginx -e "$E2E_TMP/nginx/error.log" -c "$E2E_TMP/nginx.conf" -g 'daemon off;'
wait_listen tcp 192.0.2.10:8080 "$NS" || { cat "$E2E_TMP/nginx/error.log" >&2; fail "nginx is not on 192.0.2.10:8080"; }
wait_listen tcp "[2001:db8::10]:8080" "$NS" || fail "nginx is not on [2001:db8::10]:8080"
ip netns exec "$NS" ss -Hltn 'sport = :8080'
ip netns exec "$NS" ss -Hltn 'sport = :8080' | awk '{print $4}' | grep -qE '^(0\.0\.0\.0|\*|\[::\]):8080$' &&
    fail "nginx still listens on a wildcard address"
ok "nginx with 'listen 8080; listen [::]:8080;' listens on 192.0.2.10:8080 and [2001:db8::10]:8080 only"
check "curl reaches nginx at 192.0.2.10:8080" sh -c \
    "nsenter --net=/run/netns/$NS curl -sS -m 5 http://192.0.2.10:8080/ | grep -q 'nginx in the cgroup'"
check "curl reaches nginx at [2001:db8::10]:8080" sh -c \
    "nsenter --net=/run/netns/$NS curl -sS -g -m 5 'http://[2001:db8::10]:8080/' | grep -q 'nginx in the cgroup'"
nsenter --net="/run/netns/$NS" curl -sS -m 2 http://192.0.2.20:8080/ >/dev/null 2>&1 &&
    fail "something answers on 192.0.2.20:8080"
ok "nothing listens on 192.0.2.20:8080"

UP=$(free_port)
bg in_cg_ns "$CG" "$NS" socat -T 5 UDP4-RECVFROM:$UP,fork EXEC:cat
bg in_cg_ns "$CG" "$NS" socat -T 5 UDP6-RECVFROM:$UP,ipv6only=1,fork EXEC:cat
wait_listen udp 192.0.2.10:$UP "$NS" || fail "socat UDP4 on the wildcard is not on 192.0.2.10:$UP"
wait_listen udp "[2001:db8::10]:$UP" "$NS" || fail "socat UDP6 on the wildcard is not on [2001:db8::10]:$UP"
ok "socat UDP servers on 0.0.0.0:$UP and [::]:$UP listen on 192.0.2.10 and 2001:db8::10"
r=$(echo udp-echo-4 | in_ns "$NS" socat -T 3 - UDP4:192.0.2.10:$UP 2>&1)
[ "$r" = udp-echo-4 ] || fail "UDP echo from 192.0.2.10:$UP: '$r'"
r=$(echo udp-echo-6 | in_ns "$NS" socat -T 3 - "UDP6:[2001:db8::10]:$UP" 2>&1)
[ "$r" = udp-echo-6 ] || fail "UDP echo from [2001:db8::10]:$UP: '$r'"
ok "the UDP servers answer on the cgroup's addresses"

# --- clients in the cgroup connect from the cgroup's IP -------------------------------
HP=$(free_port)
mkdir "$E2E_TMP/www2" && echo "server on .20" > "$E2E_TMP/www2/index.html"
bg in_ns "$NS" sh -c "exec python3 -m http.server --bind 192.0.2.20 --directory '$E2E_TMP/www2' $HP 2>'$E2E_TMP/http4.log' >/dev/null"
bg in_ns "$NS" sh -c "exec python3 -m http.server --bind 2001:db8::20 --directory '$E2E_TMP/www2' $HP 2>'$E2E_TMP/http6.log' >/dev/null"
wait_listen tcp 192.0.2.20:$HP "$NS" || fail "http.server on 192.0.2.20"
wait_listen tcp "[2001:db8::20]:$HP" "$NS" || fail "http.server on 2001:db8::20"
in_cg_ns "$CG" "$NS" curl -sS -m 5 "http://192.0.2.20:$HP/" | grep -q "server on .20" || fail "curl in the cgroup (v4)"
in_cg_ns "$CG" "$NS" curl -sS -g -m 5 "http://[2001:db8::20]:$HP/" | grep -q "server on .20" || fail "curl in the cgroup (v6)"
in_ns "$NS" curl -sS -m 5 -o /dev/null "http://192.0.2.20:$HP/outside" || fail "curl outside the cgroup (v4)"
in_ns "$NS" curl -sS -g -m 5 -o /dev/null "http://[2001:db8::20]:$HP/outside" || fail "curl outside the cgroup (v6)"
sleep 0.2
cat "$E2E_TMP/http4.log" "$E2E_TMP/http6.log"
check "the server sees curl in the cgroup coming from 192.0.2.10" grep -q '^192\.0\.2\.10 .*"GET / ' "$E2E_TMP/http4.log"
check "the server sees curl in the cgroup coming from 2001:db8::10" grep -q '^2001:db8::10 .*"GET / ' "$E2E_TMP/http6.log"
check "curl outside the cgroup comes from 192.0.2.20 (not rewritten)" grep -q '^192\.0\.2\.20 .*"GET /outside' "$E2E_TMP/http4.log"
check "curl outside the cgroup comes from 2001:db8::20 (not rewritten)" grep -q '^2001:db8::20 .*"GET /outside' "$E2E_TMP/http6.log"

# UDP client: a server outside the cgroup answers with the address it saw
cat > "$E2E_TMP/udp_peer.py" <<'PY'
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(30)
for _ in range(4):
    try:
        d, a = s.recvfrom(2048)
    except socket.timeout:
        break
    s.sendto(a[0].encode(), a)
PY
UP2=$(free_port)
bg in_ns "$NS" python3 "$E2E_TMP/udp_peer.py" 192.0.2.20 "$UP2"
bg in_ns "$NS" python3 "$E2E_TMP/udp_peer.py" 2001:db8::20 "$UP2"
wait_listen udp 192.0.2.20:$UP2 "$NS" && wait_listen udp "[2001:db8::20]:$UP2" "$NS" || fail "UDP peers"
r=$(echo hi | in_cg_ns "$CG" "$NS" socat -T 3 - UDP4:192.0.2.20:$UP2 2>&1)
[ "$r" = 192.0.2.10 ] || fail "a UDP server sees socat in the cgroup as '$r', not 192.0.2.10"
ok "a UDP server sees socat in the cgroup coming from 192.0.2.10"
r=$(echo hi | in_cg_ns "$CG" "$NS" socat -T 3 - "UDP6:[2001:db8::20]:$UP2" 2>&1)
[ "$r" = 2001:db8::10 ] || fail "a UDP server sees socat in the cgroup as '$r', not 2001:db8::10"
ok "a UDP server sees socat in the cgroup coming from 2001:db8::10"

check "detach" "$SOCKC" detach $POLICY
check "no pins left" test ! -e "/sys/fs/bpf/sockc/$POLICY"
echo PASS
