# Service discovery: remember where a service bound, and send clients that expect
# it on localhost:PORT there.
policy "discovery";
map registry: hash<port, endpoint>[4096];
on post_bind in cgroup "svc-y": registry[src.port] = src;
on connect in cgroup "app-x" {
    if dst.ip == 127.0.0.1 and dst.port in registry { rewrite dst registry[dst.port]; }
}
