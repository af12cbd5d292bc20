# The map is keyed by port; an address cannot look it up.
map registry: hash<port, endpoint>[16];
on connect4 {
    if dst.ip in registry { rewrite dst registry[dst.ip]; }
}
