# sk_lookup: TCP connections to port 80 on any address go to the socket in slot 0 (an
# empty slot drops them). The program serves both families.
policy "bench_sk_lookup";
sockmap listeners[8];
on lookup {
    if proto == tcp and dst.port == 80 { assign listeners[0]; }
}
