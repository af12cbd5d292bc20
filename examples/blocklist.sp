# An egress blocklist: connect() and UDP sendto() from the cgroup to any of these
# fail with EPERM. A set of more than 16 members is lowered (`sockc compile --emit
# plan` shows how): its IPv4 addresses, IPv4-mapped ones included, to a search tree
# of compares in the program, up to 2,048 ranges, and past that to a flat trie that
# `sockc apply` fills (at most three loads whatever its size); its IPv6 ones to an
# LPM trie. A blocklist of 100,000 entries is written the same way, or generated into
# a file and imported. `sockc status blocklist` shows how many calls each counter saw.
policy "blocklist";

set blocked = {
    0.0.0.0/8,                          # "this network"
    198.18.0.0/15,                      # benchmarking
    240.0.0.0/4,                        # reserved
    192.0.2.0/24, 198.51.100.0/24,      # documentation
    203.0.113.0/28, 203.0.113.64/26,    # parts of one
    203.0.113.200, 203.0.113.201, 203.0.113.202, 203.0.113.203,
    198.51.101.7, 198.51.101.8, 198.51.101.9,
    192.0.3.17, 192.0.3.18, 192.0.3.19,
    2001:db8::/32, 3fff::/20            # IPv6 documentation
};
set mail = { 25, 465, 587, 2525 };

on connect { if dst in blocked or dst.port in mail { count connects_denied; deny; } }
on sendmsg { if dst in blocked { count datagrams_denied; deny; } }
