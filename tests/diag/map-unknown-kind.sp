# 'tree' is not a map kind.
map m: tree<port, endpoint>[16];
on connect4 { if dst.port in m { deny; } }
