/* hooks: one table row per hook of the language. A row says which kernel sections
 * the hook compiles to, which context fields it reads or writes (and where they are
 * in the kernel's context struct), which statements it may use, and how verdicts
 * are returned. Adding a hook is adding a row; nothing else switches on hook names. */
#ifndef SOCKC_HOOKS_H
#define SOCKC_HOOKS_H
#include "ast.h"

#include <stdbool.h>

/* The fields a policy can name. */
typedef enum sc_field {
    FLD_SRC, FLD_SRC_IP, FLD_SRC_PORT,
    FLD_DST, FLD_DST_IP, FLD_DST_PORT,
    FLD_PROTO, FLD_FAMILY, FLD_UID, FLD_GID, FLD_SIZE, FLD_OP,
    FLD__COUNT
} sc_field;

typedef struct sc_field_info {
    const char *name;   /* "dst.port" */
    sc_type type;
    int end;            /* 0 = src, 1 = dst, -1 = not an address field */
    int part;           /* 0 = whole endpoint, 1 = ip, 2 = port */
} sc_field_info;
extern const sc_field_info sc_fields[FLD__COUNT];
int sc_field_lookup(const char *name); /* -1 when unknown */

/* Where one end (src or dst) of the socket lives in a context struct. */
/* How a u32 port field holds the port: network order in its low 16 bits (the
 * sockaddr's port), host order, or network order in its high 16 bits (remote_port of
 * sock_ops and sk_msg: the kernel shifts it there, and keeps doing so for old programs). */
typedef enum sc_port_order { PORT_NONE, PORT_NET32, PORT_HOST32, PORT_NET_HI16 } sc_port_order;
typedef struct sc_slot {
    int ip4, ip6;      /* byte offsets of the u32 address word(s), -1 = absent */
    int port;          /* byte offset of the u32 port, -1 = absent */
    sc_port_order order;
} sc_slot;

/* What a statement needs from the hook. */
enum {
    ACT_ALLOW = 1 << 0, ACT_DENY = 1 << 1, ACT_PASS = 1 << 2, ACT_DROP = 1 << 3,
    ACT_REWRITE = 1 << 4, ACT_BIND = 1 << 5, ACT_ASSIGN = 1 << 6, ACT_REDIRECT = 1 << 7,
    ACT_TRACK = 1 << 8, ACT_MAPWRITE = 1 << 9,
};
enum { ACC_R = 1, ACC_W = 2 };
typedef enum sc_target_kind { TGT_CGROUP, TGT_NETNS, TGT_MAP } sc_target_kind;

typedef struct sc_hook {
    const char *name;             /* "connect" */
    const char *section[2];       /* [0] IPv4 (or the only one), [1] IPv6 or NULL */
    const char *kind;             /* "sock_addr", "sock", "sk_lookup", "sk_msg", "sock_ops" */
    sc_target_kind target;
    sc_slot slot[2];              /* [0] src, [1] dst */
    unsigned char access[FLD__COUNT];
    int proto_off, family_off;    /* -1 = absent */
    int size_off, op_off;
    unsigned actions;
    int ret_allow, ret_deny;      /* return values (allow/pass, deny/drop) */
    const char *can;              /* "allow, deny, rewrite dst, bind" for messages */
    bool codegen;                 /* code generation is implemented */
} sc_hook;

extern const sc_hook sc_hooks[];
extern const size_t sc_nhooks;
/* Finds "connect", "connect4" or "connect6". Sets *family to 0 (both), 4 or 6. */
int sc_hook_lookup(const char *name, int *family);
/* The names of all hooks (for "did you mean"). */
size_t sc_hook_names(const char **out, size_t max);
#endif
