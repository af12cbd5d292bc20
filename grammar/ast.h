/* ast: the policy's syntax tree. Every node has a location; all nodes live in one
 * arena per compilation and are freed together. The parser builds it; the compiler's
 * passes annotate it (resolved declarations, types) in place. */
#ifndef SOCKC_AST_H
#define SOCKC_AST_H
#include "arena.h"
#include "netaddr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A source range: file index in the diagnostics' source table, 1-based lines/cols;
 * end_col is one past the last character. */
typedef struct sc_loc {
    int file;
    int line, col, end_line, end_col;
} sc_loc;

/* --- types (assigned by the checker) ------------------------------------------- */
typedef enum sc_type {
    TY_NONE = 0,  /* not yet known, or an error was reported */
    TY_BOOL,      /* a condition */
    TY_IP,        /* an address (family in the value or the field) */
    TY_PREFIX,    /* an address with /N */
    TY_ENDPOINT,  /* address and port */
    TY_PORT,      /* 0..65535 */
    TY_PORTRANGE, /* LO..HI */
    TY_NUM,       /* uid, gid, size, plain numbers */
    TY_PROTO,     /* tcp, udp */
    TY_FAMILY,    /* ipv4, ipv6 */
    TY_OP,        /* sockops events */
    TY_SET,       /* a set of addresses/prefixes or ports/ranges */
    TY_MAP,       /* a map declared with `map` */
    TY_SOCKMAP,   /* sockmap / sockhash */
    TY_MODULE,    /* an imported module's name */
    TY_TUPLE,     /* a socket's 4-tuple (sockhash keys) */
} sc_type;
const char *sc_type_name(sc_type t);

/* --- expressions ------------------------------------------------------------------ */
typedef enum sc_expr_kind {
    EX_ADDR,    /* literal address / prefix / endpoint: addr */
    EX_NUM,     /* literal number: num */
    EX_NAME,    /* identifier: name */
    EX_MEMBER,  /* lhs.name: dst.ip, net.private */
    EX_INDEX,   /* lhs[rhs]: registry[dst.port] */
    EX_RANGE,   /* lhs..rhs */
    EX_SET,     /* { items } */
    EX_BINARY,  /* lhs op rhs */
    EX_NOT,     /* not lhs */
} sc_expr_kind;

typedef enum sc_binop {
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_AND, OP_OR,
} sc_binop;
const char *sc_binop_text(sc_binop op);

struct sc_decl;

/* What a name or member resolved to (set by resolve/check). */
typedef enum sc_ref_kind {
    REF_NONE,
    REF_DECL,    /* decl: a const, set, map or sockmap */
    REF_FIELD,   /* field: a context field of the hook (index into the field table) */
    REF_CONST,   /* a built-in constant: tcp, udp, ipv4, ipv6, established, ... value in num */
    REF_MODULE,  /* an imported module: module */
    REF_REVERSE, /* `reverse`: the key of the peer socket in a tuple-keyed sockhash */
} sc_ref_kind;

typedef struct sc_expr sc_expr;
typedef struct sc_expr_list {
    sc_expr **items;
    size_t n, cap;
} sc_expr_list;

/* A policy of 100,000 rules has about 1.6 million of these, and a compile's time is
 * mostly the kernel clearing the pages they take: the members go by size, largest
 * first, with no padding between them; the members of one kind share a union, and the
 * small ones are bit-fields (104 bytes, not 152). */
struct sc_expr {
    sc_expr *lhs, *rhs;
    const char *name;
    union {
        sc_expr_list items; /* EX_SET */
        sc_addr addr;       /* EX_ADDR */
    };
    uint64_t num;
    /* checker annotations */
    struct sc_decl *decl; /* REF_DECL */
    union {
        struct sc_module *module;  /* REF_MODULE */
        struct sc_setmap *lowered; /* EX_SET, plan: a set lowered to maps (NULL = compared inline) */
    };
    sc_loc loc;
    int depth;                 /* operators between here and the leaves (bounded by the parser) */
    int field : 16;            /* REF_FIELD: index in the hook table's field list */
    sc_expr_kind kind : 8;
    sc_binop op : 8;
    sc_type type : 8;
    sc_ref_kind ref : 8;
    int family : 8;            /* 4 or 6 for an address value of one family, 0 otherwise */
    bool poisoned : 1;         /* an error was reported for this node already */
    bool whole : 1;            /* plan: `E in P and E.port == N` made one conjunct (plan.c, joined) */
};

/* --- statements ----------------------------------------------------------------- */
typedef enum sc_stmt_kind {
    ST_ALLOW, ST_DENY, ST_PASS, ST_DROP,
    ST_IF,       /* cond, then, els */
    ST_REWRITE,  /* target (a field expr), value */
    ST_BIND,     /* value */
    ST_MAPSET,   /* target (EX_INDEX), value */
    ST_DELETE,   /* target (EX_INDEX) */
    ST_ASSIGN,   /* target (EX_INDEX), or_pass */
    ST_REDIRECT, /* target (EX_INDEX), egress */
    ST_TRACK,    /* target (EX_NAME of a sockmap/sockhash) */
    ST_COUNT,    /* target (EX_NAME: the counter, in a namespace of its own) */
} sc_stmt_kind;

typedef struct sc_stmt sc_stmt;
typedef struct sc_stmt_list {
    sc_stmt **items;
    size_t n, cap;
} sc_stmt_list;

struct sc_stmt {
    sc_stmt_kind kind;
    sc_loc loc;
    sc_expr *cond, *target, *value;
    sc_stmt_list then, els;
    bool or_pass, egress;
    struct sc_ruletab *table; /* plan: this statement starts a run lowered to a rule table */
    const struct sc_expr *table_key; /* plan: in a run, the part of cond the table is keyed by */
    size_t no_table_n; /* plan: a part of a run of 8 or more rules, too short for a table, starts here: its rules */
    struct sc_rulemerge *merge; /* plan: a stretch of rules on several fields, a table per field, starts here */
    size_t regrouped_n; /* plan: a stretch of rules of several fields, put in runs of one field, starts here: its rules */
    bool or_part;       /* plan: one of the rules that a rule of or-ed keys was split into, one a key */
    uint16_t key2_rank; /* plan: in a run on an address and a second field, the index of its second value */
    uint16_t word_rank; /* plan: in a run on a prefix of a port and a number, the index of its rank and port */
    const sc_stmt *block; /* plan: a rule of a block spread into rules (plan.c, spread_blocks): the block */
};

/* The next arm of an else-if chain: st's else where that is one if alone (`else if
 * ...`, or `else { if ... }`, which is the same), else NULL. */
static inline sc_stmt *sc_else_if(const sc_stmt *st)
{
    return st->kind == ST_IF && st->els.n == 1 && st->els.items[0]->kind == ST_IF ? st->els.items[0] : NULL;
}

/* --- declarations ------------------------------------------------------------------ */
typedef enum sc_decl_kind {
    DC_POLICY, DC_IMPORT, DC_CONST, DC_SET, DC_MAP, DC_SOCKMAP, DC_SOCKHASH, DC_HOOK,
} sc_decl_kind;

typedef struct sc_decl {
    sc_decl_kind kind;
    sc_loc loc;       /* the whole declaration's start */
    sc_loc name_loc;  /* the name (or hook name, or path string) */
    const char *name; /* policy/import: the string; hook: the hook name as written */
    sc_expr *value;   /* const: the value; set: an EX_SET */
    /* map / sockmap / sockhash */
    const char *map_kind;          /* "hash", "lru_hash" */
    sc_loc kind_loc;
    const char *key_type, *value_type;
    sc_loc key_loc, value_loc;
    uint64_t max_entries;
    sc_loc size_loc;
    /* hook */
    const char *target_kind;  /* NULL, "cgroup" or the name of a map (`in peers`) */
    const char *target;       /* the cgroup path */
    sc_loc target_loc;
    sc_stmt_list body;
    bool short_form;
    /* checker annotations */
    struct sc_module *module; /* the file that declares it */
    int hook;                 /* index in the hook table */
    bool used;
    bool tested; /* plan: a set a program tests (not only a rule table's keys), or one in such a set */
    /* a socket map that some statement redirects or assigns from: the index + 1 in the
     * policy's counters of MAP.redirect_misses, of MAP.assign_misses (MAP.assign_errors
     * next to it); check gives them to every map that a statement assigns or
     * redirects from, 0 to the others */
    size_t redirect_counter, assign_counter;
} sc_decl;

typedef struct sc_decl_list {
    sc_decl **items;
    size_t n, cap;
} sc_decl_list;

/* One parsed file. */
typedef struct sc_module {
    const char *path;     /* as opened */
    const char *name;     /* the last path component without .sp (`net`) */
    int file;             /* index in the source table */
    sc_decl_list decls;
    struct sc_module **imports;
    size_t nimports;
    sc_decl **index;      /* resolve: declarations by name (open addressing) */
    size_t index_cap;
} sc_module;

/* List helpers (arena-backed). Return false when out of memory. */
bool sc_expr_list_push(sc_arena *a, sc_expr_list *l, sc_expr *e);
bool sc_stmt_list_push(sc_arena *a, sc_stmt_list *l, sc_stmt *s);
bool sc_decl_list_push(sc_arena *a, sc_decl_list *l, sc_decl *d);

sc_expr *sc_expr_new(sc_arena *a, sc_expr_kind k, sc_loc loc);
sc_stmt *sc_stmt_new(sc_arena *a, sc_stmt_kind k, sc_loc loc);
sc_decl *sc_decl_new(sc_arena *a, sc_decl_kind k, sc_loc loc);
/* The range from a's start to b's end. */
sc_loc sc_loc_span(sc_loc a, sc_loc b);
#endif
