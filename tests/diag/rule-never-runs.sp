# Rules of a run (8 or more on one field) that an earlier rule of the run always takes
# first, and that would do something else. Not line 7 or 14: they deny as the rule
# before them does (redundant, not wrong); not line 13: the rule before it writes an
# IPv6 address, which connect4 skips. Past 10 warnings a run gets one line for the rest.
on connect {
    if dst in 10.0.0.0/8 { deny; }
    if dst in 10.1.0.0/16 { deny; }
    if dst in 192.0.2.0/24 { rewrite dst 127.0.0.1:80; }
    if dst in 192.0.2.128/25 { deny; }
    if dst.ip == 10.9.9.9 { allow; }
    if dst in 2001:db8::/32 { deny; }
    if dst in 203.0.113.0/24 { rewrite dst [fd00::1]:80; }
    if dst in 203.0.113.0/25 { deny; }
    if dst in 2001:db8:1::/48 { deny; }
    if dst in 2001:db8::/32 { allow; }
}
on bind {
    if src.port == 1 { deny; }
    if src.port == 2 { deny; }
    if src.port == 3 { deny; }
    if src.port == 4 { deny; }
    if src.port == 5 { deny; }
    if src.port == 6 { deny; }
    if src.port == 7 { deny; }
    if src.port == 8 { deny; }
    if src.port == 9 { deny; }
    if src.port == 10 { deny; }
    if src.port == 11 { deny; }
    if src.port == 12 { deny; }
    if src.port == 1 { allow; }
    if src.port == 2 { allow; }
    if src.port == 3 { allow; }
    if src.port == 4 { allow; }
    if src.port == 5 { allow; }
    if src.port == 6 { allow; }
    if src.port == 7 { allow; }
    if src.port == 8 { allow; }
    if src.port == 9 { allow; }
    if src.port == 10 { allow; }
    if src.port == 11 { allow; }
    if src.port == 12 { allow; }
}
# In the last run, line 53 binds and rewrites as line 46 does (in the other order, which
# means the same); line 54 binds another address than line 47.
on connect4 {
    if dst == 10.0.0.1:80 { bind 10.0.0.5; rewrite dst 10.1.0.7:80; }
    if dst == 10.0.0.2:80 { bind 10.0.0.5; rewrite dst 10.1.0.8:80; }
    if dst == 10.0.0.3:80 { deny; }
    if dst == 10.0.0.4:80 { deny; }
    if dst == 10.0.0.5:80 { deny; }
    if dst == 10.0.0.6:80 { deny; }
    if dst == 10.0.0.7:80 { deny; }
    if dst == 10.0.0.1:80 { rewrite dst 10.1.0.7:80; bind 10.0.0.5; }
    if dst == 10.0.0.2:80 { rewrite dst 10.1.0.8:80; bind 10.0.0.6; }
}
