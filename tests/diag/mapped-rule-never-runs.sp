# An IPv6 key written IPv4-mapped after the IPv4 key of its address (or inside an IPv4
# prefix) never runs: the 6 programs meet the IPv4 rule first, the 4 programs never
# meet it (lines 7 and 20). The other way round both run: the IPv4 rule in the 4
# programs (lines 9 and 22).
on connect {
    if dst.ip == 10.0.0.1 { deny; }
    if dst.ip == ::ffff:10.0.0.1 { allow; }
    if dst.ip == ::ffff:10.0.0.2 { allow; }
    if dst.ip == 10.0.0.2 { deny; }
    if dst.ip == 10.0.0.3 { deny; }
    if dst.ip == 10.0.0.4 { deny; }
    if dst.ip == 10.0.0.5 { deny; }
    if dst.ip == 10.0.0.6 { deny; }
    if dst.ip == 10.0.0.7 { deny; }
}
on sendmsg {
    if dst in 10.1.0.0/16 { deny; }
    if dst in 10.2.0.0/16 { deny; }
    if dst in 10.3.0.0/16 { deny; }
    if dst in ::ffff:10.1.2.0/120 { allow; }
    if dst in ::ffff:10.4.0.0/112 { allow; }
    if dst in 10.4.1.0/24 { deny; }
    if dst in 10.5.0.0/16 { deny; }
    if dst in 10.6.0.0/16 { deny; }
}
