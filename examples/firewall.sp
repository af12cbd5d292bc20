# Firewalling at bind/connect/sendmsg time: the calls fail with EPERM.
policy "firewall";
import "std/net";
set admin_ports = { 22, 2375..2376, 10250 };
on connect {
    if dst in net.link_local { deny; }
    if dst.port in admin_ports and not dst in net.loopback { deny; }
}
on bind { if src.port < 1024 and uid != 0 { deny; } }
on sendmsg { if dst.port == 53 and not dst in net.private { deny; } }
