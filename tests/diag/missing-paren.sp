# A '(' that is never closed.
on connect { if (dst.port == 80 { deny; } }
