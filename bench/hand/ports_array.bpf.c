/* Rules of ports by hand, as a person would write them for any number of rules: an
 * array map indexed by the destination port, whose entry is the port to rewrite to (as
 * user_port holds it; 0: no rule), filled from user space (bench/gen.py writes
 * ports_N.fill). One array lookup, which the verifier inlines (no helper call), and one
 * load, for 1 rule or 65,536 ports. The rules' ranges are disjoint, so the first rule
 * that holds a port is the only one. */
#include "bench.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u32);
    __uint(max_entries, 65536);
} ports SEC(".maps");

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
    __u32 port = bpf_ntohs(ctx->user_port);
    __u32 *to = bpf_map_lookup_elem(&ports, &port);
    if (to && *to)
        ctx->user_port = *to;
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
