# Rules on a uid and a network: one lookup keyed by the uid and the prefix. A rule whose
# network an earlier rule of the same uid holds never runs, and gets a warning when it
# would do something else; the same network for another uid is no repeat.
on connect {
    if uid == 1001 and dst in 10.1.0.0/16 { deny; }
    if uid == 1002 and dst in 10.1.0.0/16 { allow; }
    if uid == 1001 and dst in 10.2.0.0/16 { allow; }
    if dst in 10.1.7.0/24 and uid == 1001 { allow; }
    if uid == 1003 and dst.ip == 10.3.0.1 { deny; }
    if uid == 1002 and dst in 10.1.0.0/16 { deny; }
    if uid == 1003 and dst in 2001:db8::/32 { deny; }
    if uid == 1004 and dst in 10.0.0.0/8 { deny; }
    if uid == 1003 and dst.ip == 10.3.0.1 { deny; }
}
