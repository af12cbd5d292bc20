# Two '::' in one IPv6 address.
on connect { if dst.ip == 2001::db8::1 { deny; } }
