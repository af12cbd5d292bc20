# dst is an endpoint (address and port); an address alone is dst.ip.
on connect {
    if dst == 10.0.0.1 { deny; }
}
