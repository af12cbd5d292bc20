# A service table: virtual addresses that clients in the cgroup connect to, each sent
# to the backend that serves it, as kube-proxy's ClusterIP rules do, but in connect()
# itself: the socket is connected to the backend once, and no packet is rewritten
# afterwards. A run of rules on one field is one lookup: `sockc compile --emit plan`
# shows probe tables (hash tables laid out by the compiler in one map value), one for
# IPv4 that connect6 reads for mapped addresses too and one for IPv6: same cost at 10 or 100,000.
policy "services";

on connect {
    if dst == 10.96.0.10:80 { rewrite dst 127.0.0.1:8080; }     # web
    if dst == 10.96.0.11:80 { rewrite dst 127.0.0.1:8081; }     # web, canary
    if dst == 10.96.0.12:443 { rewrite dst 127.0.0.1:8443; }    # api
    if dst == 10.96.0.13:6379 { rewrite dst 127.0.0.1:6379; }   # redis
    if dst == 10.96.0.14:5432 { rewrite dst 127.0.0.1:5432; }   # postgres
    if dst == 10.96.0.15:9090 { rewrite dst 127.0.0.1:9090; }   # metrics
    if dst == 10.96.0.16:80 { deny; }                           # retired: fail at once
    if dst == 10.96.0.17:11211 { rewrite dst 127.0.0.1:11211; } # memcached
    if dst == [fd00:96::10]:80 { rewrite dst [::1]:8080; }      # web, over IPv6
    if dst == [fd00:96::16]:80 { deny; }                        # retired, over IPv6
}
