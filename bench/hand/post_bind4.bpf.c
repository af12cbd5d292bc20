/* post_bind4 by hand: policies/post_bind4.sp,
 *   on post_bind4 { if src.ip == 0.0.0.0 and src.port == 6379 { deny; } }
 * struct bpf_sock's src_port is in host order. */
#include "bench.h"

SEC("cgroup/post_bind4")
int post_bind4(struct bpf_sock *sk)
{
    if (sk->src_ip4 == 0 && sk->src_port == 6379)
        return DENY;
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
