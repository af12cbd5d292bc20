# Outbound ports of a build sandbox, by range: web (mirrors, git over https) goes
# through, the old artifact store's ports 9000-9099 go to its new home, and the other
# well-known ports and the databases' fail at once with EPERM instead of waiting for a
# firewall's timeout. The rules test ports, ranges and sets of ports, so they are one
# lookup: `sockc compile --emit plan` shows a probe table with an entry per port (1,132
# here), the same cost for 8 rules as for 10,000.
policy "sandbox";

on connect {
    if dst.port in {80, 443} { allow; }                               # web
    if dst.port in 9000..9099 { rewrite dst 127.0.0.1:9443; allow; } # the artifact store moved
    if dst.port in 1..1023 { deny; }                                  # other well-known services
    if dst.port in 3306..3307 { deny; }                               # mysql
    if dst.port == 5432 { deny; }                                     # postgres
    if dst.port in 6379..6380 { deny; }                               # redis
    if dst.port in 27017..27019 { deny; }                             # mongodb
    if dst.port == 11211 { deny; }                                    # memcached
}
