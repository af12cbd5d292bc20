# A range of ports beside a prefix of the same end (`dst in P and dst.port in LO..HI`) is
# a rule per port, each a prefix with its port (not a pair of the prefix and the range,
# which a rewrite of the port could not follow): line 14's port 8000 in 10.1.0.0/16 is
# line 7's. Beside a uid a range stays whole (line 15 is inside line 8's prefix for the
# same range of uids, their guard).
on connect {
    if dst in 10.0.0.0/8 and dst.port in 8000..8001 { deny; }
    if uid in 100000..165535 and dst in 10.0.0.0/8 { allow; }
    if dst in 10.2.0.0/16 and dst.port == 8002 { deny; }
    if dst in 10.3.0.0/16 and dst.port == 8003 { deny; }
    if dst in 10.4.0.0/16 and dst.port == 8004 { deny; }
    if dst in 10.5.0.0/16 and dst.port == 8005 { deny; }
    if dst in 10.6.0.0/16 and dst.port == 8006 { deny; }
    if dst in 10.1.0.0/16 and dst.port == 8000 { allow; }
    if uid in 100000..165535 and dst in 10.9.0.0/16 { deny; }
}
