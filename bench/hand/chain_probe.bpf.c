/* (c), large rule lists by hand, in the structure sockc uses for them: the N rules
 * `if dst == A:P { rewrite dst B:Q; }` as a probe table (common/layout.h), an
 * open-addressing hash table held in the one value of an array map. One array lookup
 * (which the verifier inlines: no helper call), a multiplicative hash of the key, then
 * at most PROBE_PROBES slots from the key's home, unrolled. Equivalent to the if-chain
 * because no rewrite target matches another rule's pattern (the generator guarantees it).
 *
 * A slot is the key (user_ip4 and user_port, as the context holds them) and the value
 * (action, needs_mapped, and the new user_ip4 and user_port); an action of 0 is an empty
 * slot, which ends the search. The table's size, hash multiplier and probe count depend
 * on the rules: bench/gen.py writes them for each N into chain_N.probe.bpf.c, which
 * defines them and includes this file, and builds the table itself (chain_N.probe.fill,
 * put in from user space by the driver's --fill). */
#include "bench.h"

#if !defined(PROBE_SLOTS) || !defined(PROBE_MULT) || !defined(PROBE_PROBES)
#error "build chain_N.probe.bpf.c (bench/gen.py), which defines PROBE_SLOTS, PROBE_MULT and PROBE_PROBES"
#endif

struct slot {
    __u32 ip, port;         /* the key: user_ip4 (network order), user_port (network order in the low 16 bits) */
    __u32 action;           /* 0: empty; 3: rewrite (all of this policy's rules) */
    __u32 needs_mapped;     /* IPv6 programs only; 0 here */
    __u32 new_ip, new_port; /* the rewrite, as user_ip4 and user_port hold it */
};

/* S slots for homes, and P more: the walk from the last home reaches slot S + P - 2;
 * the table as sockc lays it out has one more (layout.h). */
struct table {
    struct slot slot[PROBE_SLOTS + PROBE_PROBES];
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, struct table);
    __uint(max_entries, 1);
} rules SEC(".maps");

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
    __u32 ip = ctx->user_ip4, port = ctx->user_port, zero = 0;
    struct table *t = bpf_map_lookup_elem(&rules, &zero);
    if (!t)
        return ALLOW;
    __u32 x = ip * PROBE_MULT;
    x = (x ^ port) * PROBE_MULT;
    struct slot *s = &t->slot[((__u64)x * PROBE_SLOTS) >> 32]; /* the home, in [0, S) */
#pragma unroll
    for (int i = 0; i < PROBE_PROBES; i++, s++) {
        if (!s->action)
            break;
        if (s->ip == ip && s->port == port) {
            ctx->user_ip4 = s->new_ip;
            ctx->user_port = s->new_port;
            break;
        }
    }
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
