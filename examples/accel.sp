# Message verdicts and local redirect between sockets of a sockhash.
policy "accel";
sockhash peers<tuple>[65536];
on sockops in cgroup "mesh": if op == established { track peers; }
on msg in peers {
    if size > 65536 { drop; }
    if dst.ip == 127.0.0.1 { redirect peers[reverse]; }   # send straight to the peer socket
}
