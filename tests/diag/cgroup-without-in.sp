# The cgroup path is written without 'in cgroup'.
on connect4 "web" { deny; }
