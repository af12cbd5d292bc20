#!/bin/sh
# runtime_safety: pins are root's alone, sockc refuses state or objects that another
# user can change, and a map the kernel cannot make is named in a clear error.
#   - applied with umask 000, every directory of the policy is 0700 root:root and
#     every pin 0600 (the pin root too);
#   - the pin root (one of the test's own, `sockc --pin-root`) made 0777, or owned
#     by another user, or the policy's directory made 0777: apply, detach and status
#     refuse, name it and say why, and change nothing (same program, link and map
#     ids, same pins);
#   - an object (POLICY.o) writable by others or owned by another user: refused;
#   - a map of 2^30 entries (E2BIG) and, in a memory cgroup limited to 64 MiB, one
#     of 4 Mi entries (ENOMEM): the error names the map, its size and the cause;
#     the policy in place is unchanged.
# Usage: runtime_safety.sh SOCKC SOCKC_RT BPF_OBJECT_DIR
SOCKC=$1
SOCKC_RT=$2
BPF=$3
CRASH=safety
PINMODE=
. "$(dirname "$0")/crash_lib.sh"
# A pin root of the test's own (sockc --pin-root), so that making it 0777 or another
# user's never touches the one where other policies live; removed however the test
# ends. The map-size part runs SOCKC_RT (the runtime library's own CLI) on the default root.
PIN=/sys/fs/bpf/sockc-test-safety-$$
RTPIN=/sys/fs/bpf/sockc
printf '#!/bin/sh\nexec "%s" --pin-root "%s" "$@"\n' "$SOCKC" "$PIN" > "$TMP/sockc" && chmod 0755 "$TMP/sockc" ||
    fail "cannot write $TMP/sockc"
SOCKC=$TMP/sockc
RTP=sockc-test-rt
trap 'chown 0:0 "$PIN" 2>/dev/null; chmod 0700 "$PIN" 2>/dev/null; [ -n "${MEMCG:-}" ] && rmdir "$MEMCG" 2>/dev/null;
      "$SOCKC_RT" detach $RTP >/dev/null 2>&1; crash_cleanup; rm -rf "$PIN"' EXIT
P=sockc-test-safety
policy $P
"$SOCKC_RT" detach $RTP >/dev/null 2>&1
check() { desc=$1; shift; "$@" || fail "$desc"; ok "$desc"; }

cat > "$TMP/v1.sp" <<EOF
policy "$P";
map seen: hash<port, endpoint>[64];
on connect4 { if dst == 127.0.0.1:$A { rewrite dst 127.0.0.2:$S1; } }
on bind4 { if src.port == $X { deny; } }
EOF
cp "$TMP/v1.sp" "$TMP/v2.sp"
sed -i "s/:$S1;/:$S2;/" "$TMP/v2.sp"
chmod 0644 "$TMP/v1.sp" "$TMP/v2.sp"
NOBODY=$(id -u nobody 2>/dev/null || echo 65534)

(umask 000 && "$SOCKC" apply --cgroup "$CG1" "$TMP/v1.sp" > "$TMP/out" 2>&1) || fail "apply: $(cat "$TMP/out")"
bad=$(find "$PIN" \( -type d ! -perm 0700 \) -o \( ! -type d ! -perm 0600 \) -o ! -user root -o ! -group root)
check "applied with umask 000: the pin root and every directory of the policy 0700, every pin 0600, all root:root" \
    test -z "$bad"
[ "$(stat -c %a "$PIN/$P")" = 700 ] && [ -e "$PIN/$P/maps/seen" ] || fail "no $PIN/$P/maps/seen"

# snapshot: the policy's pins and the kernel objects behind them
snapshot() {
    find "$PIN/$P" | sort
    "$SOCKC" status --json $P 2>&1 | grep -E '"(id|name)"'
}
snapshot > "$TMP/before"
[ "$(state)" = v1 ] || fail "v1 not in effect: $(state)"

# refused RC-FILE WHY...: the last command failed with exit 1 naming WHY, and nothing changed.
refused() {
    rc=$1; shift
    [ "$rc" = 1 ] || fail "exit $rc, not 1: $(cat "$TMP/out")"
    for w in "$@"; do grep -qF "$w" "$TMP/out" || fail "the message does not say '$w': $(cat "$TMP/out")"; done
}
unchanged() {
    snapshot > "$TMP/after"
    cmp -s "$TMP/before" "$TMP/after" || fail "the state changed: $(diff "$TMP/before" "$TMP/after")"
    [ "$(state)" = v1 ] || fail "the policy in place changed: $(state)"
}

chmod 0777 "$PIN"
"$SOCKC" apply --cgroup "$CG1" "$TMP/v2.sp" > "$TMP/out" 2>&1
refused $? "refusing pin directory $PIN" "writable by other users (mode 0777)" "nothing was changed"
"$SOCKC" detach $P > "$TMP/out" 2>&1
refused $? "refusing pin directory $PIN"
"$SOCKC" status > "$TMP/out" 2>&1
refused $? "refusing pin directory $PIN"
chmod 0700 "$PIN"
unchanged
ok "pin root mode 0777: apply, detach and status refuse it and say why; nothing changed"

chown "$NOBODY" "$PIN"
"$SOCKC" apply --cgroup "$CG1" "$TMP/v2.sp" > "$TMP/out" 2>&1
refused $? "refusing pin directory $PIN" "owned by another user (uid $NOBODY)"
chown 0 "$PIN"
unchanged
ok "pin root owned by uid $NOBODY: apply refuses it and says why; nothing changed"

chmod 0777 "$PIN/$P"
"$SOCKC" apply --cgroup "$CG1" "$TMP/v2.sp" > "$TMP/out" 2>&1
refused $? "refusing policy directory $PIN/$P" "writable by other users"
"$SOCKC" detach $P > "$TMP/out" 2>&1
refused $? "refusing policy directory $PIN/$P"
chmod 0700 "$PIN/$P"
unchanged
ok "the policy's directory mode 0777: apply and detach refuse it; nothing changed"

"$SOCKC" compile "$TMP/v2.sp" -o "$TMP/v2.o" || fail "compile"
chmod 0666 "$TMP/v2.o"
"$SOCKC" apply --cgroup "$CG1" "$TMP/v2.o" > "$TMP/out" 2>&1
refused $? "refusing '$TMP/v2.o'" "writable by other users"
chmod 0644 "$TMP/v2.o"
chown "$NOBODY" "$TMP/v2.o"
"$SOCKC" apply --cgroup "$CG1" "$TMP/v2.o" > "$TMP/out" 2>&1
refused $? "refusing '$TMP/v2.o'" "owned by another user"
unchanged
ok "an object writable by others, or owned by uid $NOBODY: apply refuses it; nothing changed"
chown 0 "$TMP/v2.o"
"$SOCKC" apply --cgroup "$CG1" "$TMP/v2.o" > "$TMP/out" 2>&1 || fail "apply v2.o: $(cat "$TMP/out")"
[ "$(state)" = "mixed: conn=v2,peer=raw,bind=deny conn=none,bind=ok" ] || fail "v2.o not in effect: $(state)"
ok "the same object, root's and 0644: applied"

# --- map sizes ----------------------------------------------------------------------
rt_snapshot() { find "$RTPIN/$RTP" | sort; "$SOCKC_RT" status --json $RTP 2>&1 | grep -E '"(id|name)"'; }
rt_unchanged() {
    rt_snapshot > "$TMP/rt.after"
    cmp -s "$TMP/rt.before" "$TMP/rt.after" || fail "the state changed: $(diff "$TMP/rt.before" "$TMP/rt.after")"
}
"$SOCKC_RT" apply --cgroup "$CG2" "$BPF/rt_V1.o" > "$TMP/out" 2>&1 || fail "apply rt_V1.o: $(cat "$TMP/out")"
rt_snapshot > "$TMP/rt.before"
"$SOCKC_RT" apply --cgroup "$CG2" "$BPF/rt_HUGE.o" > "$TMP/out" 2>&1
refused $? "cannot create map 'services' of policy '$RTP' (hash, 1000000000 entries" "E2BIG" \
    "the policy in place (if any) is unchanged"
rt_unchanged
ok "a map of 10^9 entries: $(head -1 "$TMP/out")"

# ENOMEM: the map is charged to sockc's memory cgroup (v2 if it has the memory
# controller, else v1's memory hierarchy).
MEMCG=
if grep -qw memory "$CGROOT/cgroup.controllers" 2>/dev/null && grep -qw memory "$CGROOT/cgroup.subtree_control"; then
    MEMCG="$CGROOT/sockc-test-safety-mem-$$"
    mkdir "$MEMCG" && echo 64M > "$MEMCG/memory.max" || fail "cannot make $MEMCG"
else
    v1=$(awk '$3 == "cgroup" && $4 ~ /(^|,)memory(,|$)/ { print $2; exit }' /proc/mounts)
    if [ -n "$v1" ]; then
        MEMCG="$v1$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)/sockc-test-safety-mem-$$"
        mkdir "$MEMCG" && echo 64M > "$MEMCG/memory.limit_in_bytes" || fail "cannot make $MEMCG"
    fi
fi
if [ -n "$MEMCG" ]; then
    sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$MEMCG" \
        "$SOCKC_RT" apply --cgroup "$CG2" "$BPF/rt_MEM.o" > "$TMP/out" 2>&1
    refused $? "cannot create map 'services' of policy '$RTP' (hash, 4194304 entries" "ENOMEM" \
        "the policy in place (if any) is unchanged"
    rt_unchanged
    ok "a map of 4 Mi entries under a 64 MiB memory cgroup: $(head -1 "$TMP/out")"
else
    echo "note: no memory cgroup controller: the ENOMEM case is not exercised"
fi
"$SOCKC_RT" detach $RTP > /dev/null || fail "detach $RTP"
"$SOCKC" detach $P > /dev/null || fail "detach $P"
echo PASS
