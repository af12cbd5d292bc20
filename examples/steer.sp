# Steering with sk_lookup: an address range on port 80, and one address on any port.
policy "steer";
sockmap listeners[8];
on lookup {
    if proto == tcp and dst in 192.0.2.0/24 and dst.port == 80 { assign listeners[0]; }
    if dst.ip == 198.51.100.1 { assign listeners[1]; }   # any port
}
