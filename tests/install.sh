#!/bin/sh
# install: `cmake --install` puts sockc and its standard library under a prefix, and
# the installed sockc finds std/ there (not in the source tree it was built from).
# Usage: install.sh BUILD_DIR
set -u
BUILD=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cmake --install "$BUILD" --prefix "$TMP/prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
fails=0 passes=0
check() { if eval "$2"; then echo "ok: $1"; passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
check "sockc is installed" '[ -x "$TMP/prefix/bin/sockc" ]'
check "std/net.sp is installed" '[ -f "$TMP/prefix/share/sockc/stdlib/std/net.sp" ]'
mkdir "$TMP/p"
printf 'import "std/net";\non connect4 { if dst in net.private { deny; } }\n' > "$TMP/p/a.sp"
check "the installed sockc compiles a policy that imports std/net" '"$TMP/prefix/bin/sockc" compile "$TMP/p/a.sp" -o "$TMP/p/a.o"'
# an unknown module's message names the directory searched: it must be the installed one
printf 'import "std/nosuch";\non connect4 { allow; }\n' > "$TMP/p/b.sp"
out=$(env -u SOCKC_STDLIB "$TMP/prefix/bin/sockc" check "$TMP/p/b.sp" 2>&1)
check "it searches the installed stdlib ($out)" 'printf "%s" "$out" | grep -q "$TMP/prefix/bin/../share/sockc/stdlib"'
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
