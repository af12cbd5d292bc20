#!/usr/bin/env bash
# The main job: compile and apply a policy to a throwaway cgroup, and show its effect.
# A client in the cgroup connects to 127.0.0.1:6379; the policy sends it to a server on
# 127.0.0.2:16379 instead, and getpeername still shows the address it asked for.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
sockc=build/cli/sockc
cg2=$(awk '$3=="cgroup2"{print $2; exit}' /proc/mounts)
[ -n "$cg2" ] || { echo "demo: no cgroup v2 mount in /proc/mounts" >&2; exit 1; }
cg="sockc-demo-$$"
server_pid=
cleanup() {
  $sockc detach redirect >/dev/null 2>&1 || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rmdir "$cg2/$cg" 2>/dev/null || true
}
trap cleanup EXIT

echo "== the policy (examples/localhost-redirect.sp)"
grep -v '^#' examples/localhost-redirect.sp
echo
echo "== sockc compile --emit plan"
$sockc compile examples/localhost-redirect.sp --emit plan
echo
# a server that prints who it is, on 127.0.0.2:16379
python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.2", 16379)); s.listen(8)
while True:
    c, peer = s.accept(); c.sendall(b"hello from the server on 127.0.0.2:16379\n"); c.close()
' &
server_pid=$!
sleep 0.3
mkdir "$cg2/$cg"
echo "== sockc apply --cgroup $cg examples/localhost-redirect.sp"
$sockc apply --cgroup "$cg" examples/localhost-redirect.sp
$sockc status
echo
client='import socket
s = socket.create_connection(("127.0.0.1", 6379), timeout=2)
print("client connected to 127.0.0.1:6379; getpeername says %s:%d" % s.getpeername())
print("client received:", s.recv(100).decode().strip())'
echo "== a client inside the cgroup connects to 127.0.0.1:6379"
sh -c "echo \$\$ > $cg2/$cg/cgroup.procs; exec python3 -c '$client'"
echo
echo "== the same client outside the cgroup"
python3 -c "$client" 2>&1 | tail -1 || true
echo
echo "== sockc detach redirect"
$sockc detach redirect
