/* Shared includes for the hand-written BPF C of the benchmark: what a person writing
 * these programs by hand would include. Built with clang-19 -O2 -g -target bpf -mcpu=v3. */
#ifndef SOCKC_BENCH_HAND_H
#define SOCKC_BENCH_HAND_H
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ALLOW 1 /* a cgroup sock_addr program returning 1 lets the call go on */
#define DENY 0  /* returning 0 fails the call with EPERM */

#ifndef AF_INET
#define AF_INET 2 /* <sys/socket.h> is libc's; BPF programs define it */
#endif

/* Whether the IPv6 address a (four words, network order, as the context holds it) is
 * w0:w1:w2:w3, and writing it. */
static __always_inline int ipv6_eq(const __u32 *a, __u32 w0, __u32 w1, __u32 w2, __u32 w3)
{
    return a[0] == w0 && a[1] == w1 && a[2] == w2 && a[3] == w3;
}

static __always_inline void ipv6_set(__u32 *a, __u32 w0, __u32 w1, __u32 w2, __u32 w3)
{
    a[0] = w0;
    a[1] = w1;
    a[2] = w2;
    a[3] = w3;
}

/* Whether the IPv6 address a (four words, network order, as the context holds it) is
 * IPv4-mapped, ::ffff:a.b.c.d: how a dual-stack socket's IPv4 peer looks in the 6
 * programs. The IPv4 address is then a[3]. */
static __always_inline int ipv4_mapped(const __u32 *a)
{
    return a[0] == 0 && a[1] == 0 && a[2] == bpf_htonl(0xffff);
}

/* The key of a sockhash of sockets by 4-tuple (the sk_msg and sockops programs), in
 * the layout of sockc's `sockhash NAME<tuple>` so that either side's programs can share
 * the map: IPv4 addresses stored IPv4-mapped, ports in host order. */
struct tuple {
    __u32 family; /* 4 or 6 */
    __u32 local_ip[4];
    __u32 remote_ip[4];
    __u32 local_port;
    __u32 remote_port;
};
#endif
