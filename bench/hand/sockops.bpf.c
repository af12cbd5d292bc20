/* sockops by hand: policies/sockops.sp,
 *   sockhash peers<tuple>[65536];
 *   on sockops { if op == established { track peers; } }
 * `established` is either side's: BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB (connect) and
 * BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB (accept). The socket goes into the sockhash under
 * its own tuple (struct tuple, bench.h). remote_port holds the port in network order in
 * its upper 16 bits (the kernel shifts it there; the lower 16 are zero), so bpf_ntohl()
 * gives it in host order; local_port is in host order. The key is built in each branch
 * as in sk_msg.bpf.c (one key filled in by both makes clang load from a computed context
 * offset, which the verifier rejects). */
#include "bench.h"

struct {
    __uint(type, BPF_MAP_TYPE_SOCKHASH);
    __uint(max_entries, 65536);
    __type(key, struct tuple);
    __type(value, __u64);
} peers SEC(".maps");

SEC("sockops")
int sockops_prog(struct bpf_sock_ops *ops)
{
    if (ops->op != BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB && ops->op != BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB)
        return 1;
    if (ops->family == AF_INET) {
        struct tuple key = {
            .family = 4,
            .local_ip = {0, 0, bpf_htonl(0xffff), ops->local_ip4},
            .remote_ip = {0, 0, bpf_htonl(0xffff), ops->remote_ip4},
            .local_port = ops->local_port,
            .remote_port = bpf_ntohl(ops->remote_port),
        };
        bpf_sock_hash_update(ops, &peers, &key, BPF_ANY);
    } else {
        struct tuple key = {
            .family = 6,
            .local_ip = {ops->local_ip6[0], ops->local_ip6[1], ops->local_ip6[2], ops->local_ip6[3]},
            .remote_ip = {ops->remote_ip6[0], ops->remote_ip6[1], ops->remote_ip6[2], ops->remote_ip6[3]},
            .local_port = ops->local_port,
            .remote_port = bpf_ntohl(ops->remote_port),
        };
        bpf_sock_hash_update(ops, &peers, &key, BPF_ANY);
    }
    return 1; /* sockops programs return 1 */
}

char LICENSE[] SEC("license") = "GPL";
