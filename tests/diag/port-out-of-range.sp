# Ports are 0..65535.
on connect {
    if dst.port == 70000 { deny; }
}
