/* (d), large sets by hand: `if dst in blocked { deny; }` as the walk of a flat trie
 * (common/layout.h) held in the one value of an array map: one lookup, then at most
 * three loads at computed offsets. Strides 16-8-8 over the address b0.b1.b2.b3: a root
 * of 65536 u32 entries indexed by b0 | b1 << 8 (the low half of user_ip4, which holds
 * the address in network order), nodes of 256 u32 entries indexed by b2, leaves of 256
 * bits indexed by b3. An entry is 0 (no member below), 1 (all members) or the offset of
 * the node or leaf below it. The trie is built by the generator (the .flat.fill file)
 * and put in from user space (the driver's --fill).
 *
 * The value is declared at the largest size a flat trie may have (sockc's limit), so
 * that one object serves every set: the bounds checks below are against that size,
 * and the driver zero-pads a shorter trie to it. */
#include "bench.h"

#define FLAT_BYTES (4u << 20) /* SC_FLAT4_MAX_BYTES */
#define NODE_BYTES (256u * 4)
#define LEAF_BYTES 32u

struct flat_trie {
    __u32 root[65536];
    __u8 blocks[FLAT_BYTES - sizeof(__u32[65536])]; /* nodes and leaves */
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, struct flat_trie);
    __uint(max_entries, 1);
} blocked SEC(".maps");

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
    __u32 ip = ctx->user_ip4, zero = 0;
    struct flat_trie *t = bpf_map_lookup_elem(&blocked, &zero);
    if (!t)
        return ALLOW;
    const __u8 *v = (const __u8 *)t;
    __u32 e = t->root[ip & 0xffff];
    if (e <= 1)
        return e ? DENY : ALLOW;
    if (e > FLAT_BYTES - NODE_BYTES) /* never in a well-formed trie; the verifier needs it */
        return ALLOW;
    e = *(const __u32 *)(v + e + 4 * ((ip >> 16) & 0xff));
    if (e <= 1)
        return e ? DENY : ALLOW;
    if (e > FLAT_BYTES - LEAF_BYTES)
        return ALLOW;
    return v[e + (ip >> 27)] & (1u << ((ip >> 24) & 7)) ? DENY : ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
