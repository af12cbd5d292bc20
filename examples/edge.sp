# The design sketch's file: consts, sets of mixed families, the short and block forms.
policy "edge";
import "std/net";

const vip   = 10.0.0.5;
const redis = 10.0.2.9:6379;
const api6  = [2001:db8::10]:443;
set blocked = { 169.254.169.254, fd00:ec2::254, 10.96.0.0/12 };   # mixed families are fine
set web     = { 80, 443, 8000..8099 };

# every connect from the legacy cgroup leaves from vip and goes to the gateway
on connect in cgroup "legacy": bind vip; rewrite dst 10.1.0.7:80;

on connect in cgroup "web" {
    if dst in blocked or dst in net.link_local { deny; }   # connect(2) fails with EPERM
    if dst == 127.0.0.1:6379 { rewrite dst redis; }
    if proto == udp and dst.port == 53 { rewrite dst.ip 10.0.0.53; }
    bind vip;                                    # bpf_bind(): source IP only, port 0
}
