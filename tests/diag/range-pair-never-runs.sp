# Rules on ranges of uids and a port each are one lookup keyed by both; a rule whose
# uids earlier rules take for its port gets a warning. Line 10 takes nothing that line
# 7 leaves for port 5432; line 11's uid 100005 is line 7's (the rule is a rule per uid:
# one warning, which counts the others); not line 12: line 7 is of another port.
set tenant_b = { 165536..231071, 7 };
on connect {
    if uid in 100000..165535 and dst.port == 5432 { allow; }
    if uid in tenant_b and dst.port == 5432 { allow; }
    if uid in 300000..365535 and dst.port == 5433 { allow; }
    if uid in 120000..130000 and dst.port == 5432 { deny; }
    if uid in 100005..100008 and dst.port == 5432 { deny; }
    if uid in 100000..165535 and dst.port == 5433 { deny; }
    if uid == 1000 and dst.port == 5434 { allow; }
    if uid in 400000..465535 and dst.port == 5434 { allow; }
    if dst.port in 5432..5434 { deny; }
}
