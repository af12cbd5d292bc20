# post_bind6: the same for IPv6: binding [::]:6379 fails (EPERM).
policy "bench_post_bind6";
on post_bind6 {
    if src.ip == :: and src.port == 6379 { deny; }
}
