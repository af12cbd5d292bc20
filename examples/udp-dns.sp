# UDP: send DNS to a local resolver, and show replies as coming from the address the
# program sent to.
policy "udp-dns";
const asked    = 192.0.2.53:53;
const resolver = 127.0.0.53:5353;
on sendmsg4 { if dst == asked { rewrite dst resolver; } }
on recvmsg4 { if src == resolver { rewrite src asked; } }
