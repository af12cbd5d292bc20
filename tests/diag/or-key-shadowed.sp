# A rule of or-ed keys, or of a set of addresses written in it, is a rule per key in
# the table: a key that an earlier rule takes is said to never match, not the rule (its
# other keys still do).
on connect {
    if dst.port == 22 { allow; }
    if dst.port == 22 or dst.port == 2222 { deny; }
    if dst.port == 23 or dst.port == 2323 { deny; }
    if dst.port == 25 or dst.port == 465 or dst.port == 587 { deny; }
    if dst.port == 110 or dst.port == 995 { deny; }
}
# and a set of addresses written in a rule, a rule per member
on connect4 {
    if dst.ip == 10.0.0.2 { allow; }
    if dst.ip in {10.0.0.1, 10.0.0.2, 10.0.0.3} { deny; }
    if dst.ip in {10.0.1.0/24, 10.0.2.0/24} { deny; }
    if dst.ip in {10.0.3.1, 10.0.4.1} { deny; }
}
