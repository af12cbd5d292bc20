# One IP for a cgroup: servers that bind the wildcard listen on the cgroup's address,
# and clients connect from it. The cgroup comes from `sockc apply --cgroup`.
policy "one-ip";
const ip4 = 127.0.0.42;
on bind4 {
    if src.ip == 0.0.0.0 { rewrite src.ip ip4; }
}
on connect4 { bind ip4; }
