# sendmsg6: the same over IPv6.
policy "bench_sendmsg6";
on sendmsg6 {
    if dst == [2001:db8::53]:53 { rewrite dst [::1]:5353; }
}
