/* layout: the bytes of every map key and value type the language has. The compiler
 * emits BPF code and BTF for exactly these layouts; the runtime reads and writes map
 * entries with them (`sockc map`, set contents). Change one side, change both: this
 * header is the only place they are written down. */
#ifndef SOCKC_LAYOUT_H
#define SOCKC_LAYOUT_H
#include <stddef.h>
#include <stdint.h>

/* The value types a `map NAME: hash<K, V>[N]` may name. */
typedef enum sc_vtype {
    SC_VT_PORT,     /* uint16_t, host order */
    SC_VT_IP,       /* struct sc_ip_val: 16 bytes, IPv4 stored IPv4-mapped */
    SC_VT_ENDPOINT, /* struct sc_endpoint_val */
    SC_VT_U32,      /* uint32_t */
    SC_VT_U64,      /* uint64_t */
    SC_VT_TUPLE,    /* struct sc_tuple_val (sockhash keys) */
    SC_VT__COUNT
} sc_vtype;

struct sc_ip_val {
    uint8_t b[16];
};

struct sc_endpoint_val {
    uint8_t b[16];   /* network order; IPv4 as ::ffff:a.b.c.d */
    uint16_t port;   /* host order */
    uint8_t family;  /* 4 or 6 */
    uint8_t pad;
};

/* The 4-tuple of a socket as sockops and sk_msg see it, from the socket's side. */
struct sc_tuple_val {
    uint32_t family;       /* 4 or 6 */
    uint8_t local_ip[16];  /* IPv4 as ::ffff:a.b.c.d */
    uint8_t remote_ip[16];
    uint32_t local_port;   /* host order */
    uint32_t remote_port;  /* host order */
};

/* LPM-trie keys for address sets lowered to maps (one map per family). */
struct sc_lpm4_key {
    uint32_t prefixlen;
    uint8_t b[4];
};
struct sc_lpm6_key {
    uint32_t prefixlen;
    uint8_t b[16];
};

/* A flat trie: the IPv4 members of a set (for the 4 programs, and for IPv4-mapped
 * addresses in the 6 programs) as the one value of an array map,
 * walked with loads at computed offsets (no helper call past the first lookup, and at
 * most three levels whatever the size of the set). Strides 16-8-8, for an address of
 * bytes b0.b1.b2.b3:
 *   root: 65536 u32 entries at offset 0, indexed by b0 | b1 << 8 (the low half of the
 *         u32 the kernel stores the address in, network order, read little-endian);
 *   node: 256 u32 entries, indexed by b2;
 *   leaf: 256 bits (32 bytes), the bit b3 % 8 of byte b3 / 8.
 * A root or node entry is SC_FLAT4_NONE (no member under it), SC_FLAT4_ALL (every
 * address under it is a member), or the byte offset in the value of a node (root
 * entries) or of a leaf (node entries). Entries are little-endian, as BPF loads them.
 * The compiler uses one while the value stays within SC_FLAT4_MAX_BYTES (kernels that
 * cap an array map's value at KMALLOC_MAX_SIZE take 4 MiB on x86-64); beyond that the
 * set stays an LPM trie. */
enum { SC_FLAT4_NONE = 0, SC_FLAT4_ALL = 1 };
#define SC_FLAT4_ROOT_BYTES (65536u * 4)
#define SC_FLAT4_NODE_BYTES (256u * 4)
#define SC_FLAT4_LEAF_BYTES 32u
#define SC_FLAT4_MAX_BYTES (4u << 20)

/* The value of a rule table (a run of `if FIELD == CONST { ... }` rules lowered to a
 * hash map keyed by the field): what the matching rule does. */
enum { SC_RULE_ALLOW = 1, SC_RULE_DENY = 2, SC_RULE_REWRITE = 3 };
struct sc_rule_val {
    uint8_t action;
    uint8_t pad[3];
    struct sc_endpoint_val to; /* the rewrite's value (the parts the rule writes) */
};

/* Name in the language ("endpoint"), or NULL. */
const char *sc_vtype_name(sc_vtype t);
/* Lookup by name; returns -1 when unknown. */
int sc_vtype_by_name(const char *name);
size_t sc_vtype_size(sc_vtype t);
/* Parses a key or value as written in the language ("10.0.0.1:80", "443") into buf
 * (sc_vtype_size bytes). Returns NULL or a message. */
const char *sc_vtype_parse(sc_vtype t, const char *text, void *buf);
/* Formats buf as the language writes it. */
void sc_vtype_format(sc_vtype t, const void *buf, char *out, size_t len);
#endif
