/* recvmsg6 by hand: policies/recvmsg6.sp,
 *   on recvmsg6 { if src == 127.0.0.53:5353 { rewrite src 192.0.2.53:53; } }
 * IPv4 addresses in a 6 program (docs/language.md, Families): the rule acts only on
 * an IPv4-mapped sender, ::ffff:127.0.0.53, and writes the mapped ::ffff:192.0.2.53,
 * all four words, as a rewrite writes the whole endpoint. sockc does the same work. */
#include "bench.h"

SEC("cgroup/recvmsg6")
int recvmsg6(struct bpf_sock_addr *ctx)
{
    if (ipv4_mapped(ctx->user_ip6) && ctx->user_ip6[3] == bpf_htonl(0x7f000035) &&
        ctx->user_port == bpf_htons(5353)) {
        ipv6_set(ctx->user_ip6, 0, 0, bpf_htonl(0xffff), bpf_htonl(0xc0000235));
        ctx->user_port = bpf_htons(53);
    }
    return ALLOW; /* recvmsg programs must return 1 */
}

char LICENSE[] SEC("license") = "GPL";
