# getpeername6: the same over IPv6.
policy "bench_getpeername6";
on getpeername6 {
    if dst == [::1]:16379 { rewrite dst [::1]:6379; }
}
