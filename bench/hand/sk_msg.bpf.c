/* sk_msg by hand: policies/sk_msg.sp,
 *   sockhash peers<tuple>[65536];
 *   on msg in peers { if dst.port == 6379 { redirect peers[reverse]; } }
 * peers[reverse] is the peer socket, the one whose own tuple (struct tuple, bench.h)
 * has our remote end as its local end. Without a socket there the message takes the
 * normal path: the program passes whatever bpf_msg_redirect_hash() found (the kernel
 * redirects a passed message when the helper set a socket). remote_port holds the port
 * in network order in its upper 16 bits (the kernel shifts it there; the lower 16 are
 * zero), local_port in host order. The key is built in each branch, the way Cilium's
 * sockops code does: with one key filled in by both branches, clang merges the last
 * loads of the two into one load at a computed context offset, which the verifier
 * rejects ("dereference of modified ctx ptr"). A redirect that finds no socket is
 * counted, as the language counts it (peers.redirect_misses, counters.h). */
#define COUNTERS 1
#include "counters.h"

struct {
    __uint(type, BPF_MAP_TYPE_SOCKHASH);
    __uint(max_entries, 65536);
    __type(key, struct tuple);
    __type(value, __u64);
} peers SEC(".maps");

SEC("sk_msg")
int msg_prog(struct sk_msg_md *msg)
{
    if (bpf_ntohl(msg->remote_port) != 6379)
        return SK_PASS;
    long rc;
    if (msg->family == AF_INET) {
        struct tuple peer = {
            .family = 4,
            .local_ip = {0, 0, bpf_htonl(0xffff), msg->remote_ip4},
            .remote_ip = {0, 0, bpf_htonl(0xffff), msg->local_ip4},
            .local_port = 6379,
            .remote_port = msg->local_port,
        };
        rc = bpf_msg_redirect_hash(msg, &peers, &peer, BPF_F_INGRESS);
    } else {
        struct tuple peer = {
            .family = 6,
            .local_ip = {msg->remote_ip6[0], msg->remote_ip6[1], msg->remote_ip6[2], msg->remote_ip6[3]},
            .remote_ip = {msg->local_ip6[0], msg->local_ip6[1], msg->local_ip6[2], msg->local_ip6[3]},
            .local_port = 6379,
            .remote_port = msg->local_port,
        };
        rc = bpf_msg_redirect_hash(msg, &peers, &peer, BPF_F_INGRESS);
    }
    if (rc != SK_PASS)
        count(0);
    return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
