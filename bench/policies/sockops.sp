# sockops: every established TCP connection of the cgroup goes into a sockhash under
# its tuple, for sk_msg's redirect (examples/accel.sp).
policy "bench_sockops";
sockhash peers<tuple>[65536];
on sockops {
    if op == established { track peers; }
}
