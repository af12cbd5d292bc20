/* What the hand-written bindings programs share (bindings_lpm.bpf.c and gen.py's
 * bindings_N.bpf.c): the sockmap of gen.py's bindings_N.sp, `sockmap sockets[4];`, and
 * its `assign sockets[SLOT];`, which drops when the slot is empty and when the kernel
 * refuses the socket (docs/language.md), and counts each, as sk_lookup.bpf.c does. */
#ifndef SOCKC_BENCH_BINDINGS_H
#define SOCKC_BENCH_BINDINGS_H
#include "counters.h"
#include <linux/in.h>

struct {
    __uint(type, BPF_MAP_TYPE_SOCKMAP);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u64);
} sockets SEC(".maps");

static __always_inline int assign(struct bpf_sk_lookup *ctx, __u32 slot)
{
    struct bpf_sock *sk = bpf_map_lookup_elem(&sockets, &slot);
    if (!sk) {
        count(0);
        return SK_DROP;
    }
    long err = bpf_sk_assign(ctx, sk, 0);
    bpf_sk_release(sk);
    if (err) {
        count(1);
        return SK_DROP;
    }
    return SK_PASS;
}
#endif
