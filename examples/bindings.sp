# Bindings for sk_lookup, as tubular keeps them: which socket receives the connections
# and datagrams for an address range and a port, whatever address it listens on. The
# list is written per customer, so TCP and UDP bindings come in turn; the plan makes it
# one lookup per protocol keyed by the port and the prefix (an LPM trie), one for the
# any-port range, and the first rule that matches acts (203.0.113.1:80 is the web
# server's, every other port of 203.0.113.0/24 the any-port service's).
policy "bindings";
sockmap sockets[4];   # 0 web, 1 DNS (UDP), 2 the SSH bastion, 3 the any-port service
on lookup {
    # customer A: 192.0.2.0/28
    if proto == tcp and dst in 192.0.2.0/28 and dst.port == 80 { assign sockets[0]; }
    if proto == tcp and dst in 192.0.2.0/28 and dst.port == 443 { assign sockets[0]; }
    if proto == udp and dst in 192.0.2.0/28 and dst.port == 53 { assign sockets[1]; }
    # customer B: 192.0.2.16/28, its .17 the bastion, no DNS
    if proto == tcp and dst.ip == 192.0.2.17 and dst.port == 22 { assign sockets[2]; }
    if proto == tcp and dst in 192.0.2.16/28 and dst.port == 80 { assign sockets[0]; }
    if proto == tcp and dst in 192.0.2.16/28 and dst.port == 443 { assign sockets[0]; }
    # customer C: 198.51.100.0/24 and 2001:db8:c::/48
    if proto == tcp and dst in 198.51.100.0/24 and dst.port == 80 { assign sockets[0]; }
    if proto == tcp and dst in 2001:db8:c::/48 and dst.port == 80 { assign sockets[0]; }
    if proto == udp and dst in 198.51.100.0/24 and dst.port == 53 { assign sockets[1]; }
    if proto == udp and dst in 2001:db8:c::/48 and dst.port == 53 { assign sockets[1]; }
    # customer D: a web server on 203.0.113.1, any port of the range to one service
    if proto == tcp and dst.ip == 203.0.113.1 and dst.port == 80 { assign sockets[0]; }
    if proto == tcp and dst in 203.0.113.0/24 { assign sockets[3]; }
}
