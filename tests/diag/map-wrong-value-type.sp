# The map holds endpoints; a port is stored into it.
map registry: hash<port, endpoint>[16];
on post_bind: registry[src.port] = src.port;
