/* post_bind6 by hand: policies/post_bind6.sp,
 *   on post_bind6 { if src.ip == :: and src.port == 6379 { deny; } }
 * struct bpf_sock's src_port is in host order. */
#include "bench.h"

SEC("cgroup/post_bind6")
int post_bind6(struct bpf_sock *sk)
{
    if (ipv6_eq(sk->src_ip6, 0, 0, 0, 0) && sk->src_port == 6379)
        return DENY;
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
