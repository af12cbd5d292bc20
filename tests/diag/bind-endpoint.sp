# bind takes an address: bpf_bind() uses port 0.
on connect4 { bind 10.0.0.5:80; }
