# (e) one rule in the bind hook: refuse binding 127.0.0.1:7 (the bench binds port 0,
# so the rule is evaluated on every bind() and never fires).
policy "bench_bind1";
on bind4 {
    if src == 127.0.0.1:7 { deny; }
}
