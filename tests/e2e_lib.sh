# e2e_lib.sh: shared by the tests/e2e_*.sh scenario tests (sourced, not run).
# Each test gets its own cgroups (sockc-test-*), network namespaces (sockc-test-*),
# policies and processes, all registered here and removed by the EXIT trap on every
# path out. Set SOCKC (the sockc binary) and E2E (a short test name) before sourcing.
#
# Kernel tests fail when root, cgroup v2 or BPF is missing, unless
# SOCKC_SKIP_KERNEL_TESTS=1 (then exit 77 = skipped). A missing tool is always a
# failure, with the Debian package that has it.
set -u

E2E_CGS=""       # cgroups we made (relative to the cgroup v2 mount)
E2E_NSS=""       # network namespaces we made
E2E_PIDS=""      # background processes we started
E2E_POLICIES=""  # policies we applied
E2E_TMP=$(mktemp -d "/tmp/sockc-test-$E2E.XXXXXX") || exit 1
CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)

e2e_cleanup() {
    trap - EXIT INT TERM HUP
    for p in $E2E_POLICIES; do "$SOCKC" detach "$p" >/dev/null 2>&1; done
    for pid in $E2E_PIDS; do kill "$pid" 2>/dev/null; done
    for pid in $E2E_PIDS; do
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
        kill -9 "$pid" 2>/dev/null
    done
    # anything still running in our cgroups or namespaces was started by this test
    for cg in $E2E_CGS; do
        [ -e "$CGROOT/$cg/cgroup.kill" ] && echo 1 > "$CGROOT/$cg/cgroup.kill" 2>/dev/null
    done
    for ns in $E2E_NSS; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    done
    for cg in $E2E_CGS; do
        i=0
        while [ -d "$CGROOT/$cg" ] && ! rmdir "$CGROOT/$cg" 2>/dev/null && [ $i -lt 50 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        [ -d "$CGROOT/$cg" ] && echo "warning: cgroup $cg is left over" >&2
    done
    for ns in $E2E_NSS; do ip netns del "$ns" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
check() { desc=$1; shift; "$@" || fail "$desc"; ok "$desc"; }
# plan_of SP: SP's plan (`sockc compile --emit plan`) in $plan; plan_has PATTERN WHAT:
# a line of it matches PATTERN (grep), else WHAT fails; apply_sp SP: `sockc apply
# --cgroup $CG SP`, its output shown.
plan_of() { plan=$("$SOCKC" compile --emit plan "$1" -o -) || fail "plan: $plan"; }
plan_has() { echo "$plan" | grep -q "$1" || fail "$2: $plan"; }
apply_sp() { out=$("$SOCKC" apply --cgroup "$CG" "$1" 2>&1) || fail "apply: $out"; echo "$out"; }

# e2e_need TOOL:PACKAGE...: every tool must be there.
e2e_need() {
    missing=""
    for tp in "$@"; do
        command -v "${tp%%:*}" >/dev/null 2>&1 || missing="$missing ${tp%%:*} (Debian package ${tp#*:})"
    done
    [ -z "$missing" ] || fail "missing tools:$missing; install them (scripts/setup.sh)"
}

# e2e_kernel: root, cgroup v2, bpffs and a working sockc, or fail (or skip with
# SOCKC_SKIP_KERNEL_TESTS=1).
e2e_kernel() {
    why=""
    [ "$(id -u)" = 0 ] || why="needs root"
    [ -n "$CGROOT" ] || why="${why:+$why, }needs a cgroup v2 mount"
    [ -x "$SOCKC" ] || why="${why:+$why, }no sockc at '$SOCKC'"
    [ -d /sys/fs/bpf ] || why="${why:+$why, }needs bpffs (/sys/fs/bpf)"
    if [ -n "$why" ]; then
        [ "${SOCKC_SKIP_KERNEL_TESTS:-}" = 1 ] && { echo "skipped: $why"; exit 77; }
        fail "$why (SOCKC_SKIP_KERNEL_TESTS=1 skips)"
    fi
}

# e2e_new_cgroup VAR NAME: makes cgroup sockc-test-E2E-NAME-PID, its name in VAR.
# e2e_new_netns VAR NAME: the same for a network namespace (lo up). Both must run in
# the main shell (not in $(...)), so that the cleanup sees them.
e2e_new_cgroup() { # VAR NAME
    cg="sockc-test-$E2E-$2-$$"
    E2E_CGS="$E2E_CGS $cg"
    mkdir "$CGROOT/$cg" || fail "cannot create cgroup $cg"
    eval "$1=\$cg"
}
e2e_new_netns() { # VAR NAME
    ns="sockc-test-$E2E-$2-$$"
    E2E_NSS="$E2E_NSS $ns"
    ip netns add "$ns" || fail "cannot create network namespace $ns"
    ip -n "$ns" link set lo up || fail "cannot bring lo up in $ns"
    eval "$1=\$ns"
}
e2e_policy() { E2E_POLICIES="$E2E_POLICIES $1"; "$SOCKC" detach "$1" >/dev/null 2>&1; }
# local_routes NS PREFIX...: the prefixes are local in NS (routes on lo), as the
# addresses are that sk_lookup steers to sockets listening elsewhere.
local_routes() {
    ns=$1
    shift
    for r in "$@"; do ip -n "$ns" route add local "$r" dev lo || fail "route $r in $ns"; done
}

# in_cg CG CMD...: runs CMD in cgroup CG. in_ns NS CMD...: in network namespace NS
# (nsenter, so /sys and bpffs stay as they are). in_cg_ns CG NS CMD...: both.
in_cg() { cg=$1; shift; sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$CGROOT/$cg" "$@"; }
in_ns() { ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }
in_cg_ns() { cg=$1; ns=$2; shift 2; in_cg "$cg" nsenter --net="/run/netns/$ns" "$@"; }
# fetch in|out URL [-v]: curl's answer from inside the cgroup $CG or outside it, in the
# namespace $NS, or its error (with -v, the reason of a failed connect: "Immediate
# connect fail for ADDR: Operation not permitted")
fetch() {
    if [ "$1" = in ]; then in_cg_ns "$CG" "$NS" curl -sS --http0.9 -m 3 ${3:-} "$2" 2>&1
    else in_ns "$NS" curl -sS --http0.9 -m 3 ${3:-} "$2" 2>&1; fi
}

# expect_in URL ANSWER|denied: curl's answer from inside the cgroup $CG (namespace $NS)
# must be the line ANSWER (as written, no pattern), or EPERM for denied.
expect_in() {
    r=$(fetch in "$1" -v)
    if [ "$2" = denied ]; then
        echo "$r" | grep -q "Operation not permitted" || fail "$1: expected EPERM, got: $r"
    else
        echo "$r" | grep -qxF "$2" || fail "$1: expected '$2', got: $r"
    fi
    echo "  $1: $2"
}

# answer TEXT: the socat address of a server that answers each connection with TEXT
# once it has read the request's first line (or EOF). A child that answers without
# reading may exit before socat writes the request to it; that write then fails with
# EPIPE and socat drops the connection unanswered (curl: "Empty reply from server",
# seen under load).
answer() { echo "SYSTEM:read -r l; echo '$1'"; }

# curl_as UID URL: curl (HTTP/0.9, 3 s, verbose) as that uid and gid, from cgroup $CG
# in namespace $NS; its answer and messages.
curl_as() {
    in_cg_ns "$CG" "$NS" setpriv --reuid="$1" --regid="$1" --clear-groups curl -sS --http0.9 -m 3 -v "$2" 2>&1
}

# expect_as UID URL ANSWER|denied: curl_as gets ANSWER, or fails with EPERM (denied).
expect_as() {
    r=$(curl_as "$1" "$2")
    if [ "$3" = denied ]; then
        echo "$r" | grep -q "Operation not permitted" || fail "uid $1, $2: expected EPERM, got: $r"
    else
        echo "$r" | grep -qx "$3" || fail "uid $1, $2: expected '$3', got: $r"
    fi
    echo "  uid $1  $2: $3"
}

# bg CMD...: starts CMD in the background, remembered for the cleanup; its pid is
# in $BG.
bg() { "$@" & BG=$!; E2E_PIDS="$E2E_PIDS $BG"; }

# answerers NS PORT:TEXT...: a server on each TCP PORT of namespace NS, IPv4 and IPv6
# (dual-stack), that answers each connection with TEXT (answer); waits until all listen.
answerers() {
    ns=$1
    shift
    for b in "$@"; do bg in_ns "$ns" socat TCP6-LISTEN:${b%%:*},ipv6only=0,reuseaddr,fork "$(answer "${b#*:}")"; done
    for b in "$@"; do wait_listen tcp "*:${b%%:*}" "$ns" || fail "server on port ${b%%:*}"; done
}

# wait_listen tcp|udp ADDR:PORT [NS]: waits (5 s at most) until a socket listens
# there (as `ss` prints it: 127.0.0.1:80, [::1]:80, *:80).
wait_listen() {
    proto=$1 where=$2 ns=${3:-}
    i=0
    while [ $i -lt 50 ]; do
        if [ -n "$ns" ]; then out=$(ip netns exec "$ns" ss -Hln --"$proto" 2>/dev/null)
        else out=$(ss -Hln --"$proto" 2>/dev/null); fi
        echo "$out" | awk '{ print $4 }' | grep -qxF "$where" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "nothing listens on $proto $where${ns:+ in $ns}; sockets:" >&2
    echo "$out" >&2
    return 1
}

# free_port [ADDR]: a TCP and UDP port nobody uses on any address right now.
free_port() {
    python3 - <<'PY'
import socket
for _ in range(50):
    t = socket.socket(); t.bind(("0.0.0.0", 0)); p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("0.0.0.0", p)); print(p); break
    except OSError:
        pass
PY
}

# policy_from EXAMPLE NAME [SED-SCRIPT]: a copy of examples/EXAMPLE.sp named NAME.
policy_from() {
    src="$E2E_SRC/../examples/$1.sp"
    [ -f "$src" ] || fail "no $src"
    sed -e "s/^policy \"[^\"]*\";/policy \"$2\";/" ${3:+-e "$3"} "$src" > "$E2E_TMP/$2.sp"
    grep -q "^policy \"$2\";" "$E2E_TMP/$2.sp" || fail "$src has no policy line"
    echo "$E2E_TMP/$2.sp"
}
E2E_SRC=$(cd "$(dirname "$0")" && pwd)

# listen_fd PORT [NS [udp]]: "PID FD" of the process that listens on TCP (or UDP)
# port PORT (ss -p).
listen_fd() {
    p=t
    [ "${3:-}" = udp ] && p=u
    if [ -n "${2:-}" ]; then out=$(ip netns exec "$2" ss -Hl${p}np "sport = :$1")
    else out=$(ss -Hl${p}np "sport = :$1"); fi
    echo "$out" | sed -n 's/.*pid=\([0-9]*\),fd=\([0-9]*\).*/\1 \2/p' | head -1
}
