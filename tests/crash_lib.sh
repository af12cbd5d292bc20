# crash_lib.sh: shared by tests/crash_*.sh (sourced, not run). Two cgroups
# (sockc-test-crash-*), two loopback servers that say which policy a client reached,
# and a probe that reads the whole policy's behaviour in both cgroups at once.
# Set SOCKC and CRASH (a short test name) before sourcing; everything is removed by the
# EXIT trap. Kernel tests fail without root, cgroup v2 or bpffs unless
# SOCKC_SKIP_KERNEL_TESTS=1 (exit 77).
set -u
PIN=/sys/fs/bpf/sockc
CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
TMP=$(mktemp -d "/tmp/sockc-test-$CRASH.XXXXXX") || exit 1
CG1=sockc-test-$CRASH-a-$$
CG2=sockc-test-$CRASH-b-$$
POLICIES=""
SERVER=
PROBE=

crash_cleanup() {
    trap - EXIT INT TERM HUP
    for p in $POLICIES; do "$SOCKC" detach "$p" >/dev/null 2>&1; done
    for pid in $SERVER $PROBE; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    for cg in $CG1 $CG2; do
        [ -d "$CGROOT/$cg" ] || continue
        [ -e "$CGROOT/$cg/cgroup.kill" ] && echo 1 > "$CGROOT/$cg/cgroup.kill" 2>/dev/null
        i=0
        while ! rmdir "$CGROOT/$cg" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    done
    rm -rf "$TMP"
}
trap crash_cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

why=""
[ "$(id -u)" = 0 ] || why="needs root"
[ -n "$CGROOT" ] || why="${why:+$why, }needs a cgroup v2 mount"
[ -d /sys/fs/bpf ] || why="${why:+$why, }needs bpffs (/sys/fs/bpf)"
command -v python3 >/dev/null || why="${why:+$why, }needs python3"
[ -x "$SOCKC" ] || why="${why:+$why, }no sockc at '$SOCKC'"
if [ -n "$why" ]; then
    [ "${SOCKC_SKIP_KERNEL_TESTS:-}" = 1 ] && { echo "skipped: $why"; exit 77; }
    fail "$why (SOCKC_SKIP_KERNEL_TESTS=1 skips)"
fi
mkdir "$CGROOT/$CG1" && mkdir "$CGROOT/$CG2" || fail "cannot create cgroups"

# policy NAME: remembered for the cleanup, and detached now.
policy() { POLICIES="$POLICIES $1"; "$SOCKC" detach "$1" >/dev/null 2>&1; }

# Ports: A is where clients connect (nobody listens on 127.0.0.1:A), S1/S2 the
# servers (127.0.0.2), X a port that v1 forbids to bind.
python3 - > "$TMP/ports" <<'PY'
import socket
keep = []
for _ in range(4):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); keep.append(s)
print(" ".join(str(s.getsockname()[1]) for s in keep))
PY
read A S1 S2 X < "$TMP/ports"

cat > "$TMP/server.py" <<'PY'
import selectors, socket, sys
sel = selectors.DefaultSelector()
for port, word in ((int(sys.argv[1]), b"v1\n"), (int(sys.argv[2]), b"v2\n")):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.2", port)); s.listen(128); sel.register(s, selectors.EVENT_READ, word)
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        try:
            c, _ = key.fileobj.accept(); c.sendall(key.data); c.close()
        except OSError:
            pass
PY
python3 "$TMP/server.py" "$S1" "$S2" > "$TMP/server.out" 2>&1 &
SERVER=$!
i=0
until grep -q ready "$TMP/server.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || fail "server did not start: $(cat "$TMP/server.out")"; sleep 0.05
done

# The probe: for each cgroup, a child moved into it connects to 127.0.0.1:A (which
# server answers, and what getpeername says) and binds 127.0.0.1:X. One result per
# cgroup, e.g. "conn=v2,peer=A,bind=ok". It runs as one process outside the cgroups,
# serving requests on a FIFO (a python start costs more than a probe).
cat > "$TMP/probe.py" <<'PY'
import errno, os, socket, sys
root, A, X, req, resp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]

def probe():
    out = []
    s = socket.socket(); s.settimeout(3)
    try:
        s.connect(("127.0.0.1", A))
        peer = s.getpeername()[1]
        word = s.recv(16).decode().strip() or "empty"
        out += ["conn=" + word, "peer=" + ("A" if peer == A else "raw")]
    except OSError as e:
        out.append("conn=" + {errno.ECONNREFUSED: "none", errno.EPERM: "eperm"}.get(e.errno, str(e.errno)))
    s.close()
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", X)); out.append("bind=ok")
    except OSError as e:
        out.append("bind=" + ("deny" if e.errno == errno.EPERM else str(e.errno)))
    b.close()
    return ",".join(out)

def in_cgroup(cg):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            with open(os.path.join(root, cg, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))
            res = probe()
        except Exception as e:
            res = "error:" + repr(e).replace(" ", "_")
        os.write(w, res.encode()); os._exit(0)
    os.close(w)
    data = b""
    while True:
        d = os.read(r, 4096)
        if not d:
            break
        data += d
    os.close(r); os.waitpid(pid, 0)
    return data.decode()

while True:
    with open(req) as f:
        cgs = f.read().split()
    if not cgs:
        continue
    res = " ".join(in_cgroup(cg) for cg in cgs)
    with open(resp, "w") as f:
        f.write(res + "\n")
PY
mkfifo "$TMP/req" "$TMP/resp" || fail "mkfifo"
python3 "$TMP/probe.py" "$CGROOT" "$A" "$X" "$TMP/req" "$TMP/resp" &
PROBE=$!
# probe CG...: one line, the results for each cgroup
probe() { echo "$*" > "$TMP/req" && cat "$TMP/resp"; }

# v1 on CG1: connect to A reaches S1, binding X is denied. v2 on CG1 and CG2: connect
# reaches S2, getpeername shows A, a map; no bind hook.
V1_STATE="conn=v1,peer=raw,bind=deny conn=none,bind=ok"
V2_STATE="conn=v2,peer=A,bind=ok conn=v2,peer=A,bind=ok"
NONE_STATE="conn=none,bind=ok conn=none,bind=ok"

# versions NAME: $TMP/v1.sp and v2.sp, the policy NAME as the states above expect it
# (v2's map is there so that a switch also replaces maps).
versions() {
    cat > "$TMP/v1.sp" <<EOF
policy "$1";
on connect4 { if dst == 127.0.0.1:$A { rewrite dst 127.0.0.2:$S1; } }
on bind4 { if src.port == $X { deny; } }
EOF
    cat > "$TMP/v2.sp" <<EOF
policy "$1";
map seen: hash<port, endpoint>[64];
on connect4 { if dst == 127.0.0.1:$A { rewrite dst 127.0.0.2:$S2; } }
on getpeername4 { if dst == 127.0.0.2:$S2 { rewrite dst 127.0.0.1:$A; } }
EOF
    chmod 0644 "$TMP/v1.sp" "$TMP/v2.sp"
}

# state: v1, v2, none, or "mixed: ..." for the policy's behaviour in both cgroups.
state() {
    s=$(probe "$CG1" "$CG2")
    case "$s" in
    "$V1_STATE") echo v1 ;;
    "$V2_STATE") echo v2 ;;
    "$NONE_STATE") echo none ;;
    *) echo "mixed: $s" ;;
    esac
}

# leftovers POLICY: names in the pin root that an interrupted sockc left for it.
leftovers() {
    ls -A "$PIN" 2>/dev/null | grep -E "^@[a-z]+@$1\$"
    [ -e "$PIN/$1/@uncommitted@" ] && echo "$1/@uncommitted@"
    return 0
}
# pins_of POLICY: every name under its directory and its side trees.
pins_of() { find "$PIN/$1" "$PIN/@staging@$1" "$PIN/@old@$1" "$PIN/@detaching@$1" 2>/dev/null; }
