# Tenants: each tenant's address range goes to its own local gateway, and a few
# service accounts may not open connections at all. A run of 8 or more rules on one
# field is one lookup, whatever its length: the uids a probe table, the prefixes a search
# tree (IPv4 and IPv4-mapped) and an LPM trie (IPv6): see `sockc compile --emit plan`.
policy "tenants";

on connect {
    if uid == 901 { deny; }          # batch accounts: no network
    if uid == 902 { deny; }
    if uid == 903 { deny; }
    if uid == 904 { deny; }
    if uid == 905 { deny; }
    if uid == 906 { deny; }
    if uid == 907 { deny; }
    if uid == 990 { allow; }         # the operator's account reaches tenants directly

    if dst in 10.1.0.0/16 { rewrite dst.ip 127.0.1.1; }
    if dst in 10.2.0.0/16 { rewrite dst.ip 127.0.1.2; }
    if dst in 10.3.0.0/16 { rewrite dst.ip 127.0.1.3; }
    if dst in 10.4.0.0/16 { rewrite dst.ip 127.0.1.4; }
    if dst in 10.5.0.0/16 { rewrite dst.ip 127.0.1.5; }
    if dst in 10.6.0.0/16 { rewrite dst.ip 127.0.1.6; }
    if dst.ip == 10.7.0.1 { rewrite dst.ip 127.0.1.7; }    # one host: the same as 10.7.0.1/32
    if dst in fd00:8::/32 { rewrite dst.ip ::1; }
    if dst in 10.0.0.0/8  { deny; }                        # the rest of 10/8 is no tenant's
}
