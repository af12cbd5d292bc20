# The hook block is never closed.
on connect4 {
    if dst.port == 80 {
        deny;
    }
