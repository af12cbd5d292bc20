/* bind6 by hand: policies/bind6.sp,
 *   on bind6 { if src == [::1]:7 or src == 127.0.0.1:7 { deny; } }
 * 127.0.0.1 in a 6 program is the IPv4-mapped ::ffff:127.0.0.1 (docs/language.md,
 * Families); sockc does the same work. */
#include "bench.h"

SEC("cgroup/bind6")
int bind6(struct bpf_sock_addr *ctx)
{
    if ((ipv6_eq(ctx->user_ip6, 0, 0, 0, bpf_htonl(1)) && ctx->user_port == bpf_htons(7)) ||
        (ipv4_mapped(ctx->user_ip6) && ctx->user_ip6[3] == bpf_htonl(0x7f000001) &&
         ctx->user_port == bpf_htons(7)))
        return DENY;
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
