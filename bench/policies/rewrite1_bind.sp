# (b) one rule plus a source-address bind (bpf_bind, port 0) on every connect.
policy "bench_rewrite1_bind";
on connect4 {
    if dst == 127.0.0.1:6379 { rewrite dst 127.0.0.1:16379; }
    bind 127.0.0.1;
}
