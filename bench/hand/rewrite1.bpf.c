/* (a) by hand: if dst == 127.0.0.1:6379 { rewrite dst 127.0.0.1:16379; } */
#include "bench.h"

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_ip4 == bpf_htonl(0x7f000001) && ctx->user_port == bpf_htons(6379)) {
        ctx->user_ip4 = bpf_htonl(0x7f000001);
        ctx->user_port = bpf_htons(16379);
    }
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
