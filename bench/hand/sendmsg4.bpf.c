/* sendmsg4 by hand: policies/sendmsg4.sp,
 *   on sendmsg4 { if dst == 192.0.2.53:53 { rewrite dst 127.0.0.53:5353; } } */
#include "bench.h"

SEC("cgroup/sendmsg4")
int sendmsg4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_ip4 == bpf_htonl(0xc0000235) && ctx->user_port == bpf_htons(53)) {
        ctx->user_ip4 = bpf_htonl(0x7f000035);
        ctx->user_port = bpf_htons(5353);
    }
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
