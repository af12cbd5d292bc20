# getpeername4: a client whose connect was redirected sees the peer it asked for
# (examples/localhost-redirect.sp).
policy "bench_getpeername4";
on getpeername4 {
    if dst == 127.0.0.2:16379 { rewrite dst 127.0.0.1:6379; }
}
