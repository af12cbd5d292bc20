# An IPv4 prefix is at most /32.
on connect { if dst in 10.0.0.0/33 { deny; } }
