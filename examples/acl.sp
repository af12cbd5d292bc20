# An egress list as an inventory tool writes it, service by service: the service's
# virtual address, sent to its backend, then a range its clients must never reach.
# The rules alternate between two fields, but no connect meets an endpoint rule and a
# range rule together, and the range rules all deny, so the plan puts them in two runs
# of one field (`sockc compile --emit plan` shows it): one probe-table lookup for the
# endpoints, and one set of the ranges (inline compares at this size, a search tree past
# 16) with the two prefixes of the last rule, which fails any other port of a service.
policy "acl";

on connect {
    if dst == 10.96.0.10:80 { rewrite dst 127.0.0.1:8080; allow; }     # web
    if dst in 192.0.2.0/26 { deny; }
    if dst == 10.96.0.11:443 { rewrite dst 127.0.0.1:8443; allow; }    # api
    if dst in 192.0.2.64/26 { deny; }
    if dst == 10.96.0.12:6379 { rewrite dst 127.0.0.1:6379; allow; }   # redis
    if dst in 198.51.100.0/25 { deny; }
    if dst == 10.96.0.13:5432 { rewrite dst 127.0.0.1:5432; allow; }   # postgres
    if dst in 198.51.100.128/25 { deny; }
    if dst == 10.96.0.14:9090 { rewrite dst 127.0.0.1:9090; allow; }   # metrics
    if dst in 203.0.113.0/26 { deny; }
    if dst == 10.96.0.15:11211 { rewrite dst 127.0.0.1:11211; allow; } # memcached
    if dst in 203.0.113.64/26 { deny; }
    if dst == 10.96.0.16:80 { rewrite dst 127.0.0.1:8081; allow; }     # web, canary
    if dst in 203.0.113.128/26 { deny; }
    if dst == [fd00:96::10]:80 { rewrite dst [::1]:8080; allow; }      # web, over IPv6
    if dst in 2001:db8::/32 { deny; }
    if dst in { 10.96.0.0/16, fd00:96::/32 } { deny; }                  # other ports of the services
}

# Then a list an operator keeps by hand, first match wins: hosts that may be reached on
# any port, and ports that no other host may be reached on. Its rules meet (a host on
# a listed port) and do different things, so no rule can move: the list is a table per
# field, both looked up, and of the two rules found the one written first acts.
on connect {
    if dst.ip == 192.0.2.130 { allow; }   # the bastion: ssh and the rest
    if dst.port == 22 { deny; }
    if dst.ip == 192.0.2.131 { allow; }   # the mail relay
    if dst.port in 25..26 { deny; }
    if dst.ip == 192.0.2.132 { allow; }   # the database host
    if dst.port == 3306 { deny; }
    if dst.port == 5432 { deny; }
    if dst.ip == 192.0.2.133 { allow; }   # the cache
    if dst.port == 6379 { deny; }
    if dst.port == 11211 { deny; }
}
