# Rules on a uid (or a range of them), a prefix and a port (a user's database
# networks) are one lookup: the uid's value or range, then its prefixes of the port. A
# rule whose prefix an earlier rule of the same uid and port holds gets a warning that
# names both (line 15, inside line 7's network); not line 16, of another port, nor line
# 17, of another uid, nor line 18 written in another order of its own range.
on connect {
    if uid == 1001 and dst in 10.1.0.0/16 and dst.port == 5432 { allow; }
    if uid == 1002 and dst in 10.2.0.0/16 and dst.port == 5432 { allow; }
    if dst.port == 6379 and uid == 1001 and dst in 10.3.0.0/16 { allow; }
    if uid in 100000..165535 and dst in 10.4.0.0/16 and dst.port == 5432 { allow; }
    if uid == 1003 and dst in 10.5.0.0/16 and dst.port == 443 { allow; }
    if uid == 1004 and dst in 10.6.0.0/16 and dst.port == 443 { allow; }
    if uid == 1005 and dst in 10.7.0.0/16 and dst.port == 80 { allow; }
    if uid == 1006 and dst in 10.0.0.0/8 and dst.port == 80 { allow; }
    if uid == 1001 and dst in 10.1.5.0/24 and dst.port == 5432 { deny; }
    if uid == 1001 and dst in 10.1.5.0/24 and dst.port == 5433 { deny; }
    if uid == 1002 and dst in 10.1.5.0/24 and dst.port == 5432 { deny; }
    if dst in 10.4.1.0/24 and dst.port == 5432 and uid in 165536..231071 { deny; }
    deny;
}
