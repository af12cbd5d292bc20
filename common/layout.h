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
/* LPM-trie keys of a run of rules `E in PREFIX and E.port == P` (compiler/context.h):
 * the port word as the context holds it, then the address, the prefix length counting
 * the port's 32 bits (32 + the prefix's), so that only entries of the port match. */
struct sc_lpm4_port_key {
    uint32_t prefixlen;
    uint32_t port;
    uint8_t b[4];
};
struct sc_lpm6_port_key {
    uint32_t prefixlen;
    uint32_t port;
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

/* A rule table (a run of `if FIELD == CONST { ... }` rules, compiler/context.h) is
 * keyed by the field's words as the hook's context holds them: the address words (1
 * for the 4 programs, 4 for the 6 programs, IPv4 mapped) then the port word (one the
 * context holds in its high 16 bits, sk_msg's and sockops' remote port, shifted down
 * to the low ones), of the parts the field has, or the number's word (uid, gid, size);
 * a run on two fields (`uid == U and dst.port == P`) has the second field's word (a
 * port word or a number) last, or in a prefix run's LPM key first. Its value, in u32
 * words at these byte offsets: what the matching rule does (SC_RULE_*); 1 when the
 * rewrite's IPv4 value must only land on an IPv4-mapped socket (6 programs, port
 * keys); the rewrite's address words and its port word. Allow and pass are
 * SC_RULE_ALLOW, deny and drop SC_RULE_DENY; an assign (sk_lookup) or a redirect
 * (sk_msg) has the socket map slot in the first address word.
 * A table whose rules bind (`bind A; ...`, connect programs) has the address to bind
 * after the port word (1 or 4 words, as the program's family has them), and the action
 * word has SC_RULE_BIND set where the rule binds in that family, SC_RULE_BIND_MAPPED
 * too where it binds an IPv4 address in a 6 program (only on an IPv4-mapped socket);
 * the rest of the action word is the rule's SC_RULE_* (SC_RULE_GO_ON for `bind A;`
 * or `count NAME;` alone). A table whose rules count counters of their own (`count
 * NAME;` first) has the rule's counter index + 1 in the action word's top bits (0:
 * none). A table whose rules neither rewrite nor bind stops after the slot (12 bytes
 * in both families), or after the action word when they do not assign or redirect
 * either (4 bytes: allow and deny lists). The tables of a stretch of rules on several
 * fields (compiler/context.h, sc_rulemerge) all have the values of its widest. A
 * table whose rules except a number (`dst.port == P and uid != U`) has the number
 * excepted in a word after all of that (sc_table_layout.except_at). */
enum {
    SC_RULE_ALLOW = 1,
    SC_RULE_DENY = 2,
    SC_RULE_REWRITE = 3,
    SC_RULE_ASSIGN = 4,
    SC_RULE_ASSIGN_OR_PASS = 5,
    SC_RULE_REDIRECT = 6,        /* into the peer's receive queue */
    SC_RULE_REDIRECT_EGRESS = 7, /* into its send queue */
    SC_RULE_REWRITE_ALLOW = 8,   /* `rewrite ...; allow;` */
    SC_RULE_GO_ON = 9,           /* nothing but the bind or the count: the policy goes on */
    SC_RULE__MAX = SC_RULE_GO_ON,
    SC_RULE_MASK = 0xff,
    SC_RULE_BIND = 0x100,
    SC_RULE_BIND_MAPPED = 0x200,
    SC_RULE_PLACE_SHIFT = 16,  /* a merged table's rule's place in its stretch (sc_rulemerge): bits 16-31 */
    SC_RULE_COUNTER_SHIFT = 16 /* or, in a table of no stretch, its counter's index + 1 */
};
enum { SC_TV_ACTION = 0, SC_TV_NEEDS_MAPPED = 4, SC_TV_IP = 8 };

/* A probe table: a rule table as the one value of an array map, looked up in the
 * program by open addressing (no helper call past the array lookup, which the
 * verifier inlines). The compiler builds it from the table's entries (the first rule
 * of each key, in the policy's order):
 *   slot:  the key words (the hash map's key, key_size bytes), then the rule's value
 *          (the words above: action, needs_mapped, address and port); slot_size =
 *          key_size + value_size. A slot whose action word is 0 is empty.
 *   hash:  x = 0; for each key word w (u32, little-endian): x = (x ^ w) * M (mod 2^32);
 *          the key's home slot is ((uint64_t)x * S) >> 32, in [0, S).
 *   probe: slots home, home + 1, ... home + P - 1 (no wrap-around); an empty slot
 *          ends the search. The value holds S + P slots: one past the last the walk
 *          reaches, because the verifier bounds home * slot_size by S * slot_size - 1
 *          when LLVM turns the multiply by a power of two into a shift and a mask.
 * S = 2n slots for n entries, or what SC_PROBE_MAX_BYTES leaves room for (with
 * SC_PROBE_MAX_PROBES spare slots) when that is less, and never under 5n/4.
 * Entries go in by Robin Hood insertion in order: walking from its home, an entry
 * takes an empty slot, or the slot of a resident strictly nearer its own home than
 * the entry is to its home, and that resident walks on. M is the first of
 * SC_PROBE_MULTIPLIERS whose P (the most slots any entry is from its home, plus 1) is
 * the least; a table needing more than SC_PROBE_MAX_PROBES stays a hash map, as does
 * one over SC_PROBE_MAX_BYTES. */
#define SC_PROBE_MAX_BYTES (4u << 20)
#define SC_PROBE_MAX_PROBES 32u
#define SC_PROBE_MULTIPLIERS {0x9E3779B1u, 0x85EBCA77u, 0xC2B2AE3Du, 0x27D4EB2Fu, 0x165667B1u}

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
