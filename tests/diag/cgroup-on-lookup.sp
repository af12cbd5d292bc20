# lookup attaches to a network namespace, not a cgroup.
sockmap listeners[4];
on lookup in cgroup "web" {
    assign listeners[0];
}
