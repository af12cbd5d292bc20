#!/bin/sh
# e2e_reapply (issue 3, scenario 6, through the CLI): while python and curl loops in
# the cgroup connect to 127.0.0.1:A without pause, `sockc apply x.sp` is run 50
# times, switching the rewrite between two http.servers (v1 on 127.0.0.2:B, v2 on
# 127.0.0.3:C). Zero failed requests; both servers were reached; the link ids did
# not change (bpf_link_update); after the last apply (v2) every request reaches v2.
# Usage: e2e_reapply.sh SOCKC
SOCKC=$1
E2E=reapply
. "$(dirname "$0")/e2e_lib.sh"
e2e_need curl:curl python3:python3 ss:iproute2
e2e_kernel

POLICY=sockc-test-reapply
e2e_policy $POLICY
e2e_new_cgroup CG cg
A=$(free_port); B=$(free_port); C=$(free_port)
for v in 1 2; do
    mkdir "$E2E_TMP/www$v" && echo "v$v" > "$E2E_TMP/www$v/index.html"
done
bg python3 -m http.server --bind 127.0.0.2 --directory "$E2E_TMP/www1" "$B" >/dev/null 2>&1
bg python3 -m http.server --bind 127.0.0.3 --directory "$E2E_TMP/www2" "$C" >/dev/null 2>&1
wait_listen tcp 127.0.0.2:$B && wait_listen tcp 127.0.0.3:$C || fail "servers"
for v in 1 2; do
    [ $v = 1 ] && to=127.0.0.2:$B || to=127.0.0.3:$C
    cat > "$E2E_TMP/v$v.sp" <<EOF
policy "$POLICY";
on connect4 { if dst == 127.0.0.1:$A { rewrite dst $to; } }
EOF
    cp "$E2E_TMP/v$v.sp" "$E2E_TMP/$POLICY-v$v.sp"
done
out=$("$SOCKC" apply --cgroup "$CG" "$E2E_TMP/v1.sp" 2>&1) || fail "apply: $out"
echo "$out"
links_before=$("$SOCKC" status --json $POLICY | python3 -c 'import json,sys; print(sorted(l["id"] for l in json.load(sys.stdin)["policies"][0]["links"]))')

cat > "$E2E_TMP/load.py" <<'PY'
import http.client, os, sys, time
a, stop, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
seen = {}; fails = 0; n = 0
deadline = time.time() + 120
while not os.path.exists(stop) and time.time() < deadline:
    n += 1
    try:
        c = http.client.HTTPConnection("127.0.0.1", a, timeout=5)
        c.request("GET", "/")
        body = c.getresponse().read().decode().strip()
        c.close()
        seen[body] = seen.get(body, 0) + 1
    except Exception as e:
        fails += 1
        print("request %d failed: %s" % (n, e), file=sys.stderr)
open(out, "w").write("%d %d %s\n" % (n, fails, " ".join("%s=%d" % kv for kv in sorted(seen.items()))))
PY
cat > "$E2E_TMP/curl_loop.sh" <<'SH'
n=0 f=0 i=0
while [ ! -e "$2" ] && [ $i -lt 20000 ]; do
    i=$((i + 1)); n=$((n + 1))
    curl -sS -m 5 -o /dev/null "http://127.0.0.1:$1/" || f=$((f + 1))
done
echo "$n $f" > "$3"
SH
bg in_cg "$CG" python3 "$E2E_TMP/load.py" "$A" "$E2E_TMP/stop" "$E2E_TMP/py.out"
PYLOAD=$BG
bg in_cg "$CG" sh "$E2E_TMP/curl_loop.sh" "$A" "$E2E_TMP/stop" "$E2E_TMP/curl.out"
CURLLOAD=$BG
sleep 0.5
i=1
while [ $i -le 50 ]; do
    [ $((i % 2)) = 0 ] && v=2 || v=1   # the 50th is v2
    out=$("$SOCKC" apply --cgroup "$CG" "$E2E_TMP/$POLICY-v$v.sp" 2>&1) || fail "re-apply $i: $out"
    echo "$out" | grep -q "0 attached, 1 updated, 0 detached" || fail "re-apply $i did not update the link: $out"
    sleep 0.05
    i=$((i + 1))
done
echo "  last: $out"
sleep 0.3
touch "$E2E_TMP/stop"
j=0
while { kill -0 $PYLOAD 2>/dev/null || kill -0 $CURLLOAD 2>/dev/null; } && [ $j -lt 100 ]; do sleep 0.1; j=$((j + 1)); done
[ -s "$E2E_TMP/py.out" ] && [ -s "$E2E_TMP/curl.out" ] || fail "the load loops did not finish"
read pn pf pseen < "$E2E_TMP/py.out"
read cn cf < "$E2E_TMP/curl.out"
echo "  python: $pn requests, $pf failed, answers: $pseen"
echo "  curl:   $cn requests, $cf failed"
[ "$pf" = 0 ] && [ "$cf" = 0 ] || fail "requests failed during the re-applies"
echo "$pseen" | grep -q "v1=" && echo "$pseen" | grep -q "v2=" || fail "the client did not see both versions: $pseen"
ok "50 re-applies under load: zero failed requests ($pn python, $cn curl), both versions answered"
links_after=$("$SOCKC" status --json $POLICY | python3 -c 'import json,sys; print(sorted(l["id"] for l in json.load(sys.stdin)["policies"][0]["links"]))')
[ "$links_before" = "$links_after" ] || fail "link ids changed: $links_before -> $links_after"
ok "the same link all along ($links_after): bpf_link_update, never detached"
k=0
while [ $k -lt 10 ]; do
    r=$(in_cg "$CG" curl -sS -m 5 "http://127.0.0.1:$A/")
    [ "$r" = v2 ] || fail "after the last apply (v2) a request got '$r'"
    k=$((k + 1))
done
ok "the last applied rules are in effect: 10 of 10 requests reach v2"
check "detach" "$SOCKC" detach $POLICY
echo PASS
