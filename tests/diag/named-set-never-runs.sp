# Rules on named sets of uids and of ports are runs of ranges too (a set may hold
# another): line 12 is inside tenants (line 10, through tenant_a); line 15 takes no
# port that lines 13 and 14 leave; not line 16: 8081 is no earlier rule's.
set tenant_a = { 100000..165535 };
set tenants = { tenant_a, 200000..265535 };
set a_part = { 100005..100009, 120000 };
set web = { 80, 443, 8000..8099 };
set alt = { 443, 8080 };
on connect {
    if uid in tenants { rewrite dst.port 8001; allow; }
    if uid in 300000..365535 { deny; }
    if uid in a_part { deny; }
    if dst.port in web { allow; }
    if dst.port in 9000..9099 { allow; }
    if dst.port in alt { deny; }
    if dst.port in {8081, 9100} { deny; }
    if uid == 7 { deny; }
    if uid == 8 { deny; }
    if uid == 9 { deny; }
    if uid == 10 { deny; }
    if uid == 11 { deny; }
    if dst.port == 7 { deny; }
    if dst.port == 8 { deny; }
    if dst.port == 9 { deny; }
    if dst.port == 10 { deny; }
    if dst.port == 11 { deny; }
}
