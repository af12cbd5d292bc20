# proto is tcp or udp, not a number.
on connect {
    if proto == 6 { deny; }
}
