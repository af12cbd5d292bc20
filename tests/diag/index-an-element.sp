# An element of a sockmap (or of a map) cannot be indexed again.
sockmap socks[4];
on lookup {
    if dst.port == 80 { assign socks[0][2]; }
}
