# 10.0.0.1/8 has bits set past the prefix length.
set nets = { 10.0.0.1/8 };
on connect { if dst in nets { deny; } }
