# sk_msg: what a socket of the sockhash sends to port 6379 goes straight into the
# receive queue of its peer socket, found by the peer's own tuple (examples/accel.sp).
policy "bench_sk_msg";
sockhash peers<tuple>[65536];
on msg in peers {
    if dst.port == 6379 { redirect peers[reverse]; }
}
