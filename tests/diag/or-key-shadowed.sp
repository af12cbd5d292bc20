# A rule of or-ed keys is a rule per key in the table: one key that an earlier rule
# takes is said to never match, not the rule (its other key still does).
on connect {
    if dst.port == 22 { allow; }
    if dst.port == 22 or dst.port == 2222 { deny; }
    if dst.port == 23 or dst.port == 2323 { deny; }
    if dst.port == 25 or dst.port == 465 or dst.port == 587 { deny; }
    if dst.port == 110 or dst.port == 995 { deny; }
}
