# A set and a map share a name.
set ports = { 80, 443 };
map ports: hash<port, endpoint>[16];
on connect { if dst.port in ports { deny; } }
