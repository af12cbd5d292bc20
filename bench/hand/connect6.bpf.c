/* connect6 by hand: policies/connect6.sp,
 *   on connect6 {
 *       if dst == [::1]:6379 { rewrite dst [::1]:16379; }
 *       if dst == 127.0.0.1:6379 { rewrite dst 127.0.0.1:16379; }
 *   }
 * The second rule has an IPv4 address in a 6 program: as the language defines it
 * (docs/language.md, Families), it acts only on an IPv4-mapped destination,
 * ::ffff:127.0.0.1 (a dual-stack socket's IPv4 peer), and writes the mapped form, all
 * four words, as a rewrite writes the whole endpoint (rewrite1.bpf.c writes the
 * unchanged address too). sockc does the same work. */
#include "bench.h"

SEC("cgroup/connect6")
int connect6(struct bpf_sock_addr *ctx)
{
    if (ipv6_eq(ctx->user_ip6, 0, 0, 0, bpf_htonl(1)) && ctx->user_port == bpf_htons(6379)) {
        ipv6_set(ctx->user_ip6, 0, 0, 0, bpf_htonl(1));
        ctx->user_port = bpf_htons(16379);
    }
    if (ipv4_mapped(ctx->user_ip6) && ctx->user_ip6[3] == bpf_htonl(0x7f000001) &&
        ctx->user_port == bpf_htons(6379)) {
        ipv6_set(ctx->user_ip6, 0, 0, bpf_htonl(0xffff), bpf_htonl(0x7f000001));
        ctx->user_port = bpf_htons(16379);
    }
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
