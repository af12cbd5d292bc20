# 'address' is not a key type (ip, port, endpoint, ...).
map m: hash<address, endpoint>[16];
on connect4 { if dst.ip in m { deny; } }
