/* getpeername6 by hand: policies/getpeername6.sp,
 *   on getpeername6 { if dst == [::1]:16379 { rewrite dst [::1]:6379; } } */
#include "bench.h"

SEC("cgroup/getpeername6")
int getpeername6(struct bpf_sock_addr *ctx)
{
    if (ipv6_eq(ctx->user_ip6, 0, 0, 0, bpf_htonl(1)) && ctx->user_port == bpf_htons(16379)) {
        ipv6_set(ctx->user_ip6, 0, 0, 0, bpf_htonl(1));
        ctx->user_port = bpf_htons(6379);
    }
    return ALLOW; /* getpeername programs must return 1 */
}

char LICENSE[] SEC("license") = "GPL";
