# 300 is not an IPv4 octet.
on connect { if dst.ip == 300.1.1.1 { deny; } }
