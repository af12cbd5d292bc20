/* getsockname4 by hand: policies/getsockname4.sp,
 *   on getsockname4 { if src.port == 16379 { rewrite src.port 6379; } } */
#include "bench.h"

SEC("cgroup/getsockname4")
int getsockname4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_port == bpf_htons(16379))
        ctx->user_port = bpf_htons(6379);
    return ALLOW; /* getsockname programs must return 1 */
}

char LICENSE[] SEC("license") = "GPL";
