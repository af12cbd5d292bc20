/* sk_lookup by hand: policies/sk_lookup.sp,
 *   sockmap listeners[8];
 *   on lookup { if proto == tcp and dst.port == 80 { assign listeners[0]; } }
 * One program for both families; the rule reads no address, so it needs no branch on
 * the family. `assign` drops when the slot is empty (docs/language.md) and when the
 * kernel refuses the socket, and counts each (listeners.assign_misses and
 * assign_errors, counters.h). local_port is in host order. */
#include "counters.h"
#include <linux/in.h>

struct {
    __uint(type, BPF_MAP_TYPE_SOCKMAP);
    __uint(max_entries, 8);
    __type(key, __u32);
    __type(value, __u64);
} listeners SEC(".maps");

SEC("sk_lookup")
int lookup_prog(struct bpf_sk_lookup *ctx)
{
    if (ctx->protocol != IPPROTO_TCP || ctx->local_port != 80)
        return SK_PASS;
    __u32 slot = 0;
    struct bpf_sock *sk = bpf_map_lookup_elem(&listeners, &slot);
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

char LICENSE[] SEC("license") = "GPL";
