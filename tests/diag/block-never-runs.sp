# A block per uid of its ports is a rule per port, `if uid == U and dst.port == P`,
# and with the rules around it one lookup keyed by both. A port that an earlier rule
# of the uid tests first never runs, and its warning points at that port's rule.
on connect {
    if uid == 1001 {
        if dst.port == 5432 { allow; }
        if dst.port == 6379 { allow; }
    }
    if uid == 1002 {
        if dst.port == 5432 { allow; }
        if dst.port == 6379 { deny; }
        if dst.port == 5432 { deny; }
    }
    if uid == 1003 { if dst.port == 11211 { allow; } }
    if uid == 1004 {
        if dst.port == 5432 { allow; }
        if dst.port == 6379 { allow; }
    }
    if uid == 1001 and dst.port == 6379 { deny; }
    if dst.port in {5432, 6379, 11211} { deny; }
}
