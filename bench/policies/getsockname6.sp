# getsockname6: the same for an IPv6 socket.
policy "bench_getsockname6";
on getsockname6 {
    if src.port == 16379 { rewrite src.port 6379; }
}
