# lookup says drop, not deny.
sockmap l[4];
on lookup { if dst.port == 22 { deny; } }
