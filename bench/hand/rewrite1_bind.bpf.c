/* (b) by hand: the rewrite of (a), then bpf_bind() to 127.0.0.1 port 0. */
#include "bench.h"
#include <linux/in.h>

#ifndef AF_INET
#define AF_INET 2 /* <sys/socket.h> is libc's; BPF programs define it */
#endif

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_ip4 == bpf_htonl(0x7f000001) && ctx->user_port == bpf_htons(6379)) {
        ctx->user_ip4 = bpf_htonl(0x7f000001);
        ctx->user_port = bpf_htons(16379);
    }
    struct sockaddr_in sa = {
        .sin_family = AF_INET,
        .sin_addr.s_addr = bpf_htonl(0x7f000001),
    };
    bpf_bind(ctx, (struct sockaddr *)&sa, sizeof sa);
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
