# A number past 65535 where a port is written, as a value or a map key.
policy "ports";
map backends: hash<port, ip>[16];
on connect4 {
    if dst.port == 80 { rewrite dst.port 70000; }
    backends[65536] = 10.0.0.1;
}
