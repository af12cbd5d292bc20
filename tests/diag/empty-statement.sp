# A lone ';' where a statement should be.
on connect { if dst.port == 80 { deny; } ; }
