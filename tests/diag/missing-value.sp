# A condition or value left out: the parser says a value goes there, and asks about
# the block where a statement follows.
on connect4 {
    if { deny; }
}
on bind4 {
    rewrite src.ip ;
}
