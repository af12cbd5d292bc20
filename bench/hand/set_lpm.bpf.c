/* (d), large sets by hand: `if dst in blocked { deny; }` as one LPM-trie lookup. The
 * trie is filled from user space (the driver's --fill, from the generator's .fill
 * file), and the driver sizes max_entries to the number of prefixes before loading. */
#include "bench.h"

struct lpm4_key {
    __u32 prefixlen;
    __u32 addr; /* network order */
};

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm4_key);
    __type(value, __u8);
    __uint(max_entries, 1);
} blocked SEC(".maps");

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
    struct lpm4_key k = { .prefixlen = 32, .addr = ctx->user_ip4 };
    if (bpf_map_lookup_elem(&blocked, &k))
        return DENY;
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
