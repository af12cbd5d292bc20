# A map with no room for any entry.
map m: hash<port, endpoint>[0];
on connect4 { if dst.port in m { deny; } }
