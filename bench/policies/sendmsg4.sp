# sendmsg4: UDP DNS to a documentation address goes to a local resolver instead
# (examples/udp-dns.sp).
policy "bench_sendmsg4";
on sendmsg4 {
    if dst == 192.0.2.53:53 { rewrite dst 127.0.0.53:5353; }
}
