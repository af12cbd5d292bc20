/* (d), large sets by hand: `if dst in blocked { deny; }` as the walk of a flat trie of
 * strides 16-16 (common/layout.h) held in the one value of an array map: one lookup,
 * then at most two loads at computed offsets. Over the address b0.b1.b2.b3: a root of
 * 65536 u32 entries indexed by b0 | b1 << 8 (the low half of user_ip4, which holds the
 * address in network order), then leaves of 65536 bits indexed by b2 << 8 | b3 (bit
 * b3 % 8 of byte b2 * 32 + b3 / 8). A root entry is 0 (no member below), 1 (all
 * members) or the offset of the leaf below it. sockc makes this form where it fits in
 * 4 MiB (a root of 256 KiB and 8 KiB a leaf: up to 480 leaves), and the 16-8-8 form of
 * set_flat.bpf.c beyond. The trie is built by the generator (the .flat16.fill file) and
 * put in from user space (the driver's --fill).
 *
 * The value is declared at the largest size a flat trie may have (sockc's limit), so
 * that one object serves every set: the bounds check below is against that size, and
 * the driver zero-pads a shorter trie to it. */
#include "bench.h"

#define FLAT_BYTES (4u << 20) /* SC_FLAT4_MAX_BYTES */
#define LEAF_BYTES 8192u      /* 65536 bits */

struct flat_trie {
    __u32 root[65536];
    __u8 leaves[FLAT_BYTES - sizeof(__u32[65536])];
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
    if (e > FLAT_BYTES - LEAF_BYTES) /* never in a well-formed trie; the verifier needs it */
        return ALLOW;
    /* b2 is bits 16-23 of ip, b3 bits 24-31: byte b2 * 32 + b3 / 8, bit b3 % 8 */
    return v[e + (((ip >> 16) & 0xff) << 5 | ip >> 27)] & (1u << ((ip >> 24) & 7)) ? DENY : ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
