# A port rewritten with an address.
on connect4 {
    rewrite dst.port 10.0.0.1;
}
