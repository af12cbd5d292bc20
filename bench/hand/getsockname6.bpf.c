/* getsockname6 by hand: policies/getsockname6.sp,
 *   on getsockname6 { if src.port == 16379 { rewrite src.port 6379; } } */
#include "bench.h"

SEC("cgroup/getsockname6")
int getsockname6(struct bpf_sock_addr *ctx)
{
    if (ctx->user_port == bpf_htons(16379))
        ctx->user_port = bpf_htons(6379);
    return ALLOW; /* getsockname programs must return 1 */
}

char LICENSE[] SEC("license") = "GPL";
