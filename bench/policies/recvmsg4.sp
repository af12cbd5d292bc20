# recvmsg4: the replies of sendmsg4's resolver show the address the program sent to
# (examples/udp-dns.sp).
policy "bench_recvmsg4";
on recvmsg4 {
    if src == 127.0.0.53:5353 { rewrite src 192.0.2.53:53; }
}
