# A cgroup path whose string never ends.
on connect4 in cgroup "web {
    deny;
}
