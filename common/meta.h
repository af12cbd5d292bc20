/* meta: sockc's own section in a policy object (".sockc"). It carries what the
 * runtime needs beyond the standard BPF object: the policy name, where each program
 * attaches, the language types of each map, and the contents of sets that were
 * lowered to maps. The compiler writes it; the runtime reads it; the format is text,
 * one record a line, fields separated by spaces and %-escaped:
 *
 *   sockc-object 1                      format version (first line)
 *   compiler 0.1.0
 *   policy NAME
 *   source PATH
 *   prog FN SECTION HOOK FAMILY TARGET  TARGET: cgroup:PATH | cgroup: (from the
 *                                       command line) | netns: | map:NAME
 *   map NAME KIND KEY VALUE MAX ORIGIN  KIND: hash|lpm_trie|sockmap|sockhash|array|percpu_array;
 *                                       KEY/VALUE: layout.h type names or lpm4|lpm6|u8;
 *                                       ORIGIN: policy (declared) | set (lowered) | internal
 *   fill MAP KEYHEX VALUEHEX            an entry the runtime adds before attaching; in
 *                                       KEYHEX/VALUEHEX, zN. stands for N zero bytes
 *                                       (runs of SC_META_ZERO_RUN_MIN or more)
 *   rule FN LINE                        a policy line that a program carries
 *   counter NAME                        a counter of `count NAME;`, the Nth record
 *                                       being entry N of the map SC_META_COUNTERS_MAP
 *                                       (percpu_array u32 u64, origin internal)
 *   member SET TEXT                     a member of a set (as `net.private` names it)
 *                                       that the programs compare, in no map: an inline
 *                                       set's, a search tree's, a port bitmap's
 */
#ifndef SOCKC_META_H
#define SOCKC_META_H
#include <stddef.h>
#include <stdint.h>

#define SC_META_SECTION ".sockc"
#define SC_META_SYMBOL "__sockc_meta"
#define SC_META_FORMAT 1
#define SC_META_ZERO_RUN_MIN 8
#define SC_META_MAX_FILL_BYTES (256u << 20) /* fill keys and values of one object, together */
#define SC_META_COUNTERS_MAP "counters__"   /* '__': no name of a policy has it */

typedef struct sc_meta_prog {
    char *fn;       /* ELF symbol = libbpf program name */
    char *section;  /* "cgroup/connect4" */
    char *hook;     /* language hook name: "connect" */
    int family;     /* 4, 6, or 0 (family-free hooks) */
    char *target;   /* "cgroup:web", "cgroup:", "netns:", "map:peers" */
} sc_meta_prog;

typedef struct sc_meta_map {
    char *name, *kind, *key, *value, *origin;
    uint32_t max_entries;
} sc_meta_map;

typedef struct sc_meta_fill {
    const char *map;            /* the name, the key and the value: in the sc_meta's */
    const uint8_t *key, *value; /* arena, or the caller's (sc_meta_add_fill_ref) */
    size_t key_len, value_len;
} sc_meta_fill;

typedef struct sc_meta_rule {
    char *fn;
    unsigned line;
} sc_meta_rule;

typedef struct sc_meta {
    int format;
    char *compiler, *policy, *source;
    sc_meta_prog *progs;
    size_t nprogs;
    sc_meta_map *maps;
    size_t nmaps;
    sc_meta_fill *fills;
    size_t nfills;
    sc_meta_rule *rules;
    size_t nrules;
    char **counters; /* by index in SC_META_COUNTERS_MAP */
    size_t ncounters;
    struct sc_meta_member {
        char *set, *text;
    } *members;
    size_t nmembers;
    struct sc_arena *arena; /* where the fills it owns live (made at the first) */
} sc_meta;

/* Builders (each copies its arguments). Return 0, or -1 when out of memory. */
int sc_meta_add_prog(sc_meta *m, const char *fn, const char *section, const char *hook, int family, const char *target);
int sc_meta_add_map(sc_meta *m, const char *name, const char *kind, const char *key, const char *value,
                    uint32_t max_entries, const char *origin);
int sc_meta_add_fill(sc_meta *m, const char *map, const void *key, size_t klen, const void *value, size_t vlen);
/* The same without a copy: m points at map, key and value, which must outlive it (a
 * compiler's table entries, 200,000 of them at scale). */
int sc_meta_add_fill_ref(sc_meta *m, const char *map, const void *key, size_t klen, const void *value, size_t vlen);
int sc_meta_add_rule(sc_meta *m, const char *fn, unsigned line);
int sc_meta_add_counter(sc_meta *m, const char *name);
int sc_meta_add_member(sc_meta *m, const char *set, const char *text);
/* The base of the names of a set's maps (BASE__v4, BASE__v6, BASE__ports): the set's
 * name as a policy writes it, its module's '.' written "__" (net.private: net__private;
 * no declared name has "__"). */
void sc_meta_set_base(const char *set, char *buf, size_t len);
int sc_meta_set(char **field, const char *value);

/* Serialises m into a malloc'ed buffer. Returns 0 or -1. */
int sc_meta_write(const sc_meta *m, char **buf, size_t *len);
/* Adds the .sockc section, holding text (tlen bytes, its NUL included), to the ELF64
 * object in *obj (len bytes, malloc'ed; realloc'ed here) as LLVM wrote it: at the end
 * go the text, a copy of the section-name table with ".sockc" added, and the section
 * headers with one more (the old name table stays, unused). Going around LLVM, which
 * would hash and copy a large text four times over (100,000 rules: 16 MB). Returns 0,
 * or -1 with a message in err. */
int sc_meta_attach(char **obj, size_t *len, const char *text, size_t tlen, char *err, size_t errlen);
/* Parses the section text. Returns 0, or -1 with a message in err. */
int sc_meta_parse(const char *buf, size_t len, sc_meta *out, char *err, size_t errlen);
/* Finds and parses the .sockc section of an ELF object in memory (libelf). */
int sc_meta_from_object(const void *obj, size_t len, sc_meta *out, char *err, size_t errlen);
void sc_meta_free(sc_meta *m);
/* Lookups; NULL when absent. */
const sc_meta_map *sc_meta_find_map(const sc_meta *m, const char *name);
const sc_meta_prog *sc_meta_find_prog(const sc_meta *m, const char *fn);
#endif
