# Rules of ports (ranges and sets of a run on one port field) that earlier rules of the
# run take in full. Line 15: 8000..8003 is the whole of line 7 and 8; line 16: port 25
# is in line 9's set; not line 17: 9000 is no earlier rule's; not line 18: it does
# what line 11, which takes its port, does (redundant, not wrong).
on connect {
    if dst.port in 1000..1999 { rewrite dst.port 1; }
    if dst.port in 8000..8001 { rewrite dst.port 2; }
    if dst.port in 8002..8003 { rewrite dst.port 3; }
    if dst.port in {22, 25, 110} { deny; }
    if dst.port == 443 { allow; }
    if dst.port in 3000..3999 { deny; }
    if dst.port == 80 { rewrite dst.port 8080; allow; }
    if dst.port == 81 { rewrite dst.port 8081; allow; }
    if dst.port == 82 { rewrite dst.port 8082; allow; }
    if dst.port in 8000..8003 { allow; }
    if dst.port == 25 { allow; }
    if dst.port in {3000, 9000} { allow; }
    if dst.port in 3500..3600 { deny; }
}
