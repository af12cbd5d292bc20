/* (b) by hand: the rewrite of (a), then bpf_bind() to 127.0.0.1 port 0. As the language
 * defines `bind IP;`, a source address that cannot be bound fails the connect (EPERM)
 * rather than let it leave from another address: the result is checked. */
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
    if (bpf_bind(ctx, (struct sockaddr *)&sa, sizeof sa) < 0)
        return DENY;
    return ALLOW;
}

char LICENSE[] SEC("license") = "GPL";
