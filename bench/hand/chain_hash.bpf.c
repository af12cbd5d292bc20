/* (c), large rule lists by hand: `if dst == A:P { rewrite dst B:Q; }` for N rules as
 * one hash lookup keyed by the destination endpoint. Filled from user space (the
 * driver's --fill), max_entries sized by the driver. Equivalent to the if-chain because
 * no rewrite target matches another rule's pattern (the generator guarantees it). */
#include "bench.h"

struct ep {
    __u32 ip;   /* network order, as in bpf_sock_addr.user_ip4 */
    __u32 port; /* network order in the low 16 bits, as in user_port */
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, struct ep);
    __type(value, struct ep);
    __uint(max_entries, 1);
} rules SEC(".maps");

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
    struct ep k = { .ip = ctx->user_ip4, .port = ctx->user_port };
    struct ep *to = bpf_map_lookup_elem(&rules, &k);
    if (to) {
        ctx->user_ip4 = to->ip;
        ctx->user_port = to->port;
    }
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
