/* recvmsg4 by hand: policies/recvmsg4.sp,
 *   on recvmsg4 { if src == 127.0.0.53:5353 { rewrite src 192.0.2.53:53; } }
 * user_ip4/user_port are the sender that recvmsg() reports. */
#include "bench.h"

SEC("cgroup/recvmsg4")
int recvmsg4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_ip4 == bpf_htonl(0x7f000035) && ctx->user_port == bpf_htons(5353)) {
        ctx->user_ip4 = bpf_htonl(0xc0000235);
        ctx->user_port = bpf_htons(53);
    }
    return ALLOW; /* recvmsg programs must return 1 */
}

char LICENSE[] SEC("license") = "GPL";
