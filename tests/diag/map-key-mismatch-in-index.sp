# The map is keyed by port; dst (an endpoint) is used as its key.
map registry: hash<port, endpoint>[16];
on connect4 { rewrite dst registry[dst]; }
