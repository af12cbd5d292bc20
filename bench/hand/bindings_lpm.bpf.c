/* sk_lookup bindings by hand, as tubular keeps them: gen.py's bindings_N.sp,
 *   if proto == tcp and dst in P_i and dst.port == PORT_i { assign sockets[S_i]; } ...
 * as one LPM-trie lookup keyed by the port and the address. The port comes first in
 * the key, so the trie finds the longest prefix among the bindings of that port, which
 * is the first that matches (gen.py keeps no binding inside an earlier one of its port).
 * An IPv4 prefix in a 6 program matches IPv4-mapped addresses: those are looked up in
 * the IPv4 trie, and IPv6 has a trie of its own for IPv6 bindings (gen.py's have none),
 * as sockc's program does with LPM tries. The driver fills them (--fill, from gen.py's bindings_N.fill and bindings_N.6.fill)
 * and sizes them to the bindings before loading. */
#include "bindings.h"

/* The prefix length counts the port's 32 bits; the port is local_port as the context
 * holds it (host order), the address in network order, as the trie compares bytes. */
struct key4 {
    __u32 prefixlen;
    __u32 port;
    __u32 addr;
};

struct key6 {
    __u32 prefixlen;
    __u32 port;
    __u32 addr[4];
};

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct key4);
    __type(value, __u32); /* the slot in sockets */
    __uint(max_entries, 1);
} bindings4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct key6);
    __type(value, __u32);
    __uint(max_entries, 1);
} bindings6 SEC(".maps");

SEC("sk_lookup")
int lookup_prog(struct bpf_sk_lookup *ctx)
{
    __u32 *slot, ip;

    if (ctx->protocol != IPPROTO_TCP)
        return SK_PASS;
    if (ctx->family == AF_INET) {
        ip = ctx->local_ip4;
        barrier_var(ip); /* else clang loads both words through one pointer, ctx + 40 or + 56,
                          * which the verifier refuses: a context field is read at a fixed offset */
    } else {
        /* the words read once each (read again, clang would read them through one
         * pointer into the context, which the verifier refuses) */
        struct key6 k = {.prefixlen = 160, .port = ctx->local_port};
        for (int i = 0; i < 4; i++)
            k.addr[i] = ctx->local_ip6[i];
        if (ipv4_mapped(k.addr)) {
            ip = k.addr[3];
        } else {
            slot = bpf_map_lookup_elem(&bindings6, &k);
            /* Keeps the two lookups two calls: clang -O2 would make them one call on
             * either trie, which the verifier cannot turn into a direct call of the
             * trie's lookup (it leaves the helper's indirect call through the map's ops:
             * 50 to 110 ns more per connect on the bench's machine). */
            barrier_var(slot);
            return slot ? assign(ctx, *slot) : SK_PASS;
        }
    }
    struct key4 k = {.prefixlen = 64, .port = ctx->local_port, .addr = ip};
    slot = bpf_map_lookup_elem(&bindings4, &k);
    return slot ? assign(ctx, *slot) : SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
