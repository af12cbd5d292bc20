# A tenant's subuids with a set of its ports, `uid in 100000..165535 and dst.port in
# {5432, 5433}`, is a rule per port (the range whole: the uids and both ports would be
# more rules than a rule splits into), each a pair of the range and the port, and the
# rules are one lookup. Line 16's uids, a rule per uid (1,000 of them: within what a
# rule splits into), are line 8's for port 5433: one warning.
set tenant_b = { 165536..231071 };
set db_ports = { 5432, 5433 };
on connect {
    if uid in 100000..165535 and dst.port in {5432, 5433} { allow; }
    if uid in tenant_b and dst.port in db_ports { allow; }
    if uid in 231072..296607 and dst.port in 5434..5436 { allow; }
    if uid in 296608..362143 and dst.port == 5437 { allow; }
    if uid in 362144..427679 and dst.port in {5438, 5439} { allow; }
    if uid in 427680..493215 and dst.port in {5438, 5439} { allow; }
    if uid in 493216..558751 and dst.port in {5440, 5441} { allow; }
    if uid in 558752..624287 and dst.port in {5440, 5441} { allow; }
    if uid in 100000..100999 and dst.port == 5433 { deny; }
    if dst.port in 5432..5441 { deny; }
}
