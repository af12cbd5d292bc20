# A set of addresses beside a set of ports, written in the rule or named, is a rule per
# endpoint of the two (each prefix with each port) where the rule ends the program: the
# run is one lookup, and an endpoint that an earlier rule takes gets its warning. Line
# 13: 192.0.2.7 port 443 is in line 8's; line 14: 2001:db8::5 port 8443 in line 10's;
# not line 15: port 8080 is no earlier rule's.
sockmap sockets[4];
on lookup {
    if proto == tcp and dst in {192.0.2.0/24, 2001:db8::/64} and dst.port in {80, 443} { assign sockets[0]; }
    if proto == tcp and dst in customer_b and dst.port in web { assign sockets[1]; }
    if proto == tcp and dst in customer_c and dst.port in alt { assign sockets[2]; }
    if proto == tcp and dst in 203.0.113.0/24 and dst.port == 22 { assign sockets[3]; }
    if proto == tcp and dst in 203.0.113.0/24 and dst.port == 23 { drop; }
    if proto == tcp and dst.ip == 192.0.2.7 and dst.port == 443 { drop; }
    if proto == tcp and dst.ip == 2001:db8::5 and dst.port == 8443 { drop; }
    if proto == tcp and dst.ip == 198.51.100.9 and dst.port == 8080 { drop; }
}
set customer_b = { 198.51.100.0/25, 2001:db8:b::/48 };
set customer_c = { 2001:db8::/64 };
set web = { 80, 443 };
set alt = { 8443, 9443 };
