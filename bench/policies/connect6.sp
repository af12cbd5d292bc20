# connect6: a redis on localhost moved to port 16379, for a client of either family.
# The IPv4 rule is what `on connect` puts in the 6 program for a dual-stack socket: it
# acts only on an IPv4-mapped destination (::ffff:127.0.0.1) and writes the mapped form.
policy "bench_connect6";
on connect6 {
    if dst == [::1]:6379 { rewrite dst [::1]:16379; }
    if dst == 127.0.0.1:6379 { rewrite dst 127.0.0.1:16379; }
}
