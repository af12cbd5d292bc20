# recvmsg6: recvmsg4's rule as `on recvmsg` puts it in the 6 program: for a dual-stack
# socket, a reply from ::ffff:127.0.0.53 shows ::ffff:192.0.2.53 (the mapped form).
policy "bench_recvmsg6";
on recvmsg6 {
    if src == 127.0.0.53:5353 { rewrite src 192.0.2.53:53; }
}
