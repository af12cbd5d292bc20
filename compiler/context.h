/* context: the state of one compilation, handed to every pass in a fixed order:
 * resolve -> check -> plan -> codegen -> emit (compile.c). No pass keeps state of
 * its own elsewhere. */
#ifndef SOCKC_CONTEXT_H
#define SOCKC_CONTEXT_H
#include "ast.h"
#include "bounds.h"
#include "diag.h"
#include "flat4.h"
#include "hooks.h"
#include "probe.h"
#include "sockc/compiler.h"

#include <llvm-c/Core.h>

/* One BPF program: the blocks of one hook, family and target, in file order. */
typedef struct sc_prog_plan {
    int hook;            /* index in sc_hooks */
    int family;          /* 4 or 6; 0 for hooks without families */
    const char *target;  /* cgroup path or map name as written; NULL = from the command line */
    char fn[48];         /* ELF symbol and libbpf program name */
    sc_decl **blocks;
    size_t nblocks, cap_blocks;
} sc_prog_plan;
#define SC_MAX_PROGRAMS 512
/* How deep sets may name other sets: check refuses deeper, sc_set_each walks this far. */
#define SC_MAX_SET_NESTING 32

/* The longest name a declaration or module may have (derived map names must fit). */
#define SC_MAX_NAME 64

/* Sets of more members than this become maps; smaller ones are inline compares. */
#define SC_INLINE_SET_MAX 16

/* A set lowered to maps: its IPv4 members as a search tree of compares when their
 * ranges have at most SC_TREE_MAX_BOUNDS bounds (no map and no load, a compare per
 * level: with 100 to 2,048 prefixes a connect spent 115 to 127 ns in the program on
 * the bench's machine, against 155 to 200 with the flat trie), else as a flat trie
 * (layout.h: at most three loads, no helper call past one array lookup), which the 6
 * programs use for IPv4-mapped addresses too, and its IPv6 members as an LPM trie for
 * the 6 programs; when the flat trie would pass its limits, an LPM trie for the 4
 * programs instead, and the 6 trie holds the IPv4 prefixes as ::ffff:a.b.c.d/96+N.
 * Ports and port ranges: a search tree likewise, else a bitmap of 65536 bits; numbers
 * past a port's (uids, gids), which no bitmap holds: a search tree, else a probe table
 * of them (layout.h, a value of one word each), else a hash map; with a range among
 * them (100000..165535), a flat trie of their big-endian words, else an LPM trie of
 * them. Codegen
 * declares a map only when a program uses it, and emit then writes its contents as
 * fill records. */
enum { SETMAP_V4, SETMAP_V6, SETMAP_PORTS, SETMAP__COUNT };
#define SC_TREE_MAX_BOUNDS 4096
/* What the search trees of one policy may take in all, sets' and rule tables' (about
 * 1.5 instructions a bound): past it, sets and tables take their maps (flat tries,
 * bitmaps, LPM tries, probe tables of numbers) instead, so that trees stay a part of a
 * program (six sets of 2,048 addresses apart, each a tree, made 37,000 instructions;
 * LLVM refused that program, whose jumps out of the trees passed the 32,767 a BPF jump
 * reaches, before bpfir moved the trees of so long a program into subprograms). */
#define SC_TREE_POLICY_BOUNDS 12288
/* What the flat tries and probe tables of one policy may take in all: past it, sets
 * stay LPM tries and rule tables hash maps (a flat trie is at least its 256 KiB root,
 * so many mid-sized sets would add up). Sets are planned first. */
#define SC_FLAT4_POLICY_BYTES (64u << 20)
typedef struct sc_setmap {
    const sc_expr *set;              /* the EX_SET */
    const char *display;             /* "blocked", "net.private" */
    char name[SETMAP__COUNT][SC_MAX_NAME * 2 + 16]; /* map names; "" = not needed */
    size_t count[SETMAP__COUNT];     /* members of each kind (IPv4 ones count for the 6 trie too) */
    bool used[SETMAP__COUNT];        /* codegen declared it */
    sc_search tree[SETMAP__COUNT];   /* a search tree of the IPv4 members or the ports
                                      * (bounds in the arena), or bound NULL */
    const uint8_t *flat4;            /* the set's flat trie (arena), or NULL: the v4 map's value, or
                                      * with number_ranges the numbers map's */
    size_t flat4_size, flat4_nodes, flat4_leaves; /* its bytes and parts; bytes reached if over */
    size_t flat4_limit;              /* the bytes it had: per set, and what the policy had left */
    bool numbers;                    /* numbers past a port's (uids): no bitmap, but a search tree,
                                      * else (none a range) a probe table of them, else a hash map */
    bool number_ranges;              /* such numbers and a range among them: a search tree, else
                                      * the union of the numbers as the fewest aligned prefixes of
                                      * their big-endian words, as if IPv4 addresses, in a flat trie,
                                      * else an LPM trie */
    const sc_flat4_prefix *prefixes; /* those prefixes, for the LPM trie (arena), or NULL */
    size_t nprefixes;
    bool of_numbers;                 /* a program tests a number field (uid, gid, size) for it: the
                                      * plan calls its members numbers, however small */
    sc_probe probe;                  /* the numbers' probe table (image in the arena), or image NULL */
    size_t probe_limit;              /* the bytes it had: per set, and what the policy had left */
    bool trees_full[SETMAP__COUNT];  /* no tree, for the policy's trees took the bounds it needs */
    bool v6_mapped;                  /* some IPv6 member holds IPv4-mapped addresses (`::/0`,
                                      * `::ffff:10.0.0.1`): where the IPv4 members are apart, the 6
                                      * programs look a mapped address they miss up in the 6 trie */
} sc_setmap;
#define SC_PORT_BITMAP_BYTES 8192

/* The map that holds a lowered set's members of kind k where no search tree does. */
typedef enum sc_setform {
    SC_SET_LPM,    /* an LPM trie: of prefixes of its family; of numbers with a range (number_ranges) */
    SC_SET_FLAT,   /* a flat trie, one array value: of the IPv4 members; of numbers with a range */
    SC_SET_BITMAP, /* a bitmap of the ports, one array value */
    SC_SET_PROBE,  /* a probe table of the numbers, one array value */
    SC_SET_HASH,   /* a hash map of the numbers */
} sc_setform;

static inline sc_setform sc_setmap_form(const sc_setmap *sm, int k)
{
    if (k != SETMAP_PORTS)
        return k == SETMAP_V4 && sm->flat4 && !sm->numbers ? SC_SET_FLAT : SC_SET_LPM;
    if (!sm->numbers)
        return SC_SET_BITMAP;
    if (sm->number_ranges)
        return sm->flat4 ? SC_SET_FLAT : SC_SET_LPM;
    return sm->probe.image ? SC_SET_PROBE : SC_SET_HASH;
}

/* The IPv4 members have a structure of their own, a search tree or a flat trie, which
 * the 6 programs use for IPv4-mapped addresses: the 6 trie holds only IPv6 prefixes. */
static inline bool sc_setmap_v4_apart(const sc_setmap *sm)
{
    return sm->tree[SETMAP_V4].bound || sc_setmap_form(sm, SETMAP_V4) == SC_SET_FLAT;
}

/* A run of at least SC_TABLE_MIN_RULES consecutive rules `if FIELD == CONST { S }`
 * (or, for a port or a number, `FIELD in LO..HI` or `FIELD in {VALUES AND RANGES}`)
 * (S: allow, deny, pass, drop, a rewrite by a constant, that and allow, or an assign
 * or redirect by a constant slot of one sockmap, or of one sockhash keyed by u32; or a
 * bind to a constant address, alone, with allow, or before or after a rewrite [and
 * allow]; any of these, or nothing, after `count NAME;`),
 * all on one field, becomes one lookup keyed by that field: in a probe table
 * (layout.h), or in a hash map when the table would not fit (SC_PROBE_MAX_BYTES,
 * SC_FLAT4_POLICY_BYTES) or needs too many probes. The plan lowers a run only where
 * that is exactly the sequential meaning: the first rule of a key wins, and no
 * rewrite leaves the field equal to a later rule's key. Each family has its own
 * table, keyed and valued by the context's raw words (no byte swaps, no IPv4-mapped
 * conversion at run time); mapped_v4 and same_v4 below let the 6 programs share the
 * IPv4 one. A run of prefix rules `if E in PREFIX { S }` is an LPM trie per family,
 * or for the 4 programs a search tree when it fits (prefix and tree below). */
#define SC_TABLE_MIN_RULES 8
#define SC_TABLE_MAX_CONJ 8 /* conjuncts of a rule's condition the plan looks at */
/* The conjuncts of c (`a and b and c`), left to right, into out; their count, or 0
 * when there are more than max. */
size_t sc_conjuncts(const sc_expr *c, const sc_expr **out, size_t max);
typedef struct sc_ruletab {
    char name[2][SC_MAX_NAME];  /* [0] the 4 programs' table, [1] the 6 programs' */
    int hook;          /* the hook the run is in: its context layout */
    int key_field;     /* FLD_DST, FLD_DST_PORT, ... */
    /* A run of rules on two fields (`if uid == U and dst.port == P`, `if uid == U and
     * dst in P`; plan.c, key_pair): the second field, a port or a number, whose word
     * follows the key field's in the key (comes first in a prefix run's LPM key, and in
     * that of a run of ranges of a number, `uid in 100000..165535 and dst.port == P`,
     * whose ranges are apart for each second value: plan.c, range_space); else -1. */
    int key2_field;
    /* A run of pairs in which some rule tests a range of the second field (`uid in
     * 100000..165535 and dst in P`, `... and dst == A:P`: plan.c, ranged): the search of the field's value
     * for the index + 1 of its range among the run's (0 in none; they are apart), which
     * its keys hold instead of the value (arena); else NULL. */
    const sc_search *key2_ranks;
    /* A run of rules that except a number, `if dst.port == P and uid != U { deny; }`
     * (plan.c, except_conj): the number's field, whose excepted value each entry holds
     * in its value's last word (sc_table_layout.except_at); a hit with the field equal
     * to it is a miss. Else -1. */
    int except_field;
    int rewrite_field; /* the field the run's rewrites write, or -1 */
    const struct sc_decl *sock_map; /* the socket map the run's assigns or redirects name, or NULL */
    /* Rules that count start with `count NAME;` (a rule may do nothing else). */
    const sc_stmt *count; /* the count of every rule of the run, made once on a hit; or NULL */
    bool counts;          /* else some rules count, not all the same counter: each value's
                           * action word holds its rule's (SC_RULE_COUNTER_SHIFT) */
    sc_stmt **rules;   /* the run, in order */
    size_t n;
    /* A run of prefix rules (`E in PREFIX`, and `E.ip == A` as A/32): an LPM trie per
     * family, the 6 programs' holding IPv4 prefixes mapped unless they read the 4
     * programs' table for them (mapped_v4). On the endpoint field (key
     * E), rules `E in PREFIX and E.port == P` (and `E.ip == A and E.port == P`): the
     * trie is keyed by the port word, then the address (layout.h). */
    bool prefix;
    /* A run keyed by a port in which some rule tests a range or a set of ports
     * (`dst.port in 8000..8099`, `dst.port in {80, 443}`): each port is an entry of its
     * own, that of the first rule whose ports hold it, in the order of the ports. Keyed
     * by a number in which some rule tests a range or a set (`uid in 100000..165535`):
     * each stretch of numbers that one rule takes first is the prefixes of their
     * big-endian words, an LPM trie (sc_table_layout.key_prefix, keyed {32,
     * bswap(uid)}) or for the 4 programs, which the 6 programs then read, a search tree
     * (tree below). */
    bool ranges;
    /* The conjuncts that every rule of the run has besides its key, one conjunct or an
     * address and a port (`if proto == tcp and dst.port == N`, `if proto == tcp and dst
     * in P and dst.port == N`): the lookup happens where they all hold. */
    const sc_expr *guard[SC_TABLE_MAX_CONJ];
    size_t nguard;
    /* A run of prefix rules of one verdict, as one rule `if E in {the prefixes} {
     * VERDICT; }` (plan.c, run_as_set) whose set is lowered as a declared one; the run
     * then has no table of its own. */
    const sc_stmt *set_rule;
    /* The 6 programs look IPv4-mapped addresses up in the 4 programs' table, which
     * then also serves them, and keep only IPv6 keys in their own: the key has an
     * address, no IPv4 key's rule writes an IPv6 address (which a 4 program drops), and
     * no IPv6 key holds a mapped address (`[::ffff:10.0.0.1]:80`, `::/0`), which the
     * 4 programs' table could not hold. */
    bool mapped_v4;
    /* A port key and no address rewrite or bind: the two tables would hold the same, so
     * the 6 programs read the 4 programs' table for every key. */
    bool same_v4;
    /* Some rule binds (`bind A; ...`): the values hold the address to bind (layout.h). */
    bool binds;
    /* Some rule assigns or redirects: the values hold a socket map slot (layout.h). */
    bool slots;
    /* What its values hold (plan.c, VALUE_*: a verdict, a slot, a rewrite, a bind), which
     * sizes them: its own rules', or in a stretch of rules on several fields
     * (sc_rulemerge) the largest of the stretch's tables'. LLVM may hand one table's
     * entry to another's actions where it proves them the same (the entry of the rule
     * that acts), which the verifier cannot follow: it reads the entry by the other's
     * layout, in bounds only if the sizes agree. */
    int value_class;
    /* Set for one of the tables of a stretch of rules on several fields (sc_rulemerge):
     * each rule's place in the stretch (places[i] for rules[i]), which its value holds
     * in the action word's top bits (SC_RULE_PLACE_SHIFT). Such a table is never a set
     * (set_rule), and read for IPv4-mapped keys by the 6 programs (mapped_v4) only when
     * its values are laid out alike in both tables (no rewrite of an address, no bind). */
    const uint32_t *places;
    /* per family ([0] the 4 programs, [1] the 6 programs), planned where a program has it: */
    bool planned[2];
    uint8_t *keys[2], *values[2]; /* its entries (arena): the first rule of each key that
                                   * takes effect there, in the policy's order (ranges: by port) */
    size_t nentries[2];
    uint32_t actions[2];          /* the SC_RULE_* its entries have (bit 1 << action) */
    /* The 4 programs' table of a run of prefix rules (or of ranges of a number: ranges)
     * as a search tree (bounds.h) rather than an LPM trie, when it has at most
     * SC_TREE_MAX_BOUNDS bounds: by the port word first where the key has one
     * (tree_key: the entries' port words, ascending, a search of the address for each),
     * else one search of the address (host order) or number. An answer is the index + 1
     * of the entry's value among the distinct ones, which are then an array map. */
    const sc_search *tree;        /* tree_keys searches (arena), or NULL */
    const uint32_t *tree_key;     /* NULL: no port */
    size_t tree_keys;
    const uint8_t *tree_values;   /* the distinct values (arena) */
    size_t tree_nvalues;
    bool trees_full;              /* no tree, for the policy's trees took the bounds it needs */
    sc_probe probe[2];            /* the probe table (image in the arena), or image NULL:
                                   * a hash map (slots 0 when the bytes were short) */
    size_t probe_limit[2];        /* the bytes it had: per table, and what the policy had left */
    LLVMValueRef global[2]; /* codegen: the maps */
} sc_ruletab;

/* Is t the table of one rule of a stretch on several fields? The program then tests
 * the rule's condition where t would be looked up (no map; never planned). */
static inline bool sc_ruletab_compared(const sc_ruletab *t) { return t->places && t->n == 1; }
/* Does the program of family index fi look IPv4-mapped addresses up in the 4
 * programs' table (mapped_v4), which has entries? */
static inline bool sc_ruletab_reads_v4(const sc_ruletab *t, int fi) { return fi && t->mapped_v4 && t->nentries[0]; }

/* A stretch of 8 or more rules on several fields, each a whole condition and each
 * ending the program, that no run made a table of (their fields alternate, and the
 * rules meet: regroup could not move them): a table for the rules of each field (of
 * one rewrite field and socket map), all looked up, and of their hits the rule of the
 * lowest place acts, as the first rule that matches does in the policy. */
#define SC_MERGE_MAX_TABLES 8
#define SC_MERGE_EACH_ENTRY 4 /* codegen keeps each table's entry apart up to this many */
#define SC_MERGE_MAX_RULES 65535 /* places fit the action word's top 16 bits */
typedef struct sc_rulemerge {
    sc_ruletab *tabs[SC_MERGE_MAX_TABLES];
    size_t ntabs;
    size_t n; /* the statements of the stretch */
} sc_rulemerge;

/* The raw table layouts: what the context's u32 words hold, per family. A key is the
 * address words (1 or 4) then the port word, of the parts the key field has, or the
 * number (uid, gid, size) as a u32, and then the word of the second field of a pair
 * (key2_field: a port word or a number); a prefix table's key is an LPM key, the prefix
 * length first (and then the port word, where it has one). A value is the action, a
 * flag for an IPv4 value that needs a mapped socket (6 programs, keys of no address),
 * the address words and the port word. */
typedef struct sc_table_layout {
    unsigned key_words, key_size, value_size;
    bool key_prefix, key_ip, key_port, key_num; /* key_prefix: an LPM key, the length first */
    bool key_word2;                             /* a key word is key2_field's: the last, or */
    bool key_word_first;                        /* an LPM key's word before the address: the port's
                                                 * (`E in P and E.port == N`) or key2_field's */
    unsigned except_at;                         /* except_field's: the value's last word, or 0 */
    bool key_port_ranked;                       /* the port word's high 16 bits hold key2_field's rank
                                                 * (key2_ranks' answer: `uid == U and (E in P and
                                                 * E.port == N)`), and no word of its own */
} sc_table_layout;
sc_table_layout sc_table_layout_of(const sc_ruletab *t, int family);
/* The port word as the context holds it (byte order of the hook's slot). */
uint32_t sc_raw_port(int hook, int end, uint16_t port);
/* The port word of a table's key: the raw one, but shifted down to the low 16 bits
 * where the context holds it in the high ones (PORT_NET_HI16), so that the probe
 * tables' hash mixes it with an address's high bits rather than cancel them (10,000
 * keys `src.ip == A and dst.port == P` in msg needed 24 probes, now 4). */
uint32_t sc_key_port(int hook, int end, uint16_t port);
/* The statement that says what table rule r does besides its `bind A;` (before or
 * right after the rewrite) and a final allow (the bind when nothing else is). */
const sc_stmt *sc_table_body(const sc_stmt *r);

typedef struct sc_ctx {
    sc_arena *arena;
    sc_diag diag;
    const sc_compile_opts *opts;
    sc_module *main;
    sc_module **modules; /* every parsed file: main first, then imports */
    size_t nmodules;
    const char *policy_name;
    const char *stdlib_dir;
    const char *main_dir;
    sc_prog_plan *progs;
    size_t nprogs, cap_progs;
    sc_setmap **setmaps;
    size_t nsetmaps, cap_setmaps;
    size_t flat4_bytes; /* taken by flat tries and probe tables so far (SC_FLAT4_POLICY_BYTES in all) */
    size_t tree_bounds; /* taken by search trees so far (SC_TREE_POLICY_BOUNDS in all) */
    size_t split_keys;  /* rules that rules were split into so far (plan.c: SC_SPLIT_POLICY_KEYS in all) */
    sc_ruletab **tables;
    size_t ntables, cap_tables;
    /* The counters of `count NAME;`, in the order of their first count (check): entry
     * i of the policy's per-CPU array SC_META_COUNTERS_MAP, whose index each count
     * statement's name holds in num. */
    const char **counters;
    size_t ncounters, cap_counters;
} sc_ctx;
#define SC_MAX_COUNTERS 4096

/* The passes. Each returns 0 when it reported no error (plan: 1 for a policy error,
 * -1 when out of memory). */
int sc_resolve(sc_ctx *c);
int sc_check(sc_ctx *c);
int sc_plan(sc_ctx *c);
int sc_codegen(sc_ctx *c, sc_emit emit, sc_output *out);
/* `--emit plan` text. */
int sc_plan_print(sc_ctx *c, sc_output *out);

/* Reads a file into the source table; -1 (with *err set to strerror) on failure. */
int sc_load_file(sc_ctx *c, const char *path, const char **err);
/* A declaration named `name` of module m (consts, sets, maps, sockmaps), or NULL. */
sc_decl *sc_find_decl(sc_module *m, const char *name);
/* An imported module of m by its short name, or NULL. */
sc_module *sc_find_import(sc_module *m, const char *name);

/* Follows names of consts to the literal they stand for. */
const sc_expr *sc_literal(const sc_expr *e);
/* A set's members, as sc_literal, and a named set's: its value (an EX_SET). */
const sc_expr *sc_set_literal(const sc_expr *e);
/* The map layout of a field's value (port, ip, endpoint), or -1. */
int sc_field_vtype(int field);
/* Encodes constant e as map type t (layout.h) into buf. */
void sc_encode_const(int t, const sc_expr *e, void *buf);
/* The name of set d of module mod as a policy writes it: `blocked`, or `net.private`
 * for one of an import. */
void sc_set_name(const sc_ctx *c, const sc_module *mod, const sc_decl *d, char *buf, size_t len);
/* Calls fn for each member of a set (an EX_SET), expanding nested sets and consts. */
void sc_set_each(const sc_expr *set, void (*fn)(void *arg, const sc_expr *member), void *arg);
#endif
