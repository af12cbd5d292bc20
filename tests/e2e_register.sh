#!/bin/sh
# e2e_register: `sockc register` picks a socket by its address, from a running process
# or from the sockets systemd passes (LISTEN_FDS), for examples/steer.sp (192.0.2.0/24
# port 80 to listeners[0], 198.51.100.1 any port to listeners[1]) in a namespace:
#   - nginx listens on 127.0.0.1:9080 and [::]:9081 (dual-stack): --pid of its master with no
#     address is refused and names both sockets, an address it does not listen on is
#     refused and lists what it has, and the map is untouched; --listen 127.0.0.1:9080
#     registers the socket, and curl to 192.0.2.7:80 gets nginx's page for port 9080;
#     --listen [::]:9081 into listeners[1], and 198.51.100.1:4444 gets the page of 9081;
#   - a process with a TCP and a UDP socket on port 9054: --listen 9054 (a port alone)
#     is refused as ambiguous, and 127.0.0.1:9054 taken though the TCP socket has two
#     descriptors and a connection on that port is open; a connected UDP socket is
#     not taken; socat serves UDP on 0.0.0.0:9053, and with --listen 9053
#     --proto udp its socket goes to listeners[1]: a datagram to 198.51.100.1:53 gets
#     socat's answer;
#   - a process with two SO_REUSEPORT sockets on 127.0.0.1:9082: one registration,
#     with a note, and the kernel spreads connections to 198.51.100.1 over both;
#   - an IPv6-only socket in listeners[1]: an IPv4 connection is refused, and the
#     counter listeners.assign_errors counts it;
#   - a socket of the host's namespace is refused: the namespace the policy steers
#     would hand it connections that hang;
#   - a process that passes sockets as systemd does (fds from 3, LISTEN_FDS, LISTEN_PID)
#     runs sockc register --listen-fds: one socket is taken; two need --listen, which
#     picks; LISTEN_PID of another process and no LISTEN_FDS are refused.
# Usage: e2e_register.sh SOCKC
SOCKC=$1
E2E=register
. "$(dirname "$0")/e2e_lib.sh"
e2e_need nginx:nginx-light curl:curl socat:socat python3:python3 ss:iproute2 nsenter:util-linux
e2e_kernel

POLICY=sockc-test-register
e2e_policy $POLICY
e2e_new_netns NS reg
local_routes "$NS" 192.0.2.0/24 198.51.100.1/32
SP=$(policy_from steer $POLICY)
out=$("$SOCKC" apply --netns "/run/netns/$NS" "$SP" 2>&1) || fail "apply: $out"

# refused SOCKC-ARGS...: runs sockc register, which must fail with status 1 and say
# each line of $WANT (grep -F patterns, one per line); the map must be as before.
refused() {
    before=$("$SOCKC" map $POLICY listeners list 2>&1)
    out=$("$SOCKC" register $POLICY "$@" 2>&1)
    rc=$?
    echo "$out" | sed 's/^/  | /'
    [ $rc = 1 ] || fail "register $*: status $rc, not 1"
    echo "$WANT" | while IFS= read -r w; do
        [ -z "$w" ] || echo "$out" | grep -qF -- "$w" || { echo "missing: $w" >&2; exit 1; }
    done || fail "register $*: the message lacks a line above"
    [ "$("$SOCKC" map $POLICY listeners list 2>&1)" = "$before" ] || fail "register $* changed the map"
}

# --- nginx, picked by address ------------------------------------------------------
mkdir -p "$E2E_TMP/w0" "$E2E_TMP/w1" "$E2E_TMP/nginx"
echo "nginx on 9080" > "$E2E_TMP/w0/index.html"
echo "nginx on 9081" > "$E2E_TMP/w1/index.html"
cat > "$E2E_TMP/nginx.conf" <<EOF
user root;
worker_processes 2;
pid $E2E_TMP/nginx/nginx.pid;
error_log $E2E_TMP/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $E2E_TMP/nginx/body;
    proxy_temp_path $E2E_TMP/nginx/proxy;
    fastcgi_temp_path $E2E_TMP/nginx/fastcgi;
    uwsgi_temp_path $E2E_TMP/nginx/uwsgi;
    scgi_temp_path $E2E_TMP/nginx/scgi;
    server { listen 127.0.0.1:9080; root $E2E_TMP/w0; }
    server { listen [::]:9081 ipv6only=off; root $E2E_TMP/w1; }
}
EOF
bg in_ns "$NS" nginx -e "$E2E_TMP/nginx/error.log" -c "$E2E_TMP/nginx.conf" -g 'daemon off;'
wait_listen tcp 127.0.0.1:9080 "$NS" || { cat "$E2E_TMP/nginx/error.log" >&2; fail "nginx on 127.0.0.1:9080"; }
wait_listen tcp "*:9081" "$NS" || fail "nginx on [::]:9081"
NGINX=$(cat "$E2E_TMP/nginx/nginx.pid") || fail "no nginx.pid"

WANT="process $NGINX has 2 listening sockets: pick one with --listen ADDR:PORT, --proto or --fd
tcp 127.0.0.1:9080 (fd
tcp [::]:9081 (fd"
refused listeners 0 --pid $NGINX
ok "--pid of nginx's master alone is refused: it has two listening sockets, both named"
WANT="process $NGINX has no listening socket on 127.0.0.1:9081
listening sockets there: tcp 127.0.0.1:9080 (fd"
refused listeners 0 --pid $NGINX --listen 127.0.0.1:9081
WANT="process $NGINX has no listening UDP socket on port 9080"
refused listeners 0 --pid $NGINX --listen 9080 --proto udp
ok "an address or protocol nginx does not listen on is refused, with what it has; the map is unchanged"
WANT="--listen: '127.0.0.1' is not ADDR:PORT, [ADDR6]:PORT or a port"
refused listeners 0 --pid $NGINX --listen 127.0.0.1

out=$("$SOCKC" register $POLICY listeners 0 --pid $NGINX --listen 127.0.0.1:9080 2>&1) || fail "register: $out"
echo "  $out"
echo "$out" | grep -q "^registered tcp 127.0.0.1:9080 (fd [0-9]* of process $NGINX) in listeners\[0\] of policy '$POLICY'$" ||
    fail "register did not name the socket it took"
r=$(in_ns "$NS" curl -sS -m 5 http://192.0.2.7/ 2>&1)
[ "$r" = "nginx on 9080" ] || fail "curl to 192.0.2.7:80: '$r'"
ok "--listen 127.0.0.1:9080 registered nginx's socket: curl to 192.0.2.7:80 gets the page of 9080"
out=$("$SOCKC" register $POLICY listeners 1 --pid $NGINX --listen '[::]:9081' 2>&1) || fail "register [::]:9081: $out"
r=$(in_ns "$NS" curl -sS -m 5 http://198.51.100.1:4444/ 2>&1)
[ "$r" = "nginx on 9081" ] || fail "curl to 198.51.100.1:4444: '$r'"
ok "--listen [::]:9081 registered nginx's dual-stack socket: curl to 198.51.100.1:4444 (any port) gets the page of 9081"

# --- TCP and UDP on one port -----------------------------------------------------------
bg in_ns "$NS" socat UDP4-RECVFROM:9053,fork SYSTEM:'read l; echo "udp answer"'
wait_listen udp 0.0.0.0:9053 "$NS" || fail "socat UDP"
set -- $(listen_fd 9053 "$NS" udp)
SOCAT=$1
# a process with a TCP and a UDP socket on one port: the port alone is ambiguous
cat > "$E2E_TMP/both.py" <<'PY'
import socket, sys, time
t = socket.socket(); t.bind(("127.0.0.1", 9054)); t.listen()
t2 = t.dup()  # the same socket under a second descriptor
c = socket.create_connection(("127.0.0.1", 9054)); a, _ = t.accept()  # a connection on 9054: not listening
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); v.bind(("127.0.0.1", 9055)); v.connect(("127.0.0.1", 9))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 9054))
print("ready", flush=True)
time.sleep(60)
PY
bg in_ns "$NS" python3 "$E2E_TMP/both.py"
wait_listen tcp 127.0.0.1:9054 "$NS" || fail "python on tcp 127.0.0.1:9054"
set -- $(listen_fd 9054 "$NS")
BOTH=$1
WANT="process $BOTH has 2 listening sockets on port 9054: pick one with --listen ADDR:PORT, --proto or --fd
tcp 127.0.0.1:9054 (fd
udp 0.0.0.0:9054 (fd"
refused listeners 1 --pid $BOTH --listen 9054
ok "a port alone with TCP and UDP sockets on it is refused; --proto is offered"
out=$("$SOCKC" register $POLICY listeners 1 --pid $BOTH --listen 127.0.0.1:9054 2>&1) || fail "register: $out"
echo "  $out"
ok "a socket under two descriptors is one socket, and a connection on its port is not a listening socket"
WANT="process $BOTH has no listening socket on port 9055"
refused listeners 1 --pid $BOTH --listen 9055
ok "a connected UDP socket is not a listening socket"
out=$("$SOCKC" register $POLICY listeners 1 --pid $SOCAT --listen 9053 --proto udp 2>&1) || fail "register udp: $out"
echo "  $out"
echo "$out" | grep -q "^registered udp 0.0.0.0:9053 (fd [0-9]* of process $SOCAT)" || fail "not the UDP socket"
# from 127.0.0.1: a reply to a client on 198.51.100.1 would itself be steered (any port)
r=$(echo ping | in_ns "$NS" socat -T 2 - UDP-DATAGRAM:198.51.100.1:53,bind=127.0.0.1 2>&1)
[ "$r" = "udp answer" ] || fail "datagram to 198.51.100.1:53: '$r'"
ok "--proto udp registered socat's UDP socket: a datagram to 198.51.100.1:53 gets its answer"

# --- a SO_REUSEPORT group --------------------------------------------------------------
cat > "$E2E_TMP/group.py" <<'PY'
import selectors, socket
sel = selectors.DefaultSelector()
for name in (b"first", b"second"):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind(("127.0.0.1", 9082)); s.listen(64)
    sel.register(s, selectors.EVENT_READ, name)
while True:
    for key, _ in sel.select():
        c, _ = key.fileobj.accept(); c.sendall(key.data + b"\n"); c.close()
PY
bg in_ns "$NS" python3 "$E2E_TMP/group.py"
wait_listen tcp 127.0.0.1:9082 "$NS" || fail "the reuseport group"
set -- $(listen_fd 9082 "$NS")
GROUP=$1
out=$("$SOCKC" register $POLICY listeners 1 --pid $GROUP --listen 127.0.0.1:9082 2>&1) || fail "register group: $out"
echo "$out" | sed 's/^/  /'
echo "$out" | grep -qF "note: tcp 127.0.0.1:9082 is one of a SO_REUSEPORT group of 2 sockets; the kernel picks within the group" ||
    fail "no note on the group"
seen=$(for i in $(seq 1 40); do in_ns "$NS" socat -T 2 - TCP4:198.51.100.1:$((5000 + i)) </dev/null; done | sort | uniq -c)
echo "$seen" | sed 's/^/  /'
echo "$seen" | grep -q " first$" && echo "$seen" | grep -q " second$" || fail "not both sockets of the group answered"
[ "$(echo "$seen" | awk '{ n += $1 } END { print n }')" = 40 ] || fail "not every connect was answered"
ok "a SO_REUSEPORT group is registered once (with a note); the kernel spreads 40 connects over both sockets"

# --- a socket the kernel refuses ---------------------------------------------------------
# an IPv6-only socket cannot take IPv4 connections: the connection is refused, and the
# counter listeners.assign_errors says why nothing reached it
cat > "$E2E_TMP/v6only.py" <<'PY'
import socket, time
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
s.bind(("::", 9098)); s.listen()
time.sleep(60)
PY
bg in_ns "$NS" python3 "$E2E_TMP/v6only.py"
wait_listen tcp "[::]:9098" "$NS" || fail "the IPv6-only socket"
set -- $(listen_fd 9098 "$NS")
out=$("$SOCKC" register $POLICY listeners 1 --pid $1 --listen '[::]:9098' 2>&1) || fail "register v6only: $out"
before=$("$SOCKC" status --json $POLICY | python3 -c 'import json,sys; print(json.load(sys.stdin)["policies"][0]["counters"]["listeners.assign_errors"])')
r=$(in_ns "$NS" curl -sS -m 3 http://198.51.100.1:5555/ 2>&1) && fail "an IPv4 connection reached an IPv6-only socket: $r"
after=$("$SOCKC" status --json $POLICY | python3 -c 'import json,sys; print(json.load(sys.stdin)["policies"][0]["counters"]["listeners.assign_errors"])')
[ "$before" = 0 ] && [ "$after" = 1 ] || fail "listeners.assign_errors went from $before to $after, not 0 to 1"
ok "an IPv4 connection to an IPv6-only socket is refused, and counted in listeners.assign_errors"

# --- a socket of another network namespace -----------------------------------------------
# it would get the connections and answer them in its own namespace, where they hang
bg python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(60)' \
    > "$E2E_TMP/host.port"
i=0
while [ ! -s "$E2E_TMP/host.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
WANT="and policy '$POLICY' steers connections in namespace $(stat -L -c %i "/run/netns/$NS")
register a socket of namespace"
refused listeners 0 --pid $BG --listen "127.0.0.1:$(cat "$E2E_TMP/host.port")"
ok "a socket of the host's namespace is refused for the namespace the policy steers"

# --- sockets passed as systemd passes them -------------------------------------------
# activate.py MODE ADDR:PORT... -- CMD...: listens on each address (fds 3, 4, ...),
# runs CMD with LISTEN_FDS and LISTEN_PID set as systemd sets them (MODE wrong: the
# pid of another process; unset: neither), then serves each socket: a connect gets
# "passed N".
cat > "$E2E_TMP/activate.py" <<'PY'
import fcntl, os, selectors, socket, sys
sep = sys.argv.index("--")
mode, addrs, cmd = sys.argv[1], sys.argv[2:sep], sys.argv[sep + 1:]
# The sockets are kept above fd 100 (close-on-exec) so that whatever holds fds 3,
# 4, ... here is never one of them; the child moves them into place before exec.
socks = []
for a in addrs:
    host, port = a.rsplit(":", 1)
    s = socket.socket(); s.bind((host, int(port))); s.listen(64)
    socks.append(socket.socket(fileno=fcntl.fcntl(s.fileno(), fcntl.F_DUPFD_CLOEXEC, 100)))
    s.close()
pid = os.fork()
if pid == 0:
    for i, s in enumerate(socks):
        os.dup2(s.fileno(), 3 + i)
    env = dict(os.environ)
    if mode != "unset":
        env["LISTEN_FDS"] = str(len(addrs))
        env["LISTEN_PID"] = str(os.getppid() if mode == "wrong" else os.getpid())
    os.execvpe(cmd[0], cmd, env)
_, status = os.waitpid(pid, 0)
rc = os.waitstatus_to_exitcode(status)
print("sockc exited with", rc, flush=True)
if rc != 0:
    sys.exit(rc)
sel = selectors.DefaultSelector()
for i, s in enumerate(socks):
    sel.register(s, selectors.EVENT_READ, b"passed %d\n" % i)
while True:
    for key, _ in sel.select():
        c, _ = key.fileobj.accept(); c.sendall(key.data); c.close()
PY
activate() {
    in_ns "$NS" python3 "$E2E_TMP/activate.py" "$@" > "$E2E_TMP/activate.out" 2>&1 &
    BG=$!
    E2E_PIDS="$E2E_PIDS $BG"
    i=0
    while ! grep -q "sockc exited" "$E2E_TMP/activate.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    sed 's/^/  | /' "$E2E_TMP/activate.out"
}
activate ok 127.0.0.1:9090 -- "$SOCKC" register $POLICY listeners 0 --listen-fds
grep -q "^registered tcp 127.0.0.1:9090 (fd 3, passed by systemd) in listeners\[0\]" "$E2E_TMP/activate.out" ||
    fail "--listen-fds did not register the passed socket"
r=$(in_ns "$NS" socat -T 2 - TCP4:192.0.2.7:80 </dev/null 2>&1)
[ "$r" = "passed 0" ] || fail "curl to 192.0.2.7:80 after --listen-fds: '$r'"
ok "--listen-fds registered the one socket passed (fd 3); curl to 192.0.2.7:80 reaches its process"

activate ok 127.0.0.1:9091 127.0.0.1:9092 -- "$SOCKC" register $POLICY listeners 0 --listen-fds
grep -q "sockc exited with 1" "$E2E_TMP/activate.out" || fail "two passed sockets with no --listen were not refused"
grep -qF "systemd passed 2 listening sockets: pick one with --listen ADDR:PORT or --proto" "$E2E_TMP/activate.out" ||
    fail "the message does not say why"
grep -qF "tcp 127.0.0.1:9092 (fd 4)" "$E2E_TMP/activate.out" || fail "the message does not list fd 4"
r=$(in_ns "$NS" socat -T 2 - TCP4:192.0.2.7:80 </dev/null 2>&1)
[ "$r" = "passed 0" ] || fail "the refused register changed slot 0: '$r'"
activate ok 127.0.0.1:9093 127.0.0.1:9094 -- "$SOCKC" register $POLICY listeners 0 --listen-fds --listen 127.0.0.1:9094
grep -q "^registered tcp 127.0.0.1:9094 (fd 4, passed by systemd)" "$E2E_TMP/activate.out" || fail "--listen did not pick fd 4"
r=$(in_ns "$NS" socat -T 2 - TCP4:192.0.2.7:80 </dev/null 2>&1)
[ "$r" = "passed 1" ] || fail "curl to 192.0.2.7:80: '$r'"
ok "two passed sockets: refused without --listen (both named), and --listen picks the second"

activate wrong 127.0.0.1:9095 -- "$SOCKC" register $POLICY listeners 0 --listen-fds
grep -q "the sockets were passed to process [0-9]* (LISTEN_PID), not to sockc" "$E2E_TMP/activate.out" ||
    fail "LISTEN_PID of another process was not refused"
activate unset 127.0.0.1:9096 -- "$SOCKC" register $POLICY listeners 0 --listen-fds
grep -q "no sockets were passed to sockc (LISTEN_FDS is not set)" "$E2E_TMP/activate.out" || fail "no LISTEN_FDS"
r=$(in_ns "$NS" socat -T 2 - TCP4:192.0.2.7:80 </dev/null 2>&1)
[ "$r" = "passed 1" ] || fail "a refused register changed slot 0: '$r'"
ok "LISTEN_PID of another process, and no LISTEN_FDS, are refused; the map is unchanged"

for args in "--listen-fds --pid 1" "--listen-fds --fd 3" "--pid 1 --fd 3 --listen 80" "--listen 80" "--pid 1 --proto sctp"; do
    out=$("$SOCKC" register $POLICY listeners 0 $args 2>&1)
    rc=$?
    echo "  register ... $args: $rc: $(echo "$out" | head -1)"
    [ $rc = 2 ] || fail "register ... $args: status $rc"
done
ok "options that contradict each other, or --proto sctp, are usage errors (status 2)"

check "detach" "$SOCKC" detach $POLICY
echo PASS
