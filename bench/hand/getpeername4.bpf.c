/* getpeername4 by hand: policies/getpeername4.sp,
 *   on getpeername4 { if dst == 127.0.0.2:16379 { rewrite dst 127.0.0.1:6379; } } */
#include "bench.h"

SEC("cgroup/getpeername4")
int getpeername4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_ip4 == bpf_htonl(0x7f000002) && ctx->user_port == bpf_htons(16379)) {
        ctx->user_ip4 = bpf_htonl(0x7f000001);
        ctx->user_port = bpf_htons(6379);
    }
    return ALLOW; /* getpeername programs must return 1 */
}

char LICENSE[] SEC("license") = "GPL";
