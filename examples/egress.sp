# Source addresses per upstream: partners allowlist the address a service connects from,
# so each connect to an upstream leaves from the address that upstream expects (bind,
# port 0: the kernel picks the port), the old shipping endpoint goes to the new one, and
# a retired upstream fails at once. Rules that bind are one lookup like any others:
# `sockc compile --emit plan` shows a probe table, the same cost for 8 upstreams as for
# 10,000. (Documentation addresses: e2e_egress gives them to a namespace of its own.)
policy "egress";

on connect {
    if dst == 198.51.100.10:443 { bind 192.0.2.10; }                            # payments
    if dst == 198.51.100.11:443 { bind 192.0.2.11; }                            # shipping
    if dst == 198.51.100.12:443 { bind 192.0.2.12; }                            # tax
    if dst == 198.51.100.13:443 { bind 192.0.2.13; allow; }                     # fraud checks
    if dst == 198.51.100.14:443 { bind 192.0.2.11; rewrite dst 198.51.100.11:443; allow; } # old shipping
    if dst == 198.51.100.15:443 { deny; }                                       # retired
    if dst == [2001:db8:100::10]:443 { bind 2001:db8:2::10; }                   # payments over IPv6
    if dst == [2001:db8:100::15]:443 { deny; }                                  # retired, IPv6
}
