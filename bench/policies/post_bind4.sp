# post_bind4: redis may not listen on every address: binding 0.0.0.0:6379 fails (EPERM).
policy "bench_post_bind4";
on post_bind4 {
    if src.ip == 0.0.0.0 and src.port == 6379 { deny; }
}
