# (a) one rule: a connect to localhost:6379 really goes to 127.0.0.1:16379.
# The cgroup comes from the command line (`sockc apply --cgroup`), so no `in cgroup`.
policy "bench_rewrite1";
on connect4 {
    if dst == 127.0.0.1:6379 { rewrite dst 127.0.0.1:16379; }
}
