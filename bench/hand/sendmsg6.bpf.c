/* sendmsg6 by hand: policies/sendmsg6.sp,
 *   on sendmsg6 { if dst == [2001:db8::53]:53 { rewrite dst [::1]:5353; } } */
#include "bench.h"

SEC("cgroup/sendmsg6")
int sendmsg6(struct bpf_sock_addr *ctx)
{
    if (ipv6_eq(ctx->user_ip6, bpf_htonl(0x20010db8), 0, 0, bpf_htonl(0x53)) &&
        ctx->user_port == bpf_htons(53)) {
        ipv6_set(ctx->user_ip6, 0, 0, 0, bpf_htonl(1));
        ctx->user_port = bpf_htons(5353);
    }
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
