#!/bin/sh
# compiler_files: what the compiler refuses to read, and says why (issue 5):
# policy files others can write or another user owns (sockc runs as root), and
# imports that leave the policy's directory and the stdlib without
# --allow-import-outside. Usage: compiler_files.sh SOCKC
set -u
SOCKC=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0 passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
# expect CODE TEXT DESCRIPTION -- command...
expect() {
    code=$1 text=$2 what=$3
    shift 4
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" -eq "$code" ] && { [ -z "$text" ] || printf '%s' "$out" | grep -qF -- "$text"; }; then ok "$what"
    else bad "$what (exit $rc): $out"; fi
}

mkdir -p "$TMP/pol/lib" "$TMP/other"
printf 'on connect4 { allow; }\n' > "$TMP/pol/p.sp"
printf 'set ports = { 22, 23 };\n' > "$TMP/pol/lib/common.sp"
printf 'set ports = { 22, 23 };\n' > "$TMP/other/outside.sp"
printf 'import "lib/common";\non connect4 { if dst.port in common.ports { deny; } }\n' > "$TMP/pol/inside.sp"
printf 'import "../other/outside";\non connect4 { if dst.port in outside.ports { deny; } }\n' > "$TMP/pol/escape.sp"
chmod 0644 "$TMP"/pol/*.sp "$TMP"/pol/lib/*.sp "$TMP"/other/*.sp

expect 0 "" "a policy only root can write is read" -- "$SOCKC" check "$TMP/pol/p.sp"
chmod o+w "$TMP/pol/p.sp"
expect 1 "writable by other users" "a world-writable policy is refused" -- "$SOCKC" check "$TMP/pol/p.sp"
chmod 0664 "$TMP/pol/p.sp"
expect 0 "" "group-writable by root's group is fine (a umask of 002)" -- "$SOCKC" check "$TMP/pol/p.sp"
chgrp 65534 "$TMP/pol/p.sp"
expect 1 "writable by other users" "group-writable by another group is refused" -- "$SOCKC" check "$TMP/pol/p.sp"
chgrp 0 "$TMP/pol/p.sp"
chmod 0644 "$TMP/pol/p.sp"
if [ "$(id -u)" = 0 ]; then
    chown 65534 "$TMP/pol/p.sp"
    expect 1 "owned by another user" "as root, a policy another user owns is refused" -- "$SOCKC" check "$TMP/pol/p.sp"
    chown 0 "$TMP/pol/p.sp"
fi
expect 0 "" "an import below the policy's directory is read" -- "$SOCKC" check "$TMP/pol/inside.sp"
expect 1 "outside the policy's directory and the standard library" "an import that leaves the directory is refused" \
    -- "$SOCKC" check "$TMP/pol/escape.sp"
expect 0 "" "--allow-import-outside allows it" -- "$SOCKC" check --allow-import-outside "$TMP/pol/escape.sp"
chmod o+w "$TMP/pol/lib/common.sp"
expect 1 "writable by other users" "a writable import is refused too" -- "$SOCKC" check "$TMP/pol/inside.sp"
expect 0 "" "the standard library is always importable" -- sh -c "printf 'import \"std/net\";\non connect4 { if dst in net.private { deny; } }\n' > '$TMP/pol/std.sp' && '$SOCKC' check '$TMP/pol/std.sp'"

# A program whose jumps would span more than a BPF branch reaches (32,767
# instructions) out of a search tree, whose inline asm LLVM counts as one instruction
# and which jumps 16 bits: LLVM stopped the process on it ("Branch target out of insn
# range", which sockc still turns into a policy error). In so long a program each tree
# is a subprogram of its own now, and it compiles (compiler_kernel_test's
# test_long_jumps loads and drives one). (A set of 2,048 uids, a search tree of 4,096
# bounds, whose member's jump goes to a deny placed after 3,000 rules compared one by
# one.)
awk 'BEGIN { printf "set u = { 1000..1001"
             for (i = 1; i < 2048; i++) printf ", %d", 100000 + 2 * i
             print " };\non connect4 {\n    if uid in u { deny; }"
             for (i = 0; i < 3000; i++) printf "    if dst.port == %d { count x%d; deny; } else { count miss; }\n", 2000 + i, i
             print "}" }' > "$TMP/pol/far.sp"
expect 0 "" "a search tree before 3,000 rules compared one by one compiles" \
    -- "$SOCKC" compile "$TMP/pol/far.sp" -o "$TMP/far.o"
if "$SOCKC" compile --emit llvm "$TMP/pol/far.sp" -o - 2>/dev/null | grep -q "define internal i32 @connect4__tree0("; then
    ok "its tree is a subprogram"
else bad "its tree is no subprogram"; fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
