# Rules of ranges of a number (a run on uid) that earlier rules of the run take in
# full. Line 8: inside line 6; line 9: line 6 takes 100005; line 12: lines 6, 7 and
# 10 between them; not line 14: it does what line 13, which takes it, does
# (redundant, not wrong); not line 11: 296608..300000 is no earlier rule's.
on connect {
    if uid in 100000..165535 { deny; }
    if uid in 165536..231071 { allow; }
    if uid in 100010..100020 { allow; }
    if uid == 100005 { allow; }
    if uid in 231072..296607 { deny; }
    if uid in 231072..300000 { allow; }
    if uid in 160000..240000 { allow; }
    if uid in 1..10 { deny; }
    if uid in 5..7 { deny; }
}
