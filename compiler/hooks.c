#include "hooks.h"

#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

const sc_field_info sc_fields[FLD__COUNT] = {
    [FLD_SRC] = {"src", TY_ENDPOINT, 0, 0},      [FLD_SRC_IP] = {"src.ip", TY_IP, 0, 1},
    [FLD_SRC_PORT] = {"src.port", TY_PORT, 0, 2}, [FLD_DST] = {"dst", TY_ENDPOINT, 1, 0},
    [FLD_DST_IP] = {"dst.ip", TY_IP, 1, 1},      [FLD_DST_PORT] = {"dst.port", TY_PORT, 1, 2},
    [FLD_PROTO] = {"proto", TY_PROTO, -1, 0},     [FLD_FAMILY] = {"family", TY_FAMILY, -1, 0},
    [FLD_UID] = {"uid", TY_NUM, -1, 0},           [FLD_GID] = {"gid", TY_NUM, -1, 0},
    [FLD_SIZE] = {"size", TY_NUM, -1, 0},         [FLD_OP] = {"op", TY_OP, -1, 0},
};

int sc_field_lookup(const char *name)
{
    for (int i = 0; i < FLD__COUNT; i++) /* every name is looked up here: the first byte spares most calls */
        if (sc_fields[i].name[0] == name[0] && strcmp(sc_fields[i].name, name) == 0)
            return i;
    return -1;
}

#define OFF(type, field) ((int)offsetof(struct type, field))
#define NOSLOT {-1, -1, -1, PORT_NONE}
/* sockaddr the program sees (user_ip*, user_port) */
#define USER {OFF(bpf_sock_addr, user_ip4), OFF(bpf_sock_addr, user_ip6), OFF(bpf_sock_addr, user_port), PORT_NET32}
#define MSG_SRC {OFF(bpf_sock_addr, msg_src_ip4), OFF(bpf_sock_addr, msg_src_ip6), -1, PORT_NONE}
#define SK_SRC {OFF(bpf_sock, src_ip4), OFF(bpf_sock, src_ip6), OFF(bpf_sock, src_port), PORT_HOST32}
#define LK_LOCAL {OFF(bpf_sk_lookup, local_ip4), OFF(bpf_sk_lookup, local_ip6), OFF(bpf_sk_lookup, local_port), PORT_HOST32}
#define LK_REMOTE {OFF(bpf_sk_lookup, remote_ip4), OFF(bpf_sk_lookup, remote_ip6), OFF(bpf_sk_lookup, remote_port), PORT_NET32}
#define MSG_LOCAL {OFF(sk_msg_md, local_ip4), OFF(sk_msg_md, local_ip6), OFF(sk_msg_md, local_port), PORT_HOST32}
#define MSG_REMOTE {OFF(sk_msg_md, remote_ip4), OFF(sk_msg_md, remote_ip6), OFF(sk_msg_md, remote_port), PORT_NET_HI16}
#define OPS_LOCAL {OFF(bpf_sock_ops, local_ip4), OFF(bpf_sock_ops, local_ip6), OFF(bpf_sock_ops, local_port), PORT_HOST32}
#define OPS_REMOTE {OFF(bpf_sock_ops, remote_ip4), OFF(bpf_sock_ops, remote_ip6), OFF(bpf_sock_ops, remote_port), PORT_NET_HI16}

#define R ACC_R
#define RW (ACC_R | ACC_W)
#define ENDS(s, d) [FLD_SRC] = s, [FLD_SRC_IP] = s, [FLD_SRC_PORT] = s, [FLD_DST] = d, [FLD_DST_IP] = d, [FLD_DST_PORT] = d
#define SA_COMMON OFF(bpf_sock_addr, protocol), OFF(bpf_sock_addr, family), -1, -1
#define VERDICT (ACT_ALLOW | ACT_DENY | ACT_MAPWRITE)
#define ALLOW_ONLY (ACT_ALLOW | ACT_MAPWRITE)

/* Return values: cgroup hooks allow with 1 and fail the call (EPERM) with 0;
 * sk_lookup and sk_msg pass with SK_PASS and drop with SK_DROP; sockops returns 1. */
const sc_hook sc_hooks[] = {
    {"bind", {"cgroup/bind4", "cgroup/bind6"}, "sock_addr", TGT_CGROUP, {USER, NOSLOT},
     {ENDS(RW, 0), [FLD_PROTO] = R, [FLD_FAMILY] = R, [FLD_UID] = R, [FLD_GID] = R}, SA_COMMON,
     VERDICT | ACT_REWRITE, 1, 0, "allow, deny, rewrite src", true},
    {"connect", {"cgroup/connect4", "cgroup/connect6"}, "sock_addr", TGT_CGROUP, {NOSLOT, USER},
     {ENDS(0, RW), [FLD_PROTO] = R, [FLD_FAMILY] = R, [FLD_UID] = R, [FLD_GID] = R}, SA_COMMON,
     VERDICT | ACT_REWRITE | ACT_BIND, 1, 0, "allow, deny, rewrite dst, bind", true},
    {"post_bind", {"cgroup/post_bind4", "cgroup/post_bind6"}, "sock", TGT_CGROUP, {SK_SRC, NOSLOT},
     {ENDS(R, 0), [FLD_PROTO] = R, [FLD_FAMILY] = R, [FLD_UID] = R, [FLD_GID] = R},
     OFF(bpf_sock, protocol), OFF(bpf_sock, family), -1, -1, VERDICT, 1, 0, "allow, deny (src is read-only)", true},
    {"sendmsg", {"cgroup/sendmsg4", "cgroup/sendmsg6"}, "sock_addr", TGT_CGROUP, {MSG_SRC, USER},
     {[FLD_SRC_IP] = RW, [FLD_DST] = RW, [FLD_DST_IP] = RW, [FLD_DST_PORT] = RW, [FLD_PROTO] = R,
      [FLD_FAMILY] = R, [FLD_UID] = R, [FLD_GID] = R},
     SA_COMMON, VERDICT | ACT_REWRITE, 1, 0, "allow, deny, rewrite dst, rewrite src.ip", true},
    {"recvmsg", {"cgroup/recvmsg4", "cgroup/recvmsg6"}, "sock_addr", TGT_CGROUP, {USER, NOSLOT},
     {ENDS(RW, 0), [FLD_PROTO] = R, [FLD_FAMILY] = R, [FLD_UID] = R, [FLD_GID] = R}, SA_COMMON,
     ALLOW_ONLY | ACT_REWRITE, 1, 1, "allow, rewrite src (the sender the program sees)", true},
    {"getpeername", {"cgroup/getpeername4", "cgroup/getpeername6"}, "sock_addr", TGT_CGROUP, {NOSLOT, USER},
     {ENDS(0, RW), [FLD_PROTO] = R, [FLD_FAMILY] = R, [FLD_UID] = R, [FLD_GID] = R}, SA_COMMON,
     ALLOW_ONLY | ACT_REWRITE, 1, 1, "allow, rewrite dst (the peer the program sees)", true},
    {"getsockname", {"cgroup/getsockname4", "cgroup/getsockname6"}, "sock_addr", TGT_CGROUP, {USER, NOSLOT},
     {ENDS(RW, 0), [FLD_PROTO] = R, [FLD_FAMILY] = R, [FLD_UID] = R, [FLD_GID] = R}, SA_COMMON,
     ALLOW_ONLY | ACT_REWRITE, 1, 1, "allow, rewrite src", true},
    {"lookup", {"sk_lookup", NULL}, "sk_lookup", TGT_NETNS, {LK_REMOTE, LK_LOCAL},
     {ENDS(R, R), [FLD_PROTO] = R, [FLD_FAMILY] = R}, OFF(bpf_sk_lookup, protocol), OFF(bpf_sk_lookup, family), -1,
     -1, ACT_PASS | ACT_DROP | ACT_ASSIGN | ACT_MAPWRITE, SK_PASS, SK_DROP, "pass, drop, assign", true},
    {"msg", {"sk_msg", NULL}, "sk_msg", TGT_MAP, {MSG_LOCAL, MSG_REMOTE},
     {ENDS(R, R), [FLD_FAMILY] = R, [FLD_SIZE] = R}, -1, OFF(sk_msg_md, family), OFF(sk_msg_md, size), -1,
     ACT_PASS | ACT_DROP | ACT_REDIRECT | ACT_MAPWRITE, SK_PASS, SK_DROP, "pass, drop, redirect", true},
    {"sockops", {"sockops", NULL}, "sock_ops", TGT_CGROUP, {OPS_LOCAL, OPS_REMOTE},
     {ENDS(R, R), [FLD_FAMILY] = R, [FLD_OP] = R}, -1, OFF(bpf_sock_ops, family), -1, OFF(bpf_sock_ops, op),
     ACT_TRACK | ACT_MAPWRITE, 1, 1, "track", true},
};
const size_t sc_nhooks = sizeof sc_hooks / sizeof sc_hooks[0];

int sc_hook_lookup(const char *name, int *family)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sc_nhooks; i++) {
        const sc_hook *h = &sc_hooks[i];
        if (strcmp(h->name, name) == 0) {
            *family = 0;
            return (int)i;
        }
        /* connect4 / connect6 for hooks that have both families */
        if (h->section[1] && n == strlen(h->name) + 1 && strncmp(h->name, name, n - 1) == 0 &&
            (name[n - 1] == '4' || name[n - 1] == '6')) {
            *family = name[n - 1] - '0';
            return (int)i;
        }
    }
    return -1;
}

size_t sc_hook_names(const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sc_nhooks && n < max; i++)
        out[n++] = sc_hooks[i].name;
    return n;
}
