/* Hand-written stand-ins for compiled policies, for the runtime tests. One source,
 * several variants (-DVARIANT=...), each with the .sockc metadata a compiled policy
 * carries:
 *   V1      connect4 (deny 127.77/16, rewrite by the `services` map) + bind4 (deny 4747)
 *   V2      connect4 (deny 127.77/16 and 127.78/16, rewrite) + sendmsg4 (deny 127.77/16)
 *   BAD     like V1, but bind4 (the second program libbpf loads) writes a read-only
 *           context field: the verifier says no
 *   CHANGED like V1, but `services` has 128 entries (a changed map definition)
 *   OLDFMT  like V1, metadata format 2
 *   FIXED   V1's programs with the policy's own cgroup, which does not exist */
#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define V1 1
#define V2 2
#define BAD 3
#define CHANGED 4
#define OLDFMT 5
#define FIXED 6
#define HUGE 7
#define MEM 8

struct sc_endpoint_val {
    __u8 b[16];
    __u16 port;
    __u8 family;
    __u8 pad;
};

struct sc_lpm4_key {
    __u32 prefixlen;
    __u8 b[4];
};

#if VARIANT == CHANGED
#define SERVICES_MAX 128
#define SERVICES_MAX_S "128"
#elif VARIANT == HUGE /* 2^30 buckets: more than the kernel allows a hash map (E2BIG) */
#define SERVICES_MAX 1000000000
#define SERVICES_MAX_S "1000000000"
#elif VARIANT == MEM /* about 300 MiB: ENOMEM under a small memory cgroup limit */
#define SERVICES_MAX 4194304
#define SERVICES_MAX_S "4194304"
#else
#define SERVICES_MAX 64
#define SERVICES_MAX_S "64"
#endif

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u16);
    __type(value, struct sc_endpoint_val);
    __uint(max_entries, SERVICES_MAX);
} services SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __type(key, struct sc_lpm4_key);
    __type(value, __u8);
    __uint(max_entries, 16);
    __uint(map_flags, BPF_F_NO_PREALLOC);
} deny4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u16);
    __type(value, __u8);
    __uint(max_entries, 16);
} noport SEC(".maps");

static __always_inline int denied(__u32 ip)
{
    struct sc_lpm4_key k = {.prefixlen = 32};
    __builtin_memcpy(k.b, &ip, 4);
    return bpf_map_lookup_elem(&deny4, &k) != 0;
}

SEC("cgroup/connect4")
int connect4_0(struct bpf_sock_addr *ctx)
{
    if (denied(ctx->user_ip4))
        return 0;
    __u16 port = bpf_ntohs((__u16)ctx->user_port);
    struct sc_endpoint_val *e = bpf_map_lookup_elem(&services, &port);
    if (e && e->family == 4) {
        __u32 ip4;
        __builtin_memcpy(&ip4, e->b + 12, 4);
        ctx->user_ip4 = ip4;
        ctx->user_port = bpf_htons(e->port);
    }
    return 1;
}

#if VARIANT == V2
SEC("cgroup/sendmsg4")
int sendmsg4_0(struct bpf_sock_addr *ctx)
{
    return denied(ctx->user_ip4) ? 0 : 1;
}
#else
SEC("cgroup/bind4")
int bind4_0(struct bpf_sock_addr *ctx)
{
#if VARIANT == BAD
    ctx->family = 10;
#endif
    __u16 port = bpf_ntohs((__u16)ctx->user_port);
    return bpf_map_lookup_elem(&noport, &port) ? 0 : 1;
}
#endif

char LICENSE[] SEC("license") = "GPL";

#if VARIANT == OLDFMT
#define FORMAT "2"
#else
#define FORMAT "1"
#endif
#if VARIANT == FIXED
#define POLICY "sockc-test-fixed"
#define TARGET "cgroup:sockc-test-missing-cg"
#else
#define POLICY "sockc-test-rt"
#define TARGET "cgroup:"
#endif
#if VARIANT == V2
#define PROGS "prog connect4_0 cgroup/connect4 connect 4 " TARGET "\nprog sendmsg4_0 cgroup/sendmsg4 sendmsg 4 " TARGET "\n"
#define FILLS "fill deny4 100000007f4d0000 01\nfill deny4 100000007f4e0000 01\nfill noport 8b12 01\n"
#else
#define PROGS "prog connect4_0 cgroup/connect4 connect 4 " TARGET "\nprog bind4_0 cgroup/bind4 bind 4 " TARGET "\n"
#define FILLS "fill deny4 100000007f4d0000 01\nfill noport 8b12 01\n"
#endif

/* 127.77.0.0/16 is 10000000 7f4d0000 (prefixlen little-endian, then the address);
 * port 4747 is 8b12. */
const char __sockc_meta[] SEC(".sockc") = "sockc-object " FORMAT "\n"
                                          "compiler 0.1.0\n"
                                          "policy " POLICY "\n"
                                          "source tests/runtime_bpf/rt.sp\n" PROGS
                                          "map services hash port endpoint " SERVICES_MAX_S " policy\n"
                                          "map deny4 lpm_trie lpm4 u8 16 set\n"
                                          "map noport hash port u8 16 set\n" FILLS "rule connect4_0 3\n";
