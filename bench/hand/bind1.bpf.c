/* (e) by hand: on bind4 { if src == 127.0.0.1:7 { deny; } } */
#include "bench.h"

SEC("cgroup/bind4")
int bind4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_ip4 == bpf_htonl(0x7f000001) && ctx->user_port == bpf_htons(7))
        return DENY;
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
