# getsockname4: a server whose bind was moved to port 16379 sees the port it asked for.
policy "bench_getsockname4";
on getsockname4 {
    if src.port == 16379 { rewrite src.port 6379; }
}
