# bind6: bind1's rule for both families: no binding the echo port on loopback, IPv6 or
# (a dual-stack socket) IPv4-mapped ::ffff:127.0.0.1.
policy "bench_bind6";
on bind6 {
    if src == [::1]:7 or src == 127.0.0.1:7 { deny; }
}
