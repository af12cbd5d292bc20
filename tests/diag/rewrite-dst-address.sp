# rewrite dst writes an endpoint: an address alone is rewrite dst.ip.
policy "rw";
on connect4 {
    if dst.port == 80 { rewrite dst 10.0.0.7; }
    if dst.port == 81 { rewrite dst 8080; }
}
