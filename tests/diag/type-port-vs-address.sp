# A port compared with an address.
on connect {
    if dst.port == 10.0.0.1 { deny; }
}
