# Rules on a uid and a port: one lookup keyed by both. A pair that an earlier rule
# tests first never runs, and gets a warning when it would do something else; a
# repeated uid or port alone is no repeat, and the order of the two tests does not matter.
on connect {
    if uid == 1001 and dst.port == 5432 { allow; }
    if uid == 1001 and dst.port == 6379 { allow; }
    if uid == 1002 and dst.port == 5432 { allow; }
    if uid == 1002 and dst.port == 6379 { deny; }
    if uid == 1003 and dst.port == 11211 { allow; }
    if uid == 1001 and dst.port == 5432 { deny; }
    if uid == 1004 and dst.port == 5432 { allow; }
    if uid == 1004 and dst.port == 6379 { allow; }
    if dst.port == 6379 and uid == 1002 { allow; }
    if dst.port in {5432, 6379, 11211} { deny; }
}
