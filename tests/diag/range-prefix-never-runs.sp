# Rules on a range of uids and a prefix each (tenants' subuids and their networks) are
# one lookup: the uid's range, then its prefixes. A rule whose prefix an earlier rule
# of the same range holds gets a warning that names the range (line 16, inside line
# 8's network); not line 17, of another range. Line 18's range meets line 8's without
# being the same: the run is cut there, and the rest is compared rule by rule.
set tenant_b = { 165536..231071 };
on connect {
    if uid in 100000..165535 and dst in 10.1.0.0/16 { allow; }
    if uid in tenant_b and dst in 10.2.0.0/16 { allow; }
    if dst in 10.3.0.0/16 and uid in 231072..296607 { allow; }
    if uid in 296608..362143 and dst in 10.4.0.0/16 { allow; }
    if uid in 362144..427679 and dst in 10.5.0.0/16 { allow; }
    if uid in 427680..493215 and dst in 10.6.0.0/16 { allow; }
    if uid in 493216..558751 and dst in 10.7.0.0/16 { allow; }
    if uid == 1000 and dst in 10.0.0.0/8 { allow; }
    if uid in 100000..165535 and dst in 10.1.5.0/24 { deny; }
    if uid in 165536..231071 and dst in 10.1.5.0/24 { deny; }
    if uid in 150000..160000 and dst in 10.3.0.0/16 { deny; }
    if uid in 231072..296607 and dst in 10.1.0.0/16 { deny; }
    if dst in 10.0.0.0/8 { deny; }
}
