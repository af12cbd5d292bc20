/* context: the state of one compilation, handed to every pass in a fixed order:
 * resolve -> check -> plan -> codegen -> emit (compile.c). No pass keeps state of
 * its own elsewhere. */
#ifndef SOCKC_CONTEXT_H
#define SOCKC_CONTEXT_H
#include "ast.h"
#include "diag.h"
#include "hooks.h"
#include "sockc/compiler.h"

/* One BPF program: the blocks of one hook, family and target, in file order. */
typedef struct sc_prog_plan {
    int hook;            /* index in sc_hooks */
    int family;          /* 4 or 6; 0 for hooks without families */
    const char *target;  /* cgroup path or map name as written; NULL = from the command line */
    char fn[48];         /* ELF symbol and libbpf program name */
    sc_decl **blocks;
    size_t nblocks;
} sc_prog_plan;

/* How a set is lowered for one family. */
typedef enum sc_lowering { LOWER_INLINE, LOWER_MAP } sc_lowering;

typedef struct sc_ctx {
    sc_arena *arena;
    sc_diag diag;
    const sc_compile_opts *opts;
    sc_module *main;
    sc_module **modules; /* every parsed file: main first, then imports */
    size_t nmodules;
    const char *policy_name;
    const char *stdlib_dir;
    sc_prog_plan *progs;
    size_t nprogs;
} sc_ctx;

/* The passes. Each returns 0 when it reported no error. */
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

/* Values */
/* The members of a set (expanding names of other sets and consts), or of a literal. */
typedef struct sc_members {
    sc_expr **items;
    size_t n, cap;
} sc_members;
#endif
