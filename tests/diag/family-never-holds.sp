# connect4 sees only IPv4 sockets: a test of family == ipv6 never holds there, and
# family != ipv6 always does. In connect (both families) either can hold.
policy "fam";
on connect4 {
    if proto == tcp and family == ipv6 { deny; }
    if family != ipv6 { allow; }
}
on connect { if family == ipv6 { deny; } }
