# A number past what the field tested holds: 0..65535 for a port, 32 bits for uid, gid
# and size; at the member of a named set, with a note where it is tested.
policy "ranges";
set closed = { 25, 70000 };
on connect4 {
    if dst.port in closed { deny; }
    if dst.port in 8000..65536 { deny; }
    if uid == 4294967296 { deny; }
    if gid in 1..4294967296 { deny; }
    if uid in 100000..165535 { deny; }
}
