# Rules on a prefix and a port (one lookup keyed by both): a rule never runs when an
# earlier rule of its port has a prefix that holds its own (lines 9 and 11); not a rule
# of another port (line 10), nor one that does what the rule before it does (line 13).
sockmap socks[4];
on lookup {
    if proto == tcp and dst in 192.0.2.0/24 and dst.port == 80 { assign socks[0]; }
    if proto == tcp and dst in 192.0.2.0/24 and dst.port == 443 { assign socks[1]; }
    if proto == tcp and dst in 2001:db8::/32 and dst.port == 80 { assign socks[0]; }
    if proto == tcp and dst in 192.0.2.7/32 and dst.port == 80 { assign socks[2]; }
    if proto == tcp and dst in 192.0.2.7/32 and dst.port == 22 { assign socks[2]; }
    if proto == tcp and dst.port == 443 and dst.ip == 192.0.2.9 { drop; }
    if proto == tcp and dst in 2001:db8:1::/48 and dst.port == 8080 { assign socks[3]; }
    if proto == tcp and dst in 2001:db8:1::/48 and dst.port == 80 { assign socks[0]; }
}
