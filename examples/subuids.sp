# Containers of several tenants on one host, each tenant's processes running as the uids
# of its user namespace (its /etc/subuid range of 65,536). Each tenant reaches only its
# own database port, its connections to the shared service address go to its own
# backend, and of the tenants' networks it reaches its own. Rules on ranges or named
# sets of uids, alone or with a port or a network, are one lookup whatever their number
# (a search tree of the ranges, or an LPM trie of their prefixes; with networks, a
# search of the uid's range, then of that range's networks): see `sockc compile --emit
# plan`.
policy "subuids";

set tenant_a = { 100000..165535 };
set tenant_b = { 165536..231071 };
set tenant_c = { 231072..296607 };
set tenant_d = { 296608..362143 };
set tenant_e = { 362144..427679 };
set tenant_f = { 427680..493215 };
set tenant_g = { 493216..558751, 700000..765535 };   # two namespaces
set tenant_h = { 558752..624287 };

# the tenants' networks, in 172.16.0.0/12
set nets_a = { 172.16.1.0/24 };
set nets_b = { 172.16.2.0/24 };
set nets_c = { 172.16.3.0/24 };
set nets_d = { 172.16.4.0/24 };
set nets_e = { 172.16.5.0/24 };
set nets_f = { 172.16.6.0/24 };
set nets_g = { 172.16.7.0/24, 172.20.7.0/24 };
set nets_h = { 172.16.8.0/24 };

on connect {
    # each tenant its database, and no other's
    if uid in tenant_a and dst.port == 15432 { allow; }
    if uid in tenant_b and dst.port == 15433 { allow; }
    if uid in tenant_c and dst.port == 15434 { allow; }
    if uid in tenant_d and dst.port == 15435 { allow; }
    if uid in tenant_e and dst.port == 15436 { allow; }
    if uid in tenant_f and dst.port == 15437 { allow; }
    if uid in tenant_g and dst.port == 15438 { allow; }
    if uid in tenant_h and dst.port == 15439 { allow; }
    if dst.port in 15432..15439 { deny; }

    # the shared service, 10.96.0.10:80, is each tenant's own backend
    if dst == 10.96.0.10:80 {
        if uid in tenant_a { rewrite dst 127.0.0.1:8001; }
        if uid in tenant_b { rewrite dst 127.0.0.1:8002; }
        if uid in tenant_c { rewrite dst 127.0.0.1:8003; }
        if uid in tenant_d { rewrite dst 127.0.0.1:8004; }
        if uid in tenant_e { rewrite dst 127.0.0.1:8005; }
        if uid in tenant_f { rewrite dst 127.0.0.1:8006; }
        if uid in tenant_g { rewrite dst 127.0.0.1:8007; }
        if uid in tenant_h { rewrite dst 127.0.0.1:8008; }
    }

    # each tenant its own networks, and no other's
    if uid in tenant_a and dst in nets_a { allow; }
    if uid in tenant_b and dst in nets_b { allow; }
    if uid in tenant_c and dst in nets_c { allow; }
    if uid in tenant_d and dst in nets_d { allow; }
    if uid in tenant_e and dst in nets_e { allow; }
    if uid in tenant_f and dst in nets_f { allow; }
    if uid in tenant_g and dst in nets_g { allow; }
    if uid in tenant_h and dst in nets_h { allow; }
    if dst in 172.16.0.0/12 { deny; }
}
